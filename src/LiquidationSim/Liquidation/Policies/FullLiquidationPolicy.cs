using LiquidationSim.Accounts;

namespace LiquidationSim.Liquidation;

/// <summary>
/// No partial step: the whole position is taken over at its bankruptcy price at once, and the insurance fund works
/// it on the book, then through ADL, then against the venue.
/// </summary>
public sealed record FullLiquidationPolicy : LiquidationPolicy
{
    internal override void Liquidate(LiquidationWaterfall waterfall, AccountId id, string symbol, PositionSide side, bool cross) =>
        waterfall.TakeOver(id, symbol, side, cross);
}
