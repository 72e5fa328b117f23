using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// The common part of a Monte Carlo result: a root seed and per-path results sorted by distinct path index, with
/// merging, equality, a digest, JSON and nearest-rank percentiles. A simulator's result derives from it and adds its
/// own figures' statistics; see <see cref="IMonteCarloResult{TSelf}"/> for the rules.
/// </summary>
/// <typeparam name="TSelf">The deriving result type.</typeparam>
/// <typeparam name="TPath">The per-path result, which knows its path index.</typeparam>
/// <remarks>
/// <para>
/// JSON (<see cref="ToJson"/>): <c>{"format":…,"schemaVersion":1,"rootSeed":…,"paths":[{"pathIndex":…,…}]}</c> on one
/// line, the format naming the result type and each path's figures written by the deriving type. Decimals are written
/// exactly with trailing zeros dropped (1.50 as 1.5), so equal results write equal text. <see cref="Digest"/> is the
/// SHA-256 of that text's UTF-8 bytes. Reading refuses another format or schema version, a missing property, an unknown
/// top-level property and a repeated path index.
/// </para>
/// <para>Immutable and thread-safe when <typeparamref name="TPath"/> is.</para>
/// </remarks>
public abstract class MonteCarloPaths<TSelf, TPath> : IEquatable<TSelf>
    where TSelf : MonteCarloPaths<TSelf, TPath>
    where TPath : IMonteCarloPathResult
{
    /// <summary>The JSON schema version <see cref="ToJson"/> writes.</summary>
    private const int SchemaVersion = 1;

    /// <summary>A result of <paramref name="paths"/> in any order.</summary>
    /// <param name="rootSeed">The seed the paths were run with.</param>
    /// <param name="paths">At least one path result, no path index twice, none negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty, repeats a path index or holds a negative one.</exception>
    protected MonteCarloPaths(ulong rootSeed, IEnumerable<TPath> paths)
    {
        Preconditions.NotNull(paths);
        TPath[] sorted = [.. paths];
        if (sorted.Length == 0)
        {
            ThrowHelper.Argument(nameof(paths), "(empty)", "must hold at least one path");
        }

        RootSeed = rootSeed;
        Paths = [.. MonteCarloShards.SortDistinct(sorted, nameof(paths))];
    }

    /// <summary>The root seed every path's random stream was derived from.</summary>
    public ulong RootSeed { get; }

    /// <summary>The per-path results, sorted by strictly increasing <see cref="IMonteCarloPathResult.PathIndex"/>.</summary>
    public ImmutableArray<TPath> Paths { get; }

    /// <summary>The lowest path index in the result.</summary>
    public long FirstPath => Paths[0].PathIndex;

    /// <summary>The highest path index in the result.</summary>
    public long LastPath => Paths[^1].PathIndex;

    /// <summary>How many paths the result holds; at least 1.</summary>
    public long PathCount => Paths.Length;

    /// <summary>True when the paths are exactly <see cref="FirstPath"/> … <see cref="LastPath"/> with no gap.</summary>
    public bool IsContiguous => LastPath - FirstPath + 1 == Paths.Length;

    /// <summary>The <c>format</c> field of the JSON, naming the result type, e.g. <c>liquidationsim-lending-montecarlo</c>.</summary>
    protected abstract string Format { get; }

    /// <summary>Combines this result with a disjoint shard of the same run.</summary>
    /// <param name="other">A result with the same <see cref="RootSeed"/> and no path index in common with this one.</param>
    /// <returns>The result of all paths of both, as if run together.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The seeds differ or the results share a path index.</exception>
    public TSelf Merge(TSelf other) => MergeAll([(TSelf)this, Preconditions.NotNull(other)]);

    /// <summary>A SHA-256 fingerprint of <see cref="ToJson"/>'s UTF-8 text.</summary>
    /// <returns>64 lowercase hexadecimal digits; equal results have equal digests.</returns>
    public string Digest() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson()))).ToLowerInvariant();

    /// <summary>The result as one line of JSON (see the remarks of <see cref="MonteCarloPaths{TSelf, TPath}"/>).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("schemaVersion", SchemaVersion);
            writer.WriteNumber("rootSeed", RootSeed);
            writer.WriteStartArray("paths");
            foreach (TPath path in Paths)
            {
                writer.WriteStartObject();
                writer.WriteNumber("pathIndex", path.PathIndex);
                WritePath(writer, path);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>True when <paramref name="other"/> has the same root seed and equal path results.</summary>
    /// <param name="other">The result to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(TSelf? other) =>
        other is not null && other.GetType() == GetType() && RootSeed == other.RootSeed && Paths.AsSpan().SequenceEqual(other.Paths.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TSelf);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RootSeed, Paths.Length, Paths[0], Paths[^1]);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GetType().Name} {{ RootSeed = {RootSeed}, Paths = {PathCount} from {FirstPath} to {LastPath} }}");

    /// <summary>Combines disjoint shards of one run; a deriving type's static <c>Merge</c> calls it.</summary>
    /// <param name="results">At least one result, all with the same <see cref="RootSeed"/>, no two sharing a path index.</param>
    /// <returns>The result of all their paths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="results"/> is empty, the seeds differ, or two results share a path index.</exception>
    protected static TSelf MergeAll(IEnumerable<TSelf> results)
    {
        (TSelf first, ulong seed, TPath[] merged) = MonteCarloShards.Concat<TSelf, TPath>(results, static r => r.RootSeed, static r => r.Paths.AsMemory());
        return first.Create(seed, MonteCarloShards.SortDistinct(merged, nameof(results)));
    }

    /// <summary>Reads <see cref="ToJson"/>'s text; a deriving type's static <c>FromJson</c> calls it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="format">The expected <c>format</c> field.</param>
    /// <param name="readPath">Reads one path's figures from its object, given its path index.</param>
    /// <param name="create">Makes the result from the root seed and the paths.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="JsonException">The text is not such a result.</exception>
    protected static TSelf ReadJson(string json, string format, Func<JsonElement, long, TPath> readPath, Func<ulong, IEnumerable<TPath>, TSelf> create)
    {
        Preconditions.NotNull(json);
        Preconditions.NotNull(readPath);
        Preconditions.NotNull(create);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("A Monte Carlo result must be a JSON object.");
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.Name is not ("format" or "schemaVersion" or "rootSeed" or "paths"))
                {
                    throw new JsonException($"Unknown property \"{property.Name}\" in a Monte Carlo result.");
                }
            }

            string? actual = Required(root, "format").GetString();
            if (actual != format)
            {
                throw new JsonException($"format must be \"{format}\"; got \"{actual}\".");
            }

            int version = Required(root, "schemaVersion").GetInt32();
            if (version != SchemaVersion)
            {
                throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"schemaVersion must be {SchemaVersion}; got {version}."));
            }

            ulong seed = Required(root, "rootSeed").GetUInt64();
            var paths = new List<TPath>();
            foreach (JsonElement path in Required(root, "paths").EnumerateArray())
            {
                long index = Required(path, "pathIndex").GetInt64();
                TPath read = readPath(path, index);
                if (read.PathIndex != index)
                {
                    throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"path {index} was read as path {read.PathIndex}."));
                }

                paths.Add(read);
            }

            return create(seed, paths);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>A property of a JSON object, or a <see cref="JsonException"/> naming it.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="JsonException">The property is missing.</exception>
    protected static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value : throw new JsonException($"A Monte Carlo result is missing \"{name}\".");

    /// <summary>Writes a decimal exactly, trailing zeros dropped, so equal values write equal text.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    protected static void WriteDecimal(Utf8JsonWriter writer, string name, decimal value)
    {
        Preconditions.NotNull(writer);
        writer.WriteNumber(name, decimal.Parse(value.ToString("0.############################", CultureInfo.InvariantCulture), NumberStyles.Number, CultureInfo.InvariantCulture));
    }

    /// <summary>The nearest-rank percentile of a per-path figure.</summary>
    /// <param name="figure">The figure of a path.</param>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The value at rank ⌈p·n⌉ (counting from 1) of the n values sorted ascending, the smallest when p is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    protected decimal Percentile(Func<TPath, decimal> figure, decimal p)
    {
        Preconditions.NotNull(figure);
        if (p < 0m || p > 1m)
        {
            ThrowHelper.OutOfRange(nameof(p), p, "must be from 0 to 1");
        }

        decimal[] sorted = [.. Paths.Select(figure)];
        Array.Sort(sorted);
        long rank = (long)decimal.Ceiling(p * sorted.Length);
        return sorted[Math.Max(rank, 1L) - 1];
    }

    /// <summary>Makes a result of the same type from sorted, distinct paths (used by merging).</summary>
    /// <param name="rootSeed">The root seed.</param>
    /// <param name="paths">The paths.</param>
    /// <returns>The result.</returns>
    protected abstract TSelf Create(ulong rootSeed, IEnumerable<TPath> paths);

    /// <summary>Writes a path's figures (not its path index) as properties of the open JSON object.</summary>
    /// <param name="writer">The writer, inside the path's object.</param>
    /// <param name="path">The path.</param>
    protected abstract void WritePath(Utf8JsonWriter writer, TPath path);
}
