using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// Reads the CSV format documented on <see cref="HistoricalPriceSeries.LoadCsv"/>. It reads the whole source and
/// collects every problem before deciding; it returns points only when there are none.
/// </summary>
internal static class HistoricalCsvParser
{
    internal const string TimestampColumn = "timestamp";
    internal const string PriceColumn = "price";
    internal const string OpenColumn = "open";
    internal const string HighColumn = "high";
    internal const string LowColumn = "low";
    internal const string CloseColumn = "close";

    /// <summary>Epoch integers below this are seconds (up to the year 5138); at or above it, milliseconds (from 1973-03-03).</summary>
    internal const long MillisecondsThreshold = 100_000_000_000L;

    /// <summary>9999-12-31T23:59:59.999Z, the last millisecond <see cref="DateTimeOffset"/> holds.</summary>
    private const long MaxUnixMilliseconds = 253_402_300_799_999L;

    private const NumberStyles PriceStyles =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static readonly string[] _offsetFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];
    private static readonly string[] _utcFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
    private static readonly string[] _priceColumns = [OpenColumn, HighColumn, LowColumn, CloseColumn];

    private enum TimeKind
    {
        Iso8601,
        UnixSeconds,
        UnixMilliseconds,
    }

    public static ImmutableArray<HistoricalPricePoint> Parse(TextReader reader, string source, out List<HistoricalDataProblem> problems)
    {
        problems = [];
        var points = ImmutableArray.CreateBuilder<HistoricalPricePoint>();
        Layout? layout = null;
        int headerLine = 0;
        int lineNumber = 0;

        // The first timestamp fixes the file's timestamp kind; the last parsed one is what the next must follow.
        TimeKind? kind = null;
        int kindLine = 0;
        DateTimeOffset? previous = null;
        int previousLine = 0;

        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (headerLine == 0)
            {
                headerLine = lineNumber;
                layout = ReadHeader(line, source, lineNumber, problems);
                continue;
            }

            if (layout is null)
            {
                // Without a usable header the rows cannot be interpreted; the header problems are the report.
                break;
            }

            string[] fields = line.Split(',');
            if (fields.Length != layout.FieldCount)
            {
                problems.Add(new HistoricalDataProblem(source, lineNumber, null, Invariant(
                    $"has {fields.Length} fields; the header on line {headerLine} has {layout.FieldCount}")));
                continue;
            }

            bool rowValid = true;
            if (TryParseTime(fields[layout.Timestamp], out DateTimeOffset time, out TimeKind rowKind, out string? timeError))
            {
                if (kind is null)
                {
                    kind = rowKind;
                    kindLine = lineNumber;
                }
                else if (kind != rowKind)
                {
                    rowValid = false;
                    problems.Add(new HistoricalDataProblem(source, lineNumber, TimestampColumn, Invariant(
                        $"'{fields[layout.Timestamp].Trim()}' is {Describe(rowKind)}, but line {kindLine} uses {Describe(kind.Value)}; a file must use one timestamp format")));
                }

                if (previous is DateTimeOffset before && time <= before)
                {
                    rowValid = false;
                    string relation = time == before ? "repeats the timestamp" : "is earlier than the timestamp";
                    problems.Add(new HistoricalDataProblem(source, lineNumber, TimestampColumn, Invariant(
                        $"{Format(time)} {relation} {Format(before)} on line {previousLine}; timestamps must be strictly increasing")));
                }

                previous = time;
                previousLine = lineNumber;
            }
            else
            {
                rowValid = false;
                problems.Add(new HistoricalDataProblem(source, lineNumber, TimestampColumn, timeError!));
            }

            if (TryReadBar(fields, layout, source, lineNumber, problems, out PriceBar bar) && rowValid)
            {
                points.Add(new HistoricalPricePoint(time, bar));
            }
        }

        if (headerLine == 0)
        {
            problems.Add(new HistoricalDataProblem(source, Math.Max(lineNumber, 1), null,
                "the file is empty; expected a header row such as 'timestamp,price' or 'timestamp,open,high,low,close'"));
        }
        else if (points.Count == 0 && problems.Count == 0)
        {
            problems.Add(new HistoricalDataProblem(source, headerLine, null, "the header is not followed by any data row"));
        }

        return problems.Count == 0 ? points.ToImmutable() : [];
    }

    private static Layout? ReadHeader(string line, string source, int lineNumber, List<HistoricalDataProblem> problems)
    {
        string[] names = line.Split(',');
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        int before = problems.Count;
        string found = Invariant($"found '{line.Trim()}'");
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i].Trim().ToLowerInvariant();
            if (name is not (TimestampColumn or PriceColumn or OpenColumn or HighColumn or LowColumn or CloseColumn))
            {
                // Extra columns (volume, trades, ...) are allowed and ignored.
                continue;
            }

            if (!positions.TryAdd(name, i))
            {
                problems.Add(new HistoricalDataProblem(source, lineNumber, name, Invariant(
                    $"the column appears twice in the header (fields {positions[name] + 1} and {i + 1}); {found}")));
            }
        }

        if (!positions.ContainsKey(TimestampColumn))
        {
            problems.Add(new HistoricalDataProblem(source, lineNumber, TimestampColumn, "the header has no 'timestamp' column; " + found));
        }

        bool hasPrice = positions.ContainsKey(PriceColumn);
        string[] ohlcPresent = [.. _priceColumns.Where(positions.ContainsKey)];
        if (hasPrice && ohlcPresent.Length > 0)
        {
            problems.Add(new HistoricalDataProblem(source, lineNumber, PriceColumn, Invariant(
                $"the header has both 'price' and '{string.Join(",", ohlcPresent)}'; give either price or open,high,low,close; {found}")));
        }
        else if (!hasPrice && ohlcPresent.Length == 0)
        {
            problems.Add(new HistoricalDataProblem(source, lineNumber, PriceColumn,
                "the header has neither a 'price' column nor 'open,high,low,close' columns; " + found));
        }
        else if (!hasPrice)
        {
            foreach (string missing in _priceColumns.Where(c => !positions.ContainsKey(c)))
            {
                problems.Add(new HistoricalDataProblem(source, lineNumber, missing, Invariant(
                    $"the header has '{string.Join(",", ohlcPresent)}' but no '{missing}' column; an OHLC file needs all of open,high,low,close; {found}")));
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        return hasPrice
            ? new Layout(names.Length, positions[TimestampColumn], positions[PriceColumn], -1, -1, -1, -1)
            : new Layout(names.Length, positions[TimestampColumn], -1, positions[OpenColumn], positions[HighColumn], positions[LowColumn], positions[CloseColumn]);
    }

    private static bool TryReadBar(string[] fields, Layout layout, string source, int lineNumber, List<HistoricalDataProblem> problems, out PriceBar bar)
    {
        bar = default;
        if (layout.Price >= 0)
        {
            if (!TryParsePrice(fields[layout.Price], PriceColumn, source, lineNumber, problems, out decimal price))
            {
                return false;
            }

            bar = new PriceBar(price, price, price, price);
            return true;
        }

        bool ok = TryParsePrice(fields[layout.Open], OpenColumn, source, lineNumber, problems, out decimal open);
        ok &= TryParsePrice(fields[layout.High], HighColumn, source, lineNumber, problems, out decimal high);
        ok &= TryParsePrice(fields[layout.Low], LowColumn, source, lineNumber, problems, out decimal low);
        ok &= TryParsePrice(fields[layout.Close], CloseColumn, source, lineNumber, problems, out decimal close);
        if (!ok)
        {
            return false;
        }

        // The same rules PriceBar enforces, reported per column instead of thrown one at a time.
        if (high < Math.Max(open, close))
        {
            ok = false;
            problems.Add(new HistoricalDataProblem(source, lineNumber, HighColumn, Invariant(
                $"high {high} is below {(high < open ? "the open " + Format(open) : "the close " + Format(close))}; the high must be at or above the open and close")));
        }

        if (low > Math.Min(open, close))
        {
            ok = false;
            problems.Add(new HistoricalDataProblem(source, lineNumber, LowColumn, Invariant(
                $"low {low} is above {(low > open ? "the open " + Format(open) : "the close " + Format(close))}; the low must be at or below the open and close")));
        }

        if (ok)
        {
            bar = new PriceBar(open, high, low, close);
        }

        return ok;
    }

    private static bool TryParsePrice(string field, string column, string source, int lineNumber, List<HistoricalDataProblem> problems, out decimal value)
    {
        string text = field.Trim();
        string? error = null;
        if (text.Length == 0)
        {
            error = "is empty; expected a price";
        }
        else if (!decimal.TryParse(text, PriceStyles, CultureInfo.InvariantCulture, out value))
        {
            error = Invariant($"'{text}' is not a decimal number ('.' as the decimal point; no thousands separators, exponent or currency)");
        }
        else if (value <= 0m)
        {
            error = Invariant($"{value} is not a valid price; prices must be greater than zero");
        }
        else
        {
            return true;
        }

        value = 0m;
        problems.Add(new HistoricalDataProblem(source, lineNumber, column, error));
        return false;
    }

    private static bool TryParseTime(string field, out DateTimeOffset time, out TimeKind kind, out string? error)
    {
        string text = field.Trim();
        time = default;
        kind = TimeKind.Iso8601;
        error = null;
        if (text.Length == 0)
        {
            error = "is empty; expected a timestamp";
            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            if (text.Length > 15 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
            {
                error = Invariant($"'{text}' is outside the range of Unix epoch seconds or milliseconds");
                return false;
            }

            // Every seconds value below the threshold is a valid date; milliseconds can pass the year 9999.
            kind = epoch < MillisecondsThreshold ? TimeKind.UnixSeconds : TimeKind.UnixMilliseconds;
            if (kind == TimeKind.UnixSeconds)
            {
                time = DateTimeOffset.FromUnixTimeSeconds(epoch);
                return true;
            }

            if (epoch > MaxUnixMilliseconds)
            {
                error = Invariant($"'{text}' is past the year 9999 as Unix epoch milliseconds");
                return false;
            }

            time = DateTimeOffset.FromUnixTimeMilliseconds(epoch);
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, _utcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            || DateTimeOffset.TryParseExact(text, _offsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            time = time.ToUniversalTime();
            return true;
        }

        error = Invariant(
            $"'{text}' is not an ISO 8601 timestamp with an offset (such as 2026-11-21T00:00:00Z or 2026-11-21T01:00:00+01:00) or a whole number of Unix epoch seconds or milliseconds");
        return false;
    }

    private static string Describe(TimeKind kind) => kind switch
    {
        TimeKind.UnixSeconds => "Unix epoch seconds",
        TimeKind.UnixMilliseconds => "Unix epoch milliseconds",
        _ => "an ISO 8601 timestamp",
    };

    private static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Field positions from the header; -1 for a column the layout does not use.</summary>
    private sealed record Layout(int FieldCount, int Timestamp, int Price, int Open, int High, int Low, int Close);
}
