using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// OKX partial liquidation: a liquidatable position in tier <see cref="FirstPartialTier"/> or above is reduced to
/// the largest whole-lot size <see cref="TiersPerStep"/> tiers lower, and the check repeats; a position below that
/// tier, or one whose reduction does not fill, is liquidated in full (taken over at the bankruptcy price).
/// </summary>
/// <remarks>
/// <para>
/// Source: OKX "Tiered maintenance margin ratio rules" (help centre, published 2022-06-16, updated 2025-05-16;
/// reference cefi.md §3) and the coin-margined perpetual partial-liquidation rules as quoted in third-party copies:
/// for a position in tier 3 or higher whose margin ratio falls below the current tier's maintenance margin plus
/// liquidation fee rate, the system works out the contracts to bring the position down by two tiers and liquidates
/// those; if the margin ratio then meets the new tier's requirement the process stops, else it repeats.
/// </para>
/// <para>
/// Assumptions where the pages leave the mechanics open: each reduction is one immediate-or-cancel order limited to
/// the position's bankruptcy price (the venue does not fill a liquidation beyond it); the tier is read at the price
/// the margin model values positions at (the mark for OKX); "full liquidation" is the shared takeover at the
/// bankruptcy price worked by the insurance fund, then ADL. Under cross margin, hedged legs are offset first when the
/// profile nets them (<see cref="VenueProfile.NetsHedgedPositions"/>).
/// </para>
/// <para>
/// OKX's tiers are in contracts, so its tier does not move with the price; the engine's tiers are notional
/// (<see cref="OkxPositionTierTable.ToRiskTierTable"/>), so a position reduced to the top of a lower tier at the mark
/// is back in the higher tier at any higher price. When the remainder's liquidation price in that higher tier is
/// still above the mark, the check after the step finds it liquidatable and it is taken over in full.
/// </para>
/// </remarks>
public sealed record OkxTierReductionPolicy : LiquidationPolicy
{
    /// <summary>OKX's rule: partial liquidation from tier 3, two tiers per step.</summary>
    public static OkxTierReductionPolicy Okx { get; } = new();

    /// <summary>The lowest tier (1-based, as OKX numbers them) liquidated partially.</summary>
    /// <value>3.</value>
    public int FirstPartialTier { get; init; } = 3;

    /// <summary>How many tiers one reduction steps down.</summary>
    /// <value>2.</value>
    public int TiersPerStep { get; init; } = 2;

    internal override void Validate(string paramName)
    {
        if (FirstPartialTier < 2)
        {
            ThrowHelper.OutOfRange(paramName + ".FirstPartialTier", FirstPartialTier, "must be at least 2 (tier 1 has no lower tier)");
        }

        if (TiersPerStep < 1)
        {
            ThrowHelper.OutOfRange(paramName + ".TiersPerStep", TiersPerStep, "must be at least 1");
        }
    }

    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross)
    {
        while (true)
        {
            Position? p = waterfall.Held(id, symbol, side);
            if (p is null || !waterfall.IsLiquidatable(id, symbol, side, cross))
            {
                return;
            }

            (int tier, decimal valuedAt) = TierOf(waterfall, p, symbol);
            if (tier + 1 < FirstPartialTier)
            {
                break;
            }

            int targetTier = Math.Max(0, tier - TiersPerStep);
            decimal reduce = p.Size - LargestSizeWithin(p.Instrument, targetTier, valuedAt);
            decimal? bp = waterfall.Estimate(id, p, cross).BankruptcyPrice;

            // Each fill takes at least one lot off the position, so the loop ends.
            if (reduce <= 0m
                || waterfall.SendLiquidationOrder(
                    id, p, reduce, bp, TimeInForce.ImmediateOrCancel,
                    string.Create(CultureInfo.InvariantCulture, $"reduce from tier {tier + 1} to tier {targetTier + 1}")) == 0m)
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
