using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>One point of a <see cref="ScriptedPath"/>: the price at an offset from the start of the path.</summary>
/// <param name="Offset">The time since the start of the path; zero or greater.</param>
/// <param name="Price">The price at <paramref name="Offset"/>; greater than zero.</param>
public readonly record struct PricePoint(TimeSpan Offset, decimal Price);

/// <summary>
/// A price path given as points, for stress scenarios ("−30% over an hour") and replays: between two points the price
/// moves linearly in time; after the last point it holds.
/// </summary>
/// <remarks>
/// Linear interpolation rather than steps, so a scripted crash reaches the liquidation prices in between one by one,
/// as a real sell-off does; a step change is two points a tick apart. The path ignores the current price and the
/// generator: it is the script. Immutable and thread-safe.
/// </remarks>
public sealed class ScriptedPath : IPriceProcess
{
    private readonly PricePoint[] _points;

    /// <summary>A path through <paramref name="points"/>.</summary>
    /// <param name="points">
    /// At least one point; the first at offset zero, offsets strictly increasing, every price greater than zero.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">The points break one of the rules above; the message names the point.</exception>
    public ScriptedPath(IEnumerable<PricePoint> points)
    {
        _points = [.. Preconditions.NotNull(points)];
        if (_points.Length == 0)
        {
            ThrowHelper.Argument(nameof(points), "[]", "must hold at least one point");
        }

        if (_points[0].Offset != TimeSpan.Zero)
        {
            ThrowHelper.Argument(nameof(points), _points[0].Offset, "must start at offset zero (points[0].Offset)");
        }

        for (int i = 0; i < _points.Length; i++)
        {
            if (_points[i].Price <= 0m)
            {
                ThrowHelper.Argument(nameof(points), _points[i].Price, $"must have positive prices (points[{i}].Price)");
            }

            if (i > 0 && _points[i].Offset <= _points[i - 1].Offset)
            {
                ThrowHelper.Argument(nameof(points), _points[i].Offset, $"must have strictly increasing offsets (points[{i}].Offset)");
            }
        }
    }

    /// <summary>The points, in order.</summary>
    public IReadOnlyList<PricePoint> Points => _points;

    /// <summary>The price at <paramref name="time"/>.</summary>
    /// <param name="time">The offset from the start of the path; zero or greater.</param>
    /// <returns>
    /// The price of the point at <paramref name="time"/> exactly if there is one; else the linear interpolation of its
    /// neighbours p₀ + (p₁ − p₀)·f with f = (t − t₀)/(t₁ − t₀) in ticks; the last price after the last point.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is negative.</exception>
    public decimal PriceAt(TimeSpan time)
    {
        if (time < TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(nameof(time), time, "must not be negative");
        }

        // The last point at or before time.
        int lo = 0;
        int hi = _points.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_points[mid].Offset <= time)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        PricePoint a = _points[lo];
        if (a.Offset == time || lo == _points.Length - 1)
        {
            return a.Price;
        }

        PricePoint b = _points[lo + 1];
        decimal fraction = (decimal)(time - a.Offset).Ticks / (b.Offset - a.Offset).Ticks;
        return a.Price + ((b.Price - a.Price) * fraction);
    }

    /// <inheritdoc/>
    /// <remarks>Returns <see cref="PriceAt"/>(<paramref name="time"/> + <paramref name="step"/>); draws nothing.</remarks>
    public decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random)
    {
        PriceSteps.Check(price, time, step, random);
        return PriceAt(time + step);
    }
}
