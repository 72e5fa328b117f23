
namespace LiquidationSim.DeFi.Internal;

/// <summary>
/// The nearest-rank percentile every DeFi Monte Carlo result reports, as the core's
/// <c>LiquidationSim.Simulation.MonteCarloResult.Percentile</c> does (the DeFi package does not depend on the CeFi simulator): <c>p</c> is a fraction from 0 to 1 and the
/// value is the one at rank ⌈p·n⌉ of the n sorted values (the smallest when p is 0).
/// </summary>
internal static class NearestRank
{
    /// <summary>The nearest-rank percentile of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public static decimal Percentile(IEnumerable<decimal> values, decimal p)
    {
        if (p < 0m || p > 1m)
        {
            ThrowHelper.OutOfRange(nameof(p), p, "must be from 0 to 1");
        }

        decimal[] sorted = [.. values.Order()];
        long rank = (long)decimal.Ceiling(p * sorted.Length);
        return sorted[Math.Max(rank, 1L) - 1];
    }
}
