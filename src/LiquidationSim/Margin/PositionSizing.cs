using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>
/// The questions a trader asks before opening or while holding a position: the highest leverage a stake allows,
/// the largest position a stake supports at a leverage, the margin (or wallet) that puts the liquidation price at a
/// chosen price, and how far the mark is from liquidation.
/// </summary>
/// <remarks>
/// <para>
/// <b>Leverage brackets.</b> A venue's bracket table states, per range of position notional, the highest leverage a
/// position of that size may use. Binance FAQ "Leverage and Margin of USDⓈ-M Futures"
/// (binance.com/en/support/faq/360033162192, 2020-06-24): "The maximum amount of leverage available depends on the
/// notional value of your position — the larger the position, the lower the leverage", the brackets being those of
/// <c>GET /fapi/v1/leverageBracket</c> (<c>initialLeverage</c> per <c>notionalFloor</c>–<c>notionalCap</c>, reference
/// cefi.md §1.3). Bybit "Risk Limit" (bybit.com help centre, updated 2025-11-25) and "Margin Parameters": "the larger
/// the contract value traders hold, the lower the maximum leverage allowed", each risk limit capping the position value
/// at an initial-margin rate (reference cefi.md §2.3). The notional is <c>margin × leverage</c>, so the bracket that
/// decides whether a leverage is allowed depends on the leverage itself: these questions are searches over the
/// brackets, not one lookup of <see cref="RiskTierTable.MaxLeverage"/>, which answers for a position already sized.
/// A notional exactly on a bracket boundary belongs to the bracket <see cref="RiskTierTable.Boundary"/> says, as
/// everywhere in the library, and the last bracket's cap (when finite) is the largest position the table allows.
/// </para>
/// <para>
/// <b>Target liquidation prices.</b> The margin that puts the liquidation price at a target is the solution of the
/// liquidation equation that <see cref="LiquidationPriceSolver"/> solves for the price (collateral + PnL = maintenance
/// margin, with the model's closing fee), solved instead for the collateral, with the maintenance margin taken from
/// the instrument's brackets at the target (or at entry under <see cref="MaintenanceBasis.EntryValue"/>). Margins
/// are rounded up to the instrument's <see cref="Instrument.SettlementDecimals"/>, so the solver, fed the answer,
/// puts the liquidation price at the target or at most one settlement unit's worth of price beyond it, never closer.
/// </para>
/// <para>Pure functions of their arguments; thread-safe.</para>
/// </remarks>
public static class PositionSizing
{
    /// <summary>
    /// The highest leverage, in steps of <paramref name="leverageStep"/>, that a stake of <paramref name="margin"/>
    /// may use: the largest <c>L</c> with <c>L ≤ maxLeverage(bracket of margin × L)</c>.
    /// </summary>
    /// <remarks>
    /// Brackets allow less leverage as the notional grows, but a larger leverage can still land in a higher bracket
    /// that allows it: with Binance's BTCUSDT brackets a 1,000 USDT stake cannot use 50x–125x in the first bracket
    /// (1,000 × 50 = 50,000 is already the second), yet 100x (notional 100,000, second bracket, 100x) is allowed. The
    /// search therefore takes, in every bracket, the largest leverage whose notional stays in it and that the bracket
    /// allows, and answers the best of them. Under a floor-inclusive table the bracket's cap belongs to the next
    /// bracket, so the supremum <c>cap ÷ margin</c> may not be attained; the step (Binance sets leverage in whole
    /// numbers, Bybit in 0.01) makes the answer a leverage the venue accepts.
    /// </remarks>
    /// <param name="tiers">The instrument's brackets; the stake and notional are in their settlement asset.</param>
    /// <param name="margin">The stake (initial margin) in the settlement asset; positive.</param>
    /// <param name="leverageStep">The venue's leverage increment; positive and at most 1 (1 for Binance, 0.01 for Bybit).</param>
    /// <returns>
    /// The leverage, its bracket and the notional <c>margin × leverage</c>; <see langword="null"/> when no leverage of at
    /// least 1 is allowed (the stake alone exceeds the table's last cap).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="margin"/> is not positive, or <paramref name="leverageStep"/> is not in (0, 1].</exception>
    public static LeverageLimit? MaxLeverageForMargin(RiskTierTable tiers, decimal margin, decimal leverageStep)
    {
        Preconditions.NotNull(tiers);
        Preconditions.Positive(margin);
        Preconditions.Positive(leverageStep);
        if (leverageStep > 1m)
        {
            ThrowHelper.OutOfRange(nameof(leverageStep), leverageStep, "must be at most 1");
        }

        LeverageLimit? best = null;
        for (int i = 0; i < tiers.Count; i++)
        {
            RiskTier tier = tiers.Tiers[i];
            decimal leverage = FloorToStep(tier.MaxLeverage, leverageStep);
            if (tier.NotionalCap != decimal.MaxValue)
            {
                decimal capLeverage;
                try
                {
                    capLeverage = FloorToStep(tier.NotionalCap / margin, leverageStep);
                }
                catch (OverflowException)
                {
                    capLeverage = leverage;
                }

                leverage = Math.Min(leverage, capLeverage);
            }

            // cap ÷ margin and margin × leverage each round at decimal's 28th digit, so the quotient can miss by a step
            // either way against the product the table is read with: step down while the notional lies above the bracket,
            // then up while the next step still lies in it (once or twice at most).
            while (leverage >= 1m && AboveTier(tiers, i, margin, leverage))
            {
                leverage -= leverageStep;
            }

            while (leverage + leverageStep <= tier.MaxLeverage && !AboveTier(tiers, i, margin, leverage + leverageStep))
            {
                leverage += leverageStep;
            }

            if (leverage < 1m || NotionalOf(margin, leverage) is not decimal notional || tiers.IndexOf(notional) != i)
            {
                continue;
            }

            if (best is not LeverageLimit b || leverage > b.Leverage)
            {
                best = new LeverageLimit(leverage, notional, i, tier);
            }
        }

        return best;
    }

