using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Pricing;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// <see cref="HistoricalPriceSeries"/>: exact round trips of close-only and OHLC CSV, header variants, one exception
/// listing every problem with its location, and the <see cref="HistoricalPriceSeries.PriceAt"/> rule.
/// </summary>
public class HistoricalPriceSeriesTests
{
    private const string Source = "prices.csv";

    private static readonly DateTimeOffset _t0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private static HistoricalPriceSeries Load(string csv) => HistoricalPriceSeries.LoadCsv(new StringReader(csv), Source);

    private static HistoricalDataException Refused(string csv)
    {
        Action act = () => Load(csv);
        return act.Should().Throw<HistoricalDataException>().Which;
    }

    private static PriceBar Flat(decimal price) => new(price, price, price, price);

    // ---------------------------------------------------------------------------------------------------------
    // Good files
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Close_only_rows_become_flat_bars_with_the_exact_decimals_written()
    {
        HistoricalPriceSeries series = Load("""
            timestamp,price
            2026-11-21T00:00:00Z,97250.10
            2026-11-21T00:01:00Z,0.00000001
            2026-11-21T00:02:00Z,12345678901234.5678
            2026-11-21T00:02:00.5Z,0.1
            """);

        series.Bars.Should().Equal(
            new HistoricalPricePoint(_t0, Flat(97250.10m)),
            new HistoricalPricePoint(_t0.AddMinutes(1), Flat(0.00000001m)),
            new HistoricalPricePoint(_t0.AddMinutes(2), Flat(12345678901234.5678m)),
            new HistoricalPricePoint(_t0.AddMinutes(2).AddMilliseconds(500), Flat(0.1m)));
        series.Bars[0].Bar.Close.ToString(CultureInfo.InvariantCulture).Should().Be("97250.10", "the decimal is parsed, not passed through double");
        series.Count.Should().Be(4);
        series.Start.Should().Be(_t0);
        series.End.Should().Be(_t0.AddMinutes(2).AddMilliseconds(500));
    }

    [Fact]
    public void An_OHLC_file_from_disk_loads_exactly_and_ignores_extra_columns()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Simulation", "TestData", "HistoricalBtcUsdtHourly.csv");

        HistoricalPriceSeries series = HistoricalPriceSeries.Load(path);

