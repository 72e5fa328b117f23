using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Pricing;

/// <summary>A spot venue that contributes to an index, with its nominal weight.</summary>
/// <param name="Name">Venue name, e.g. "Coinbase".</param>
/// <param name="Weight">Nominal weight; positive. Weights are renormalised over the sources that count at each update.</param>
public readonly record struct IndexSource(string Name, decimal Weight);

/// <summary>The latest price a source reported and when.</summary>
/// <param name="Price">Last spot price; positive.</param>
/// <param name="Time">When the source last updated.</param>
public readonly record struct SourceQuote(decimal Price, DateTimeOffset Time);

/// <summary>What the index does when every source is stale.</summary>
public enum StaleIndexPolicy
{
    /// <summary>Return the last good index, flagged <see cref="IndexPriceResult.IsStale"/>.</summary>
    UseLastGood = 0,

    /// <summary>Throw <see cref="StaleIndexException"/>.</summary>
    Throw = 1,
}

/// <summary>How an index value was formed.</summary>
public enum IndexPriceMethod
{
    /// <summary>Weighted average of the fresh sources, with at most one outlier set to weight zero.</summary>
    WeightedAverage = 0,

    /// <summary>Median of the fresh sources, because more than one deviated beyond the threshold.</summary>
    Median = 1,

    /// <summary>The last good index, because every source was stale.</summary>
    LastGood = 2,
}

/// <summary>An index value and how it was formed.</summary>
/// <param name="Price">The index price.</param>
/// <param name="Method">How it was formed.</param>
/// <param name="IsStale">True when no source was fresh and the last good index was reused.</param>
/// <param name="SourcesUsed">Number of sources with non-zero weight in the value (0 when stale).</param>
public readonly record struct IndexPriceResult(decimal Price, IndexPriceMethod Method, bool IsStale, int SourcesUsed);