    /// <summary>
    /// The largest position a stake of <paramref name="margin"/> supports at <paramref name="leverage"/>, valued at
    /// <paramref name="price"/>: the most whole lots whose initial margin (<c>notional ÷ leverage</c>,
    /// <see cref="MarginMath.InitialMargin"/>) fits in the stake and whose bracket allows the leverage.
    /// </summary>
    /// <remarks>
    /// The brackets allow <paramref name="leverage"/> up to the cap of the last bracket whose maximum leverage is at
    /// least it (Binance: at 20x on the BTCUSDT brackets up to 100,000,000 USDT), so the position is the smaller of
    /// <c>margin × leverage</c> and that cap, converted to contracts at the price and rounded down to the lot.
    /// A stake too small for one lot gives size 0.
    /// </remarks>
    /// <param name="instrument">The contract: its brackets, contract size and lot.</param>
    /// <param name="margin">The stake in the settlement asset; positive.</param>
    /// <param name="leverage">Leverage; at least 1 and at most the first bracket's maximum.</param>
    /// <param name="price">Price the order is valued at (the entry); positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An argument is out of range (the message names it and its value), or the position is beyond the decimal range.
    /// </exception>
    public static PositionLimit MaxPositionForMargin(Instrument instrument, decimal margin, decimal leverage, decimal price)
    {
        Preconditions.NotNull(instrument);
        Preconditions.Positive(margin);
        Preconditions.Positive(price);
        RiskTierTable tiers = instrument.RiskTiers;
        if (leverage < 1m)
        {
            ThrowHelper.OutOfRange(nameof(leverage), leverage, "must be at least 1");
        }

        if (leverage > tiers.Tiers[0].MaxLeverage)
        {
            ThrowHelper.OutOfRange(
                nameof(leverage), leverage, string.Create(CultureInfo.InvariantCulture, $"must not exceed the highest leverage of {tiers.Name}, {tiers.Tiers[0].MaxLeverage}"));
        }

        int highest = 0;
        while (highest + 1 < tiers.Count && tiers.Tiers[highest + 1].MaxLeverage >= leverage)
        {
            highest++;
        }

        decimal cap = tiers.Tiers[highest].NotionalCap;
        bool capInclusive = tiers.Boundary == TierBoundary.CapInclusive;
        decimal budget = NotionalOf(margin, leverage) ?? decimal.MaxValue;
        decimal target = Math.Min(budget, cap);
        decimal size;
        try
        {
            decimal contracts = instrument.Kind == ContractKind.Linear
                ? target / (instrument.ContractSize * price)
                : target * price / instrument.ContractSize;
            size = instrument.FloorToLots(contracts);
        }
        catch (OverflowException)
        {
            return ThrowTooLarge(margin);
        }

        // Rounding in the conversion, or a notional exactly on a floor-inclusive cap, can leave one lot too many.
        while (size > 0m && !Fits(size))
        {
            size -= instrument.LotSize;
        }

        if (size <= 0m)
        {
            return new PositionLimit(0m, 0m, 0m, leverage, 0);
        }

        decimal notional = instrument.Notional(size, price);
        return new PositionLimit(size, notional, MarginMath.InitialMargin(instrument, size, price, leverage), leverage, tiers.IndexOf(notional));

        bool Fits(decimal candidate)
        {
            decimal n;
            try
            {
                n = instrument.NotionalUnchecked(candidate, price);
            }
            catch (OverflowException)
            {
                return false;
            }

            return n <= budget && (capInclusive ? n <= cap : n < cap || cap == decimal.MaxValue) && leverage <= tiers.MaxLeverage(n);
        }
    }

