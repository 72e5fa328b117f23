using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.Reporting;
using ReportMarkup = LiquidationSim.Reporting.Markup;

namespace LiquidationSim.Cli;

/// <summary>
/// One DeFi run's chart for <c>liqsim defi --out</c>: its steps folded into the Reporting package's <see cref="CascadeSeries"/> and
/// drawn by <see cref="CascadeChart"/> with the run's own words (<see cref="CascadeChartLabels"/>), on an axis of time
/// since the start (the DeFi runs have no calendar date).
/// </summary>
/// <remarks>
/// The panels: prices at the top, the step's liquidation volume as bars in the middle, a running balance (and bad
/// debt, when there is any) at the bottom. What each slot holds for each run is written at its factory method.
/// </remarks>
internal sealed class DefiChart
{
    private readonly CascadeSeries _series;
    private readonly CascadeChartLabels _labels;
    private readonly string _title;
    private long _next;

    private DefiChart(string name, string title, CascadeChartLabels labels)
    {
        _series = new CascadeSeries(name);
        _title = title;
        _labels = labels with { ElapsedTime = true };
    }

    /// <summary>
    /// The lending stress chart: external (dashed), oracle and pool prices of the collateral; debt repaid per interval;
    /// liquidators' cumulative profit and the bad debt, in the debt asset.
    /// </summary>
    /// <param name="run">The run's name (<c>lending</c>, <c>morpho</c>, <c>compoundV2</c>).</param>
    /// <param name="collateral">The collateral token.</param>
    /// <param name="debt">The debt (loan) token.</param>
    public static DefiChart Lending(string run, string collateral, string debt) => new(run, (run switch { "morpho" => "Morpho Blue lending stress: ", "compoundV2" => "Compound v2 lending stress: ", _ => "Lending stress: " }) + collateral + " against " + debt, new CascadeChartLabels
    {
        Description = "Collateral prices, debt repaid by liquidators and bad debt of a lending stress run, drawn by LiquidationSim.",
        PricePanel = collateral + " price",
        IndexLine = "external",
        MarkLine = "oracle",
        LastLine = "pool",
        VolumePanel = "Debt repaid (" + debt + ")",
        VolumeBar = "debt repaid",
        AdlBar = null,
        TipCount = "liquidation calls",
        TipVolume = debt + " repaid",
        TipAdl = null,
        FundPanel = "Liquidator profit and bad debt (" + debt + ")",
        FundLine = "liquidator profit so far",
        BadDebtLine = "bad debt",
    });

    /// <summary>
    /// The Comet chart: the collateral's price feed; debt absorbed per interval (absorptions in the tooltips); the
    /// protocol's reserves (<c>getReserves()</c>) and the cumulative shortfall, in the base token.
    /// </summary>
    /// <param name="collateral">The collateral token.</param>
    /// <param name="baseToken">The base token.</param>
    public static DefiChart Comet(string collateral, string baseToken) => new("comet", "Compound III (Comet) stress: " + collateral + " against " + baseToken, new CascadeChartLabels
    {
        Description = "Collateral price, debt absorbed by the protocol, its reserves and the shortfall of a Comet stress run, drawn by LiquidationSim.",
        PricePanel = collateral + " price (USD)",
        IndexLine = null,
        MarkLine = "price feed",
        LastLine = null,
        VolumePanel = "Debt absorbed (" + baseToken + ")",
        VolumeBar = "debt absorbed",
        AdlBar = null,
        TipCount = "accounts absorbed",
        TipVolume = baseToken + " absorbed",
        TipAdl = null,
        FundPanel = "Reserves and shortfall (" + baseToken + ")",
        FundLine = "reserves",
        BadDebtLine = "shortfall so far",
    });

    /// <summary>
    /// The auction chart: feed price (dashed) and the market price keepers saw; DAI raised per interval (takes in the
    /// tooltips); DAI raised so far and the Dog's <c>Dirt</c> (the tab of running auctions).
    /// </summary>
    public static DefiChart Auction(MakerAuctionProfile profile) => new("auction", "MakerDAO auctions: " + profile.Name, new CascadeChartLabels
    {
        Description = "Feed and market prices, DAI raised by takes and the tab of running auctions of a Maker Liquidation 2.0 run, drawn by LiquidationSim.",
        PricePanel = "Collateral price (DAI)",
        IndexLine = "feed",
        MarkLine = "market",
        LastLine = null,
        VolumePanel = "DAI raised",
        VolumeBar = "DAI raised by takes",
        AdlBar = null,
        TipCount = "takes",
        TipVolume = "DAI raised",
        TipAdl = null,
        FundPanel = "DAI raised so far and Dirt",
        FundLine = "DAI raised so far",
        BadDebtLine = "Dirt (tab of running auctions)",
    });