/// <summary>Thrown when every index source is stale and the policy is <see cref="StaleIndexPolicy.Throw"/>.</summary>
public sealed class StaleIndexException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public StaleIndexException()
        : base("Every index source is stale.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public StaleIndexException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StaleIndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Rules of an index: outlier threshold, staleness window and the all-stale policy.</summary>
/// <remarks>Immutable. Binance's published values are in <see cref="Binance"/>; there is no hidden default.</remarks>
public sealed record IndexPriceRules
{
    private IndexPriceRules(decimal deviationThreshold, TimeSpan stalenessWindow, StaleIndexPolicy stalePolicy, SourceReference source)
    {
        if (deviationThreshold <= 0m || deviationThreshold >= 1m)
        {
            ThrowHelper.OutOfRange(nameof(deviationThreshold), deviationThreshold, "must be above 0 and below 1");
        }

        if (stalenessWindow <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(nameof(stalenessWindow), stalenessWindow, "must be positive");
        }

        if (stalePolicy is not (StaleIndexPolicy.UseLastGood or StaleIndexPolicy.Throw))
        {
            ThrowHelper.Argument(nameof(stalePolicy), stalePolicy, "must be UseLastGood or Throw");
        }

        source.Validate(nameof(source));
        DeviationThreshold = deviationThreshold;
        StalenessWindow = stalenessWindow;
        StalePolicy = stalePolicy;
        Source = source;
    }

    /// <summary>
    /// A source deviating from the median of all fresh sources by more than this fraction gets weight zero; if
    /// more than one does, the index is the median.
    /// </summary>
    public decimal DeviationThreshold { get; }

    /// <summary>A source with no update within this window of the evaluation time gets weight zero.</summary>
    public TimeSpan StalenessWindow { get; }

    /// <summary>What happens when every source is stale.</summary>
    public StaleIndexPolicy StalePolicy { get; }

    /// <summary>Where the rules come from.</summary>
    public SourceReference Source { get; }

    /// <summary>
    /// Binance's index rules: 5% single-source deviation, median when more than one source deviates, a source
    /// with no update for 10 seconds gets weight zero (Binance futures pages, 2019/2020 copy in bradkyle/Qenv
    /// logic/binance.md; reference cefi.md §1.7). All-stale policy: reuse the last good index.
    /// </summary>
    public static IndexPriceRules Binance { get; } = new(
        0.05m,
        TimeSpan.FromSeconds(10),
        StaleIndexPolicy.UseLastGood,
        new SourceReference("Binance index price rules, copy in bradkyle/Qenv logic/binance.md (reference cefi.md §1.7)", new DateOnly(2020, 1, 1)));

    /// <summary>Creates rules.</summary>
    /// <param name="deviationThreshold">Outlier threshold as a fraction of the median, in (0, 1).</param>
    /// <param name="stalenessWindow">Maximum age of a quote that still counts; positive.</param>
    /// <param name="stalePolicy">What to do when every source is stale.</param>
    /// <param name="source">Where the rules come from.</param>
    public static IndexPriceRules Create(decimal deviationThreshold, TimeSpan stalenessWindow, StaleIndexPolicy stalePolicy, SourceReference source) =>
        new(deviationThreshold, stalenessWindow, stalePolicy, source);

    /// <summary>A copy with another all-stale policy.</summary>
    /// <param name="stalePolicy">The policy.</param>
    public IndexPriceRules WithStalePolicy(StaleIndexPolicy stalePolicy) => new(DeviationThreshold, StalenessWindow, stalePolicy, Source);

    /// <summary>A copy with another deviation threshold.</summary>
    /// <param name="deviationThreshold">The threshold, in (0, 1).</param>
    public IndexPriceRules WithDeviationThreshold(decimal deviationThreshold) => new(deviationThreshold, StalenessWindow, StalePolicy, Source);

    /// <summary>A copy with another staleness window.</summary>
    /// <param name="stalenessWindow">The window; positive.</param>
    public IndexPriceRules WithStalenessWindow(TimeSpan stalenessWindow) => new(DeviationThreshold, stalenessWindow, StalePolicy, Source);
}

/// <summary>
/// An index price: a weighted average of spot sources with Binance's outlier and staleness rules
/// (<c>Price Index = Σ weight × spot price</c>, Binance FAQ 360033525071; reference cefi.md §1.7).
/// </summary>
/// <remarks>
/// <para>
/// At each evaluation, sources whose last update is older than the staleness window get weight zero. The median
/// of the fresh sources' prices is taken; a source deviating from it by more than the threshold gets weight zero,
/// and if more than one deviates the index is that median. The remaining weights are renormalised. With no fresh
/// source the <see cref="IndexPriceRules.StalePolicy"/> decides.
/// </para>
/// <para>Immutable and thread-safe; <see cref="Calculate"/> does not allocate for up to 64 sources.</para>
/// </remarks>
public sealed class IndexPriceCalculator
{
    private const int StackLimit = 64;
    private readonly decimal[] _weights;

    /// <summary>Creates an index over <paramref name="sources"/>.</summary>
    /// <param name="sources">At least one source; every weight positive; names unique.</param>
    /// <param name="rules">The rules.</param>
    public IndexPriceCalculator(IEnumerable<IndexSource> sources, IndexPriceRules rules)
    {
        Preconditions.NotNull(sources);
        Rules = Preconditions.NotNull(rules);
        Sources = sources.ToImmutableArray();
        if (Sources.IsEmpty)
        {
            ThrowHelper.Argument(nameof(sources), "[]", "must contain at least one source");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Sources.Length; i++)
        {
            Preconditions.NotBlank(Sources[i].Name, $"sources[{i}].Name");
            Preconditions.Positive(Sources[i].Weight, $"sources[{i}].Weight");
            if (!names.Add(Sources[i].Name))
            {
                ThrowHelper.Argument($"sources[{i}].Name", Sources[i].Name, "must be unique");
            }
        }

        _weights = Sources.Select(s => s.Weight).ToArray();
    }

    /// <summary>The sources, in the order quotes are passed to <see cref="Calculate"/>.</summary>
    public ImmutableArray<IndexSource> Sources { get; }

    /// <summary>The rules.</summary>
    public IndexPriceRules Rules { get; }

    /// <summary>Computes the index at <paramref name="now"/>.</summary>
    /// <param name="quotes">One quote per source, in <see cref="Sources"/> order; prices positive; none later than <paramref name="now"/>.</param>
    /// <param name="now">Evaluation time.</param>
    /// <param name="lastGoodIndex">The previous good index, used when every source is stale under <see cref="StaleIndexPolicy.UseLastGood"/>.</param>
    /// <exception cref="ArgumentException">Wrong number of quotes, a non-positive price, or a quote time after <paramref name="now"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A quote's price times its source's weight, or the weighted sum, is beyond the decimal range.</exception>
    /// <exception cref="StaleIndexException">Every source is stale and the policy is <see cref="StaleIndexPolicy.Throw"/>, or there is no last good index to reuse.</exception>
    public IndexPriceResult Calculate(ReadOnlySpan<SourceQuote> quotes, DateTimeOffset now, decimal? lastGoodIndex = null)
    {
        if (quotes.Length != _weights.Length)
        {
            ThrowHelper.Argument(nameof(quotes), quotes.Length, string.Create(CultureInfo.InvariantCulture, $"must hold one quote per source ({_weights.Length})"));
        }

        if (lastGoodIndex is decimal lg && lg <= 0m)
        {
            ThrowHelper.OutOfRange(nameof(lastGoodIndex), lg, "must be greater than zero");
        }

        DateTimeOffset oldest = now - Rules.StalenessWindow;
        Span<decimal> fresh = quotes.Length <= StackLimit ? stackalloc decimal[quotes.Length] : new decimal[quotes.Length];
        int count = 0;
        for (int i = 0; i < quotes.Length; i++)
        {
            SourceQuote q = quotes[i];
            if (q.Price <= 0m)
            {
                ThrowHelper.OutOfRange($"quotes[{i}].Price", q.Price, "must be greater than zero");
            }

            if (q.Time > now)
            {
                ThrowHelper.OutOfRange($"quotes[{i}].Time", q.Time, "must not be later than now (time does not go backwards)");
            }

            if (q.Time >= oldest)
            {
                fresh[count++] = q.Price;
            }
        }

        if (count == 0)
        {
            if (Rules.StalePolicy == StaleIndexPolicy.UseLastGood && lastGoodIndex is decimal last)
            {
                return new IndexPriceResult(last, IndexPriceMethod.LastGood, true, 0);
            }

            throw new StaleIndexException(Rules.StalePolicy == StaleIndexPolicy.Throw
                ? "Every index source is stale."
                : "Every index source is stale and there is no last good index to reuse.");
        }

        Span<decimal> sorted = fresh[..count];
        Statistics.InsertionSort(sorted);
        decimal median = Statistics.MedianOfSorted(sorted);
        decimal band = Rules.DeviationThreshold * median;

        int outliers = 0;
        decimal weighted = 0m, weightSum = 0m;
        int used = 0;
        for (int i = 0; i < quotes.Length; i++)
        {
            SourceQuote q = quotes[i];
            if (q.Time < oldest)
            {
                continue;
            }

            if (Math.Abs(q.Price - median) > band)
            {
                outliers++;
                continue;
            }

            try
            {
                weighted += _weights[i] * q.Price;
            }
            catch (OverflowException)
            {
                string at = string.Create(CultureInfo.InvariantCulture, $"quotes[{i}].Price");
                throw new ArgumentOutOfRangeException(at, q.Price, ThrowHelper.Describe(at, q.Price, "gives, weighted by its source's weight, a sum beyond the decimal range"));
            }

            weightSum += _weights[i];
            used++;
        }

        return outliers > 1
            ? new IndexPriceResult(median, IndexPriceMethod.Median, false, count)
            : new IndexPriceResult(weighted / weightSum, IndexPriceMethod.WeightedAverage, false, used);
    }
}
