using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// <see cref="DurationText"/>, the core's own duration words for <see cref="ScenarioDocument.Describe"/> since the
/// reporting writers left the core: exact integer and decimal arithmetic, the same text the reporting package's
/// double-based formatter gave (kept below as the oracle) wherever that one was exact.
/// </summary>
public class DurationTextTests
{
    [Theory]
    [InlineData(0L, "0 s")]
    [InlineData(TimeSpan.TicksPerDay, "1 day")]
    [InlineData(2 * TimeSpan.TicksPerDay, "2 days")]
    [InlineData(-TimeSpan.TicksPerDay, "-1 days")]
    [InlineData(6 * TimeSpan.TicksPerHour, "6 h")]
    [InlineData(36 * TimeSpan.TicksPerHour, "36 h")]
    [InlineData(TimeSpan.TicksPerMinute, "1 min")]
    [InlineData(90 * TimeSpan.TicksPerSecond, "90 s")]
    [InlineData(5_000L * TimeSpan.TicksPerMillisecond, "5 s")]
    [InlineData(500L * TimeSpan.TicksPerMillisecond, "500 ms")]
    [InlineData(2_500L, "0.25 ms")]
    [InlineData(12_345L, "1.235 ms")]
    [InlineData(12_344L, "1.234 ms")]
    [InlineData(1L, "0 ms")]
    public void Spans_read_as_words(long ticks, string words) => DurationText.Format(TimeSpan.FromTicks(ticks)).Should().Be(words);

    [Theory]
    [InlineData(-1L)]
    [InlineData(-4L)]
    [InlineData(-5L)]
    [InlineData(5L)]
    [InlineData(15L)]
    [InlineData(25L)]
    [InlineData(-12_345L)]
    [InlineData(99_999_999_995L)]
    [InlineData(TimeSpan.TicksPerDay + 1)]
    public void Ties_tiny_and_negative_spans_read_as_the_double_formatter_read_them(long ticks) =>
        DurationText.Format(TimeSpan.FromTicks(ticks)).Should().Be(DoubleReference(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void The_default_scenario_describes_itself_as_before() =>
        ScenarioDocument.Default.Describe().Should().Be(
            "BTCUSDT on the binance profile; 2026-01-01 00:00 UTC for 1 day in 1,440 steps of 1 min; 100,000 generated accounts; seed 20260101");

    [CiProperty(MaxTest = 2_000)]
    public Property Any_span_under_a_hundred_billion_milliseconds_reads_as_the_double_formatter_read_it()
    {
        // Every tick count within ±10^15 (about 3 years): the milliseconds keep all their digits in a double there.
        Gen<long> ticks =
            from high in Gen.Choose(-100_000_000, 100_000_000)
            from low in Gen.Choose(0, 9_999_999)
            select (high * 10_000_000L) + low;
        return Prop.ForAll(ticks.ToArbitrary(), t =>
            DurationText.Format(TimeSpan.FromTicks(t)).Should().Be(DoubleReference(TimeSpan.FromTicks(t))));
    }

    [Fact]
    public void Any_whole_number_of_a_unit_reads_as_the_double_formatter_read_it()
    {
        // Whole days, hours, minutes and seconds over the whole TimeSpan range, both signs.
        Gen<TimeSpan> spans =
            from unit in Gen.Elements(TimeSpan.TicksPerDay, TimeSpan.TicksPerHour, TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond)
            from high in Gen.Choose(0, int.MaxValue)
            from low in Gen.Choose(0, int.MaxValue)
            from negative in Gen.Elements(false, true)
            let count = (((long)high << 31) | (uint)low) % ((TimeSpan.MaxValue.Ticks / unit) + 1)
            select TimeSpan.FromTicks((negative ? -count : count) * unit);
        Check.One(PropertyConfig.For(2_000), Prop.ForAll(spans.ToArbitrary(), t =>
            DurationText.Format(t).Should().Be(DoubleReference(t))));
        DurationText.Format(TimeSpan.FromDays(TimeSpan.MaxValue.Days)).Should().Be(DoubleReference(TimeSpan.FromDays(TimeSpan.MaxValue.Days)));
    }

    /// <summary>The formatter the core used to borrow from the reporting package (Markup.Duration), verbatim.</summary>
    private static string DoubleReference(TimeSpan t)
    {
        static string Count(double n, string unit) =>
            n.ToString("0.###", CultureInfo.InvariantCulture) + " " + unit;

        return t switch
        {
            { Ticks: 0 } => "0 s",
            _ when t.Ticks % TimeSpan.TicksPerDay == 0 => Count(t.TotalDays, t.TotalDays == 1 ? "day" : "days"),
            _ when t.Ticks % TimeSpan.TicksPerHour == 0 => Count(t.TotalHours, "h"),
            _ when t.Ticks % TimeSpan.TicksPerMinute == 0 => Count(t.TotalMinutes, "min"),
            _ when t.Ticks % TimeSpan.TicksPerSecond == 0 => Count(t.TotalSeconds, "s"),
            _ => Count(t.TotalMilliseconds, "ms"),
        };
    }
}
