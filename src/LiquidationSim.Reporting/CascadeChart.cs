using System.Globalization;
using System.Text;
using LiquidationSim.Reporting.Internal;

namespace LiquidationSim.Reporting;

/// <summary>
/// Draws a <see cref="CascadeSeries"/> as a self-contained SVG chart: the price path (index, mark and last, with each
/// bucket's last-price range as a wick), liquidation and auto-deleveraging volume as bars, and the insurance fund
/// (with bad debt when there is any), on one time axis.
/// </summary>
/// <remarks>
/// The document needs no fonts, scripts or files beyond itself and is well-formed XML, so it can be opened directly,
/// embedded in HTML, or checked with an XML parser. Element ids and classes are stable for tooling:
/// <c>g#price</c> (<c>polyline.index</c>, <c>polyline.mark</c>, <c>polyline.last</c>, <c>line.wick</c>),
/// <c>g#liquidations</c> (<c>rect.liquidation-bar</c>, <c>rect.adl-bar</c>, each with a <c>title</c> tooltip),
/// <c>g#insurance-fund</c> (<c>polyline.insurance-fund</c>, <c>polyline.bad-debt</c>) and <c>line.peak</c> at the bucket
/// with the most liquidated notional. The output depends only on the series: the same run draws the same bytes.
/// <para>
/// Bars stay readable at any run length: the volume panel groups the series' buckets into at most 120 bars (a round
/// number of buckets each, named in the panel's title), draws liquidations and auto-deleveraging side by side, and
/// gives any non-zero volume at least a sliver of height. Intervals are labelled start–end in UTC everywhere (tooltips,
/// the peak label), as in <see cref="HtmlReport"/>'s tables; a bucket runs from the previous bucket's end to its own
/// <see cref="CascadePoint.Time"/>. Axis ticks are labelled with as many decimals as their spacing needs.
/// </para>
/// </remarks>
public static class CascadeChart
{
    private const double Width = 960;
    private const double Height = 648;
    private const double Left = 76;
    private const double Right = 24;
    private const double PlotWidth = Width - Left - Right;
    private const double PriceTop = 60;
    private const double PriceHeight = 290;
    private const double VolumeTop = 384;
    private const double VolumeHeight = 120;
    private const double FundTop = 536;
    private const double FundHeight = 70;
    private const int MaxBars = 120;
    private const double MinBarHeight = 1.5;
    private const double MinBarWidth = 2;

    private const string IndexColour = "#8c8c8c";
    private const string MarkColour = "#1f5fbf";
    private const string LastColour = "#e8710a";
    private const string LiquidationColour = "#d62728";
    private const string AdlColour = "#8e44ad";
    private const string FundColour = "#2a9d3c";
    private const string BadDebtColour = "#222222";

