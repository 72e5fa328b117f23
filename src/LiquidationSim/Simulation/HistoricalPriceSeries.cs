using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using LiquidationSim.Internal;

namespace LiquidationSim.Simulation;

/// <summary>
/// A recorded price path for historical replay: bars at strictly increasing times, loaded from a CSV file or built
/// from points.
/// </summary>
/// <remarks>
/// <para>
/// Immutable and safe to share between threads. Holds at least one point; times are strictly increasing and held in
/// UTC (offset zero; the instant is what the source said). Prices are exact <see cref="decimal"/> values as written
/// in the source, never passed through floating point.
/// </para>
/// <para>The CSV format is described on <see cref="LoadCsv"/>.</para>
/// </remarks>
public sealed class HistoricalPriceSeries
{
    private readonly ImmutableArray<HistoricalPricePoint> _points;
    private readonly IReadOnlyList<HistoricalPricePoint> _bars;

    private HistoricalPriceSeries(ImmutableArray<HistoricalPricePoint> points)
    {
        _points = points;
        _bars = points;
    }

    /// <summary>The points in time order: each the bar that starts at its time.</summary>
    public IReadOnlyList<HistoricalPricePoint> Bars => _bars;

    /// <summary>The number of points; at least one.</summary>
    public int Count => _points.Length;

    /// <summary>The time of the first point (UTC).</summary>
    public DateTimeOffset Start => _points[0].Time;

    /// <summary>The time of the last point (UTC).</summary>
    public DateTimeOffset End => _points[^1].Time;

    /// <summary>Builds a series from points already in memory.</summary>
    /// <param name="points">At least one point, times strictly increasing, every bar a constructed (non-default) <see cref="Pricing.PriceBar"/>.</param>
    /// <returns>The series, its times converted to UTC.</returns>
    /// <exception cref="ArgumentException">The points are empty, out of order, repeat a time, or hold a default bar.</exception>
    public static HistoricalPriceSeries Create(IEnumerable<HistoricalPricePoint> points)
    {
        Preconditions.NotNull(points);
        var builder = ImmutableArray.CreateBuilder<HistoricalPricePoint>();
        foreach (HistoricalPricePoint point in points)
        {
            if (point.Bar.Low <= 0m)
            {
                ThrowHelper.Argument(nameof(points), point.Time, Invariant($"must hold constructed bars; the point at index {builder.Count} has a default bar at time"));
            }

            if (builder.Count > 0 && point.Time <= builder[^1].Time)
            {
                ThrowHelper.Argument(nameof(points), point.Time, Invariant(
                    $"must have strictly increasing times; index {builder.Count} is not after {builder[^1].Time:O} at index {builder.Count - 1}"));
            }

            builder.Add(point with { Time = point.Time.ToUniversalTime() });
        }

        if (builder.Count == 0)
        {
            ThrowHelper.Argument(nameof(points), "(empty)", "must hold at least one point");
        }

        return new HistoricalPriceSeries(builder.ToImmutable());
    }

