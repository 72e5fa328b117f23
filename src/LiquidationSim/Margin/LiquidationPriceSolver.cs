using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>
/// Liquidation and bankruptcy prices for isolated and cross margin, one-way and hedge mode, linear and inverse
/// contracts, under any <see cref="MarginModel"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>The equation.</b> With collateral <c>C</c> (isolated margin, or Binance's <c>WB − TMM1 + UPNL1</c> in cross),
/// the position is liquidatable at price <c>P</c> when <c>C + PnL(P) ≤ MM(P)</c>. For a linear contract the
/// notional is <c>N = size × contractSize × P</c> and <c>PnL = side × (N − N_entry)</c>; for an inverse contract
/// <c>N = size × contractSize ÷ P</c> (in coin) and <c>PnL = −side × (N − N_entry)</c>. Both are linear in
/// <c>N</c>, and under tax-bracket tables <c>MM(N) = N × MMR − cum</c> is continuous and piecewise linear, so
/// each side of the equation is monotone and the root is unique. Binance's formula
/// <c>LP = (WB − TMM1 + UPNL1 + cum − side × Q × EP) ÷ (Q × MMR − side × Q)</c> is this root with the bracket
/// fixed (reference cefi.md §1.1).
/// </para>
/// <para>
/// <b>The bracket at the liquidation price.</b> Under <see cref="MaintenanceBasis.MarkValue"/> the bracket is the
/// one containing the notional at the liquidation price, which Binance's own examples need (reference cefi.md
/// §1.1, §11.2). The solver evaluates the equation at the bracket floors — no division — to find the bracket
/// that holds the root, then solves once: O(log brackets), no allocation.
/// </para>
/// <para>
/// <b>Hedge mode.</b> Under cross margin a symbol's long and short share one liquidation price (Binance
/// "Liquidation Protocols"), with maintenance margin charged on both gross legs, each at its own bracket
/// (reference cefi.md §1.4.3). The margin function is then concave in the price variable; the reported price is
/// the root on the adverse side of the net exposure, and a flat (fully hedged) pair has none.
/// </para>
/// <para>
/// <b>Bankruptcy price.</b> The price at which <c>C + PnL(P)</c> equals the fee to close at that price
/// (<see cref="MarginModel.ClosingFeeRate"/> × value there); with no fee, where the margin balance is zero.
/// In cross, other positions' maintenance margin is not deducted (bankruptcy is zero equity, not a margin call).
/// </para>
/// <para>Results are exact to decimal precision; round with <see cref="LiquidationEstimate.RoundToTick(decimal)"/>. Thread-safe.</para>
/// </remarks>
public static class LiquidationPriceSolver
{
    /// <summary>Liquidation and bankruptcy price of an isolated position, with the bracket solved from the instrument's table.</summary>
    /// <param name="instrument">The contract and its brackets.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="isolatedMargin">
    /// The position's margin (Binance isolated wallet balance, Bybit position margin incl. extra margin and funding);
    /// zero or more. A margin that a gap, funding or fees took below zero in a held position is solved by
    /// <see cref="ForPosition"/>, which reads it from the account.
    /// </param>
    /// <param name="model">Venue margin model.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="size"/> or <paramref name="entryPrice"/> is not positive, the notional at <paramref name="entryPrice"/>
    /// is beyond decimal range, or <paramref name="isolatedMargin"/> is negative (issue 15: it used to return a price
    /// with status <see cref="LiquidationPriceStatus.Exists"/>).
    /// </exception>
    public static LiquidationEstimate Isolated(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        Preconditions.NonNegative(isolatedMargin);
        return SolveSingle(instrument, (int)side, size, entryPrice, isolatedMargin, isolatedMargin, TableOf(instrument), model);
    }

    /// <summary>
    /// <see cref="Isolated(Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/> without the check on
    /// <paramref name="isolatedMargin"/>, for the engine's own positions, whose margin a gap, funding or fees can take
    /// below zero: the position is then liquidatable above (long) or below (short) its entry, or at any price.
    /// The same arithmetic as the public overload; the other arguments are still checked.
    /// </summary>
    internal static LiquidationEstimate IsolatedUnchecked(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        return SolveSingle(instrument, (int)side, size, entryPrice, isolatedMargin, isolatedMargin, TableOf(instrument), model);
    }

