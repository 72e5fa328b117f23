using System.Collections.ObjectModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiquidationSim.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.Simulation;

/// <summary>
/// The per-path results of a Monte Carlo run, or of several shards of one run merged, in path order, with the
/// statistics computed from them.
/// </summary>
/// <remarks>
/// <para>
/// A result is a root seed and a set of distinct path indices with their outcomes; the indices need not be
/// contiguous. Every statistic is a function of that set alone, so <see cref="Merge(MonteCarloResult)"/> of disjoint
/// shards gives exactly the result (equal paths, equal statistics, equal <see cref="Digest"/>) of running all their
/// paths at once, whatever order the shards are merged in.
/// </para>
/// <para>
/// Percentiles use the nearest-rank definition on the sorted sample (no interpolation), so every percentile is one of
/// the observed values and needs no per-shard summary that could lose exactness. <see cref="Mean"/> sums in path
/// order. Immutable and thread-safe.
/// </para>
/// <para>
/// JSON (System.Text.Json, through <see cref="LiquidationSim.Serialization.MonteCarloJsonContext"/> or any options):
/// <c>{"schemaVersion":1,"rootSeed":…,"paths":[{"pathIndex":…,"insuranceFundDrawdown":…,"badDebt":…,"adlVolume":…,"liquidatedNotional":…}]}</c>,
/// decimals written exactly as JSON numbers. Reading is strict and validates like <see cref="Create"/>: unknown or
/// missing properties, another schema version, negative amounts and repeated path indices are a
/// <see cref="System.Text.Json.JsonException"/>.
/// </para>
/// </remarks>
[JsonConverter(typeof(MonteCarloResultJsonConverter))]
public sealed class MonteCarloResult : IMonteCarloResult<MonteCarloResult>, IEquatable<MonteCarloResult>
{
    private const int MetricCount = 4;

    /// <summary>Options the converter is called with; it reads none of them.</summary>
    private static readonly JsonSerializerOptions s_converterOptions = new();

    private readonly MonteCarloPathResult[] _paths;
    private readonly decimal[]?[] _sorted = new decimal[]?[MetricCount];

    /// <summary>Takes ownership of <paramref name="paths"/>, which must be sorted by strictly increasing index and non-empty.</summary>
    internal MonteCarloResult(ulong rootSeed, MonteCarloPathResult[] paths)
    {
        RootSeed = rootSeed;
        _paths = paths;
        Paths = new ReadOnlyCollection<MonteCarloPathResult>(paths);
    }

    /// <summary>The root seed every path's random stream was derived from.</summary>
    public ulong RootSeed { get; }

    /// <summary>The lowest path index in the result.</summary>
    public long FirstPath => _paths[0].PathIndex;

    /// <summary>The highest path index in the result.</summary>
    public long LastPath => _paths[^1].PathIndex;

    /// <summary>How many paths the result holds; at least 1.</summary>
    public long PathCount => _paths.Length;

    /// <summary>True when the paths are exactly <see cref="FirstPath"/> … <see cref="LastPath"/> with no gap.</summary>
    public bool IsContiguous => LastPath - FirstPath + 1 == _paths.Length;

    /// <summary>The per-path results, sorted by strictly increasing <see cref="MonteCarloPathResult.PathIndex"/>.</summary>
    public IReadOnlyList<MonteCarloPathResult> Paths { get; }

    /// <summary>A result from per-path results in any order, for example read back from storage.</summary>
    /// <param name="rootSeed">The seed the paths were run with.</param>
    /// <param name="paths">At least one path result; no path index twice.</param>
    /// <returns>The result, with the paths sorted by index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or repeats a path index.</exception>
    public static MonteCarloResult Create(ulong rootSeed, IEnumerable<MonteCarloPathResult> paths)
    {
        Preconditions.NotNull(paths);
        MonteCarloPathResult[] sorted = [.. paths];
        if (sorted.Length == 0)
        {
            ThrowHelper.Argument(nameof(paths), "(empty)", "must hold at least one path");
        }

        return new MonteCarloResult(rootSeed, MonteCarloShards.SortDistinct(sorted, nameof(paths)));
    }