    /// <summary>Loads a series from a CSV file; see <see cref="LoadCsv"/> for the format.</summary>
    /// <param name="path">The file path; also the source name in problem locations.</param>
    /// <returns>The series.</returns>
    /// <exception cref="HistoricalDataException">The file fails validation; every problem is listed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static HistoricalPriceSeries Load(string path)
    {
        Preconditions.NotBlank(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return LoadCsv(reader, path);
    }

    /// <summary>Reads a series from CSV text.</summary>
    /// <remarks>
    /// <para><b>Format.</b></para>
    /// <list type="bullet">
    /// <item>UTF-8 text (a byte-order mark is skipped), comma-separated, one row per line; quoting is not supported and
    /// not needed, since no accepted field contains a comma. Blank lines are skipped; surrounding spaces in a field are
    /// ignored.</item>
    /// <item>A header row is required: <c>timestamp,price</c> (close-only) or <c>timestamp,open,high,low,close</c> (OHLC).
    /// Names are case-insensitive and may come in any order; other columns (volume, ...) are allowed and ignored. A header
    /// with both <c>price</c> and OHLC columns, or with only some of open, high, low and close, is refused.</item>
    /// <item>Every data row has exactly as many fields as the header.</item>
    /// <item>Prices are invariant-culture decimals: digits with an optional <c>.</c> decimal point, no thousands separators,
    /// exponent or currency symbol; every price greater than zero. They are parsed straight to <see cref="decimal"/>.
    /// A close-only row becomes a bar with open = high = low = close. In an OHLC row the high is at or above the open and
    /// the close and the low is at or below them.</item>
    /// <item>Timestamps are either ISO 8601 with an explicit offset, <c>yyyy-MM-ddTHH:mm:ss[.fffffff](Z|±hh:mm)</c>
    /// (e.g. <c>2026-11-21T00:00:00Z</c>; a time without an offset is refused as ambiguous), or a whole number of Unix
    /// epoch units: below 100,000,000,000 it is seconds (up to the year 5138), at or above it milliseconds (from
    /// 1973-03-03). One file uses one of the three kinds (ISO 8601, epoch seconds, epoch milliseconds); the first valid
    /// timestamp fixes it and a row of another kind is a problem, since a mixture usually means a broken export.</item>
    /// <item>Timestamps are strictly increasing: a repeated or earlier timestamp is a problem.</item>
    /// </list>
    /// <para>
    /// <b>Validation.</b> The whole input is read and every problem collected (location <c>{sourceName}:{line}</c>, the
    /// 1-based physical line, and the column) before one <see cref="HistoricalDataException"/> lists them all. A
    /// header that cannot be used is reported on its own, since the rows cannot be read without it. An empty input
    /// or a header with no data rows is a problem too.
    /// </para>
    /// </remarks>
    /// <param name="reader">The CSV text; read to the end, not disposed.</param>
    /// <param name="sourceName">A name for the source, used in problem locations (e.g. a file name).</param>
    /// <returns>The series.</returns>
    /// <exception cref="HistoricalDataException">The input fails validation; every problem is listed, nothing is returned.</exception>
    public static HistoricalPriceSeries LoadCsv(TextReader reader, string sourceName)
    {
        Preconditions.NotNull(reader);
        Preconditions.NotBlank(sourceName);
        ImmutableArray<HistoricalPricePoint> points = HistoricalCsvParser.Parse(reader, sourceName, out List<HistoricalDataProblem> problems);
        if (problems.Count > 0)
        {
            throw new HistoricalDataException(problems);
        }

        return new HistoricalPriceSeries(points);
    }

    /// <summary>The point in force at <paramref name="time"/>: the last one at or before it.</summary>
    /// <remarks>After <see cref="End"/> the last point stays in force. Before <see cref="Start"/> there is no price,
    /// so the call is refused; use <see cref="TryGetPriceAt"/> to test without an exception. O(log n).</remarks>
    /// <param name="time">Any instant, in any offset.</param>
    /// <returns>The point whose bar is in force.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before <see cref="Start"/>.</exception>
    public HistoricalPricePoint PriceAt(DateTimeOffset time)
    {
        if (!TryGetPriceAt(time, out HistoricalPricePoint point))
        {
            ThrowHelper.OutOfRange(nameof(time), time, Invariant($"must be at or after the series start {Start:O}"));
        }

        return point;
    }

    /// <summary>The point in force at <paramref name="time"/>, if any: the last one at or before it.</summary>
    /// <param name="time">Any instant, in any offset.</param>
    /// <param name="point">The point in force, or default when <paramref name="time"/> is before <see cref="Start"/>.</param>
    /// <returns>False when <paramref name="time"/> is before <see cref="Start"/>.</returns>
    public bool TryGetPriceAt(DateTimeOffset time, out HistoricalPricePoint point)
    {
        int found = IndexAt(time);
        point = found >= 0 ? _points[found] : default;
        return found >= 0;
    }

    /// <summary>The points in time order, without the interface wrapper (for the replay's per-step walk).</summary>
    internal ImmutableArray<HistoricalPricePoint> Points => _points;

    /// <summary>The largest index whose time is at or before <paramref name="time"/>; −1 before <see cref="Start"/>.</summary>
    internal int IndexAt(DateTimeOffset time)
    {
        int lo = 0, hi = _points.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (_points[mid].Time <= time)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
