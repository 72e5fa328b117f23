using System.Globalization;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// The shard algebra every Monte Carlo result shares (<see cref="MonteCarloPaths{TSelf, TPath}"/> and the cascade's
/// result): concatenating shards of one root seed and ordering their paths, refusing overlaps, so the merge rules and
/// their messages are stated once.
/// </summary>
internal static class MonteCarloShards
{
    /// <summary>All paths of <paramref name="results"/>, which must share one root seed, in no particular order.</summary>
    /// <typeparam name="TShard">The result type.</typeparam>
    /// <typeparam name="TPath">The per-path result type.</typeparam>
    /// <param name="results">At least one result.</param>
    /// <param name="seedOf">A result's root seed.</param>
    /// <param name="pathsOf">A result's paths.</param>
    /// <returns>The first result, the common seed and the concatenated paths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">No result, different seeds, or more paths than an array holds.</exception>
    public static (TShard First, ulong Seed, TPath[] Paths) Concat<TShard, TPath>(IEnumerable<TShard> results, Func<TShard, ulong> seedOf, Func<TShard, ReadOnlyMemory<TPath>> pathsOf)
        where TShard : class
    {
        Preconditions.NotNull(results);
        TShard[] shards = [.. results];
        if (shards.Length == 0)
        {
            ThrowHelper.Argument(nameof(results), "(empty)", "must hold at least one result");
        }

        ulong seed = seedOf(Preconditions.NotNull(shards[0], "results[0]"));
        long total = 0;
        for (int i = 0; i < shards.Length; i++)
        {
            TShard shard = Preconditions.NotNull(shards[i], string.Create(CultureInfo.InvariantCulture, $"results[{i}]"));
            if (seedOf(shard) != seed)
            {
                ThrowHelper.Argument(
                    nameof(results),
                    seedOf(shard),
                    string.Create(CultureInfo.InvariantCulture, $"must all share one root seed, but results[0] has {seed} and results[{i}] has"));
            }

            total += pathsOf(shard).Length;
        }

        if (total > Array.MaxLength)
        {
            ThrowHelper.Argument(nameof(results), total, "must hold at most " + Array.MaxLength.ToString(CultureInfo.InvariantCulture) + " paths in all");
        }

        var merged = new TPath[total];
        int at = 0;
        foreach (TShard shard in shards)
        {
            ReadOnlyMemory<TPath> paths = pathsOf(shard);
            paths.Span.CopyTo(merged.AsSpan(at));
            at += paths.Length;
        }

        return (shards[0], seed, merged);
    }

    /// <summary>Sorts <paramref name="paths"/> by path index in place and refuses a negative or repeated index.</summary>
    /// <typeparam name="TPath">The per-path result type.</typeparam>
    /// <param name="paths">The paths.</param>
    /// <param name="paramName">The argument they came from, for the message.</param>
    /// <returns><paramref name="paths"/>, sorted.</returns>
    /// <exception cref="ArgumentException">A path index is negative or appears twice (overlapping shards).</exception>
    public static TPath[] SortDistinct<TPath>(TPath[] paths, string paramName)
        where TPath : IMonteCarloPathResult
    {
        Array.Sort(paths, static (a, b) => a.PathIndex.CompareTo(b.PathIndex));
        if (paths.Length > 0 && paths[0].PathIndex < 0)
        {
            ThrowHelper.Argument(paramName, paths[0].PathIndex, "must not hold a negative path index; path index");
        }

        for (int i = 1; i < paths.Length; i++)
        {
            if (paths[i].PathIndex == paths[i - 1].PathIndex)
            {
                ThrowHelper.Argument(paramName, paths[i].PathIndex, "must not hold a path index twice (overlapping shards); path index");
            }
        }

        return paths;
    }
}
