using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Binance: one immediate-or-cancel order, limited to the bankruptcy price, for the smallest whole-lot size after
/// which the position (or cross account) is above maintenance again with the clearance fee paid; if the order
/// leaves it liquidatable, or no partial close can help, the rest is taken over at the bankruptcy price.
/// </summary>
/// <remarks>
/// Source: Binance "Liquidation Protocols" (support FAQ 360033525271, 2024-05-29; reference cefi.md §1.9): the
/// engine "will try to restore compliance" by reducing the position, and a user whose maintenance rate is no more
/// than the fee rate "is already bankrupt when first entering liquidation".
/// </remarks>
public sealed record ImmediateOrCancelToCompliancePolicy : LiquidationPolicy
{
    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = waterfall.Held(id, symbol, side)!;
        if (ComplianceSize(waterfall, id, p, cross) is decimal size && size < p.Size)
        {
            decimal? bp = waterfall.Estimate(id, p, cross).BankruptcyPrice;
            decimal filled = waterfall.SendLiquidationOrder(id, p, size, bp, TimeInForce.ImmediateOrCancel, "IOC to restore compliance");
            if (filled > 0m && !waterfall.IsLiquidatable(id, symbol, side, cross))
            {
                return;
            }
        }

        if (waterfall.Held(id, symbol, side) is not null)
        {
            waterfall.TakeOver(id, symbol, side, cross);
        }
    }

    /// <summary>
    /// Smallest whole-lot reduction after which, closed at the trigger price with the clearance fee paid, the
    /// position is no longer liquidatable; the full size when none is. Binary search: compliance improves with size
    /// while the bracket's maintenance rate exceeds the fee rate, which is when a partial close can help at all.
    /// </summary>
    private static decimal ComplianceSize(LiquidationWaterfall w, AccountId id, Position p, bool cross)
    {
        // A cross account holding only this position, with no orders, is the isolated case with the wallet as margin.
        Account holder = w.Account(id);
        decimal? soleCrossMargin = cross && holder.Positions.Length == 1 && holder.Orders.IsEmpty ? holder.WalletBalance : null;
        MarginModel model = w.Profile.MarginModel;
        if ((!cross || soleCrossMargin is not null)
            && model.Basis == MaintenanceBasis.MarkValue && model.ClosingFeeRate == 0m
            && ClosedFormComplianceSize(w, p, w.TriggerOf(p.Symbol), soleCrossMargin ?? p.IsolatedMargin) is decimal direct)
        {
            return direct;
        }

        decimal lot = p.Instrument.LotSize;
        long lots = (long)(p.Size / lot);
        decimal price = w.TriggerOf(p.Symbol);
        long lo = 1, hi = lots;
        while (lo < hi)
        {
            long mid = lo + ((hi - lo) / 2);
            if (CompliantAfter(w, id, p, mid * lot, price, cross))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo * lot;
    }

    /// <summary>
    /// For an isolated position (or the sole position of a cross account, whose wallet is then its margin) under
    /// mark-valued margin: closing q at P with fee rate f leaves equity
    /// <c>E₀ − f·q·n</c> (E₀ = margin + PnL of the whole position at P, n = notional per contract) against
    /// <c>MM = (Q − q)·n·r − cum</c> in the rest's bracket, so compliance needs <c>q &gt; (MM(Q) − E₀) ÷ (n·(r − f))</c>.
    /// The bracket of the rest is found by iterating (it can only fall as q grows); the result is rounded up to a lot
    /// and checked once. The full size when no partial close can restore compliance (r ≤ f); null when the check
    /// disagrees, and the caller searches instead.
    /// </summary>
    private static decimal? ClosedFormComplianceSize(LiquidationWaterfall w, Position p, decimal price, decimal margin)
    {
        Instrument inst = p.Instrument;
        decimal perContract = inst.NotionalUnchecked(1m, price);
        decimal equity = margin + p.UnrealizedPnl(price);
        decimal fee = w.Profile.ClearanceFeeRate;
        RiskTierTable tiers = inst.RiskTiers;
        int tier = tiers.IndexOfUnchecked(p.Size * perContract);
        decimal q = 0m;

        // The rest's bracket only falls as q grows, so this settles within one step per bracket.
        for (int step = 0; step < tiers.Count + 1; step++)
        {
            RiskTier t = tiers.Tiers[tier];
            decimal rateGap = t.MaintenanceMarginRate - fee;
            if (rateGap <= 0m)
            {
                // Closing part pays more fee than it frees maintenance, here and in every lower bracket (rates only
                // fall): no partial close helps.
                return p.Size;
            }

            decimal full = (p.Size * perContract * t.MaintenanceMarginRate) - t.MaintenanceAmount;
            q = Math.Max(0m, (full - equity) / (perContract * rateGap));
            q = inst.FloorToLots(q) + inst.LotSize;
            if (q >= p.Size)
            {
                return p.Size;
            }

            int restTier = tiers.IndexOfUnchecked((p.Size - q) * perContract);
            if (restTier == tier)
            {
                break;
            }

            tier = restTier;
        }

        decimal marginAfter = margin
            + MarginMath.UnrealizedPnlUnchecked(inst, (int)p.Side, q, p.EntryPrice, price)
            - w.ClearanceFee(inst, q * perContract);
        LiquidationEstimate rest = LiquidationPriceSolver.IsolatedUnchecked(inst, p.Side, p.Size - q, p.EntryPrice, marginAfter, w.Profile.MarginModel);

        // A disagreement (the bracket search above did not settle) falls back to the exact search.
        return rest.IsCrossedAt(p.Side, price) ? null : q;
    }

    private static bool CompliantAfter(LiquidationWaterfall w, AccountId id, Position p, decimal size, decimal price, bool cross)
    {
        if (size >= p.Size)
        {
            return true;
        }

        (Account after, _, _) = w.Account(id).LiquidationClose(p, size, price);
        decimal fee = w.ClearanceFee(p.Instrument, p.Instrument.NotionalUnchecked(size, price));
        after = after.CreditPosition(after.Slot(p.Symbol, p.Side)!, -fee);
        Position rest = after.Slot(p.Symbol, p.Side)!;
        LiquidationEstimate e = cross
            ? LiquidationPriceSolver.ForPosition(after, rest, w.Marks, w.Profile.MarginModel)
            : LiquidationPriceSolver.IsolatedUnchecked(rest.Instrument, rest.Side, rest.Size, rest.EntryPrice, rest.IsolatedMargin, w.Profile.MarginModel);
        return !e.IsCrossedAt(p.Side, price) && !(cross && w.AccountShort(after));
    }
}
