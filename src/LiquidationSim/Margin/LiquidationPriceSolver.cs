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
/// <para>Results are exact to decimal precision; round with <see cref="LiquidationEstimate.RoundToTick"/>. Thread-safe.</para>
/// </remarks>
public static class LiquidationPriceSolver
{
    /// <summary>Liquidation and bankruptcy price of an isolated position, with the bracket solved from the instrument's table.</summary>
    /// <param name="instrument">The contract and its brackets.</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="isolatedMargin">The position's margin (Binance isolated wallet balance, Bybit position margin incl. extra margin and funding); not negative.</param>
    /// <param name="model">Venue margin model.</param>
    public static LiquidationEstimate Isolated(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        Preconditions.NonNegative(isolatedMargin);
        return SolveSingle(instrument, (int)side, size, entryPrice, isolatedMargin, isolatedMargin, TableOf(instrument), model);
    }

    /// <summary>Isolated position with a bracket given directly (reproduces a published formula that states the MMR and cum).</summary>
    /// <param name="instrument">The contract (its table is not used).</param>
    /// <param name="side">Long or short.</param>
    /// <param name="size">Absolute size in contracts; positive.</param>
    /// <param name="entryPrice">Average entry price; positive.</param>
    /// <param name="isolatedMargin">The position's margin; not negative.</param>
    /// <param name="bracket">The bracket to use at every price.</param>
    /// <param name="model">Venue margin model.</param>
    public static LiquidationEstimate Isolated(
        Instrument instrument, PositionSide side, decimal size, decimal entryPrice, decimal isolatedMargin, MaintenanceBracket bracket, MarginModel model)
    {
        ValidatePosition(instrument, side, size, entryPrice, model);
        Preconditions.NonNegative(isolatedMargin);
        ValidateBracket(bracket);
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, atFloor = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in atFloor), continuous: true, capInclusive: false);
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
        decimal zero = 0m, rate = bracket.Rate, amount = bracket.Amount, atFloor = -bracket.Amount;
        var fixedBracket = new Brackets(new(in zero), new(in rate), new(in amount), new(in atFloor), continuous: true, capInclusive: false);
        return SolveSingle(instrument, (int)side, size, entryPrice, LiquidationCollateral(context), BankruptcyCollateral(context), fixedBracket, model);
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
    /// <param name="account">The account holding <paramref name="position"/>.</param>
    /// <param name="position">The position.</param>
    /// <param name="markPrices">Mark price per symbol, for every other cross position.</param>
    /// <param name="model">Venue margin model. Under <see cref="MaintenanceBasis.EntryValue"/> other positions' maintenance margin is valued at their entry.</param>
    public static LiquidationEstimate ForPosition(Account account, Position position, IReadOnlyDictionary<string, decimal> markPrices, MarginModel model)
    {
        Preconditions.NotNull(account);
        Preconditions.NotNull(position);
        Preconditions.NotNull(markPrices);
        Preconditions.NotNull(model);
        // Use the account's own instance: an equal copy passed in must not be mistaken for another leg.
        int held = account.Positions.IndexOf(position);
        if (held < 0)
        {
            ThrowHelper.Argument(nameof(position), position.ToString(), "is not held by the account");
        }

        position = account.Positions[held];

        if (position.MarginMode == MarginMode.Isolated)
        {
            return Isolated(position.Instrument, position.Side, position.Size, position.EntryPrice, position.IsolatedMargin, model);
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
            otherMm += p.Instrument.RiskTiers.MaintenanceMarginUnchecked(p.Instrument.NotionalUnchecked(p.Size, valuedAt));
            otherUpnl += MarginMath.UnrealizedPnlUnchecked(p.Instrument, (int)p.Side, p.Size, p.EntryPrice, mark);
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
        return new Brackets(t.Floors, t.Rates, t.Amounts, t.MaintenanceAtFloor, t.AmountRule == MaintenanceAmountRule.Cumulative, t.Boundary == TierBoundary.CapInclusive);
    }

    /// <summary>
    /// One leg. Works in notional space: <c>N = k·u</c> with <c>u = P</c> (linear) or <c>1/P</c> (inverse) and
    /// <c>s</c> the sign of the PnL's slope in <c>N</c>, so <c>f(N) = C + s(N − N_e) − MM(N)</c>.
    /// </summary>
    private static LiquidationEstimate SolveSingle(
        Instrument instrument, int side, decimal size, decimal entryPrice, decimal collateral, decimal bankruptcyCollateral, scoped Brackets b, MarginModel model)
    {
        bool linear = instrument.Kind == ContractKind.Linear;
        decimal k = size * instrument.ContractSize;
        int s = linear ? side : -side;
        decimal ne = linear ? k * entryPrice : k / entryPrice;
        decimal fee = model.ClosingFeeRate;
        bool feeAtLiquidation = model.ClosingFeeValuation == ClosingFeeValuation.LiquidationPrice;

        // Bankruptcy: C_B + s(N − N_e) − fee·N = 0.
        decimal nb = ((s * ne) - bankruptcyCollateral) / (s - fee);
        decimal? bankruptcy = nb > 0m ? ToPrice(nb, k, linear) : null;

        // A fee valued at the bankruptcy price is a constant set aside from the collateral; one valued at the
        // liquidation price adds to the maintenance rate.
        decimal c = nb > 0m && !feeAtLiquidation ? collateral - (fee * nb) : collateral;
        decimal lpFee = feeAtLiquidation ? fee : 0m;

        PositionSide exposure = (PositionSide)side;
        decimal nStar;
        int tier;
        if (model.Basis == MaintenanceBasis.EntryValue)
        {
            // f(N) = C + s(N − N_e) − MM(N_e) − lpFee·N.
            tier = b.IndexOf(ne);
            decimal mm = (ne * b.Rates[tier]) - b.Amounts[tier];
            nStar = ((s * ne) + mm - c) / (s - lpFee);
            if (nStar <= 0m)
            {
                return new LiquidationEstimate(null, bankruptcy, s > 0 ? LiquidationPriceStatus.None : LiquidationPriceStatus.AtAnyPrice, exposure, null);
            }
        }
        else if (s > 0)
        {
            // f rises with N: the root lies in the highest bracket whose floor is still liquidatable.
            tier = b.Continuous ? b.HighestAtOrBelowZero(c, ne, lpFee) : b.HighestAtOrBelowZeroByScan(c, ne, lpFee);
            if (tier < 0)
            {
                return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null);
            }

            nStar = (ne - c - b.Amounts[tier]) / (1m - b.Rates[tier] - lpFee);
            nStar = b.ClampToCap(tier, nStar);
            if (nStar <= 0m)
            {
                return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null);
            }
        }
        else
        {
            // f falls with N (also across WholePosition jumps): the root lies in the highest bracket whose floor is healthy.
            tier = b.HighestAboveZeroFalling(c, ne, lpFee);
            if (tier < 0)
            {
                return new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.AtAnyPrice, exposure, null);
            }

            nStar = (ne + c + b.Amounts[tier]) / (1m + b.Rates[tier] + lpFee);
            nStar = b.ClampToCap(tier, nStar);
        }

        return new LiquidationEstimate(ToPrice(nStar, k, linear), bankruptcy, LiquidationPriceStatus.Exists, exposure, tier);
    }

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
        decimal? bankruptcy = uB is decimal ub && ub > 0m ? ToPrice(ub, 1m, linear) : null;
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
        return u is decimal root2 && root2 > 0m
            ? new LiquidationEstimate(ToPrice(root2, 1m, linear), bankruptcy, LiquidationPriceStatus.Exists, exposure, null)
            : new LiquidationEstimate(null, bankruptcy, LiquidationPriceStatus.None, exposure, null);
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

    private static decimal ToPrice(decimal notional, decimal k, bool linear) => linear ? notional / k : k / notional;

    private static void ValidatePosition(Instrument instrument, PositionSide side, decimal size, decimal entryPrice, MarginModel model)
    {
        Preconditions.NotNull(instrument);
        Preconditions.NotNull(model);
        Position.ValidateSide(side);
        Preconditions.Positive(size);
        Preconditions.Positive(entryPrice);
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
        public readonly ReadOnlySpan<decimal> AtFloor;
        public readonly bool Continuous;
        private readonly bool _capInclusive;

        public Brackets(ReadOnlySpan<decimal> floors, ReadOnlySpan<decimal> rates, ReadOnlySpan<decimal> amounts, ReadOnlySpan<decimal> atFloor, bool continuous, bool capInclusive)
        {
            _capInclusive = capInclusive;
            Floors = floors;
            Rates = rates;
            Amounts = amounts;
            AtFloor = atFloor;
            Continuous = continuous;
        }

        public int IndexOf(decimal notional)
        {
            int lo = 0, hi = Floors.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (Floors[mid] < notional || (!_capInclusive && Floors[mid] == notional))
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

        /// <summary>f at bracket j's floor for s = +1: C + (F − N_e) − MM(F) − fee·F.</summary>
        private decimal RisingAt(int j, decimal c, decimal ne, decimal fee) => c + (Floors[j] - ne) - AtFloor[j] - (fee * Floors[j]);

        /// <summary>f at bracket j's floor for s = −1: C − (F − N_e) − MM(F) − fee·F.</summary>
        private decimal FallingAt(int j, decimal c, decimal ne, decimal fee) => c - (Floors[j] - ne) - AtFloor[j] - (fee * Floors[j]);

        public int HighestAtOrBelowZero(decimal c, decimal ne, decimal fee)
        {
            if (RisingAt(0, c, ne, fee) > 0m)
            {
                return -1;
            }

            int lo = 0, hi = Floors.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (RisingAt(mid, c, ne, fee) <= 0m)
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

        public int HighestAtOrBelowZeroByScan(decimal c, decimal ne, decimal fee)
        {
            for (int j = Floors.Length - 1; j >= 0; j--)
            {
                if (RisingAt(j, c, ne, fee) <= 0m)
                {
                    return j;
                }
            }

            return -1;
        }

        public int HighestAboveZeroFalling(decimal c, decimal ne, decimal fee)
        {
            if (FallingAt(0, c, ne, fee) <= 0m)
            {
                return -1;
            }

            int lo = 0, hi = Floors.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (FallingAt(mid, c, ne, fee) > 0m)
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

        /// <summary>Under WholePosition tables the root can pass the next floor, where a jump in MM sets the boundary.</summary>
        public decimal ClampToCap(int tier, decimal notional) =>
            tier + 1 < Floors.Length && notional > Floors[tier + 1] ? Floors[tier + 1] : notional;
    }
}
