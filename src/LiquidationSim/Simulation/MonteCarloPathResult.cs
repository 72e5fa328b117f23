using LiquidationSim.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.Simulation;

/// <summary>The outcome of one Monte Carlo path: the four loss metrics the aggregates are computed over.</summary>
/// <remarks>
/// Every metric is a non-negative amount in the quote currency, validated on construction. The default value is path
/// 0 with every metric zero. Immutable and thread-safe.
/// </remarks>
public readonly record struct MonteCarloPathResult : IMonteCarloPathResult
{
    /// <summary>A path's outcome.</summary>
    /// <param name="pathIndex">The path's index; zero or greater.</param>
    /// <param name="insuranceFundDrawdown">How far the insurance fund fell below its starting balance; not negative.</param>
    /// <param name="badDebt">Losses no one covered; not negative.</param>
    /// <param name="adlVolume">Notional closed by auto-deleveraging; not negative.</param>
    /// <param name="liquidatedNotional">Notional closed by liquidation; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public MonteCarloPathResult(long pathIndex, decimal insuranceFundDrawdown, decimal badDebt, decimal adlVolume, decimal liquidatedNotional)
    {
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        PathIndex = pathIndex;
        InsuranceFundDrawdown = Preconditions.NonNegative(insuranceFundDrawdown);
        BadDebt = Preconditions.NonNegative(badDebt);
        AdlVolume = Preconditions.NonNegative(adlVolume);
        LiquidatedNotional = Preconditions.NonNegative(liquidatedNotional);
    }

    /// <summary>The path's index, the one its random stream was derived from.</summary>
    public long PathIndex { get; }

    /// <summary>How far the insurance fund fell below its starting balance; not negative.</summary>
    public decimal InsuranceFundDrawdown { get; }

    /// <summary>Losses neither the bankrupt account nor the insurance fund covered; not negative.</summary>
    public decimal BadDebt { get; }

    /// <summary>Notional closed by auto-deleveraging; not negative.</summary>
    public decimal AdlVolume { get; }

    /// <summary>Notional closed by liquidation; not negative.</summary>
    public decimal LiquidatedNotional { get; }

    /// <summary>The value of one metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>That metric's value on this path.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not a defined value.</exception>
    public decimal Get(MonteCarloMetric metric) => metric switch
    {
        MonteCarloMetric.InsuranceFundDrawdown => InsuranceFundDrawdown,
        MonteCarloMetric.BadDebt => BadDebt,
        MonteCarloMetric.AdlVolume => AdlVolume,
        MonteCarloMetric.LiquidatedNotional => LiquidatedNotional,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, ThrowHelper.Describe(nameof(metric), metric, "is not a defined metric")),
    };
}

/// <summary>The per-path metrics a <see cref="MonteCarloResult"/> aggregates.</summary>
public enum MonteCarloMetric
{
    /// <summary><see cref="MonteCarloPathResult.InsuranceFundDrawdown"/>.</summary>
    InsuranceFundDrawdown = 0,

    /// <summary><see cref="MonteCarloPathResult.BadDebt"/>.</summary>
    BadDebt = 1,

    /// <summary><see cref="MonteCarloPathResult.AdlVolume"/>.</summary>
    AdlVolume = 2,

    /// <summary><see cref="MonteCarloPathResult.LiquidatedNotional"/>.</summary>
    LiquidatedNotional = 3,
}