    /// <summary>
    /// Runs paths <see cref="MonteCarloOptions.FirstPath"/> … <see cref="MonteCarloOptions.LastPath"/> with
    /// <see cref="MonteCarloRunner.RunPaths"/> and collects their loss metrics.
    /// </summary>
    /// <param name="rootSeed">The run's seed; with a path index it determines the path's random stream.</param>
    /// <param name="options">The path range, the degree of parallelism (which never changes the result) and the progress reporter.</param>
    /// <param name="simulatePath">
    /// Simulates one path from its index and its own generator, observing the token if it runs long; the result must
    /// carry the same path index. Called concurrently for different paths.
    /// </param>
    /// <param name="cancellationToken">Stops the run; no further paths start.</param>
    /// <returns>
    /// The result of the paths, which does not depend on the degree of parallelism: runs with one thread and with
    /// sixteen are equal and have the same <see cref="Digest"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="simulatePath"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range passes <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="simulatePath"/> returned a result for another path index.</exception>
    /// <remarks>
    /// If paths throw, the run stops starting new paths and rethrows, unwrapped and with its original stack trace, the
    /// exception of the lowest-indexed path that failed (not an <see cref="AggregateException"/>); an exception from
    /// the progress reporter counts as a failure of the path it reported. Cancellation takes
    /// precedence: once the token is cancelled the run throws <see cref="OperationCanceledException"/>.
    /// </remarks>
    public static MonteCarloResult Run(
        ulong rootSeed,
        MonteCarloOptions options,
        Func<long, SeededRandom, CancellationToken, MonteCarloPathResult> simulatePath,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(options);
        Preconditions.NotNull(simulatePath);
        MonteCarloPathResult[] results = MonteCarloRunner.RunPaths(rootSeed, options, (index, random, token) =>
        {
            MonteCarloPathResult result = simulatePath(index, random, token);
            if (result.PathIndex != index)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"simulatePath returned a result for path {result.PathIndex} when asked for path {index}."));
            }