    /// <summary>The chart as an SVG document.</summary>
    /// <param name="series">The collected series.</param>
    /// <param name="title">Chart title; null uses the series' symbol.</param>
    /// <param name="labels">
    /// Panel names, legend entries and the time axis; null uses <see cref="CascadeChartLabels.Cascade"/>, the words of a
    /// perpetual's cascade. Other words draw the same chart for runs whose series are not a perpetual's, such as the
    /// DeFi stress runs of <c>liqsim defi</c>.
    /// </param>
    /// <returns>The SVG text (UTF-8 when written with a UTF-8 writer), without an XML declaration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="series"/> is null.</exception>
    public static string ToSvg(CascadeSeries series, string? title = null, CascadeChartLabels? labels = null)
    {
        Preconditions.NotNull(series);
        labels ??= CascadeChartLabels.Cascade;
        IReadOnlyList<CascadePoint> points = series.Points;
        title ??= series.Symbol + " liquidation cascade";
        StringBuilder svg = Markup.OpenSvg(Width, Height, title);
        svg.Append("<desc>").Append(Markup.Escape(labels.Description)).Append("</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"28\" font-size=\"17\" font-weight=\"600\" fill=\"#111\">{Markup.Escape(title)}</text>\n");

        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{PriceTop + 40}\" fill=\"#555\">No steps were recorded.</text>\n</svg>\n");
            return svg.ToString();
        }

        var x = new TimeAxis(points, series.StepsPerPoint, labels.ElapsedTime);
        DrawPrice(svg, points, x, labels);
        int peak = DrawVolume(svg, points, x, labels);
        DrawFund(svg, points, x, labels);
        DrawTimeAxis(svg, points, x);
        if (peak >= 0)
        {
            CascadePoint p = points[peak];
            double px = x.Centre(p);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"peak\" x1=\"{Markup.Coordinate(px)}\" y1=\"{PriceTop}\" x2=\"{Markup.Coordinate(px)}\" y2=\"{FundTop + FundHeight}\" stroke=\"{LiquidationColour}\" stroke-width=\"1\" stroke-dasharray=\"3 3\" opacity=\"0.6\"/>\n");
            string text = $"peak {x.Interval(points, peak)}: {Markup.Compact((double)p.LiquidatedNotional)}";
            double width = TextWidth(text);
            bool toLeft = px + 4 + width > Width - Right - 2;
            double tx = toLeft ? Math.Max(Left + 2 + width, px - 4) : Math.Max(Left + 2, px + 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"peak-label\" x=\"{Markup.Coordinate(tx)}\" y=\"{VolumeTop + 14}\" text-anchor=\"{(toLeft ? "end" : "start")}\" fill=\"{LiquidationColour}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{Markup.Escape(text)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void DrawPrice(StringBuilder svg, IReadOnlyList<CascadePoint> points, TimeAxis x, CascadeChartLabels labels)
    {
        double low = double.MaxValue, high = double.MinValue;
        foreach (CascadePoint p in points)
        {
            low = Math.Min(low, (double)Math.Min(p.IndexPrice, Math.Min(p.MarkLow, p.LastLow)));
            high = Math.Max(high, (double)Math.Max(p.IndexPrice, Math.Max(p.MarkHigh, p.LastHigh)));
        }

        var y = new ValueAxis(low, high, PriceTop, PriceHeight, 6);
        svg.Append("<g id=\"price\">\n");
        (string? Name, string Colour, bool Dashed)[] lines = [(labels.IndexLine, IndexColour, true), (labels.MarkLine, MarkColour, false), (labels.LastLine, LastColour, false)];
        PanelFrame(svg, labels.PricePanel, PriceTop, PriceHeight, y, [.. lines.Where(l => l.Name is not null).Select(l => (l.Name!, l.Colour, l.Dashed))]);
        svg.Append("<g class=\"wicks\">\n");
        foreach (CascadePoint p in points)
        {
            if (labels.LastLine is not null && p.LastHigh > p.LastLow)
            {
                string cx = Markup.Coordinate(x.Centre(p));
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"wick\" x1=\"{cx}\" y1=\"{Markup.Coordinate(y.Of((double)p.LastHigh))}\" x2=\"{cx}\" y2=\"{Markup.Coordinate(y.Of((double)p.LastLow))}\" stroke=\"{LastColour}\" stroke-width=\"1\" opacity=\"0.35\"/>\n");
            }
        }

        svg.Append("</g>\n");
        if (labels.IndexLine is not null)
        {
            Polyline(svg, "index", points, x, y, p => p.IndexPrice, IndexColour, "4 3");
        }

        if (labels.LastLine is not null)
        {
            Polyline(svg, "last", points, x, y, p => p.LastPrice, LastColour, null);
        }

        Polyline(svg, "mark", points, x, y, p => p.MarkPrice, MarkColour, null);
        svg.Append("</g>\n");
    }

    private static int DrawVolume(StringBuilder svg, IReadOnlyList<CascadePoint> points, TimeAxis x, CascadeChartLabels labels)
    {
        int peak = -1;
        for (int i = 0; i < points.Count; i++)
        {
            if (points[i].LiquidatedNotional > 0 && (peak < 0 || points[i].LiquidatedNotional > points[peak].LiquidatedNotional))
            {
                peak = i;
            }
        }

        // Buckets grouped into at most MaxBars bars of a round number of buckets each, so a bar is never a hairline.
        int group = BarGroup(points.Count);
        int bars = (points.Count + group - 1) / group;
        var liquidated = new decimal[bars];
        var adl = new decimal[bars];
        var count = new long[bars];
        for (int i = 0; i < points.Count; i++)
        {
            liquidated[i / group] += points[i].LiquidatedNotional;
            adl[i / group] += points[i].AdlNotional;
            count[i / group] += points[i].Liquidations;
        }

        bool sideBySide = labels.AdlBar is not null || adl.Any(a => a > 0);
        double high = 0;
        for (int b = 0; b < bars; b++)
        {
            high = Math.Max(high, (double)Math.Max(liquidated[b], adl[b]));
        }

        var y = new ValueAxis(0, high > 0 ? high : 1, VolumeTop, VolumeHeight, 3);
        svg.Append("<g id=\"liquidations\">\n");
        string per = group == 1 ? x.BucketLabel : x.BucketLabelOf(group);
        PanelFrame(svg, labels.VolumePanel + " per " + per, VolumeTop, VolumeHeight, y,
            labels.AdlBar is null ? [(labels.VolumeBar, LiquidationColour, false)] : [(labels.VolumeBar, LiquidationColour, false), (labels.AdlBar, AdlColour, false)]);
        double baseLine = y.Of(0);
        for (int b = 0; b < bars; b++)
        {
            if (liquidated[b] <= 0 && adl[b] <= 0)
            {
                continue;
            }

            int first = b * group, last = Math.Min(points.Count, first + group) - 1;
            double from = x.Centre(points[first]) - (x.BucketWidth / 2), to = x.Centre(points[last]) + (x.BucketWidth / 2);
            double slot = Math.Max(to - from, 1);
            double barWidth = Math.Max(MinBarWidth, slot * 0.8 / (sideBySide ? 2 : 1));
            double width = sideBySide ? 2 * barWidth : barWidth;
            double left = ((from + to) / 2) - (width / 2);
            string tip = string.Create(CultureInfo.InvariantCulture, $"{x.Interval(points, first, last)}: {count[b]:N0} {labels.TipCount}, {Markup.Number(liquidated[b], 0)} {labels.TipVolume}");
            if (labels.TipAdl is not null)
            {
                tip += string.Create(CultureInfo.InvariantCulture, $", {Markup.Number(adl[b], 0)} {labels.TipAdl}");
            }

            if (liquidated[b] > 0)
            {
                double top = Math.Min(baseLine - MinBarHeight, y.Of((double)liquidated[b]));
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"liquidation-bar\" x=\"{Markup.Coordinate(left)}\" y=\"{Markup.Coordinate(top)}\" width=\"{Markup.Coordinate(barWidth)}\" height=\"{Markup.Coordinate(baseLine - top)}\" fill=\"{LiquidationColour}\"><title>{Markup.Escape(tip)}</title></rect>\n");
            }

            if (adl[b] > 0)
            {
                double top = Math.Min(baseLine - MinBarHeight, y.Of((double)adl[b]));
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"adl-bar\" x=\"{Markup.Coordinate(left + barWidth)}\" y=\"{Markup.Coordinate(top)}\" width=\"{Markup.Coordinate(barWidth)}\" height=\"{Markup.Coordinate(baseLine - top)}\" fill=\"{AdlColour}\"><title>{Markup.Escape(tip)}</title></rect>\n");
            }
        }

        svg.Append("</g>\n");
        return peak;
    }

    /// <summary>Buckets per bar: the smallest round number (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60, then ×10) keeping at most <see cref="MaxBars"/> bars.</summary>
    private static int BarGroup(int buckets)
    {
        int needed = (buckets + MaxBars - 1) / MaxBars;
        int[] round = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 25, 30, 50, 60];
        for (long magnitude = 1; ; magnitude *= 10)
        {
            foreach (int r in round)
            {
                if (r * magnitude >= needed && (r >= 10 || magnitude == 1))
                {
                    return (int)(r * magnitude);
                }
            }
        }
    }

    /// <summary>A generous estimate of a 12 px label's width (wider fonts than Helvetica included), for placing labels.</summary>
    private static double TextWidth(string text) => 7.2 * text.Length;

    private static void DrawFund(StringBuilder svg, IReadOnlyList<CascadePoint> points, TimeAxis x, CascadeChartLabels labels)
    {
        bool anyBadDebt = false;
        double low = double.MaxValue, high = double.MinValue;
        foreach (CascadePoint p in points)
        {
            anyBadDebt |= p.BadDebt > 0;
            low = Math.Min(low, (double)p.InsuranceFundLow);
            high = Math.Max(high, (double)p.InsuranceFund);
            if (anyBadDebt)
            {
                low = Math.Min(low, (double)p.BadDebt);
                high = Math.Max(high, (double)p.BadDebt);
            }
        }

        var y = new ValueAxis(low, high, FundTop, FundHeight, 2);
        svg.Append("<g id=\"insurance-fund\">\n");
        (string, string, bool)[] legend = anyBadDebt
            ? [(labels.FundLine, FundColour, false), (labels.BadDebtLine, BadDebtColour, false)]
            : [(labels.FundLine, FundColour, false)];
        PanelFrame(svg, labels.FundPanel, FundTop, FundHeight, y, legend);
        Polyline(svg, "insurance-fund", points, x, y, p => p.InsuranceFund, FundColour, null);
        if (anyBadDebt)
        {
            Polyline(svg, "bad-debt", points, x, y, p => p.BadDebt, BadDebtColour, null);
        }

        svg.Append("</g>\n");
    }

    private static void DrawTimeAxis(StringBuilder svg, IReadOnlyList<CascadePoint> points, TimeAxis x)
    {
        const double axisY = FundTop + FundHeight;
        svg.Append("<g id=\"time-axis\">\n");
        foreach ((double tx, string label) in x.Ticks(points))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Markup.Coordinate(tx)}\" y1=\"{axisY}\" x2=\"{Markup.Coordinate(tx)}\" y2=\"{axisY + 4}\" stroke=\"#444\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Coordinate(tx)}\" y=\"{axisY + 17}\" text-anchor=\"middle\" fill=\"#333\">{label}</text>\n");
        }

        DateTime first = points[0].Time.UtcDateTime, last = points[^1].Time.UtcDateTime;
        string range = first.Date == last.Date
            ? first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " to " + last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string caption = x.Elapsed ? "time since the start, " + (x.Span <= TimeSpan.FromDays(2) ? "h:mm" : "days") : "time (UTC), " + range;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{axisY + 34}\" text-anchor=\"end\" fill=\"#555\">{caption}</text>\n");
        svg.Append("</g>\n");
    }

    private static void PanelFrame(StringBuilder svg, string name, double top, double height, ValueAxis y, (string Name, string Colour, bool Dashed)[] legend)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{PlotWidth}\" height=\"{height}\" fill=\"#fafafa\" stroke=\"#d0d0d0\"/>\n");
        string[] tickLabels = Markup.TickLabels(y.Ticks);
        for (int i = 0; i < y.Ticks.Length; i++)
        {
            string ty = Markup.Coordinate(y.Of(y.Ticks[i]));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{ty}\" x2=\"{Width - Right}\" y2=\"{ty}\" stroke=\"#e6e6e6\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{ty}\" dy=\"4\" text-anchor=\"end\" fill=\"#333\">{tickLabels[i]}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{top - 8}\" font-weight=\"600\" fill=\"#222\">{Markup.Escape(name)}</text>\n");
        double lx = Width - Right;
        for (int i = legend.Length - 1; i >= 0; i--)
        {
            (string label, string colour, bool dashed) = legend[i];
            double textWidth = TextWidth(label);
            lx -= textWidth;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Coordinate(lx)}\" y=\"{top - 8}\" fill=\"#333\">{Markup.Escape(label)}</text>\n");
            lx -= 22;
            string dash = dashed ? " stroke-dasharray=\"4 3\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Markup.Coordinate(lx)}\" y1=\"{top - 12}\" x2=\"{Markup.Coordinate(lx + 16)}\" y2=\"{top - 12}\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>\n");
            lx -= 14;
        }
    }

    private static void Polyline(
        StringBuilder svg, string name, IReadOnlyList<CascadePoint> points, TimeAxis x, ValueAxis y, Func<CascadePoint, decimal> value, string colour, string? dash)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{name}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"");
        if (dash is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{dash}\"");
        }

        svg.Append(" points=\"");
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0)
            {
                svg.Append(' ');
            }

            svg.Append(Markup.Coordinate(x.End(points[i]))).Append(',').Append(Markup.Coordinate(y.Of((double)value(points[i]))));
        }

        svg.Append("\"/>\n");
    }

    private static string TimeLabel(DateTimeOffset time, TimeSpan span)
    {
        string format = span <= TimeSpan.FromDays(2) ? "HH:mm" : span <= TimeSpan.FromDays(200) ? "MMM dd" : "yyyy-MM";
        return time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Time since <see cref="DateTimeOffset.UnixEpoch"/> (an elapsed-time series' origin): h:mm up to two days, then days.</summary>
    private static string ElapsedLabel(DateTimeOffset time, TimeSpan span)
    {
        TimeSpan t = time - DateTimeOffset.UnixEpoch;
        return span <= TimeSpan.FromDays(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)t.TotalHours}:{t.Minutes:00}")
            : t.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>Maps step indices to x; a point's line vertex sits at the end of its bucket, its bar at the centre.</summary>
    private readonly struct TimeAxis
    {
        private readonly double _first;
        private readonly double _steps;

        public TimeAxis(IReadOnlyList<CascadePoint> points, long stepsPerPoint, bool elapsed)
        {
            Elapsed = elapsed;
            _first = points[0].FirstStep;
            _steps = Math.Max(1, points[^1].LastStep - points[0].FirstStep);
            BucketCount = points.Count;
            Span = points[^1].Time - points[0].Time;
            long stepsSpanned = points[^1].LastStep - points[0].LastStep;
            TimeSpan step = stepsSpanned > 0 ? TimeSpan.FromTicks(Span.Ticks / stepsSpanned) : TimeSpan.Zero;
            BucketLabel = step > TimeSpan.Zero ? Markup.Duration(TimeSpan.FromTicks(step.Ticks * stepsPerPoint)) : "step";
            StepDuration = step;
            _stepsPerPoint = stepsPerPoint;
            BucketWidth = stepsPerPoint / _steps * PlotWidth;
        }

        private readonly long _stepsPerPoint;

        /// <summary>One step's duration, measured from the series (zero for a single step).</summary>
        public TimeSpan StepDuration { get; }

        /// <summary>A full bucket's width in pixels.</summary>
        public double BucketWidth { get; }

        /// <summary>The width of <paramref name="buckets"/> buckets in words.</summary>
        public string BucketLabelOf(int buckets) =>
            StepDuration > TimeSpan.Zero ? Markup.Duration(TimeSpan.FromTicks(StepDuration.Ticks * _stepsPerPoint * buckets)) : buckets.ToString(CultureInfo.InvariantCulture) + " steps";

        /// <summary>
        /// The time axis' ticks: at round times (every 1, 2, 5, 10, 15 or 30 s or min, 1, 2, 3, 4, 6 or 12 h, 1, 2 or
        /// 7 days, counted from midnight UTC) when the series spans up to 60 days, at most 7 of them; otherwise at up to 7
        /// bucket ends.
        /// </summary>
        public List<(double X, string Label)> Ticks(IReadOnlyList<CascadePoint> points)
        {
            var ticks = new List<(double, string)>();
            long[] seconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 14_400, 21_600, 43_200, 86_400, 172_800, 604_800];
            if (StepDuration > TimeSpan.Zero && Span > TimeSpan.Zero && Span <= TimeSpan.FromDays(60))
            {
                long spanTicks = Span.Ticks;
                long every = seconds.FirstOrDefault(c => spanTicks / (c * TimeSpan.TicksPerSecond) <= 6);
                if (every > 0)
                {
                    long unit = every * TimeSpan.TicksPerSecond;
                    DateTimeOffset from = points[0].Time - TimeSpan.FromTicks(StepDuration.Ticks * (points[0].LastStep - points[0].FirstStep));
                    long firstTick = ((from.UtcTicks + unit - 1) / unit) * unit;
                    for (long t = firstTick; t <= points[^1].Time.UtcTicks; t += unit)
                    {
                        var time = new DateTimeOffset(t, TimeSpan.Zero);
                        double step = points[0].LastStep + ((double)(time - points[0].Time).Ticks / StepDuration.Ticks);
                        string label = every < 60 && !Elapsed ? time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : Label(time);
                        ticks.Add((Left + ((step - _first) / _steps * PlotWidth), label));
                    }

                    return ticks;
                }
            }

            int count = Math.Min(7, points.Count);
            for (int k = 0; k < count; k++)
            {
                int i = count == 1 ? 0 : (int)((long)k * (points.Count - 1) / (count - 1));
                ticks.Add((End(points[i]), Label(points[i].Time)));
            }

            return ticks;
        }

        /// <summary>
        /// Points <paramref name="first"/> to <paramref name="last"/> as start–end: from the end of the point before (the
        /// first point: its own first step's start) to the end of the last.
        /// </summary>
        public string Interval(IReadOnlyList<CascadePoint> points, int first, int last = -1)
        {
            CascadePoint end = points[last < 0 ? first : last];
            DateTimeOffset start = first > 0
                ? points[first - 1].Time
                : points[0].Time - TimeSpan.FromTicks(StepDuration.Ticks * (points[0].LastStep - points[0].FirstStep));
            return Elapsed ? Markup.ElapsedInterval(start, end.Time) : Markup.Interval(start, end.Time, Span > TimeSpan.FromDays(2));
        }

        public int BucketCount { get; }

        public bool Elapsed { get; }

        public TimeSpan Span { get; }

        public string BucketLabel { get; }

        public string Label(DateTimeOffset time) => Elapsed ? ElapsedLabel(time, Span) : TimeLabel(time, Span);

        public double End(CascadePoint p) => Left + ((p.LastStep - _first) / _steps * PlotWidth);

        public double Centre(CascadePoint p) => Left + ((((p.FirstStep + p.LastStep) / 2.0) - _first) / _steps * PlotWidth);
    }

    /// <summary>Maps values to y within a panel, over a round-number range.</summary>
    private readonly struct ValueAxis
    {
        private readonly double _low;
        private readonly double _high;
        private readonly double _top;
        private readonly double _height;

        public ValueAxis(double low, double high, double top, double height, int ticks)
        {
            (_low, _high, Ticks) = Markup.NiceScale(low, high, ticks);
            _top = top;
            _height = height;
        }

        public double[] Ticks { get; }

        public double Of(double value) => _top + _height - ((value - _low) / (_high - _low) * _height);
    }
}
