using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using LiquidationSim.Instruments;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting.Tests;

/// <summary>
/// Issue 19: what a person reads in the reports. Units on every figure, bars that stay visible at any run length with
/// the two series apart, one interval labelling (start–end) shared by the chart's peak label and the busiest-intervals
/// table, axis ticks that never repeat a label, and Monte Carlo percentile labels that carry their values.
/// </summary>
public class ReadabilityTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace s_xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SimulationStep Step(long index, decimal last, decimal notional, decimal adl, decimal fund = 1_000m) =>
        new()
        {
            Index = index,
            Time = s_start.AddMinutes(index),
            Markets = [new MarketSnapshot("BTCUSDT", last, last, last, last, 10m, 10m)],
            Liquidations = notional > 0 ? 1 : 0,
            LiquidatedNotional = notional,
            AdlCount = adl > 0 ? 1 : 0,
            AdlNotional = adl,
            TraderOrders = 0,
            InsuranceFund = fund,
            BadDebt = 0m,
        };

    private static SimulationSummary Summary(long steps) => new()
    {
        Scenario = "Readability",
        Steps = steps,
        End = s_start.AddMinutes(steps),
        Markets = [new MarketSnapshot("BTCUSDT", 70m, 70m, 75m, 70m, 1m, 1m)],
        Liquidations = 1,
        LiquidatedNotional = 1m,
        AdlCount = 0,
        AdlNotional = 0m,
        TraderOrders = 0,
        Deposits = 0m,
        InsuranceFundStart = 1_000m,
        InsuranceFundEnd = 900m,
        InsuranceFundDrawdown = 100m,
        BadDebt = 0m,
        AccountsLiquidated = 1,
        OpenPositions = 3,
    };

    [Fact]
    public void Bars_stay_wide_and_side_by_side_on_a_long_run()
    {
        // 100,000 one-minute steps, something liquidated every 50th: far more buckets than pixels.
        var series = new CascadeSeries("BTCUSDT");
        for (int i = 0; i < 100_000; i++)
        {
            series.Add(Step(i, 100m, i % 50 == 0 ? 1_000m : 0m, i % 100 == 0 ? 400m : 0m));
        }

        XDocument svg = XDocument.Parse(CascadeChart.ToSvg(series));
        XElement[] liquidation = [.. svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "liquidation-bar")];
        XElement[] adl = [.. svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "adl-bar")];
        liquidation.Length.Should().BeInRange(1, 120, "at most 120 bars whatever the run length");
        liquidation.Should().OnlyContain(r => Number(r, "width") >= 2 && Number(r, "height") >= 1.5, "no hairlines, no invisible bars");
        adl.Should().HaveCount(liquidation.Length);
        for (int i = 0; i < liquidation.Length; i++)
        {
            // Side by side: the ADL bar starts where the liquidation bar ends, so neither hides the other.
            Number(adl[i], "x").Should().BeApproximately(Number(liquidation[i], "x") + Number(liquidation[i], "width"), 0.11);
        }

        // The bars' tooltips still add up to every liquidation of the run (2,000 steps with one each).
        liquidation.Sum(r => long.Parse(r.Element(s_svg + "title")!.Value.Split(": ")[1].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .Should().Be(2_000);
    }

    [Fact]
    public void The_peak_label_and_the_busiest_table_name_the_same_interval_start_to_end()
    {
        // One step per bucket: step 5 ends at 00:05, so it covers 00:04–00:05 (step 0 is the opening instant).
        var series = new CascadeSeries("BTCUSDT");
        for (int i = 0; i <= 20; i++)
        {
            series.Add(Step(i, 100m, i == 5 ? 9_000m : i == 12 ? 100m : 0m, 0m));
        }

        string peak = XDocument.Parse(CascadeChart.ToSvg(series)).Descendants(s_svg + "text").Single(t => (string?)t.Attribute("class") == "peak-label").Value;
        peak.Should().Be("peak 00:04\u201300:05: 9000");

        XDocument html = Html(HtmlReport.Cascade(Summary(20), series));
        XElement busiest = html.Descendants(s_xhtml + "section").Single(s => (string?)s.Attribute("id") == "busiest");
        busiest.Descendants(s_xhtml + "th").First().Value.Should().Be("Interval (UTC, start\u2013end)");
        string[] rows = [.. busiest.Descendants(s_xhtml + "tbody").Single().Elements(s_xhtml + "tr").Select(r => r.Elements().First().Value)];
        rows.Should().Equal("2026-01-01 00:04\u201300:05", "2026-01-01 00:11\u201300:12");
    }

    [Fact]
    public void Every_figure_names_its_currency_or_unit()
    {
        ScenarioDocument scenario = ScenarioJson.LoadDefault();
        var series = new CascadeSeries("BTCUSDT");
        for (int i = 0; i <= 10; i++)
        {
            series.Add(Step(i, 100m - i, i == 3 ? 500m : 0m, 0m));
        }

        XDocument html = Html(HtmlReport.Cascade(Summary(10), series, scenario));
        string[] cards = [.. html.Descendants(s_xhtml + "div").Where(d => (string?)d.Attribute("class") == "label").Select(d => d.Value)];
        cards.Where(c => c != "Liquidations").Should().NotBeEmpty().And.OnlyContain(c => c.EndsWith("(USDT)", StringComparison.Ordinal));
        string[] markets = [.. html.Descendants(s_xhtml + "section").Single(s => (string?)s.Attribute("id") == "markets").Descendants(s_xhtml + "th").Take(7).Select(t => t.Value)];
        markets.Skip(1).Should().OnlyContain(h => h.EndsWith("(USDT)", StringComparison.Ordinal) || h.EndsWith("(contracts)", StringComparison.Ordinal));
        string[] texts = [.. html.Descendants(s_svg + "text").Select(t => t.Value)];
        texts.Should().Contain("Price (USDT)").And.Contain("Insurance fund (USDT)").And.Contain(t => t.StartsWith("Liquidated notional (USDT) per ", StringComparison.Ordinal));

        // An inverse contract settles in its base asset: its notional and fund are in BTC, its prices in USD.
        Instrument inverse = Instrument.Inverse("BTCUSD", "BTC", "USD", BitMexTiers.XbtUsd, tickSize: 0.5m, lotSize: 1m, contractSize: 1m);
        CascadeChartLabels labels = CascadeChartLabels.ForInstrument(inverse);
        (labels.PricePanel, labels.VolumePanel, labels.FundPanel).Should().Be(("Price (USD)", "Liquidated notional (BTC)", "Insurance fund (BTC)"));
    }

    [Fact]
    public void A_flat_series_gets_distinct_tick_labels()
    {
        (_, _, double[] ticks) = Markup.NiceScale(0.02, 0.02, 2);
        string[] labels = Markup.TickLabels(ticks);
        labels.Should().OnlyHaveUniqueItems().And.HaveCountGreaterThanOrEqualTo(2);
        Markup.TickLabels([0.019, 0.020, 0.021]).Should().Equal("0.019", "0.020", "0.021");
        Markup.TickLabels([0, 500_000_000, 1_000_000_000, 1_500_000_000]).Should().Equal("0", "0.5B", "1.0B", "1.5B");
        Markup.TickLabels([60_000, 65_000, 70_000]).Should().Equal("60k", "65k", "70k");

        var flat = new CascadeSeries("BTCUSDT");
        for (int i = 0; i < 30; i++)
        {
            flat.Add(Step(i, 0.02m, 0m, 0m, fund: 0.02m));
        }

        XDocument svg = XDocument.Parse(CascadeChart.ToSvg(flat));
        foreach (string panel in (string[])["price", "insurance-fund"])
        {
            string[] axis = [.. svg.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("id") == panel).Elements(s_svg + "text")
                .Where(t => (string?)t.Attribute("text-anchor") == "end" && (string?)t.Attribute("dy") == "4").Select(t => t.Value)];
            axis.Should().HaveCountGreaterThanOrEqualTo(2).And.OnlyHaveUniqueItems($"the {panel} axis of a flat series");
        }
    }

    [Fact]
    public void Histogram_labels_carry_both_percentiles_on_their_own_rows_inside_the_plot()
    {
        // Losses 0, 1,000, …, 99,000 over 100 paths: nearest-rank p95 = 94,000 and p99 = 98,000, both near the right edge.
        MonteCarloResult result = MonteCarloResult.Create(9, Enumerable.Range(0, 100).Select(i => new MonteCarloPathResult(i, i * 1_000m, 0m, 0m, i * 1_000m)));
        XDocument svg = XDocument.Parse(MonteCarloChart.HistogramSvg(result, MonteCarloMetric.InsuranceFundDrawdown, 20, "USDT"));
        XElement[] labels = [.. svg.Descendants(s_svg + "text").Where(t => (string?)t.Attribute("class") == "percentile-label")];
        labels.Select(l => l.Value).Should().Equal(
            "p95 " + result.Percentile(MonteCarloMetric.InsuranceFundDrawdown, 0.95m).ToString("#,0", CultureInfo.InvariantCulture),
            "p99 " + result.Percentile(MonteCarloMetric.InsuranceFundDrawdown, 0.99m).ToString("#,0", CultureInfo.InvariantCulture));
        Number(labels[0], "y").Should().NotBe(Number(labels[1], "y"), "two rows, so they cannot overlap");
        labels.Should().OnlyContain(l => (string?)l.Attribute("text-anchor") == "end" && Number(l, "x") <= 960 - 24, "near the right edge the label turns left of its line");

        // The y axis counts paths with real ticks (more than just 0 and the maximum), whole numbers only.
        string[] yTicks = [.. svg.Root!.Elements(s_svg + "text").Where(t => (string?)t.Attribute("dy") == "4").Select(t => t.Value)];
        yTicks.Should().HaveCountGreaterThan(2).And.Contain("0").And.OnlyContain(t => t.All(c => char.IsAsciiDigit(c) || c == ','));
        svg.Descendants(s_svg + "text").Select(t => t.Value).Should().Contain("Insurance fund drawdown (USDT)");
    }

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static XDocument Html(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}