    /// <summary>Isolated position with a bracket given directly (reproduces a published formula that states the MMR and cum).</summary>
    /// <param name="instrument">The contract (its table is not used).</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="isolatedMargin">The position's margin; zero or more (see the other overload).</param>
    /// <param name="bracket">The bracket to use at every price.</param>
    /// <param name="model">Venue margin model.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="size"/> or <paramref name="entryPrice"/> is not positive, the notional at <paramref name="entryPrice"/>
    /// is beyond decimal range, <paramref name="isolatedMargin"/> is negative, or the bracket's rate is not in [0, 1)
    /// or its amount is negative.
    /// </exception>
    public static LiquidationEstimate Isolated(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MaintenanceBracket bracket, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        Preconditions.NonNegative(isolatedMargin);
        ValidateBracket(bracket);
        // One bracket from zero: MM(0) = −amount, so the rising key F − MM(F) is +amount and the falling key −amount.
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, fallingKey = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in amount), new(in fallingKey), continuous: true, capInclusive: false);
        return SolveSingle(instrument, (int)side, size, entryPrice, isolatedMargin, isolatedMargin, fixedBracket, model);
    }

    /// <summary>Liquidation and bankruptcy price of a one-way cross position.</summary>
    /// <param name="instrument">The contract and its brackets.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="context">Wallet and the other cross positions' maintenance margin and unrealised PnL.</param>
    /// <param name="model">Venue margin model.</param>
    public static LiquidationEstimate Cross(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, CrossMarginContext context, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        ValidateContext(context);
        return SolveSingle(instrument, (int)side, size, entryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), TableOf(instrument), model);
    }

    /// <summary>One-way cross position with a bracket given directly.</summary>
    /// <param name="instrument">The contract (its table is not used).</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="context">Wallet and the other cross positions' maintenance margin and unrealised PnL.</param>
    /// <param name="bracket">The bracket to use at every price.</param>
    /// <param name="model">Venue margin model.</param>
    public static LiquidationEstimate Cross(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, CrossMarginContext context, MaintenanceBracket bracket, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        ValidateContext(context);
        ValidateBracket(bracket);
        // One bracket from zero: MM(0) = −amount, so the rising key F − MM(F) is +amount and the falling key −amount.
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, fallingKey = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in amount), new(in fallingKey), continuous: true, capInclusive: false);
        return SolveSingle(instrument, (int)side, size, entryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), fixedBracket, model);
    }

    /// <summary>
    /// Isolated position with a bracket given directly, for a published formula that states the contract and its
    /// maintenance rate and amount but no tier table: the contract is only its kind and contract size, so an example
    /// with one tier and a non-zero maintenance amount (which no valid table starting at zero can hold) needs no
    /// stand-in <see cref="Instrument"/>.
    /// </summary>
    /// <param name="kind">Linear or inverse.</param>
    /// <param name="contractSize">Base units (linear) or quote face value (inverse) per contract; positive.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="isolatedMargin">The position's margin; zero or more.</param>
    /// <param name="bracket">The bracket to use at every price.</param>
    /// <param name="model">Venue margin model.</param>
    /// <returns>The estimate, as the <see cref="Instrument"/> overload gives for the same contract.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="contractSize"/>, <paramref name="size"/> or <paramref name="entryPrice"/> is not positive, the
    /// notional is beyond decimal range, <paramref name="isolatedMargin"/> is negative, or the bracket is invalid.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> or <paramref name="side"/> is not a defined value.</exception>
    public static LiquidationEstimate Isolated(
        ContractKind kind, decimal contractSize, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MaintenanceBracket bracket, MarginModel model)
    {
        ValidateContract(kind, contractSize, side, size, entryPrice, model);
        Preconditions.NonNegative(isolatedMargin);
        ValidateBracket(bracket);
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, fallingKey = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in amount), new(in fallingKey), continuous: true, capInclusive: false);
        return SolveSingle(kind, contractSize, (int)side, size, entryPrice, isolatedMargin, isolatedMargin, fixedBracket, model);
    }

    /// <summary>One-way cross position with a bracket given directly, the contract given by its kind and contract size.</summary>
    /// <param name="kind">Linear or inverse.</param>
    /// <param name="contractSize">Base units (linear) or quote face value (inverse) per contract; positive.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="context">Wallet and the other cross positions' maintenance margin and unrealised PnL.</param>
    /// <param name="bracket">The bracket to use at every price.</param>
    /// <param name="model">Venue margin model.</param>
    /// <returns>The estimate, as the <see cref="Instrument"/> overload gives for the same contract.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size, price or contract size is not positive, or the bracket or context is invalid.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> or <paramref name="side"/> is not a defined value.</exception>
    public static LiquidationEstimate Cross(
        ContractKind kind, decimal contractSize, PositionSide side, decimal size, decimal entryPrice, CrossMarginContext context, MaintenanceBracket bracket, MarginModel model)
    {
        ValidateContract(kind, contractSize, side, size, entryPrice, model);
        ValidateContext(context);
        ValidateBracket(bracket);
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, fallingKey = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in amount), new(in fallingKey), continuous: true, capInclusive: false);
        return SolveSingle(kind, contractSize, (int)side, size, entryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), fixedBracket, model);
    }

    /// <summary>
    /// The shared liquidation and bankruptcy price of a symbol's long and short under cross margin in hedge mode.
    /// Either leg may be absent. A flat pair (equal sizes) has no liquidation price.
    /// </summary>
    /// <param name="instrument">The contract and its brackets.</param>
    /// <param name="longLeg">The long position, or <see langword="null"/>.</param>
    /// <param name="shortLeg">The short position, or <see langword="null"/>.</param>
    /// <param name="context">Wallet and the other symbols' cross maintenance margin and unrealised PnL.</param>
    /// <param name="model">Venue margin model.</param>
    public static LiquidationEstimate CrossHedge(
        Instrument instrument, PositionLeg? longLeg, PositionLeg? shortLeg, CrossMarginContext context, MarginModel model)
    {
        Preconditions.NotNull(instrument);
        Preconditions.NotNull(model);
        ValidateContext(context);
        if (longLeg is PositionLeg l)
        {
            Preconditions.Positive(l.Size, "longLeg.Size");
            Preconditions.Positive(l.EntryPrice, "longLeg.EntryPrice");
        }

        if (shortLeg is PositionLeg sh)
        {
            Preconditions.Positive(sh.Size, "shortLeg.Size");
            Preconditions.Positive(sh.EntryPrice, "shortLeg.EntryPrice");
        }

        return (longLeg, shortLeg) switch
        {
            (null, null) => ThrowHelper.Argument<LiquidationEstimate>(nameof(longLeg), null, "and shortLeg must not both be null"),
            (PositionLeg only, null) => SolveSingle(instrument, 1, only.Size, only.EntryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), TableOf(instrument), model),
            (null, PositionLeg only) => SolveSingle(instrument, -1, only.Size, only.EntryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), TableOf(instrument), model),
            (PositionLeg lg, PositionLeg sg) => SolvePair(instrument, lg, sg, context, model),
        };
    }

    /// <summary>
    /// Liquidation and bankruptcy price of a position held in <paramref name="account"/>: isolated positions use
    /// their own margin; cross positions use the wallet and every other cross position valued at its own mark
    /// price (Binance TMM1 / UPNL1), and in hedge mode the same symbol's opposite cross leg is solved with it.
    /// </summary>
    /// <remarks>
    /// An isolated position whose margin a gap, funding or fees took below zero (a state the engine reaches, and an
    /// account a caller may read from it) is not refused, unlike a negative margin passed to
    /// <see cref="Isolated(Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/>: it is solved with
    /// the same equation. At its entry its equity is already below maintenance, so its liquidation price lies on the
    /// favourable side of the entry (above a long's, below a short's; it is liquidatable unless the price has moved
    /// past it), and the status is <see cref="LiquidationPriceStatus.AtAnyPrice"/> when no price leaves it healthy.
    /// This is the estimate the engine itself acts on.
    /// </remarks>
    /// <param name="account">The account holding <paramref name="position"/>.</param>
    /// <param name="position">The position.</param>
    /// <param name="markPrices">Mark price per symbol: a positive one for every symbol the account holds.</param>
    /// <param name="model">Venue margin model. Under <see cref="MaintenanceBasis.EntryValue"/> other positions' maintenance margin is valued at their entry.</param>
    /// <exception cref="ArgumentException"><paramref name="position"/> is not held by the account, or <paramref name="markPrices"/> lacks a held symbol.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A held symbol's mark price is not positive, or another cross position's margin or PnL at it is beyond the decimal range.</exception>
    public static LiquidationEstimate ForPosition(Account account, Position position, IReadOnlyDictionary<string, decimal> markPrices, MarginModel model)
    {
        position = HeldInstance(account, position, markPrices, model);
        if (position.MarginMode == MarginMode.Isolated)
        {
            // A held margin can be negative after a gap or funding; the account's state still has an answer.
            return IsolatedUnchecked(position.Instrument, position.Side, position.Size, position.EntryPrice, position.IsolatedMargin, model);
        }

        decimal otherMm = 0m, otherUpnl = 0m;
        Position? opposite = null;
        foreach (Position p in account.Positions)
        {
            if (p.MarginMode != MarginMode.Cross || ReferenceEquals(p, position))
            {
                continue;
            }

            if (p.Symbol == position.Symbol)
            {
                if (p.Side != position.Side)
                {
                    opposite = p;
                }

                continue;
            }

            decimal mark = AccountMargin.MarkOf(markPrices, p.Symbol);
            decimal valuedAt = model.Basis == MaintenanceBasis.MarkValue ? mark : p.EntryPrice;
            try
            {
                otherMm += p.Instrument.RiskTiers.MaintenanceMarginUnchecked(p.Instrument.NotionalUnchecked(p.Size, valuedAt));
                otherUpnl += MarginMath.UnrealizedPnlUnchecked(p.Instrument, (int)p.Side, p.Size, p.EntryPrice, mark);
            }
            catch (OverflowException)
            {
                throw AccountMargin.MarkBeyondRange(p, mark);
            }
        }

        var context = new CrossMarginContext(account.WalletBalance, otherMm, otherUpnl);
        if (opposite is null)
        {
            return Cross(position.Instrument, position.Side, position.Size, position.EntryPrice, context, model);
        }

        Position longPos = position.Side == PositionSide.Long ? position : opposite;
        Position shortPos = position.Side == PositionSide.Long ? opposite : position;
        return CrossHedge(
            position.Instrument,
            new PositionLeg(longPos.Size, longPos.EntryPrice),
            new PositionLeg(shortPos.Size, shortPos.EntryPrice),
            context,
            model);
    }

    private static decimal LiquidationCollateral(CrossMarginContext c) => c.WalletBalance - c.OtherMaintenanceMargin + c.OtherUnrealizedPnl;

    private static decimal BankruptcyCollateral(CrossMarginContext c) => c.WalletBalance + c.OtherUnrealizedPnl;

    private static Brackets TableOf(Instrument instrument)
    {
        RiskTierTable t = instrument.RiskTiers;
        return new Brackets(
            t.Floors, t.Rates, t.Amounts, t.RisingKeys, t.FallingKeys, t.AmountRule == MaintenanceAmountRule.Cumulative, t.Boundary == TierBoundary.CapInclusive);
    }

    /// <summary>
    /// One leg. Works in notional space: <c>N = k·u</c> with <c>u = P</c> (linear) or <c>1/P</c> (inverse) and
    /// <c>s</c> the sign of the PnL's slope in <c>N</c>, so <c>f(N) = C + s(N − N_e) − MM(N)</c>. The root is kept
    /// as a fraction <c>N* = num ÷ den</c> (den &gt; 0) and turned into a price with one division.
    /// </summary>
    private static LiquidationEstimate SolveSingle(
        Instrument instrument, int side, decimal size, decimal entryPrice, decimal collateral, decimal bankruptcyCollateral, scoped Brackets b, MarginModel model) =>
        SolveSingle(instrument.Kind, instrument.ContractSize, side, size, entryPrice, collateral, bankruptcyCollateral, b, model);

    private static LiquidationEstimate SolveSingle(
        ContractKind kind, decimal contractSize, int side, decimal size, decimal entryPrice, decimal collateral, decimal bankruptcyCollateral, scoped Brackets b, MarginModel model)
    {
        bool linear = kind == ContractKind.Linear;
        decimal k = size * contractSize;
        int s = linear ? side : -side;
        decimal ne = linear ? k * entryPrice : k / entryPrice;
        decimal fee = model.ClosingFeeRate;
        bool feeAtLiquidation = model.ClosingFeeValuation == ClosingFeeValuation.LiquidationPrice;
        PositionSide exposure = (PositionSide)side;

        // Bankruptcy: C_B + s(N − N_e) − fee·N = 0, so N_B = (s·N_e − C_B) ÷ (s − fee) = N_e − s·C_B without a fee.
        decimal nb = fee != 0m
            ? (s > 0 ? ne - bankruptcyCollateral : -ne - bankruptcyCollateral) / (s - fee)
            : s > 0 ? ne - bankruptcyCollateral : ne + bankruptcyCollateral;
        decimal? bankruptcy = nb > 0m ? ToPrice(nb, 1m, k, linear) : null;

        // A fee valued at the bankruptcy price is a constant set aside from the collateral; one valued at the
        // liquidation price adds to the maintenance rate.
        decimal c = nb > 0m && !feeAtLiquidation && fee != 0m ? collateral - (fee * nb) : collateral;
        decimal lpFee = feeAtLiquidation ? fee : 0m;

        decimal num, den;
        int tier;
        if (model.Basis == MaintenanceBasis.EntryValue)
        {
            // f(N) = C + s(N − N_e) − MM(N_e) − lpFee·N, so N* = (s·N_e + MM − C) ÷ (s − lpFee).
            tier = b.IndexOf(ne);
            decimal mm = (ne * b.Rates[tier]) - b.Amounts[tier];
            (num, den) = s > 0 ? (ne + mm - c, 1m - lpFee) : (ne - mm + c, 1m + lpFee);
            if (num <= 0m)
            {
                return new LiquidationEstimate(
                    null, bankruptcy, s > 0 ? LiquidationPriceStatus.None : LiquidationPriceStatus.AtAnyPrice, exposure, null, RawLinearLong(linear, s, num, den, k));
            }
        }
        else if (s > 0)
        {
            // f rises with N: the root lies in the highest bracket whose floor is still liquidatable.
            tier = b.HighestLiquidatableFloorRising(ne - c, lpFee);
            if (tier < 0)
            {
                // Healthy down to a notional of zero: the solution on the first bracket's line lies at or below zero.
                return new LiquidationEstimate(
                    null, bankruptcy, LiquidationPriceStatus.None, exposure, null, RawLinearLong(linear, s, ne - c - b.Amounts[0], 1m - b.Rates[0] - lpFee, k));
            }

            num = ne - c - b.Amounts[tier];
            den = 1m - b.Rates[tier] - lpFee;
            if (num <= 0m || den <= 0m)
            {
                return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null, RawLinearLong(linear, s, num, den, k));
            }
        }
        else
        {
            // f falls with N (also across WholePosition jumps): the root lies in the highest bracket whose floor is healthy.
            tier = b.HighestHealthyFloorFalling(ne + c, lpFee);
            if (tier < 0)
            {
                return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.AtAnyPrice, exposure, null);
            }

            num = ne + c + b.Amounts[tier];
            den = 1m + b.Rates[tier] + lpFee;
        }

        if (model.Basis == MaintenanceBasis.MarkValue)
        {
            // Under WholePosition tables the root can pass the next floor, where the jump in MM is the boundary.
            if (tier + 1 < b.Floors.Length && num > b.Floors[tier + 1] * den)
            {
                (num, den) = (b.Floors[tier + 1], 1m);
            }

            tier = b.TierAtRoot(tier, num, den);
        }

        decimal? price = ToPrice(num, den, k, linear);
        return price is null
            ? new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null)
            : new LiquidationEstimate(price, bankruptcy, LiquidationPriceStatus.Exists, exposure, tier);
    }

    /// <summary>
    /// The unclamped solution <c>num ÷ (den × k)</c> of a linear long (the only case whose clamp is a solution at or
    /// below zero rather than none at all); null otherwise or when the line never crosses.
    /// </summary>
    private static decimal? RawLinearLong(bool linear, int s, decimal num, decimal den, decimal k) =>
        linear && s > 0 && den > 0m ? num / (den * k) : null;

    /// <summary>
    /// A hedged pair. Works in the price variable <c>u</c> (P, or 1/P for inverse), where
    /// <c>f(u) = C + Σ sᵢ(kᵢu − Nᵢ) − Σ MMᵢ(kᵢu)</c>. Under mark-valued margin the breakpoints of both legs'
    /// brackets split <c>u</c> into linear segments, walked in order.
    /// </summary>
    private static LiquidationEstimate SolvePair(Instrument instrument, PositionLeg lg, PositionLeg sg, CrossMarginContext context, MarginModel model)
    {
        bool linear = instrument.Kind == ContractKind.Linear;
        decimal cs = instrument.ContractSize;
        decimal kL = lg.Size * cs, kS = sg.Size * cs;
        int sL = linear ? 1 : -1;
        int sS = -sL;
        decimal neL = linear ? kL * lg.EntryPrice : kL / lg.EntryPrice;
        decimal neS = linear ? kS * sg.EntryPrice : kS / sg.EntryPrice;
        decimal exposureSlope = (sL * kL) + (sS * kS);
        decimal entryTerm = (sL * neL) + (sS * neS);
        decimal fee = model.ClosingFeeRate;
        bool feeAtLiquidation = model.ClosingFeeValuation == ClosingFeeValuation.LiquidationPrice;

        // Bankruptcy: C_B + E·u − Σ sᵢNᵢ − fee·(kL + kS)·u = 0.
        decimal slopeB = exposureSlope - (fee * (kL + kS));
        decimal? uB = slopeB == 0m ? null : (entryTerm - BankruptcyCollateral(context)) / slopeB;
        decimal? bankruptcy = uB is decimal ub && ub > 0m ? ToPrice(ub, 1m, 1m, linear) : null;
        decimal c = LiquidationCollateral(context) - (!feeAtLiquidation && uB is decimal u0 && u0 > 0m ? fee * (kL + kS) * u0 : 0m);
        decimal feeSlope = feeAtLiquidation ? fee * (kL + kS) : 0m;

        PositionSide? exposure = lg.Size == sg.Size ? null : lg.Size > sg.Size ? PositionSide.Long : PositionSide.Short;
        if (exposure is null)
        {
            return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, null, null);
        }

        RiskTierTable table = instrument.RiskTiers;
        decimal? lower, upper;
        bool everHealthy;
        if (model.Basis == MaintenanceBasis.EntryValue)
        {
            decimal mm = table.MaintenanceMarginUnchecked(neL) + table.MaintenanceMarginUnchecked(neS);
            decimal slope = exposureSlope - feeSlope;
            bool healthyAtZero = c - entryTerm - mm > 0m;
            everHealthy = healthyAtZero || slope > 0m;
            decimal? root = slope == 0m ? null : (entryTerm + mm - c) / slope;
            lower = slope > 0m && root > 0m ? root : null;
            upper = slope < 0m && healthyAtZero ? root : null;
        }
        else
        {
            WalkSegments(table, c - entryTerm, kL, kS, sL, sS, feeSlope, out lower, out upper, out everHealthy);
        }

        if (!everHealthy)
        {
            return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.AtAnyPrice, exposure, null);
        }

        // The adverse side: falling u when the PnL rises with u, rising u otherwise.
        decimal? u = exposureSlope > 0m ? lower : upper;
        decimal? price = u is decimal root2 && root2 > 0m ? ToPrice(root2, 1m, 1m, linear) : null;
        return price is null
            ? new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null)
            : new LiquidationEstimate(price, bankruptcy, LiquidationPriceStatus.Exists, exposure, null);
    }

    /// <summary>
    /// Walks the linear segments of <c>f(u) = a0 + Σᵢ (sᵢkᵢu − MMᵢ(kᵢu))</c> from u = 0 upward. <paramref name="lower"/>
    /// is the last point where f turns healthy (f &gt; 0) and <paramref name="upper"/> the first point after it
    /// where f turns liquidatable (f ≤ 0).
    /// </summary>
    private static void WalkSegments(
        RiskTierTable table, decimal a0, decimal kL, decimal kS, int sL, int sS, decimal feeSlope, out decimal? lower, out decimal? upper, out bool everHealthy)
    {
        ReadOnlySpan<decimal> floors = table.Floors, rates = table.Rates, amounts = table.Amounts;
        int n = floors.Length;
        int jL = 0, jS = 0;
        decimal u0 = 0m;
        lower = null;
        upper = null;
        everHealthy = false;
        bool? healthy = null;
        while (true)
        {
            decimal a = a0 + amounts[jL] + amounts[jS];
            decimal slope = (sL * kL) + (sS * kS) - (kL * rates[jL]) - (kS * rates[jS]) - feeSlope;
            bool startHealthy = a + (slope * u0) > 0m;
            Transition(ref healthy, startHealthy, u0, ref lower, ref upper, ref everHealthy);

            decimal nextL = jL + 1 < n ? floors[jL + 1] / kL : decimal.MaxValue;
            decimal nextS = jS + 1 < n ? floors[jS + 1] / kS : decimal.MaxValue;
            decimal u1 = Math.Min(nextL, nextS);
            bool last = u1 == decimal.MaxValue;
            bool endHealthy = last ? (slope == 0m ? startHealthy : slope > 0m) : a + (slope * u1) > 0m;
            if (endHealthy != startHealthy)
            {
                Transition(ref healthy, endHealthy, -a / slope, ref lower, ref upper, ref everHealthy);
            }

            if (last)
            {
                return;
            }

            if (nextL == u1)
            {
                jL++;
            }

            if (nextS == u1)
            {
                jS++;
            }

            u0 = u1;
        }
    }

    private static void Transition(ref bool? state, bool healthyNow, decimal at, ref decimal? lower, ref decimal? upper, ref bool everHealthy)
    {
        everHealthy |= healthyNow;
        if (state == healthyNow)
        {
            return;
        }

        if (healthyNow)
        {
            lower = state is null ? null : at;
            upper = null;
        }
        else if (state is not null && upper is null)
        {
            upper = at;
        }

        state = healthyNow;
    }

    /// <summary>
    /// Price at notional <c>num ÷ den</c>: <c>N ÷ k</c> (linear) or <c>k ÷ N</c> (inverse). A price beyond decimal's
    /// range (an inverse short near 1x) or one that underflows to zero is no price at all.
    /// </summary>
    private static decimal? ToPrice(decimal num, decimal den, decimal k, bool linear)
    {
        try
        {
            decimal price = linear ? num / (den * k) : k * den / num;
            return price > 0m ? price : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static void ValidatePosition(Instrument instrument, PositionSide side, decimal size, decimal entryPrice, MarginModel model)
    {
        Preconditions.NotNull(instrument);
        Preconditions.NotNull(model);
        Position.ValidateSide(side);
        Preconditions.Positive(size);
        Preconditions.Positive(entryPrice);
        try
        {
            _ = instrument.NotionalUnchecked(size, entryPrice);
        }
        catch (OverflowException)
        {
            ThrowHelper.OutOfRange(nameof(entryPrice), entryPrice, string.Create(CultureInfo.InvariantCulture, $"is too large: the notional of {size} contracts at it is beyond the decimal range"));
        }
    }

    /// <summary>
    /// The account's own instance of <paramref name="position"/> (an equal copy passed in must not be mistaken for
    /// another leg), with the arguments of an account-level query checked: every held symbol needs a positive mark, as
    /// in <see cref="AccountMargin"/>, even where the answer does not read it — a missing or zero mark is a caller's
    /// mistake, not a price.
    /// </summary>
    internal static Position HeldInstance(Account account, Position position, IReadOnlyDictionary<string, decimal> markPrices, MarginModel model)
    {
        Preconditions.NotNull(account);
        Preconditions.NotNull(position);
        Preconditions.NotNull(markPrices);
        Preconditions.NotNull(model);
        int held = account.Positions.IndexOf(position);
        if (held < 0)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "is not held by the account");
        }

        foreach (Position p in account.Positions)
        {
            _ = AccountMargin.MarkOf(markPrices, p.Symbol);
        }

        return account.Positions[held];
    }

    private static void ValidateContract(ContractKind kind, decimal contractSize, PositionSide side, decimal size, decimal entryPrice, MarginModel model)
    {
        Preconditions.NotNull(model);
        if (kind is not (ContractKind.Linear or ContractKind.Inverse))
        {
            ThrowHelper.Argument(nameof(kind), kind, "must be Linear or Inverse");
        }

        Preconditions.Positive(contractSize);
        Position.ValidateSide(side);
        Preconditions.Positive(size);
        Preconditions.Positive(entryPrice);
        try
        {
            _ = kind == ContractKind.Linear ? size * contractSize * entryPrice : size * contractSize / entryPrice;
        }
        catch (OverflowException)
        {
            ThrowHelper.OutOfRange(nameof(entryPrice), entryPrice, string.Create(CultureInfo.InvariantCulture, $"is too extreme: the notional of {size} contracts at it is beyond the decimal range"));
        }
    }

    private static void ValidateContext(CrossMarginContext context) =>
        Preconditions.NonNegative(context.OtherMaintenanceMargin, "context.OtherMaintenanceMargin");

    private static void ValidateBracket(MaintenanceBracket bracket)
    {
        Preconditions.Fraction(bracket.Rate, "bracket.Rate");
        Preconditions.NonNegative(bracket.Amount, "bracket.Amount");
    }

    /// <summary>Span view of a bracket table, so a table and a single stated bracket share one solver.</summary>
    private readonly ref struct Brackets
    {
        public readonly ReadOnlySpan<decimal> Floors;
        public readonly ReadOnlySpan<decimal> Rates;
        public readonly ReadOnlySpan<decimal> Amounts;
        private readonly ReadOnlySpan<decimal> _risingKeys;
        private readonly ReadOnlySpan<decimal> _fallingKeys;
        private readonly bool _continuous;
        private readonly bool _capInclusive;

        public Brackets(
            ReadOnlySpan<decimal> floors,
            ReadOnlySpan<decimal> rates,
            ReadOnlySpan<decimal> amounts,
            ReadOnlySpan<decimal> risingKeys,
            ReadOnlySpan<decimal> fallingKeys,
            bool continuous,
            bool capInclusive)
        {
            Floors = floors;
            Rates = rates;
            Amounts = amounts;
            _risingKeys = risingKeys;
            _fallingKeys = fallingKeys;
            _continuous = continuous;
            _capInclusive = capInclusive;
        }

        public int IndexOf(decimal notional) => RiskTierTable.IndexOf(Floors, notional, _capInclusive);

        /// <summary>
        /// Highest j with f(F_j) ≤ 0 for s = +1, i.e. <c>F_j − MM(F_j) − fee·F_j ≤ N_e − C</c>; −1 if none. The
        /// left side is precomputed per table, so each probe is one comparison.
        /// </summary>
        public int HighestLiquidatableFloorRising(decimal threshold, decimal fee)
        {
            if (RisingKey(0, fee) > threshold)
            {
                return -1;
            }

            if (!_continuous)
            {
                // WholePosition tables jump down at each floor, so f is not monotone: scan from the top.
                for (int j = Floors.Length - 1; j > 0; j--)
                {
                    if (RisingKey(j, fee) <= threshold)
                    {
                        return j;
                    }
                }

                return 0;
            }

            int lo = 0, hi = Floors.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (RisingKey(mid, fee) <= threshold)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return lo;
        }

        /// <summary>
        /// Highest j with f(F_j) &gt; 0 for s = −1, i.e. <c>F_j + MM(F_j) + fee·F_j &lt; N_e + C</c>; −1 if none.
        /// f falls across WholePosition jumps too, so the search is binary for every table.
        /// </summary>
        public int HighestHealthyFloorFalling(decimal threshold, decimal fee)
        {
            if (FallingKey(0, fee) >= threshold)
            {
                return -1;
            }

            int lo = 0, hi = Floors.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (FallingKey(mid, fee) < threshold)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return lo;
        }

        /// <summary>
        /// The bracket that holds the root <c>num ÷ den</c> under the table's boundary rule: a root exactly on the
        /// next floor belongs to that bracket (floor-inclusive), one exactly on this floor to the one below (cap-inclusive).
        /// </summary>
        public int TierAtRoot(int tier, decimal num, decimal den)
        {
            if (!_capInclusive && tier + 1 < Floors.Length && num >= Floors[tier + 1] * den)
            {
                return tier + 1;
            }

            if (_capInclusive && tier > 0 && num <= Floors[tier] * den)
            {
                return tier - 1;
            }

            return tier;
        }

        private decimal RisingKey(int j, decimal fee) => fee == 0m ? _risingKeys[j] : _risingKeys[j] - (fee * Floors[j]);

        private decimal FallingKey(int j, decimal fee) => fee == 0m ? _fallingKeys[j] : _fallingKeys[j] + (fee * Floors[j]);
    }
}
