using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>Rounding of prices to a venue's tick.</summary>
public static class PriceRounding
{
    /// <summary>Rounds <paramref name="price"/> to a whole number of ticks with the given rule.</summary>
    /// <param name="price">The price; positive.</param>
    /// <param name="tickSize">Tick; positive.</param>
    /// <param name="mode">
    /// The rule; the directed modes (<see cref="MidpointRounding.ToPositiveInfinity"/>,
    /// <see cref="MidpointRounding.ToNegativeInfinity"/>, <see cref="MidpointRounding.ToZero"/>) round every
    /// value, not only midpoints.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> or <paramref name="tickSize"/> is not positive, or the price in ticks is beyond the decimal range.</exception>
    public static decimal ToTick(decimal price, decimal tickSize, MidpointRounding mode)
    {
        Preconditions.Positive(price);
        Preconditions.Positive(tickSize);
        try
        {
            return Math.Round(price / tickSize, 0, mode) * tickSize;
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(
                nameof(price), price, ThrowHelper.Describe(nameof(price), price, "is beyond the decimal range in ticks of " + tickSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>
    /// Rounds a liquidation or bankruptcy price to the tick on the side that is safe for the venue: up for a long
    /// (liquidated no later than the exact price), down for a short. Bybit's displayed prices follow this rule
    /// (inverse examples Y7: 5,739.0835 → 5,739.50, and Y8: 7,735.3725 → 7,735.50, reference cefi.md §2.2).
    /// </summary>
    /// <param name="price">The exact price.</param>
    /// <param name="tickSize">Tick; positive.</param>
    /// <param name="exposure">Side of the exposure the price protects: Long or Short.</param>
    /// <exception cref="ArgumentException"><paramref name="exposure"/> is neither Long nor Short (was rounded as a short).</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="ToTick"/>.</exception>
    public static decimal VenueSafe(decimal price, decimal tickSize, PositionSide exposure)
    {
        if (exposure is not (PositionSide.Long or PositionSide.Short))
        {
            ThrowHelper.Argument(nameof(exposure), exposure, "must be Long or Short");
        }

        return ToTick(price, tickSize, exposure == PositionSide.Long ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);
    }
}