    /// <summary>
    /// The Liquity chart: the ETH price; LUSD offset against the stability pool and redistributed to troves per
    /// interval, side by side; LUSD left in the pool.
    /// </summary>
    public static DefiChart Liquity() => new("liquity", "Liquity stress: stability pool and redistribution", new CascadeChartLabels
    {
        Description = "ETH price, trove debt offset against the stability pool or redistributed, and the pool's LUSD of a Liquity run, drawn by LiquidationSim.",
        PricePanel = "ETH price (USD)",
        IndexLine = null,
        MarkLine = "ETH",
        LastLine = null,
        VolumePanel = "Debt liquidated (LUSD)",
        VolumeBar = "offset against the pool",
        AdlBar = "redistributed to troves",
        TipCount = "troves liquidated",
        TipVolume = "LUSD offset",
        TipAdl = "LUSD redistributed",
        FundPanel = "Stability pool (LUSD)",
        FundLine = "LUSD in the pool",
        BadDebtLine = "bad debt",
    });

    /// <summary>Adds the next step.</summary>
    /// <param name="elapsed">Time since the start at the end of the step.</param>
    /// <param name="index">The dashed reference price (external, feed); ignored when the chart has none.</param>
    /// <param name="price">The blue price line (oracle, market, ETH).</param>
    /// <param name="last">The orange price line (pool); ignored when the chart has none.</param>
    /// <param name="count">Liquidations or takes in the step.</param>
    /// <param name="volume">The red bar: the step's debt repaid, DAI raised or LUSD offset.</param>
    /// <param name="stacked">The purple bar beside it (LUSD redistributed), or 0.</param>
    /// <param name="balance">The green line at the end of the step.</param>
    /// <param name="badDebt">The black line at the end of the step.</param>
    public void Add(TimeSpan elapsed, decimal index, decimal price, decimal last, long count, decimal volume, decimal stacked, decimal balance, decimal badDebt)
    {
        var point = new CascadePoint
        {
            FirstStep = _next,
            LastStep = _next,
            Time = DateTimeOffset.UnixEpoch + elapsed,
            IndexPrice = index,
            MarkPrice = price,
            MarkLow = price,
            MarkHigh = price,
            LastPrice = last,
            LastLow = last,
            LastHigh = last,
            Liquidations = count,
            LiquidatedNotional = volume,
            AdlNotional = stacked,
            InsuranceFund = balance,
            InsuranceFundLow = balance,
            BadDebt = badDebt,
        };
        _series.Add(point);
        _next++;
    }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg() => CascadeChart.ToSvg(_series, _title, _labels);
}

