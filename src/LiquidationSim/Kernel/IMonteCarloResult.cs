namespace LiquidationSim.Kernel;

/// <summary>
/// The one shape of every simulator's Monte Carlo result: the root seed and a set of distinct path indices with their
/// per-path results, which merges with other shards of the same run, fingerprints itself and round-trips through JSON.
/// </summary>
/// <typeparam name="TSelf">The result type itself.</typeparam>
/// <remarks>
/// <para>
/// Merge rules, the same for every result: the shards must share <see cref="RootSeed"/> and hold no path index in
/// common; merging disjoint shards in any order gives exactly the result (equal paths, equal <see cref="Digest"/>) of
/// running all their paths at once. A result's path indices need not be contiguous.
/// </para>
/// <para>
/// <c>FromJson(ToJson())</c> is equal to the result and has the same <see cref="Digest"/>. Results are immutable and
/// thread-safe.
/// </para>
/// </remarks>
public interface IMonteCarloResult<TSelf>
    where TSelf : IMonteCarloResult<TSelf>
{
    /// <summary>The root seed every path's random stream was derived from.</summary>
    ulong RootSeed { get; }

    /// <summary>The lowest path index in the result.</summary>
    long FirstPath { get; }

    /// <summary>The highest path index in the result.</summary>
    long LastPath { get; }

    /// <summary>How many paths the result holds; at least 1.</summary>
    long PathCount { get; }

    /// <summary>True when the paths are exactly <see cref="FirstPath"/> … <see cref="LastPath"/> with no gap.</summary>
    bool IsContiguous { get; }

    /// <summary>Combines disjoint shards of one run, in any order.</summary>
    /// <param name="results">At least one result, all with the same <see cref="RootSeed"/>, no two sharing a path index.</param>
    /// <returns>The result of all their paths, as if run together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="results"/> is empty, the seeds differ, or two results share a path index (named in the message).
    /// </exception>
    static abstract TSelf Merge(IEnumerable<TSelf> results);

    /// <summary>Reads a result written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The text is not such a result (a missing property, another schema version, a repeated path index…).</exception>
    static abstract TSelf FromJson(string json);

    /// <summary>Combines this result with a disjoint shard of the same run.</summary>
    /// <param name="other">A result with the same <see cref="RootSeed"/> and no path index in common with this one.</param>
    /// <returns>The result of all paths of both, as if run together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The seeds differ or the results share a path index.</exception>
    TSelf Merge(TSelf other);

    /// <summary>A SHA-256 fingerprint of a canonical form of the result, for checking that two runs or machines agree.</summary>
    /// <returns>64 lowercase hexadecimal digits; equal results have equal digests.</returns>
    string Digest();

    /// <summary>The result as JSON, which <c>FromJson</c> reads back to an equal result.</summary>
    /// <returns>The JSON text.</returns>
    string ToJson();
}

/// <summary>A per-path result of a Monte Carlo run: it knows which path it is.</summary>
public interface IMonteCarloPathResult
{
    /// <summary>The path index, zero or greater.</summary>
    long PathIndex { get; }
}
