using System.Globalization;
using System.Text;

namespace LiquidationSim.Reporting;

/// <summary>Formatting shared by the SVG and HTML writers: escaping, coordinates, axis labels and scales.</summary>
internal static class Markup
{
    /// <summary>Text made safe for XML element content and attribute values.</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '&': b.Append("&amp;"); break;
                case '"': b.Append("&quot;"); break;
                case '\'': b.Append("&#39;"); break;
                default:
                    // XML 1.0 forbids most control characters, even escaped; drop them.
                    if (c >= ' ' || c is '\t' or '\n' or '\r')
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.ToString();
    }

    /// <summary>Opens an SVG document: the root element, its title (tooltip and accessible name) and a white background.</summary>
    public static StringBuilder OpenSvg(double width, double height, string title)
    {
        var svg = new StringBuilder(32 * 1024);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n");
        svg.Append("<title>").Append(Escape(title)).Append("</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        return svg;
    }

    /// <summary>A time span in words: 1 day, 3 days, 6 h, 1 min, 10 s, 500 ms.</summary>
    public static string Duration(TimeSpan t)
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

    /// <summary>A coordinate with one decimal, invariant culture.</summary>
    public static string Coordinate(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A number for a table cell: thousands separators and up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(decimal value, int decimals = 2) =>
        value.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);

    /// <summary>A short axis label: 950, 12.5k, 3.2M, 1.1B.</summary>
    public static string Compact(double value)
    {
        double a = Math.Abs(value);
        (double scaled, string suffix) = a switch
        {
            >= 1e12 => (value / 1e12, "T"),
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e4 => (value / 1e3, "k"),
            _ => (value, string.Empty),
        };
        string format = Math.Abs(scaled) >= 100 || suffix.Length == 0 && Math.Abs(scaled) >= 10 ? "0" : "0.##";
        return scaled.ToString(format, CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>
    /// Labels for a row of evenly spaced axis ticks: one suffix (k, M, B, T) chosen from the largest tick and as many
    /// decimals as the spacing needs, so neighbouring ticks never read the same (0.019, 0.020, 0.021 rather than
    /// 0.02 three times).
    /// </summary>
    public static string[] TickLabels(double[] ticks)
    {
        if (ticks.Length == 0)
        {
            return [];
        }

        double largest = ticks.Max(Math.Abs);
        (double scale, string suffix) = largest switch
        {
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            >= 1e4 => (1e3, "k"),
            _ => (1.0, string.Empty),
        };
        double spacing = ticks.Length > 1 ? Math.Abs(ticks[1] - ticks[0]) / scale : 1;
        int decimals = spacing > 0 ? Math.Clamp((int)Math.Ceiling(-Math.Log10(spacing) - 1e-9), 0, 12) : 0;
        string format = decimals == 0 ? "#,0" : "#,0." + new string('0', decimals);
        var labels = new string[ticks.Length];
        for (int i = 0; i < ticks.Length; i++)
        {
            double v = ticks[i] / scale;
            if (Math.Abs(v) < spacing * 1e-6)
            {
                v = 0; // -0 and rounding noise around zero read as 0
            }

            labels[i] = v == 0 ? "0" : v.ToString(format, CultureInfo.InvariantCulture) + suffix;
        }

        return labels;
    }

    /// <summary>A time for an interval label: HH:mm (HH:mm:ss when it has seconds); the date first when <paramref name="withDate"/>.</summary>
    public static string Clock(DateTimeOffset time, bool withDate)
    {
        DateTime t = time.UtcDateTime;
        string clock = t.Second != 0 || t.Millisecond != 0 ? "HH:mm:ss" : "HH:mm";
        return t.ToString(withDate ? "yyyy-MM-dd " + clock : clock, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// An interval as every report labels it, start–end in UTC: <c>11:59–12:01</c>, with the date when
    /// <paramref name="withDate"/> (and on the end too when it falls on another day).
    /// </summary>
    public static string Interval(DateTimeOffset start, DateTimeOffset end, bool withDate)
    {
        bool sameDay = start.UtcDateTime.Date == end.UtcDateTime.Date;
        return Clock(start, withDate) + "\u2013" + Clock(end, withDate && !sameDay);
    }

    /// <summary>An elapsed interval (time since <see cref="DateTimeOffset.UnixEpoch"/>) as h:mm–h:mm.</summary>
    public static string ElapsedInterval(DateTimeOffset start, DateTimeOffset end)
    {
        static string Of(DateTimeOffset t)
        {
            TimeSpan e = t - DateTimeOffset.UnixEpoch;
            return e.Seconds != 0
                ? string.Create(CultureInfo.InvariantCulture, $"{(long)e.TotalHours}:{e.Minutes:00}:{e.Seconds:00}")
                : string.Create(CultureInfo.InvariantCulture, $"{(long)e.TotalHours}:{e.Minutes:00}");
        }

        return Of(start) + "\u2013" + Of(end);
    }

    /// <summary>
    /// About <paramref name="count"/> round tick values (1, 2 or 5 × a power of ten apart) covering
    /// [<paramref name="low"/>, <paramref name="high"/>], and the padded range they span.
    /// </summary>
    public static (double Low, double High, double[] Ticks) NiceScale(double low, double high, int count)
    {
        if (!(high > low))
        {
            double pad = Math.Abs(low) > 0 ? Math.Abs(low) * 0.05 : 1;
            low -= pad;
            high += pad;
        }

        double raw = (high - low) / Math.Max(1, count);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double unit = (raw / magnitude) switch
        {
            <= 1 => magnitude,
            <= 2 => 2 * magnitude,
            <= 5 => 5 * magnitude,
            _ => 10 * magnitude,
        };
        double first = Math.Floor(low / unit) * unit;
        double last = Math.Ceiling(high / unit) * unit;
        int n = (int)Math.Round((last - first) / unit) + 1;
        double[] ticks = new double[n];
        for (int i = 0; i < n; i++)
        {
            ticks[i] = first + (i * unit);
        }

        return (first, last, ticks);
    }
}
