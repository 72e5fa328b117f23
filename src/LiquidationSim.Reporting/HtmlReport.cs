using System.Globalization;
using System.Text;
using LiquidationSim.Reporting.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting;

/// <summary>
/// Self-contained HTML reports: one file with its styles and charts inline, no scripts, fonts or links to fetch, so it
/// opens offline and can be mailed or archived as is.
/// </summary>
/// <remarks>
/// The documents are well-formed XML as well as HTML5 (polyglot markup), so tools can check them with an XML parser.
/// Sections carry stable ids: <c>#overview</c>, <c>#chart</c>, <c>#summary</c>, <c>#markets</c>, <c>#busiest</c> (cascade
/// report) and <c>#distribution</c>, <c>#paths</c> (Monte Carlo report). Nothing in a report depends on the clock or the
/// machine: the same inputs give the same bytes.
/// <para>
/// Every figure names its unit: prices in the charted instrument's quote asset, amounts in its settlement asset, open
/// interest in contracts (read from the scenario when one is given, otherwise "quote currency" and "settlement
/// currency"). Intervals read start–end in UTC, as on the chart. The page is responsive: tables and charts scroll
/// sideways inside their own box on a narrow screen instead of shrinking, so chart text stays at least 10 px.
/// </para>
/// </remarks>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1d1f;margin:24px auto;max-width:1000px;padding:0 16px;line-height:1.45}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #e2e2e2;padding-bottom:4px}
        .meta{color:#555;margin:0 0 16px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
        .card{flex:1 1 150px;border:1px solid #e2e2e2;border-radius:6px;padding:10px 12px;background:#fafafa}
        .card .label{font-size:12px;color:#666;text-transform:uppercase;letter-spacing:.03em}
        .card .value{font-size:20px;font-weight:600;margin-top:2px}
        .table-wrap{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;font-size:14px}
        th,td{padding:5px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
        th:first-child,td:first-child{text-align:left}
        th[scope=row],thead th{white-space:normal;min-width:6em}
        th{background:#f4f4f4;font-weight:600}
        figure{margin:0 0 12px;overflow-x:auto;max-width:100%}figcaption{color:#555;font-size:13px}
        svg{max-width:100%;height:auto}
        figure svg{min-width:820px}
        footer{margin-top:32px;color:#777;font-size:12px}
        """;

    /// <summary>The report of one cascade run: headline figures, the chart, the summary, end-of-run markets and the busiest intervals.</summary>
    /// <param name="summary">The run's summary.</param>
    /// <param name="series">The series collected from the run's steps (drawn with <see cref="CascadeChart"/>).</param>
    /// <param name="scenario">The scenario, for the overview (venue, period, population, seed); optional.</param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="series"/> is null.</exception>
    public static string Cascade(SimulationSummary summary, CascadeSeries series, ScenarioDocument? scenario = null)
    {
        Preconditions.NotNull(summary);
        Preconditions.NotNull(series);
        Units units = Units.Of(scenario, series.Symbol);
        string money = " (" + units.Amount + ")";
        var html = new StringBuilder(128 * 1024);
        Open(html, summary.Scenario);
        html.Append("<section id=\"overview\">\n<h1>").Append(Markup.Escape(summary.Scenario)).Append("</h1>\n");
        if (scenario is not null)
        {
            html.Append("<p class=\"meta\">").Append(Markup.Escape(scenario.Describe() + ".")).Append("</p>\n");
        }

        html.Append("<div class=\"cards\">\n");
        Card(html, "Liquidations", summary.Liquidations.ToString("N0", CultureInfo.InvariantCulture));
        Card(html, "Liquidated notional" + money, Markup.Number(summary.LiquidatedNotional, 0));
        Card(html, "Auto-deleveraged" + money, Markup.Number(summary.AdlNotional, 0));
        Card(html, "Insurance fund drawdown" + money, Markup.Number(summary.InsuranceFundDrawdown, 0));
        Card(html, "Bad debt" + money, Markup.Number(summary.BadDebt, 0));
        html.Append("</div>\n</section>\n");

        html.Append("<section id=\"chart\">\n<figure>\n").Append(CascadeChart.ToSvg(series, series.Symbol + ": price, liquidations and insurance fund", units.Labels));
        html.Append("<figcaption>Index, mark and last price in ").Append(Markup.Escape(units.Price))
            .Append(" (light vertical lines: each interval's last-price range); liquidated and auto-deleveraged notional in ").Append(Markup.Escape(units.Amount))
            .Append(" per bar, side by side; insurance fund at the end of each interval. Intervals are start–end, UTC.</figcaption>\n</figure>\n</section>\n");

        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        OpenTable(html);
        html.Append("<tbody>\n");
        Row(html, "Steps run", summary.Steps.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "End", summary.End.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row(html, "Liquidations", summary.Liquidations.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "Accounts liquidated", summary.AccountsLiquidated.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "Liquidated notional" + money, Markup.Number(summary.LiquidatedNotional));
        Row(html, "Auto-deleveraging fills", summary.AdlCount.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "Auto-deleveraged notional" + money, Markup.Number(summary.AdlNotional));
        Row(html, "Trader orders", summary.TraderOrders.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "Trader deposits" + money, Markup.Number(summary.Deposits));
        Row(html, "Insurance fund at start" + money, Markup.Number(summary.InsuranceFundStart));
        Row(html, "Insurance fund at end" + money, Markup.Number(summary.InsuranceFundEnd));
        Row(html, "Insurance fund drawdown" + money, Markup.Number(summary.InsuranceFundDrawdown));
        Row(html, "Bad debt" + money, Markup.Number(summary.BadDebt));
        Row(html, "Open positions at end", summary.OpenPositions.ToString("N0", CultureInfo.InvariantCulture));
        html.Append("</tbody>\n");
        CloseTable(html);
        html.Append("</section>\n");

        string price = " (" + units.Price + ")";
        html.Append("<section id=\"markets\">\n<h2>Markets at the end</h2>\n");
        OpenTable(html);
        Header(html, "Symbol", "Spot" + price, "Index" + price, "Mark" + price, "Last" + price, "Open interest long (contracts)", "Open interest short (contracts)");
        html.Append("<tbody>\n");
        foreach (MarketSnapshot m in summary.Markets)
        {
            Row(html, m.Symbol, Markup.Number(m.SpotPrice), Markup.Number(m.IndexPrice), Markup.Number(m.MarkPrice), Markup.Number(m.LastPrice), Markup.Number(m.OpenInterestLong, 3), Markup.Number(m.OpenInterestShort, 3));
        }

        html.Append("</tbody>\n");
        CloseTable(html);
        html.Append("</section>\n");

        html.Append("<section id=\"busiest\">\n<h2>Busiest intervals</h2>\n");
        IReadOnlyList<CascadePoint> points = series.Points;
        int[] busiest = [.. Enumerable.Range(0, points.Count).Where(i => points[i].LiquidatedNotional > 0)
            .OrderByDescending(i => points[i].LiquidatedNotional).ThenBy(i => points[i].FirstStep).Take(10)];
        if (busiest.Length == 0)
        {
            html.Append("<p>No position was liquidated.</p>\n");
        }
        else
        {
            TimeSpan step = StepDuration(points);
            OpenTable(html);
            Header(html, "Interval (UTC, start–end)", "Liquidations", "Liquidated notional" + money, "Auto-deleveraged" + money, "Lowest last price" + price, "Insurance fund at end" + money);
            html.Append("<tbody>\n");
            foreach (int i in busiest)
            {
                CascadePoint p = points[i];
                DateTimeOffset start = i > 0 ? points[i - 1].Time : p.Time - TimeSpan.FromTicks(step.Ticks * (p.LastStep - p.FirstStep));
                Row(html, Markup.Interval(start, p.Time, withDate: true), p.Liquidations.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Number(p.LiquidatedNotional, 0), Markup.Number(p.AdlNotional, 0), Markup.Number(p.LastLow), Markup.Number(p.InsuranceFund, 0));
            }

            html.Append("</tbody>\n");
            CloseTable(html);
        }

        html.Append("</section>\n");
        Close(html);
        return html.ToString();
    }

    /// <summary>The report of a Monte Carlo run: per-metric statistics and a histogram of each loss metric.</summary>
    /// <param name="result">The (possibly merged) result.</param>
    /// <param name="title">The report's heading, such as the scenario's name.</param>
    /// <param name="scenario">The scenario, for the overview and the currency amounts are labelled with; optional.</param>
    /// <param name="currency">
    /// The settlement currency to label amounts with when <paramref name="scenario"/> is not given (a merge of shards
    /// knows the currency, not the scenario); otherwise the scenario's first instrument decides, and without either the
    /// label is "settlement currency".
    /// </param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> or <paramref name="title"/> is null.</exception>
    public static string MonteCarlo(MonteCarloResult result, string title, ScenarioDocument? scenario = null, string? currency = null)
    {
        Preconditions.NotNull(result);
        Preconditions.NotNull(title);
        var html = new StringBuilder(64 * 1024);
        Open(html, title + " (Monte Carlo)");
        html.Append("<section id=\"overview\">\n<h1>").Append(Markup.Escape(title)).Append("</h1>\n<p class=\"meta\">");
        html.Append(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Monte Carlo: {result.PathCount:N0} paths (indices {result.FirstPath:N0} to {result.LastPath:N0}{(result.IsContiguous ? string.Empty : ", with gaps")}), root seed {result.RootSeed}, digest {result.Digest()[..16]}.")));
        if (scenario is not null)
        {
            html.Append(' ').Append(Markup.Escape(scenario.Describe() + "."));
        }

        string unit = scenario is null && currency is not null
            ? currency
            : Units.Of(scenario, scenario?.Instruments.FirstOrDefault()?.Symbol ?? string.Empty).Amount;
        string money = " (" + unit + ")";
        html.Append("</p>\n<div class=\"cards\">\n");
        Card(html, "Drawdown VaR 99 %" + money, Markup.Number(result.Percentile(MonteCarloMetric.InsuranceFundDrawdown, 0.99m), 0));
        Card(html, "Bad debt VaR 99 %" + money, Markup.Number(result.Percentile(MonteCarloMetric.BadDebt, 0.99m), 0));
        Card(html, "Paths with bad debt", string.Create(CultureInfo.InvariantCulture, $"{result.Paths.Count(p => p.BadDebt > 0):N0} of {result.PathCount:N0}"));
        html.Append("</div>\n</section>\n");

        html.Append("<section id=\"paths\">\n<h2>Loss metrics over paths").Append(Markup.Escape(money)).Append("</h2>\n");
        OpenTable(html);
        Header(html, "Metric", "Mean", "Median", "95 %", "99 %", "Max");
        html.Append("<tbody>\n");
        foreach (MonteCarloMetric metric in Enum.GetValues<MonteCarloMetric>())
        {
            Row(html, MonteCarloChart.MetricName(metric), Markup.Number(result.Mean(metric), 0), Markup.Number(result.Percentile(metric, 0.5m), 0),
                Markup.Number(result.Percentile(metric, 0.95m), 0), Markup.Number(result.Percentile(metric, 0.99m), 0), Markup.Number(result.Max(metric), 0));
        }

        html.Append("</tbody>\n");
        CloseTable(html);
        html.Append("</section>\n<section id=\"distribution\">\n<h2>Distributions</h2>\n");
        foreach (MonteCarloMetric metric in new[] { MonteCarloMetric.InsuranceFundDrawdown, MonteCarloMetric.BadDebt, MonteCarloMetric.AdlVolume, MonteCarloMetric.LiquidatedNotional })
        {
            html.Append("<figure>\n").Append(MonteCarloChart.HistogramSvg(result, metric, unit: unit)).Append("</figure>\n");
        }

        html.Append("</section>\n");
        Close(html);
        return html.ToString();
    }

    /// <summary>One step's duration, measured from the series' points (zero for fewer than two steps).</summary>
    private static TimeSpan StepDuration(IReadOnlyList<CascadePoint> points)
    {
        if (points.Count == 0)
        {
            return TimeSpan.Zero;
        }

        long steps = points[^1].LastStep - points[0].LastStep;
        return steps > 0 ? TimeSpan.FromTicks((points[^1].Time - points[0].Time).Ticks / steps) : TimeSpan.Zero;
    }

    /// <summary>Opens a table inside its scrolling box (narrow screens scroll the table, not the page).</summary>
    internal static void OpenTable(StringBuilder html) => html.Append("<div class=\"table-wrap\">\n<table>\n");

    /// <summary>Closes a table opened with <see cref="OpenTable"/>.</summary>
    internal static void CloseTable(StringBuilder html) => html.Append("</table>\n</div>\n");

    /// <summary>A table's header row, each cell escaped.</summary>
    internal static void Header(StringBuilder html, params string[] cells)
    {
        html.Append("<thead><tr>");
        foreach (string cell in cells)
        {
            html.Append("<th>").Append(Markup.Escape(cell)).Append("</th>");
        }

        html.Append("</tr></thead>\n");
    }

    /// <summary>The units a cascade report names: the charted instrument's quote and settlement assets, or generic words.</summary>
    private readonly record struct Units(string Price, string Amount, CascadeChartLabels Labels)
    {
        public static Units Of(ScenarioDocument? scenario, string symbol)
        {
            ScenarioInstrument? entry = scenario?.Instruments.FirstOrDefault(i => string.Equals(i.Symbol, symbol, StringComparison.Ordinal));
            if (entry is null)
            {
                return new Units("quote currency", "settlement currency", CascadeChartLabels.Cascade);
            }

            Instruments.Instrument instrument = entry.ToInstrument();
            return new Units(instrument.QuoteAsset, instrument.SettlementAsset, CascadeChartLabels.ForInstrument(instrument));
        }
    }

    /// <summary>Starts a report page: doctype, head with the inline style sheet, and the opening body tag.</summary>
    internal static void Open(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        html.Append("<meta name=\"generator\" content=\"LiquidationSim ").Append(Markup.Escape(Version)).Append("\"/>\n");
        html.Append("<title>").Append(Markup.Escape(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
    }

    /// <summary>Ends a report page: the footer and the closing tags.</summary>
    internal static void Close(StringBuilder html) =>
        html.Append("<footer>Generated by LiquidationSim ").Append(Markup.Escape(Version))
            .Append(". Simulations are deterministic: the same scenario and seed give the same figures and this same report on any machine.</footer>\n</body>\n</html>\n");

    private static string Version =>
        typeof(HtmlReport).Assembly.GetName().Version is { } v ? v.ToString(3) : "unknown";

    /// <summary>A headline figure: a small card with a label and a value.</summary>
    internal static void Card(StringBuilder html, string label, string value) =>
        html.Append("<div class=\"card\"><div class=\"label\">").Append(Markup.Escape(label)).Append("</div><div class=\"value\">").Append(Markup.Escape(value)).Append("</div></div>\n");

    /// <summary>A table row: the first cell a row header, each cell escaped.</summary>
    internal static void Row(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        for (int i = 0; i < cells.Length; i++)
        {
            string tag = i == 0 ? "th" : "td";
            html.Append('<').Append(tag).Append(i == 0 ? " scope=\"row\">" : ">").Append(Markup.Escape(cells[i])).Append("</").Append(tag).Append('>');
        }

        html.Append("</tr>\n");
    }
}
