using System.Globalization;
using System.Text;
using LiquidationSim.Reporting.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting;

/// <summary>Draws the distribution of one Monte Carlo metric as a self-contained SVG histogram.</summary>
/// <remarks>
/// Bins are equal-width from the metric's minimum to its maximum (<see cref="MonteCarloResult.Histogram"/>); the
/// 95th and 99th percentiles are marked with <c>line.percentile</c> and labelled with their values on two rows, each
/// label kept inside the plot (turned to the left of its line near the right edge). Bars are <c>rect.bin</c> with a
/// <c>title</c> tooltip. The y axis counts paths with round ticks; the x axis names the metric and its unit.
/// Well-formed XML; the same result draws the same bytes.
/// </remarks>
public static class MonteCarloChart
{
    private const double Width = 960;
    private const double Height = 310;
    private const double Left = 76;
    private const double Right = 24;
    private const double Top = 48;
    private const double PlotHeight = 200;
    private const double PlotWidth = Width - Left - Right;

    /// <summary>The histogram of <paramref name="metric"/> over every path of <paramref name="result"/>.</summary>
    /// <param name="result">The Monte Carlo result.</param>
    /// <param name="metric">The metric to draw.</param>
    /// <param name="bins">Number of bins; from 1 to 500.</param>
    /// <param name="unit">What the metric counts, for the axis caption (e.g. <c>USDT</c>); null: "quote currency".</param>
    /// <returns>The SVG text, without an XML declaration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is out of range or <paramref name="metric"/> undefined.</exception>
    public static string HistogramSvg(MonteCarloResult result, MonteCarloMetric metric, int bins = 30, string? unit = null)
    {
        Preconditions.NotNull(result);
        if (bins is < 1 or > 500)
        {
            ThrowHelper.OutOfRange(nameof(bins), bins, "must be from 1 to 500");
        }

        if (!Enum.IsDefined(metric))
        {
            ThrowHelper.OutOfRange(nameof(metric), metric, "is not a defined metric");
        }

        decimal min = result.Min(metric), max = result.Max(metric);
        if (max == min)
        {
            bins = 1;
            max = min + 1m;
        }

        decimal[] edges = new decimal[bins + 1];
        for (int i = 0; i <= bins; i++)
        {
            edges[i] = i == bins ? max : min + ((max - min) * i / bins);
            if (i > 0 && edges[i] <= edges[i - 1])
            {
                // A range too narrow for decimal to split: one bin.
                bins = 1;
                edges = [min, max];
                break;
            }
        }

        MonteCarloHistogram histogram = result.Histogram(metric, edges);
        long tallest = Math.Max(1, histogram.Counts.Max());
        (_, double yHigh, double[] yTicks) = Markup.NiceScale(0, tallest, 4);
        string name = MetricName(metric);
        StringBuilder svg = Markup.OpenSvg(Width, Height, string.Create(CultureInfo.InvariantCulture, $"{name} over {result.PathCount:N0} paths"));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"26\" font-size=\"15\" font-weight=\"600\" fill=\"#111\">{Markup.Escape(name)}: {result.PathCount:N0} paths</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"#fafafa\" stroke=\"#d0d0d0\"/>\n");
        svg.Append("<g id=\"histogram\">\n");
        double binWidth = PlotWidth / bins;
        for (int i = 0; i < bins; i++)
        {
            long count = histogram.Counts[i];
            if (count == 0)
            {
                continue;
            }

            double h = PlotHeight * count / yHigh;
            string tip = string.Create(CultureInfo.InvariantCulture, $"{Markup.Number(edges[i], 0)} to {Markup.Number(edges[i + 1], 0)}: {count:N0} paths");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bin\" x=\"{Markup.Coordinate(Left + (i * binWidth) + 0.5)}\" y=\"{Markup.Coordinate(Top + PlotHeight - h)}\" width=\"{Markup.Coordinate(Math.Max(0.5, binWidth - 1))}\" height=\"{Markup.Coordinate(h)}\" fill=\"#4c78a8\"><title>{Markup.Escape(tip)}</title></rect>\n");
        }

        svg.Append("</g>\n");

        // Percentile labels on their own rows, so p95 and p99 never overlap; each stays inside the plot.
        int row = 0;
        foreach ((decimal p, string label) in new[] { (0.95m, "p95"), (0.99m, "p99") })
        {
            decimal v = result.Percentile(metric, p);
            double px = Left + ((double)((v - min) / (max - min)) * PlotWidth);
            string text = label + " " + Markup.Number(v, 0);
            double width = 7.2 * text.Length;
            bool toLeft = px + 4 + width > Left + PlotWidth - 2;
            double tx = toLeft ? Math.Max(Left + 2 + width, px - 4) : px + 4;
            double ty = Top + 15 + (16 * row++);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"percentile\" x1=\"{Markup.Coordinate(px)}\" y1=\"{Top}\" x2=\"{Markup.Coordinate(px)}\" y2=\"{Top + PlotHeight}\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"percentile-label\" x=\"{Markup.Coordinate(tx)}\" y=\"{Markup.Coordinate(ty)}\" text-anchor=\"{(toLeft ? "end" : "start")}\" fill=\"#b01c1c\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{Markup.Escape(text)}</text>\n");
        }

        // x axis: round values within [min, max], at their own positions, labelled with the decimals their spacing needs.
        double low = (double)min, high = (double)max;
        double[] xTicks = [.. Markup.NiceScale(low, high, 5).Ticks.Where(t => t >= low - ((high - low) * 1e-9) && t <= high + ((high - low) * 1e-9))];
        string[] xLabels = Markup.TickLabels(xTicks);
        for (int k = 0; k < xTicks.Length; k++)
        {
            double px = Left + ((xTicks[k] - low) / (high - low) * PlotWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Markup.Coordinate(px)}\" y1=\"{Top + PlotHeight}\" x2=\"{Markup.Coordinate(px)}\" y2=\"{Top + PlotHeight + 4}\" stroke=\"#444\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Coordinate(px)}\" y=\"{Top + PlotHeight + 17}\" text-anchor=\"middle\" fill=\"#333\">{xLabels[k]}</text>\n");
        }

        // y axis: paths per bin, whole-number ticks from 0 to at least the tallest bar.
        double[] wholeTicks = [.. yTicks.Where(t => t >= 0 && t == Math.Floor(t))];
        foreach (double t in wholeTicks)
        {
            double ty = Top + PlotHeight - (PlotHeight * t / yHigh);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Markup.Coordinate(ty)}\" x2=\"{Left - 4}\" y2=\"{Markup.Coordinate(ty)}\" stroke=\"#444\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Markup.Coordinate(ty)}\" dy=\"4\" text-anchor=\"end\" fill=\"#333\">{t.ToString("#,0", CultureInfo.InvariantCulture)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Top + PlotHeight + 38}\" fill=\"#555\">paths per bin</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Top + PlotHeight + 38}\" text-anchor=\"end\" fill=\"#555\">{Markup.Escape(name)} ({Markup.Escape(unit ?? "quote currency")})</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The name charts, reports and the command line show for a metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>E.g. "Insurance fund drawdown"; an undefined value's number.</returns>
    public static string MetricName(MonteCarloMetric metric) => metric switch
    {
        MonteCarloMetric.InsuranceFundDrawdown => "Insurance fund drawdown",
        MonteCarloMetric.BadDebt => "Bad debt",
        MonteCarloMetric.AdlVolume => "ADL volume",
        MonteCarloMetric.LiquidatedNotional => "Liquidated notional",
        _ => ((int)metric).ToString(CultureInfo.InvariantCulture),
    };
}
