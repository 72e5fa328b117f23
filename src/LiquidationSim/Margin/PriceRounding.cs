using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>Rounding of prices to a venue's tick.</summary>
public static class PriceRounding
{
    /// <summary>Rounds <paramref name="price"/> to a whole number of ticks with the given rule.</summary>
    /// <param name="price">The price.</param>
    /// <param name="tickSize">Tick; positive.</param>
    /// <param name="mode">
    /// The rule; the directed modes (<see cref="MidpointRounding.ToPositiveInfinity"/>,
    /// <see cref="MidpointRounding.ToNegativeInfinity"/>, <see cref="MidpointRounding.ToZero"/>) round every
    /// value, not only midpoints.
    /// </param>
    public static decimal ToTick(decimal price, decimal tickSize, MidpointRounding mode)
    {
        Preconditions.Positive(tickSize);
        return Math.Round(price / tickSize, 0, mode) * tickSize;
    }

    /// <summary>
    /// Rounds a liquidation or bankruptcy price to the tick on the side that is safe for the venue: up for a long
    /// (liquidated no later than the exact price), down for a short. Bybit's displayed prices follow this rule
    /// (inverse examples Y7: 5,739.0835 → 5,739.50, and Y8: 7,735.3725 → 7,735.50, reference cefi.md §2.2).
    /// </summary>
    /// <param name="price">The exact price.</param>
    /// <param name="tickSize">Tick; positive.</param>
    /// <param name="exposure">Side of the exposure the price protects.</param>
    public static decimal VenueSafe(decimal price, decimal tickSize, PositionSide exposure) =>
        ToTick(price, tickSize, exposure == PositionSide.Long ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);
}