    /// <summary>
    /// The isolated margin that puts a new position's liquidation price at <paramref name="targetLiquidationPrice"/>
    /// (rounded up to the settlement precision): the inverse of
    /// <see cref="LiquidationPriceSolver.Isolated(Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/>.
    /// </summary>
    /// <remarks>
    /// Binance isolated (reference cefi.md §1.1, with TMM1 = UPNL1 = 0): <c>margin = MM(notional at target) − side × size ×
    /// (target − entry)</c>, the bracket taken at the target's notional; Bybit and BitMEX value the maintenance margin at
    /// entry, and a closing fee set aside (<see cref="MarginModel.ClosingFeeRate"/>) is added on the side the model
    /// values it. The answer may imply more leverage than the brackets allow (<c>entry notional ÷ margin</c>); check it with
    /// <see cref="MaxLeverageForMargin"/> or <see cref="RiskTierTable.MaxLeverage"/>.
    /// </remarks>
    /// <param name="instrument">The contract and its brackets.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Entry price; positive.</param>
    /// <param name="targetLiquidationPrice">The liquidation price wanted: positive and below the entry for a long, above it for a short.</param>
    /// <param name="model">Venue margin model.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An argument is out of range; <paramref name="targetLiquidationPrice"/> on the wrong side of the entry (no margin
    /// of zero or more puts it there) is named with its value and the entry.
    /// </exception>
    public static decimal IsolatedMarginForLiquidationPrice(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal targetLiquidationPrice, MarginModel model)
    {
        Preconditions.NotNull(instrument);
        Preconditions.NotNull(model);
        Position.ValidateSide(side);
        Preconditions.Positive(size);
        Preconditions.Positive(entryPrice);
        Preconditions.Positive(targetLiquidationPrice);
        RequireAdverse(side, targetLiquidationPrice, entryPrice, "entry price");
        try
        {
            return CollateralFor(instrument, [(side, size, entryPrice)], targetLiquidationPrice, model, otherMaintenance: 0m, otherPnl: 0m);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetLiquidationPrice), targetLiquidationPrice, ThrowHelper.Describe(nameof(targetLiquidationPrice), targetLiquidationPrice, "gives a margin beyond the decimal range"));
        }
    }

    /// <summary>
    /// What a held position needs so that its liquidation price sits at <paramref name="targetLiquidationPrice"/>:
    /// for an isolated position, its isolated margin (add the difference with <see cref="MarginTransfers.AddIsolatedMargin"/>);
    /// for a cross position, the account's wallet balance (deposit the difference), with every other cross position
    /// valued at its own mark as <see cref="LiquidationPriceSolver.ForPosition"/> values it and, in hedge mode, the
    /// symbol's opposite cross leg solved with it.
    /// </summary>
    /// <remarks>
    /// <see cref="RequiredMargin.ToAdd"/> is negative when the liquidation price is already at or beyond the target: that
    /// much could come out before it moves closer (how much a venue lets out is
    /// <see cref="MarginMath.RemovableIsolatedMargin"/>). Under cross margin the required wallet is negative when the other
    /// positions' profit alone holds the liquidation price beyond the target.
    /// </remarks>
    /// <param name="account">The account holding <paramref name="position"/>.</param>
    /// <param name="position">The position.</param>
    /// <param name="markPrices">Mark price per symbol: a positive one for every held symbol.</param>
    /// <param name="model">Venue margin model.</param>
    /// <param name="targetLiquidationPrice">
    /// The liquidation price wanted: positive and on the adverse side of the mark (below it for a long exposure, above
    /// for a short); for an isolated position also of the entry.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not held, a held symbol has no mark, or a hedged pair is flat (it has no liquidation price).</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A mark is not positive, or <paramref name="targetLiquidationPrice"/> (named with its value) is on the wrong side, or
    /// is not the liquidation price of a nearly flat hedged pair at any wallet (its maintenance margin on both gross legs
    /// grows faster than its net PnL there).
    /// </exception>
    public static RequiredMargin MarginForLiquidationPrice(
        Account account, Position position, IReadOnlyDictionary<string, decimal> markPrices, MarginModel model, decimal targetLiquidationPrice)
    {
        position = LiquidationPriceSolver.HeldInstance(account, position, markPrices, model);
        Preconditions.Positive(targetLiquidationPrice);
        decimal mark = AccountMargin.MarkOf(markPrices, position.Symbol);
        try
        {
            if (position.MarginMode == MarginMode.Isolated)
            {
                RequireAdverse(position.Side, targetLiquidationPrice, position.EntryPrice, "entry price");
                RequireAdverse(position.Side, targetLiquidationPrice, mark, "mark price");
                decimal margin = CollateralFor(position.Instrument, [(position.Side, position.Size, position.EntryPrice)], targetLiquidationPrice, model, 0m, 0m);
                return new RequiredMargin(MarginMode.Isolated, margin, position.IsolatedMargin, margin - position.IsolatedMargin);
            }

            // The other cross positions as ForPosition sees them: TMM1 at their marks (at entry under EntryValue), UPNL1 at their marks.
            decimal otherMm = 0m, otherUpnl = 0m;
            var legs = new List<(PositionSide, decimal, decimal)>(2) { (position.Side, position.Size, position.EntryPrice) };
            foreach (Position p in account.Positions)
            {
                if (p.MarginMode != MarginMode.Cross || ReferenceEquals(p, position))
                {
                    continue;
                }

                if (p.Symbol == position.Symbol)
                {
                    legs.Add((p.Side, p.Size, p.EntryPrice));
                    continue;
                }

                decimal otherMark = AccountMargin.MarkOf(markPrices, p.Symbol);
                otherMm += MarginMath.MaintenanceMargin(p.Instrument, p.Size, model.Basis == MaintenanceBasis.MarkValue ? otherMark : p.EntryPrice);
                otherUpnl += MarginMath.UnrealizedPnl(p.Instrument, p.Side, p.Size, p.EntryPrice, otherMark);
            }

            decimal net = legs.Sum(l => l.Item1 == PositionSide.Long ? l.Item2 : -l.Item2);
            if (net == 0m)
            {
                ThrowHelper.Argument(nameof(position), position.ToString(), "has no liquidation price: its hedge-mode pair is flat");
            }

            RequireAdverse(net > 0m ? PositionSide.Long : PositionSide.Short, targetLiquidationPrice, mark, "mark price");
            decimal wallet = CollateralFor(position.Instrument, legs, targetLiquidationPrice, model, otherMm, otherUpnl);
            return new RequiredMargin(MarginMode.Cross, wallet, account.WalletBalance, wallet - account.WalletBalance);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetLiquidationPrice), targetLiquidationPrice, ThrowHelper.Describe(nameof(targetLiquidationPrice), targetLiquidationPrice, "gives a margin beyond the decimal range"));
        }
    }

    /// <summary>
    /// How far the mark must move against <paramref name="position"/> to liquidate it, in price and as a fraction of
    /// the mark: the one number a dashboard shows. The same figure <c>LiquidationEngine.DistanceToLiquidation</c>
    /// reports for the engine's own accounts, for an <see cref="Account"/> held anywhere.
    /// </summary>
    /// <remarks>
    /// The liquidation price is <see cref="LiquidationPriceSolver.ForPosition"/>'s. A cross position's price protects
    /// the symbol's net exposure, whose side the result carries. A position liquidatable at any price is reported at the
    /// mark, distance 0; one already past its liquidation price has a negative distance.
    /// </remarks>
    /// <param name="account">The account holding <paramref name="position"/>.</param>
    /// <param name="position">The position.</param>
    /// <param name="markPrices">Mark price per symbol: a positive one for every held symbol.</param>
    /// <param name="model">Venue margin model.</param>
    /// <returns>The distance, or <see langword="null"/> when the position has no liquidation price (or its hedge is flat).</returns>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not held, or a held symbol has no mark.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A mark is not positive.</exception>
    public static LiquidationDistanceAtMark? DistanceToLiquidation(
        Account account, Position position, IReadOnlyDictionary<string, decimal> markPrices, MarginModel model)
    {
        position = LiquidationPriceSolver.HeldInstance(account, position, markPrices, model);
        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(account, position, markPrices, model);
        if (e.Exposure is not PositionSide exposure)
        {
            return null;
        }

        decimal mark = AccountMargin.MarkOf(markPrices, position.Symbol);
        decimal? liquidation = e.Status switch
        {
            LiquidationPriceStatus.Exists => e.LiquidationPrice!.Value,
            LiquidationPriceStatus.AtAnyPrice => mark,
            _ => null,
        };
        if (liquidation is not decimal lp)
        {
            return null;
        }

        decimal distance = exposure == PositionSide.Long ? mark - lp : lp - mark;
        return new LiquidationDistanceAtMark(position.Symbol, exposure, position.MarginMode == MarginMode.Cross, mark, lp, distance, distance / mark);
    }

    /// <summary>
    /// The collateral (isolated margin, or cross wallet balance) at which the legs of one symbol are liquidated exactly at
    /// <paramref name="target"/>, rounded up to the settlement precision. With <c>c</c> what must remain after any closing
    /// fee set aside: <c>c = Σ MM_i + feeAtLiquidation × Σ N_i − Σ PnL_i</c>, all at the target (MM at entry under
    /// <see cref="MaintenanceBasis.EntryValue"/>). A fee valued at the bankruptcy price <c>u_B</c> is solved in the solver's
    /// price variable <c>u</c> (P, or 1/P for inverse), where PnL is <c>Σ s_i(k_i u − N_i)</c>: with <c>E = Σ s_i k_i</c>,
    /// <c>K = Σ k_i</c>, <c>B = Σ s_i N_i</c> and <c>W</c> the bankruptcy collateral (wallet + other PnL),
    /// <c>c = W − T − fee·K·u_B</c> and <c>u_B = (B − W) ÷ (E − fee·K)</c> give <c>W = (c + T)(E − fee·K) ÷ E + fee·K·B ÷ E</c>.
    /// </summary>
    private static decimal CollateralFor(
        Instrument instrument, IReadOnlyList<(PositionSide Side, decimal Size, decimal Entry)> legs, decimal target, MarginModel model, decimal otherMaintenance, decimal otherPnl)
    {
        bool linear = instrument.Kind == ContractKind.Linear;
        RiskTierTable tiers = instrument.RiskTiers;
        decimal fee = model.ClosingFeeRate;
        bool feeAtLiquidation = model.ClosingFeeValuation == ClosingFeeValuation.LiquidationPrice;
        decimal c = 0m, e = 0m, kSum = 0m, b = 0m;
        foreach ((PositionSide side, decimal size, decimal entry) in legs)
        {
            decimal atTarget = instrument.NotionalUnchecked(size, target);
            decimal atEntry = instrument.NotionalUnchecked(size, entry);
            decimal mm = tiers.MaintenanceMarginUnchecked(model.Basis == MaintenanceBasis.MarkValue ? atTarget : atEntry);
            c += mm - instrument.PnlUnchecked((int)side, size, entry, target) + (feeAtLiquidation ? fee * atTarget : 0m);
            decimal k = size * instrument.ContractSize;
            int s = linear ? (int)side : -(int)side;
            e += s * k;
            kSum += k;
            b += s * atEntry;
        }

        // The solver reports the root on the adverse side of the exposure, where f(u) = collateral + PnL − MM − fee rises
        // towards the healthy side: with f' = E − Σ k_i·MMR_i − feeAtLiquidation·K, f' must share E's sign. One leg always
        // does (k(±1 − MMR − fee)); a nearly flat hedged pair, whose maintenance on both gross legs outgrows its net PnL,
        // does not, and no wallet makes the target its liquidation price.
        if (legs.Count > 1)
        {
            decimal slope = e - (feeAtLiquidation ? fee * kSum : 0m);
            foreach ((_, decimal size, _) in legs)
            {
                decimal notional = instrument.NotionalUnchecked(size, target);
                slope -= model.Basis == MaintenanceBasis.MarkValue ? size * instrument.ContractSize * tiers.Tiers[tiers.IndexOf(notional)].MaintenanceMarginRate : 0m;
            }

            if (e == 0m || Math.Sign(slope) != Math.Sign(e))
            {
                ThrowHelper.OutOfRange(
                    "targetLiquidationPrice",
                    target,
                    "is not the liquidation price of the hedged pair at any wallet: its maintenance margin on both legs grows faster than its net PnL there");
            }
        }

        decimal w = c + otherMaintenance;
        decimal slopeB = e - (fee * kSum);
        if (fee != 0m && !feeAtLiquidation && e != 0m && slopeB != 0m)
        {
            decimal withFee = (w * slopeB / e) + (fee * kSum * b / e);

            // The solver sets the fee aside only where a bankruptcy price exists (u_B > 0).
            if ((b - withFee) / slopeB > 0m)
            {
                w = withFee;
            }
        }

        return instrument.RoundAmount(w - otherPnl, MidpointRounding.ToPositiveInfinity);
    }

    private static void RequireAdverse(PositionSide side, decimal target, decimal reference, string referenceName)
    {
        bool adverse = side == PositionSide.Long ? target < reference : target > reference;
        if (!adverse)
        {
            ThrowHelper.OutOfRange(
                "targetLiquidationPrice",
                target,
                string.Create(CultureInfo.InvariantCulture, $"must be {(side == PositionSide.Long ? "below" : "above")} the {referenceName} {reference} for a {(side == PositionSide.Long ? "long" : "short")}"));
        }
    }

    /// <summary>
    /// Whether <c>margin × leverage</c> lies above bracket <paramref name="index"/>: in a higher bracket, beyond the decimal
    /// range, or (for the last bracket) beyond its finite cap, where the table allows no position.
    /// </summary>
    private static bool AboveTier(RiskTierTable tiers, int index, decimal margin, decimal leverage)
    {
        if (NotionalOf(margin, leverage) is not decimal notional)
        {
            return true;
        }

        RiskTier tier = tiers.Tiers[index];
        if (index == tiers.Count - 1)
        {
            return tier.NotionalCap != decimal.MaxValue
                && (tiers.Boundary == TierBoundary.CapInclusive ? notional > tier.NotionalCap : notional >= tier.NotionalCap);
        }

        return tiers.IndexOf(notional) > index;
    }

    private static decimal? NotionalOf(decimal margin, decimal leverage)
    {
        try
        {
            return margin * leverage;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal FloorToStep(decimal value, decimal step) => Math.Floor(value / step) * step;

    private static PositionLimit ThrowTooLarge(decimal margin) =>
        throw new ArgumentOutOfRangeException(nameof(margin), margin, ThrowHelper.Describe(nameof(margin), margin, "gives a position beyond the decimal range"));
}

/// <summary>The highest leverage a stake may use (<see cref="PositionSizing.MaxLeverageForMargin"/>).</summary>
/// <param name="Leverage">The leverage, a whole number of the venue's leverage steps.</param>
/// <param name="Notional">The position it opens: stake × leverage, in the settlement asset.</param>
/// <param name="TierIndex">Index of the bracket that notional lies in.</param>
/// <param name="Tier">That bracket; its maximum leverage is at least <paramref name="Leverage"/>.</param>
public readonly record struct LeverageLimit(decimal Leverage, decimal Notional, int TierIndex, RiskTier Tier);

/// <summary>The largest position a stake supports at a leverage (<see cref="PositionSizing.MaxPositionForMargin"/>).</summary>
/// <param name="Size">Size in contracts, a whole number of lots; 0 when the stake does not cover one lot.</param>
/// <param name="Notional">Notional of <paramref name="Size"/> at the price, in the settlement asset.</param>
/// <param name="InitialMargin">The margin it uses, notional ÷ leverage; at most the stake.</param>
/// <param name="Leverage">The leverage asked about.</param>
/// <param name="TierIndex">Index of the bracket of <paramref name="Notional"/>.</param>
public readonly record struct PositionLimit(decimal Size, decimal Notional, decimal InitialMargin, decimal Leverage, int TierIndex);

/// <summary>The collateral that puts a held position's liquidation price at a target (<see cref="PositionSizing.MarginForLiquidationPrice"/>).</summary>
/// <param name="Mode">Isolated: the figures are the position's isolated margin; cross: the account's wallet balance.</param>
/// <param name="Required">The isolated margin or wallet balance needed, rounded up to the settlement precision.</param>
/// <param name="Current">The isolated margin or wallet balance now.</param>
/// <param name="ToAdd"><paramref name="Required"/> − <paramref name="Current"/>: to add (or deposit); negative when the liquidation price is already beyond the target.</param>
public readonly record struct RequiredMargin(MarginMode Mode, decimal Required, decimal Current, decimal ToAdd);

/// <summary>How far a position is from liquidation at a mark (<see cref="PositionSizing.DistanceToLiquidation"/>).</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Side">Side of the exposure the liquidation price protects (the net side of a hedge-mode cross pair).</param>
/// <param name="Cross">True for a cross position (the account's collateral backs it).</param>
/// <param name="MarkPrice">The mark price.</param>
/// <param name="LiquidationPrice">The liquidation price; the mark when the position is liquidatable at any price.</param>
/// <param name="PriceDistance">How far the mark must move against the exposure: mark − LP for a long, LP − mark for a short (≤ 0 when already past).</param>
/// <param name="PercentDistance"><paramref name="PriceDistance"/> as a fraction of the mark, e.g. 0.05 for 5 %.</param>
public readonly record struct LiquidationDistanceAtMark(
    string Symbol, PositionSide Side, bool Cross, decimal MarkPrice, decimal LiquidationPrice, decimal PriceDistance, decimal PercentDistance);