/// <summary>
/// <c>liqsim defi --out</c>'s <c>report.html</c>: one self-contained page with the headline figures, each run's chart
/// and each run's totals exactly as <c>summary.json</c> holds them, built from the Reporting package's HTML report parts
/// (<see cref="HtmlReport"/>) so it looks like <c>liqsim run</c>'s report.
/// </summary>
/// <remarks>Well-formed XML as well as HTML5, like the Reporting package's reports; the same run gives the same bytes.</remarks>
internal static class DefiReport
{
    /// <summary>The report of one run of each of the scenario's parts.</summary>
    /// <param name="scenario">The scenario that ran.</param>
    /// <param name="summaryJson">The run's <c>summary.json</c> text (<see cref="DefiSummaryWriter.ToJson"/>).</param>
    /// <param name="charts">Each run's section id (<c>lending</c>, <c>auction</c>, <c>liquity</c>) and chart SVG, in order.</param>
    public static string Runs(DefiScenario scenario, string summaryJson, IReadOnlyList<(string Run, string Svg)> charts)
    {
        using JsonDocument summary = JsonDocument.Parse(summaryJson);
        JsonElement root = summary.RootElement;
        var html = new StringBuilder(96 * 1024);
        HtmlReport.Open(html, scenario.Name);
        html.Append("<section id=\"overview\">\n<h1>").Append(ReportMarkup.Escape(scenario.Name)).Append("</h1>\n<p class=\"meta\">")
            .Append(ReportMarkup.Escape(string.Create(CultureInfo.InvariantCulture, $"DeFi scenario, seed {scenario.Seed}, SHA-256 {scenario.Fingerprint[..16]}…; totals below are exactly those of summary.json.")))
            .Append("</p>\n<div class=\"cards\">\n");
        if (root.TryGetProperty("lending", out JsonElement l))
        {
            string unit = " (" + l.GetProperty("debtAsset").GetString() + ")";
            HtmlReport.Card(html, "Lending liquidations", ReportMarkup.Number(l.GetProperty("liquidations").GetDecimal(), 0));
            HtmlReport.Card(html, "Debt repaid" + unit, ReportMarkup.Number(l.GetProperty("debtRepaid").GetDecimal(), 0));
            HtmlReport.Card(html, "Lending bad debt" + unit, ReportMarkup.Number(l.GetProperty("badDebt").GetDecimal(), 0));
        }

        if (root.TryGetProperty("morpho", out JsonElement mo))
        {
            string unit = " (" + mo.GetProperty("debtAsset").GetString() + ")";
            HtmlReport.Card(html, "Morpho liquidations", ReportMarkup.Number(mo.GetProperty("liquidations").GetDecimal(), 0));
            HtmlReport.Card(html, "Morpho debt repaid" + unit, ReportMarkup.Number(mo.GetProperty("debtRepaid").GetDecimal(), 0));
            HtmlReport.Card(html, "Morpho bad debt" + unit, ReportMarkup.Number(mo.GetProperty("badDebt").GetDecimal(), 0));
        }

        if (root.TryGetProperty("compoundV2", out JsonElement v2))
        {
            string unit = " (" + v2.GetProperty("debtAsset").GetString() + ")";
            HtmlReport.Card(html, "Compound v2 liquidations", ReportMarkup.Number(v2.GetProperty("liquidations").GetDecimal(), 0));
            HtmlReport.Card(html, "Compound v2 debt repaid" + unit, ReportMarkup.Number(v2.GetProperty("debtRepaid").GetDecimal(), 0));
        }

        if (root.TryGetProperty("comet", out JsonElement co))
        {
            string unit = " (" + co.GetProperty("baseToken").GetString() + ")";
            HtmlReport.Card(html, "Comet absorptions", ReportMarkup.Number(co.GetProperty("absorptions").GetDecimal(), 0));
            HtmlReport.Card(html, "Comet debt absorbed" + unit, ReportMarkup.Number(co.GetProperty("debtAbsorbed").GetDecimal(), 0));
            HtmlReport.Card(html, "Comet reserves at the end" + unit, ReportMarkup.Number(co.GetProperty("finalReserves").GetDecimal(), 0));
        }

        if (root.TryGetProperty("auction", out JsonElement a))
        {
            HtmlReport.Card(html, "Auctions kicked", ReportMarkup.Number(a.GetProperty("auctions").GetDecimal(), 0));
            HtmlReport.Card(html, "Auction recovery rate", (a.GetProperty("recoveryRate").GetDecimal() * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %");
            HtmlReport.Card(html, "Auction bad debt (DAI)", ReportMarkup.Number(a.GetProperty("badDebt").GetDecimal(), 0));
        }

        if (root.TryGetProperty("liquity", out JsonElement q))
        {
            HtmlReport.Card(html, "Troves liquidated", ReportMarkup.Number(q.GetProperty("liquidations").GetDecimal(), 0));
            HtmlReport.Card(html, "Debt redistributed (LUSD)", ReportMarkup.Number(q.GetProperty("debtRedistributed").GetDecimal(), 0));
        }

        html.Append("</div>\n</section>\n");
        foreach ((string run, string svg) in charts)
        {
            html.Append("<section id=\"").Append(run).Append("\">\n<h2>").Append(ReportMarkup.Escape(Heading(scenario, run))).Append("</h2>\n");
            foreach (string line in Description(scenario, run))
            {
                html.Append("<p class=\"meta\">").Append(ReportMarkup.Escape(line)).Append("</p>\n");
            }

            html.Append("<figure>\n").Append(svg).Append("</figure>\n");
            if (root.TryGetProperty(run, out JsonElement totals))
            {
                Totals(html, totals);
            }

            html.Append("</section>\n");
        }

        HtmlReport.Close(html);
        return html.ToString();
    }

    /// <summary>The report of Monte Carlo shards: per run, the nearest-rank percentiles of each figure over the paths.</summary>
    /// <param name="title">The scenario's name.</param>
    /// <param name="shards">The shards, one per run.</param>
    public static string MonteCarlo(string title, IReadOnlyList<DefiShard> shards)
    {
        var html = new StringBuilder(32 * 1024);
        HtmlReport.Open(html, title + " (Monte Carlo)");
        html.Append("<section id=\"overview\">\n<h1>").Append(ReportMarkup.Escape(title)).Append("</h1>\n<p class=\"meta\">");
        if (shards.Count > 0)
        {
            DefiShard s = shards[0];
            html.Append(ReportMarkup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Monte Carlo: {s.Paths.Length:N0} paths (indices {s.Paths[0].Path:N0} to {s.Paths[^1].Path:N0}), seed {s.Seed}, scenario SHA-256 {s.ScenarioSha256[..16]}…")));
        }

        html.Append("</p>\n</section>\n");
        foreach (DefiShard shard in shards)
        {
            html.Append("<section id=\"").Append(shard.Kind.Name()).Append("-paths\">\n<h2>").Append(ReportMarkup.Escape(shard.Kind.Title() + " over the paths"))
                .Append("</h2>\n<div class=\"table-wrap\">\n<table>\n<thead><tr><th>Figure</th><th>Min</th><th>Median</th><th>95 %</th><th>99 %</th><th>Max</th></tr></thead>\n<tbody>\n");
            for (int f = 0; f < shard.Kind.Figures().Length; f++)
            {
                HtmlReport.Row(html, Words(shard.Kind.Figures()[f]), Cell(shard.Percentile(f, 0m)), Cell(shard.Percentile(f, 0.5m)),
                    Cell(shard.Percentile(f, 0.95m)), Cell(shard.Percentile(f, 0.99m)), Cell(shard.Percentile(f, 1m)));
            }

            html.Append("</tbody>\n</table>\n</div>\n</section>\n");
        }

        HtmlReport.Close(html);
        return html.ToString();
    }

    /// <summary>"debtRepaid" → "Debt repaid"; "tabTotalRad" → "Tab total (rad)".</summary>
    internal static string Words(string camel)
    {
        var b = new StringBuilder(camel.Length + 8);
        foreach (char c in camel)
        {
            if (char.IsUpper(c))
            {
                b.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                b.Append(b.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        string words = b.ToString();
        foreach (string unit in (string[])[" rad", " wad"])
        {
            if (words.EndsWith(unit, StringComparison.Ordinal))
            {
                words = words[..^unit.Length] + " (" + unit[1..] + ")";
            }
        }

        return words.Replace(" tcr", " TCR", StringComparison.Ordinal);
    }

    private static string Cell(decimal value) => ReportMarkup.Number(value, 4);

    /// <summary>Every figure of one run's summary object, as the JSON writes it (numbers to the last digit).</summary>
    private static void Totals(StringBuilder html, JsonElement totals)
    {
        // In its scrolling box, like the cascade report's tables, so a narrow screen scrolls the table, not the page.
        html.Append("<div class=\"table-wrap\">\n<table>\n<tbody>\n");
        foreach (JsonProperty p in totals.EnumerateObject())
        {
            string value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            HtmlReport.Row(html, Words(p.Name), value);
        }

        html.Append("</tbody>\n</table>\n</div>\n");
    }

    internal static string Heading(DefiScenario scenario, string run) => run switch
    {
        "lending" => "Aave " + DefiCommand.VersionLabel(scenario.Lending!.Version) + " lending stress",
        "morpho" => "Morpho Blue lending stress",
        "comet" => "Compound III (Comet) stress",
        "compoundV2" => "Compound v2 lending stress",
        "auction" => "MakerDAO Liquidation 2.0, " + scenario.Auction!.Profile.Name,
        _ => "Liquity v1 stress",
    };

    internal static IEnumerable<string> Description(DefiScenario scenario, string run) => run switch
    {
        "lending" => scenario.Lending!.Description.IsEmpty ? [DefiCommand.DescribeLending(scenario.Lending.Scenario)] : scenario.Lending.Description,
        "morpho" => scenario.Morpho!.Description.IsEmpty ? [DefiCommand.DescribeMorpho(scenario.Morpho.Scenario)] : scenario.Morpho.Description,
        "comet" => scenario.Comet!.Description.IsEmpty ? [DefiCommand.DescribeComet(scenario.Comet.Scenario)] : scenario.Comet.Description,
        "compoundV2" => scenario.CompoundV2!.Description.IsEmpty ? [DefiCommand.DescribeCompoundV2(scenario.CompoundV2.Scenario)] : scenario.CompoundV2.Description,
        "auction" => scenario.Auction!.Description.IsEmpty ? [DefiCommand.DescribeAuction(scenario.Auction.Scenario)] : scenario.Auction.Description,
        _ => scenario.Liquity!.Description.IsEmpty ? [DefiCommand.DescribeLiquity(scenario.Liquity.Scenario)] : scenario.Liquity.Description,
    };
}