        series.Count.Should().Be(5);
        series.Start.Should().Be(_t0);
        series.End.Should().Be(_t0.AddHours(4));
        series.Bars[1].Should().Be(new HistoricalPricePoint(_t0.AddHours(1), new PriceBar(97012.30m, 97100.00m, 95010.00m, 95200.45m)));
        series.Bars[2].Bar.Should().Be(new PriceBar(95200.45m, 95200.45m, 91875.05m, 92100.00m));
        series.Bars.Select(p => p.Time).Should().BeInAscendingOrder().And.OnlyContain(t => t.Offset == TimeSpan.Zero);
    }

    [Theory]
    [InlineData("timestamp,price")]
    [InlineData("TIMESTAMP,PRICE")]
    [InlineData(" Timestamp , Price ")]
    [InlineData("\uFEFFtimestamp,price")]
    [InlineData("price,timestamp")]
    [InlineData("symbol,timestamp,volume,price")]
    public void Close_only_header_names_are_case_insensitive_in_any_order_with_extra_columns(string header)
    {
        string[] names = header.TrimStart('\uFEFF').Split(',').Select(n => n.Trim().ToLowerInvariant()).ToArray();
        string Row(string time, string price) =>
            string.Join(",", names.Select(n => n switch { "timestamp" => time, "price" => price, _ => "x" }));

        HistoricalPriceSeries series = Load(header + "\n" + Row("2026-11-21T00:00:00Z", "100.5") + "\n" + Row("2026-11-21T01:00:00Z", "101") + "\n");

        series.Bars.Should().Equal(
            new HistoricalPricePoint(_t0, Flat(100.5m)),
            new HistoricalPricePoint(_t0.AddHours(1), Flat(101m)));
    }

    [Fact]
    public void OHLC_columns_may_come_in_any_order_and_case()
    {
        HistoricalPriceSeries series = Load("Close,LOW,high,Open,TimeStamp\r\n105,95,110,100,2026-11-21T00:00:00Z\r\n\r\n");

        series.Bars.Should().Equal(new HistoricalPricePoint(_t0, new PriceBar(100m, 110m, 95m, 105m)));
    }

    [Fact]
    public void Epoch_seconds_epoch_milliseconds_and_offsets_name_the_same_instants_held_in_UTC()
    {
        const string iso = "timestamp,price\n2026-11-21T00:00:00Z,1\n2026-11-21T02:00:00+01:00,2\n";
        const string seconds = "timestamp,price\n1795219200,1\n1795222800,2\n";
        const string millis = "timestamp,price\n1795219200000,1\n1795222800000,2\n";
        var expected = new[] { new HistoricalPricePoint(_t0, Flat(1m)), new HistoricalPricePoint(_t0.AddHours(1), Flat(2m)) };

        foreach (string csv in new[] { iso, seconds, millis })
        {
            HistoricalPriceSeries series = Load(csv);
            series.Bars.Should().Equal(expected, csv);
            series.Bars.Should().OnlyContain(p => p.Time.Offset == TimeSpan.Zero);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bad files: one exception, every problem, each with its location
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void A_file_with_several_mistakes_reports_all_of_them_with_their_lines_in_one_exception()
    {
        HistoricalDataException e = Refused("""
            timestamp,open,high,low,close
            2026-11-21T00:00:00Z,100,110,95,105
            2026-11-21T02:00:00Z,105,108,100,107
            2026-11-21T01:00:00Z,107,109,104,108
            2026-11-21T03:00:00Z,108,11O,104,109
            2026-11-21T04:00:00Z,109,108,104,110
            2026-11-21T05:00:00Z,110,112,109
            """);

        e.Problems.Select(p => (p.Source, p.Line, p.Column)).Should().Equal(
            (Source, 4, "timestamp"),
            (Source, 5, "high"),
            (Source, 6, "high"),
            (Source, 7, (string?)null));
        e.Problems[0].Message.Should().Contain("2026-11-21T01:00:00").And.Contain("line 3").And.Contain("strictly increasing");
        e.Problems[1].Message.Should().Contain("'11O'");
        e.Problems[2].Message.Should().Contain("high 108 is below the open 109");
        e.Problems[3].Message.Should().Contain("has 4 fields").And.Contain("has 5");
        e.Message.Should().Contain("4 problems").And.Contain("nothing was loaded")
            .And.Contain("prices.csv:4 [timestamp]").And.Contain("prices.csv:5 [high]")
            .And.Contain("prices.csv:6 [high]").And.Contain("prices.csv:7: has 4 fields");
        e.Should().BeAssignableTo<FormatException>();
    }

    [Fact]
    public void Every_bad_field_in_a_row_is_reported_not_just_the_first()
    {
        HistoricalDataException e = Refused("timestamp,open,high,low,close\nyesterday,-1,abc,0,\n2026-11-21T00:00:00Z,100,99,101,100\n");

        e.Problems.Select(p => (p.Line, p.Column)).Should().Equal(
            (2, "timestamp"), (2, "open"), (2, "high"), (2, "low"), (2, "close"), (3, "high"), (3, "low"));
        e.Problems[0].Message.Should().Contain("'yesterday'").And.Contain("ISO 8601");
        e.Problems[1].Message.Should().Contain("-1").And.Contain("greater than zero");
        e.Problems[3].Message.Should().Contain("0 is not a valid price");
        e.Problems[4].Message.Should().Contain("empty");
        e.Problems[6].Message.Should().Contain("low 101 is above the open 100");
    }

    [Fact]
    public void Line_numbers_are_physical_lines_counting_blank_ones_and_the_header()
    {
        HistoricalDataException e = Refused("\ntimestamp,price,note\n\n2026-11-21T00:00:00Z,abc,x\r\n\r\n2026-11-21T01:00:00Z,0,y\n");

        e.Problems.Should().HaveCount(2);
        e.Problems.Select(p => (p.Line, p.Column)).Should().Equal((4, "price"), (6, "price"));
    }

    [Theory]
    [InlineData("1,000.5", "has 3 fields")]
    [InlineData("1e5", "'1e5' is not a decimal number")]
    [InlineData("1 000", "'1 000' is not a decimal number")]
    [InlineData("$100", "'$100' is not a decimal number")]
    [InlineData("1.000.000", "'1.000.000' is not a decimal number")]
    public void Prices_are_invariant_culture_decimals_without_separators_or_exponents(string price, string expected)
    {
        HistoricalDataException e = Refused("timestamp,price\n2026-11-21T00:00:00Z," + price + "\n");

        e.Problems.Should().ContainSingle().Which.Message.Should().Contain(expected);
        e.Problems[0].Line.Should().Be(2);
    }

    [Theory]
    [InlineData("2026-11-21T00:00:00", "is not an ISO 8601 timestamp with an offset")]
    [InlineData("2026-11-21", "is not an ISO 8601 timestamp with an offset")]
    [InlineData("21/11/2026 00:00", "is not an ISO 8601 timestamp with an offset")]
    [InlineData("1795219200.5", "is not an ISO 8601 timestamp with an offset")]
    [InlineData("-1795219200", "is not an ISO 8601 timestamp with an offset")]
    [InlineData("9999999999999999", "outside the range")]
    [InlineData("999999999999999", "past the year 9999")]
    [InlineData("", "is empty")]
    public void Timestamps_without_an_offset_or_out_of_range_are_refused(string time, string expected)
    {
        HistoricalDataException e = Refused("timestamp,price\n" + time + ",1\n");

        e.Problems.Should().ContainSingle().Which.Should().Match<HistoricalDataProblem>(p => p.Line == 2 && p.Column == "timestamp");
        e.Problems[0].Message.Should().Contain(expected);
    }

    [Fact]
    public void A_file_mixing_timestamp_formats_is_refused_at_each_row_that_differs_from_the_first()
    {
        HistoricalDataException e = Refused("timestamp,price\n1795219200,1\n2026-11-21T01:00:00Z,2\n1795226400000,3\n1795230000,4\n");

        e.Problems.Select(p => (p.Line, p.Column)).Should().Equal((3, "timestamp"), (4, "timestamp"));
        e.Problems[0].Message.Should().Contain("an ISO 8601 timestamp, but line 2 uses Unix epoch seconds");
        e.Problems[1].Message.Should().Contain("Unix epoch milliseconds, but line 2 uses Unix epoch seconds");
    }

    [Fact]
    public void A_repeated_timestamp_is_refused_even_written_in_another_offset()
    {
        HistoricalDataException e = Refused("timestamp,price\n2026-11-21T00:00:00Z,1\n2026-11-21T01:00:00+01:00,2\n");

        e.Problems.Should().ContainSingle().Which.Message.Should().Contain("repeats the timestamp").And.Contain("line 2");
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("\n  \n", 2, "the file is empty")]
    [InlineData("timestamp,price\n", 1, "not followed by any data row")]
    public void An_empty_file_or_a_header_without_rows_is_refused(string csv, int line, string expected)
    {
        HistoricalDataException e = Refused(csv);

        e.Problems.Should().ContainSingle().Which.Should().Match<HistoricalDataProblem>(p => p.Line == line && p.Column == null);
        e.Problems[0].Message.Should().Contain(expected);
    }

    [Theory]
    [InlineData("time,price", "timestamp", "no 'timestamp' column")]
    [InlineData("timestamp,last", "price", "neither a 'price' column nor 'open,high,low,close'")]
    [InlineData("timestamp,price,close", "price", "both 'price' and 'close'")]
    [InlineData("timestamp,price,Price", "price", "appears twice")]
    public void A_header_that_cannot_be_used_is_reported_on_its_own(string header, string column, string expected)
    {
        HistoricalDataException e = Refused(header + "\nnot,even,rows,here\n");

        e.Problems.Should().ContainSingle().Which.Should().Match<HistoricalDataProblem>(p => p.Line == 1 && p.Column == column);
        e.Problems[0].Message.Should().Contain(expected).And.Contain("found '" + header + "'");
    }

    [Fact]
    public void A_partial_OHLC_header_names_each_missing_column()
    {
        HistoricalDataException e = Refused("timestamp,open,close\n2026-11-21T00:00:00Z,1,1\n");

        e.Problems.Select(p => (p.Line, p.Column)).Should().Equal((1, "high"), (1, "low"));
    }

    [Fact]
    public void The_exception_needs_at_least_one_problem_and_keeps_its_own_copy()
    {
        var problems = new List<HistoricalDataProblem> { new("a.csv", 3, "low", "bad") };

        var e = new HistoricalDataException(problems);
        problems.Clear();

        e.Problems.Should().ContainSingle().Which.ToString().Should().Be("a.csv:3 [low]: bad");
        e.Message.Should().Be("Historical price data from 'a.csv' has 1 problem; nothing was loaded:" + Environment.NewLine + "  a.csv:3 [low]: bad");
        FluentActions.Invoking(() => new HistoricalDataException(Array.Empty<HistoricalDataProblem>()))
            .Should().Throw<ArgumentException>().WithParameterName("problems");
    }

    [Fact]
    public void Load_names_problems_by_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "HistoricalPriceSeriesTests-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "timestamp,price\n2026-11-21T00:00:00Z,abc\n");
        try
        {
            Action act = () => HistoricalPriceSeries.Load(path);

            act.Should().Throw<HistoricalDataException>().Which.Problems.Should().ContainSingle()
                .Which.ToString().Should().StartWith(path + ":2 [price]: 'abc'");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loaders_refuse_missing_arguments()
    {
        FluentActions.Invoking(() => HistoricalPriceSeries.LoadCsv(null!, Source)).Should().Throw<ArgumentNullException>().WithParameterName("reader");
        FluentActions.Invoking(() => HistoricalPriceSeries.LoadCsv(new StringReader(""), " ")).ShouldRefuse("sourceName", "\" \"");
        FluentActions.Invoking(() => HistoricalPriceSeries.Load("")).ShouldRefuse("path", "\"\"");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Create and PriceAt
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Create_refuses_empty_unordered_and_default_points()
    {
        var a = new HistoricalPricePoint(_t0, Flat(1m));
        var b = new HistoricalPricePoint(_t0.AddHours(1), Flat(2m));

        FluentActions.Invoking(() => HistoricalPriceSeries.Create([])).Should().Throw<ArgumentException>().WithParameterName("points");
        FluentActions.Invoking(() => HistoricalPriceSeries.Create([b, a])).Should().Throw<ArgumentException>()
            .WithParameterName("points").WithMessage("*strictly increasing*");
        FluentActions.Invoking(() => HistoricalPriceSeries.Create([a, a])).Should().Throw<ArgumentException>().WithParameterName("points");
        FluentActions.Invoking(() => HistoricalPriceSeries.Create([a, new HistoricalPricePoint(_t0.AddHours(2), default)]))
            .Should().Throw<ArgumentException>().WithParameterName("points").WithMessage("*default bar*");
    }

    [Fact]
    public void PriceAt_gives_the_last_point_at_or_before_the_time_and_refuses_times_before_the_start()
    {
        HistoricalPriceSeries series = Load("timestamp,price\n2026-11-21T00:00:00Z,1\n2026-11-21T01:00:00Z,2\n2026-11-21T03:00:00Z,3\n");

        series.PriceAt(_t0).Bar.Close.Should().Be(1m);
        series.PriceAt(_t0.AddMinutes(59)).Bar.Close.Should().Be(1m);
        series.PriceAt(_t0.AddHours(1)).Should().Be(new HistoricalPricePoint(_t0.AddHours(1), Flat(2m)));
        series.PriceAt(_t0.AddHours(2).ToOffset(TimeSpan.FromHours(-5))).Bar.Close.Should().Be(2m);
        series.PriceAt(_t0.AddHours(3)).Bar.Close.Should().Be(3m);
        series.PriceAt(_t0.AddYears(10)).Bar.Close.Should().Be(3m, "the last point stays in force after the end");

        series.TryGetPriceAt(_t0.AddTicks(-1), out HistoricalPricePoint none).Should().BeFalse();
        none.Should().Be(default(HistoricalPricePoint));
        FluentActions.Invoking(() => series.PriceAt(_t0.AddTicks(-1))).Should().Throw<ArgumentOutOfRangeException>()
            .WithParameterName("time").WithMessage("*series start*");
    }

    [CiProperty(MaxTest = 100)]
    public Property PriceAt_agrees_with_a_linear_scan_on_every_boundary() =>
        Prop.ForAll(SeriesCase.Any.ToArbitrary(), c =>
        {
            HistoricalPriceSeries series = HistoricalPriceSeries.Create(c.Points);
            foreach (DateTimeOffset t in c.Points.SelectMany(p => new[] { p.Time.AddTicks(-1), p.Time, p.Time.AddTicks(1) }))
            {
                HistoricalPricePoint[] atOrBefore = [.. c.Points.Where(p => p.Time <= t)];
                series.TryGetPriceAt(t, out HistoricalPricePoint found).Should().Be(atOrBefore.Length > 0);
                if (atOrBefore.Length > 0)
                {
                    found.Should().Be(atOrBefore[^1]);
                }
            }
        });

    [Fact]
    public void Generated_series_cover_every_timestamp_format_both_layouts_and_long_series()
    {
        SeriesCase[] sample = Gen.Sample(SeriesCase.Any, 1_000);

        sample.Select(c => c.Format).Distinct().Should().HaveCount(3);
        sample.Select(c => c.Ohlc).Distinct().Should().HaveCount(2);
        sample.Should().Contain(c => c.Points.Length >= 10);
        sample.Should().Contain(c => c.Ohlc && c.Points.Any(p => p.Bar.Open != p.Bar.Close && p.Bar.High > p.Bar.Low));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Round trip property
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = 200)]
    public Property A_valid_series_written_to_CSV_loads_back_equal() =>
        Prop.ForAll(SeriesCase.Any.ToArbitrary(), c =>
        {
            HistoricalPriceSeries loaded = HistoricalPriceSeries.LoadCsv(new StringReader(c.ToCsv()), "generated.csv");

            loaded.Bars.Should().Equal(c.Points);
            loaded.Bars.Select(p => p.Bar.Close.Scale).Should().Equal(c.Points.Select(p => p.Bar.Close.Scale), "the decimals are written and read exactly");
            loaded.Count.Should().Be(c.Points.Length);
            loaded.Start.Should().Be(c.Points[0].Time);
            loaded.End.Should().Be(c.Points[^1].Time);
        });

    /// <summary>How a generated series is written: the timestamp kind and whether rows carry OHLC or only a close.</summary>
    internal enum TimeFormat
    {
        Iso,
        EpochSeconds,
        EpochMilliseconds,
    }

    /// <summary>A valid series with the CSV layout it is written in; times are exact in that layout's resolution.</summary>
    internal sealed record SeriesCase(HistoricalPricePoint[] Points, TimeFormat Format, bool Ohlc, TimeSpan Offset)
    {
        /// <summary>A positive decimal with 1 to 10 significant digits and 0 to 10 decimal places.</summary>
        private static readonly Gen<decimal> _price =
            from mantissa in Gen.Choose(1, int.MaxValue)
            from scale in Gen.Choose(0, 10)
            select new decimal(mantissa, 0, 0, false, (byte)scale);

        private static readonly Gen<PriceBar> _ohlc =
            from prices in Gen.ArrayOf(_price, 4)
            from openIsLower in Gen.Elements(true, false)
            select Bar(prices, openIsLower);

        public static Gen<SeriesCase> Any { get; } =
            from format in Gen.Elements(TimeFormat.Iso, TimeFormat.EpochSeconds, TimeFormat.EpochMilliseconds)
            from ohlc in Gen.Elements(true, false)
            from offsetHours in Gen.Choose(-12, 14)
            from startSeconds in Gen.Choose(1_000_000_000, 2_000_000_000)
            from steps in Gen.NonEmptyListOf(Gen.Choose(1, int.MaxValue)).Select(s => s.Take(40).ToArray())
            from bars in Gen.ArrayOf(ohlc ? _ohlc : _price.Select(p => new PriceBar(p, p, p, p)), steps.Length)
            select new SeriesCase(MakePoints(format, startSeconds, steps, bars), format, ohlc, TimeSpan.FromHours(offsetHours));

        public string ToCsv()
        {
            var csv = new StringBuilder(Ohlc ? "timestamp,open,high,low,close\n" : "timestamp,price\n");
            foreach (HistoricalPricePoint p in Points)
            {
                string time = Format switch
                {
                    TimeFormat.EpochSeconds => p.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    TimeFormat.EpochMilliseconds => p.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    _ => p.Time.ToOffset(Offset).ToString("O", CultureInfo.InvariantCulture),
                };
                PriceBar b = p.Bar;
                csv.Append(time).Append(',').Append(Ohlc
                    ? string.Create(CultureInfo.InvariantCulture, $"{b.Open},{b.High},{b.Low},{b.Close}")
                    : b.Close.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return csv.ToString();
        }

        public override string ToString() => ToCsv();

        private static PriceBar Bar(decimal[] prices, bool openIsLower)
        {
            Array.Sort(prices);
            return openIsLower
                ? new PriceBar(prices[1], prices[3], prices[0], prices[2])
                : new PriceBar(prices[2], prices[3], prices[0], prices[1]);
        }

        /// <summary>Times from the start, each step a positive count of the format's unit (seconds, milliseconds or ticks).</summary>
        private static HistoricalPricePoint[] MakePoints(TimeFormat format, int startSeconds, int[] steps, PriceBar[] bars)
        {
            long unit = format switch
            {
                TimeFormat.EpochSeconds => TimeSpan.TicksPerSecond,
                TimeFormat.EpochMilliseconds => TimeSpan.TicksPerMillisecond,
                _ => 1L,
            };
            DateTimeOffset time = DateTimeOffset.FromUnixTimeSeconds(startSeconds);
            var points = new HistoricalPricePoint[steps.Length];
            for (int i = 0; i < steps.Length; i++)
            {
                // Milliseconds kept at or above the seconds/milliseconds threshold: a 1.0e9 s start is 1.0e12 ms.
                points[i] = new HistoricalPricePoint(time, bars[i]);
                time = time.AddTicks((1 + (steps[i] % 10_000_000)) * unit);
            }

            return points;
        }
    }
}