            return result;
        }, cancellationToken);
        return new MonteCarloResult(rootSeed, results);
    }

    /// <summary>Reads a result in the JSON format of <see cref="ToJson"/> (described on <see cref="MonteCarloResult"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not such a result.</exception>
    public static MonteCarloResult FromJson(string json)
    {
        Preconditions.NotNull(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read())
        {
            throw new JsonException("A Monte Carlo result needs a JSON object; the text is empty.");
        }

        MonteCarloResult result = new MonteCarloResultJsonConverter().Read(ref reader, typeof(MonteCarloResult), s_converterOptions);
        if (reader.Read())
        {
            throw new JsonException("A Monte Carlo result is followed by more JSON.");
        }

        return result;
    }

    /// <summary>
    /// The result as JSON, the text <see cref="LiquidationSim.Serialization.MonteCarloJsonContext"/> writes (described on
    /// <see cref="MonteCarloResult"/>).
    /// </summary>
    /// <returns>The JSON text, on one line.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            new MonteCarloResultJsonConverter().Write(writer, this, s_converterOptions);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Combines this result with a disjoint shard of the same run.</summary>
    /// <param name="other">A result with the same <see cref="RootSeed"/> and no path index in common with this one.</param>
    /// <returns>The result of all paths of both, as if run together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The seeds differ or the results share a path index.</exception>
    public MonteCarloResult Merge(MonteCarloResult other) => Merge([this, Preconditions.NotNull(other)]);

    /// <summary>Combines disjoint shards of one run, in any order.</summary>
    /// <param name="results">At least one result, all with the same <see cref="RootSeed"/>, no two sharing a path index.</param>
    /// <returns>The result of all their paths, as if run together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="results"/> is empty, the seeds differ, or two results share a path index (named in the message).
    /// </exception>
    public static MonteCarloResult Merge(IEnumerable<MonteCarloResult> results)
    {
        (_, ulong seed, MonteCarloPathResult[] merged) = MonteCarloShards.Concat<MonteCarloResult, MonteCarloPathResult>(results, static r => r.RootSeed, static r => r._paths);
        return new MonteCarloResult(seed, MonteCarloShards.SortDistinct(merged, nameof(results)));
    }

    /// <summary>The arithmetic mean of a metric over all paths.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The sum in path order divided by <see cref="PathCount"/>, rounded as <see cref="decimal"/> division rounds.</returns>
    /// <exception cref="OverflowException">The sum exceeds <see cref="decimal.MaxValue"/>.</exception>
    public decimal Mean(MonteCarloMetric metric)
    {
        decimal sum = 0m;
        foreach (MonteCarloPathResult path in _paths)
        {
            sum += path.Get(metric);
        }

        return sum / _paths.Length;
    }

    /// <summary>The smallest value of a metric over all paths.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The minimum.</returns>
    public decimal Min(MonteCarloMetric metric) => Sorted(metric)[0];

    /// <summary>The largest value of a metric over all paths.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The maximum.</returns>
    public decimal Max(MonteCarloMetric metric) => Sorted(metric)[^1];

    /// <summary>The nearest-rank percentile of a metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>
    /// The value at rank ⌈p·n⌉ (counting from 1) of the n values sorted ascending, and the smallest value when p is 0:
    /// the smallest observed value v such that at least a fraction p of the paths have a value ≤ v.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    /// <example>Of the values 1 … 10, the 0.95 percentile is rank ⌈9.5⌉ = 10, the value 10; the 0.5 percentile is 5.</example>
    public decimal Percentile(MonteCarloMetric metric, decimal p)
    {
        if (p < 0m || p > 1m)
        {
            ThrowHelper.OutOfRange(nameof(p), p, "must be from 0 to 1");
        }

        decimal[] sorted = Sorted(metric);
        long rank = (long)decimal.Ceiling(p * sorted.Length);
        return sorted[Math.Max(rank, 1L) - 1];
    }

    /// <summary>The value at risk of a loss metric at a confidence level, such as 0.95 or 0.99.</summary>
    /// <param name="metric">The metric, read as a loss (every metric is a non-negative cost).</param>
    /// <param name="confidence">The confidence level; above 0 and below 1.</param>
    /// <returns>
    /// <see cref="Percentile"/>(<paramref name="metric"/>, <paramref name="confidence"/>): the loss that at least that
    /// fraction of paths do not exceed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidence"/> is not strictly between 0 and 1.</exception>
    public decimal ValueAtRisk(MonteCarloMetric metric, decimal confidence)
    {
        if (confidence <= 0m || confidence >= 1m)
        {
            ThrowHelper.OutOfRange(nameof(confidence), confidence, "must be above 0 and below 1");
        }

        return Percentile(metric, confidence);
    }

    /// <summary>Counts a metric's values into bins with edges the caller chooses.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="binEdges">At least two strictly increasing edges; k edges make k − 1 bins.</param>
    /// <returns>
    /// The histogram: bin i counts values v with edge[i] ≤ v &lt; edge[i + 1], except that the last bin also counts
    /// v = its upper edge; values outside the edges are counted as below or above the range.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="binEdges"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="binEdges"/> has fewer than two edges or is not strictly increasing.</exception>
    public MonteCarloHistogram Histogram(MonteCarloMetric metric, IReadOnlyList<decimal> binEdges)
    {
        Preconditions.NotNull(binEdges);
        decimal[] edges = [.. binEdges];
        if (edges.Length < 2)
        {
            ThrowHelper.Argument(nameof(binEdges), edges.Length, "must hold at least two edges; count");
        }

        for (int i = 1; i < edges.Length; i++)
        {
            if (edges[i] <= edges[i - 1])
            {
                ThrowHelper.Argument(
                    nameof(binEdges),
                    edges[i],
                    string.Create(CultureInfo.InvariantCulture, $"must be strictly increasing, but edge {i} is not above {edges[i - 1]}"));
            }
        }

        var counts = new long[edges.Length - 1];
        long below = 0;
        long above = 0;
        foreach (MonteCarloPathResult path in _paths)
        {
            decimal v = path.Get(metric);
            if (v < edges[0])
            {
                below++;
            }
            else if (v > edges[^1])
            {
                above++;
            }
            else
            {
                // The last edge e with e <= v; v equal to the top edge goes into the last bin.
                int idx = Array.BinarySearch(edges, v);
                int bin = idx >= 0 ? idx : ~idx - 1;
                counts[Math.Min(bin, counts.Length - 1)]++;
            }
        }

        return new MonteCarloHistogram(edges, counts, below, above);
    }

    /// <summary>A SHA-256 fingerprint of the result, for checking that two runs or two machines agree.</summary>
    /// <returns>64 lowercase hexadecimal digits.</returns>
    /// <remarks>
    /// The hash is over UTF-8 text: the line <c>LiquidationSim.MonteCarloResult v1</c>, the root seed, then one line per
    /// path in index order, <c>index,drawdown,badDebt,adlVolume,liquidatedNotional</c>, each line ending in
    /// <c>\n</c>. Decimals are written with the invariant culture in format <c>G29</c>, which drops trailing zeros, so
    /// equal values (1.0 and 1.00) give the same digest. Equal results always have equal digests.
    /// </remarks>
    public string Digest()
    {
        var text = new StringBuilder();
        text.Append("LiquidationSim.MonteCarloResult v1\n");
        text.Append(RootSeed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (MonteCarloPathResult p in _paths)
        {
            text.Append(p.PathIndex.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Canonical(p.InsuranceFundDrawdown)).Append(',')
                .Append(Canonical(p.BadDebt)).Append(',')
                .Append(Canonical(p.AdlVolume)).Append(',')
                .Append(Canonical(p.LiquidatedNotional)).Append('\n');
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>True when <paramref name="other"/> has the same root seed and the same path results.</summary>
    /// <param name="other">The result to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(MonteCarloResult? other) =>
        other is not null && RootSeed == other.RootSeed && _paths.AsSpan().SequenceEqual(other._paths);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MonteCarloResult);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RootSeed, _paths.Length, _paths[0], _paths[^1]);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"MonteCarloResult {{ RootSeed = {RootSeed}, Paths = {PathCount} from {FirstPath} to {LastPath} }}");

    private static string Canonical(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);

    private decimal[] Sorted(MonteCarloMetric metric)
    {
        int slot = (int)metric;
        if (slot < 0 || slot >= MetricCount)
        {
            ThrowHelper.OutOfRange(nameof(metric), metric, "is not a defined metric");
        }

        decimal[]? sorted = Volatile.Read(ref _sorted[slot]);
        if (sorted is null)
        {
            // Deterministic, so a race only computes the same array twice.
            sorted = new decimal[_paths.Length];
            for (int i = 0; i < _paths.Length; i++)
            {
                sorted[i] = _paths[i].Get(metric);
            }

            Array.Sort(sorted);
            Volatile.Write(ref _sorted[slot], sorted);
        }

        return sorted;
    }
}

/// <summary>Counts of a metric's values in caller-chosen bins; see <see cref="MonteCarloResult.Histogram"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MonteCarloHistogram
{
    internal MonteCarloHistogram(decimal[] edges, long[] counts, long belowRange, long aboveRange)
    {
        Edges = new ReadOnlyCollection<decimal>(edges);
        Counts = new ReadOnlyCollection<long>(counts);
        BelowRange = belowRange;
        AboveRange = aboveRange;
    }

    /// <summary>The bin edges, strictly increasing; one more than there are bins.</summary>
    public IReadOnlyList<decimal> Edges { get; }

    /// <summary>Count of bin i: values from edge i (inclusive) to edge i + 1 (exclusive; inclusive for the last bin).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>How many values were below the first edge.</summary>
    public long BelowRange { get; }

    /// <summary>How many values were above the last edge.</summary>
    public long AboveRange { get; }
}
