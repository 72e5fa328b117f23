using System.Globalization;

namespace LiquidationSim.Simulation;

/// <summary>
/// A time span in words for <see cref="ScenarioDocument.Describe"/>: 1 day, 3 days, 6 h, 1 min, 10 s, 500 ms, 0.25 ms.
/// </summary>
/// <remarks>
/// The largest unit that divides the span exactly, in whole numbers; a span that is not whole seconds reads in
/// milliseconds with up to three decimals, rounded half away from zero. Integer and decimal arithmetic only, so the
/// words are exact and the same on every machine. The text is the one the reporting package's duration labels used
/// to give here (they format through <see cref="double"/>); the two agree on every whole-second span and on every span
/// shorter than 10^11 ms (about 3 years), beyond which the double form had lost digits.
/// </remarks>
internal static class DurationText
{
    /// <summary>The span in words.</summary>
    /// <param name="span">Any span; a negative one reads with a minus sign.</param>
    /// <returns>The words, invariant culture.</returns>
    public static string Format(TimeSpan span)
    {
        long ticks = span.Ticks;
        return ticks switch
        {
            0 => "0 s",
            _ when ticks % TimeSpan.TicksPerDay == 0 => Count(ticks / TimeSpan.TicksPerDay, ticks == TimeSpan.TicksPerDay ? "day" : "days"),
            _ when ticks % TimeSpan.TicksPerHour == 0 => Count(ticks / TimeSpan.TicksPerHour, "h"),
            _ when ticks % TimeSpan.TicksPerMinute == 0 => Count(ticks / TimeSpan.TicksPerMinute, "min"),
            _ when ticks % TimeSpan.TicksPerSecond == 0 => Count(ticks / TimeSpan.TicksPerSecond, "s"),
            // Under half a microsecond below zero rounds to a negative zero, which double formatting signs and decimal does not.
            > -5 and < 0 => "-0 ms",
            _ => ((decimal)ticks / TimeSpan.TicksPerMillisecond).ToString("0.###", CultureInfo.InvariantCulture) + " ms",
        };
    }

    private static string Count(long count, string unit) => count.ToString(CultureInfo.InvariantCulture) + " " + unit;
}
