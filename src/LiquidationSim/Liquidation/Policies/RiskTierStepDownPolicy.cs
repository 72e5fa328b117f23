using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Bybit and BitMEX: while the position is liquidatable and a lower risk tier exists, reduce it to the largest
/// whole-lot size within the next lower tier with a fill-or-kill order limited to the bankruptcy price; at the
/// lowest tier, or when an order does not fill, the rest is taken over at the bankruptcy price.
/// </summary>
/// <remarks>
/// Sources: Bybit "Liquidation Process" (help 000001098, 2024-01-24; reference cefi.md §2.3) and BitMEX
/// "Liquidation" (bitmex.com/app/liquidation; reference cefi.md §4.2). The tier is read at the price the margin
/// model values positions at (the entry price for Bybit and BitMEX, whose maintenance is entry-valued), so each
/// step lands in a strictly lower tier and the loop ends within the table's tier count.
/// </remarks>
public sealed record RiskTierStepDownPolicy : LiquidationPolicy
{
    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross)
    {
        int previousTier = int.MaxValue;
        while (true)
        {
            Position? p = waterfall.Held(id, symbol, side);
            if (p is null || !waterfall.IsLiquidatable(id, symbol, side, cross))
            {
                return;
            }

            (int tier, decimal valuedAt) = TierOf(waterfall, p, symbol);
            if (tier == 0)
            {
                break;
            }

            if (tier >= previousTier)
            {
                // Each filled step lands within a lower tier; anything else is a broken invariant, not a reason to loop.
                ThrowHelper.InvalidOperation(string.Create(
                    CultureInfo.InvariantCulture, $"Risk-tier step-down of account {id} in {symbol} did not lower the tier ({previousTier} -> {tier})."));
            }

            previousTier = tier;
            decimal target = LargestSizeWithin(p.Instrument, tier - 1, valuedAt);
            decimal reduce = p.Size - target;
            decimal? bp = waterfall.Estimate(id, p, cross).BankruptcyPrice;
            if (reduce <= 0m
                || waterfall.SendLiquidationOrder(id, p, reduce, bp, TimeInForce.FillOrKill, string.Create(CultureInfo.InvariantCulture, $"step down to risk tier {tier}")) == 0m)
            {
                break;
            }
        }

        if (waterfall.Held(id, symbol, side) is not null && waterfall.IsLiquidatable(id, symbol, side, cross))
        {
            waterfall.TakeOver(id, symbol, side, cross);
        }
    }
}
