using System.Xml;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting.Tests;

/// <summary>
/// The report writers: the chart series' folding (flows conserved, extremes kept, memory bounded), the CSV timeline,
/// and the SVG and HTML documents' well-formedness on edge cases (no steps, one step, flat prices, bad debt).
/// </summary>
public class ReportingTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SimulationStep Step(long index, decimal last, decimal mark, int liquidations, decimal notional, decimal adl, decimal fund, decimal badDebt = 0m) =>
        new()
        {
            Index = index,
            Time = s_start.AddMinutes(index),
            Markets = [new MarketSnapshot("BTCUSDT", last, last, mark, last, 10m, 5m)],
            Liquidations = liquidations,
            LiquidatedNotional = notional,
            AdlCount = 0,
            AdlNotional = adl,
            TraderOrders = 0,
            InsuranceFund = fund,
            BadDebt = badDebt,
        };

    private static Gen<SimulationStep[]> Steps(int maxSteps) =>
        from count in Gen.Choose(1, maxSteps)
        from rows in Gen.ArrayOf(
            from last in Gen.Choose(50_000, 100_000)
            from mark in Gen.Choose(50_000, 100_000)
            from liquidations in Gen.Choose(0, 40)
            from notional in Gen.Choose(0, 1_000_000)
            from adl in Gen.Choose(0, 100_000)
            from fund in Gen.Choose(0, 5_000_000)
            select (last, mark, liquidations, notional, adl, fund), count)
        select rows.Select((r, i) => Step(i, r.last, r.mark, r.liquidations, r.notional, r.adl, r.fund)).ToArray();

    [CiProperty(MaxTest = 200)]
    public Property Folding_conserves_flows_keeps_extremes_and_bounds_the_point_count()
    {
        return Prop.ForAll(Gen.Zip(Steps(3_000), Gen.Choose(16, 64)).ToArbitrary(), t =>
        {
            (SimulationStep[] steps, int maxPoints) = t;
            var series = new CascadeSeries("BTCUSDT", maxPoints);
            foreach (SimulationStep s in steps)
            {
                series.Add(s);
            }

            IReadOnlyList<CascadePoint> points = series.Points;
            points.Count.Should().BeLessThanOrEqualTo(2 * maxPoints);
            if (steps.Length >= 2 * maxPoints)
            {
                points.Count.Should().BeGreaterThanOrEqualTo(maxPoints, "folding halves at most once past the bound");
            }

            // Buckets tile the steps in order, each (but the last) exactly StepsPerPoint wide.
            points[0].FirstStep.Should().Be(0);
            points[^1].LastStep.Should().Be(steps.Length - 1);
            for (int i = 0; i < points.Count; i++)
            {
                CascadePoint p = points[i];
                if (i > 0)
                {
                    p.FirstStep.Should().Be(points[i - 1].LastStep + 1);
                }

                if (i < points.Count - 1)
                {
                    (p.LastStep - p.FirstStep + 1).Should().Be(series.StepsPerPoint);
                }

                SimulationStep[] inBucket = steps[(int)p.FirstStep..((int)p.LastStep + 1)];
                p.Liquidations.Should().Be(inBucket.Sum(s => (long)s.Liquidations));
                p.LiquidatedNotional.Should().Be(inBucket.Sum(s => s.LiquidatedNotional));
                p.AdlNotional.Should().Be(inBucket.Sum(s => s.AdlNotional));
                p.LastLow.Should().Be(inBucket.Min(s => s.Markets[0].LastPrice));
                p.LastHigh.Should().Be(inBucket.Max(s => s.Markets[0].LastPrice));
                p.MarkLow.Should().Be(inBucket.Min(s => s.Markets[0].MarkPrice));
                p.MarkHigh.Should().Be(inBucket.Max(s => s.Markets[0].MarkPrice));
                p.InsuranceFundLow.Should().Be(inBucket.Min(s => s.InsuranceFund));
                p.LastPrice.Should().Be(inBucket[^1].Markets[0].LastPrice);
                p.InsuranceFund.Should().Be(inBucket[^1].InsuranceFund);
                p.Time.Should().Be(inBucket[^1].Time);
            }
        });
    }

    [Fact]
    public void A_one_step_wick_survives_folding()
    {
        // 10,000 steps at 100 with a single step at 60: after folding to at most 32 points one bucket still shows 60.
        var series = new CascadeSeries("BTCUSDT", 16);
        for (int i = 0; i < 10_000; i++)
        {
            series.Add(Step(i, i == 6_789 ? 60m : 100m, 100m, 0, 0m, 0m, 1_000m));
        }

        series.Points.Should().HaveCountLessThanOrEqualTo(32);
        series.Points.Min(p => p.LastLow).Should().Be(60m);
        series.Points.Single(p => p.LastLow == 60m).FirstStep.Should().BeLessThanOrEqualTo(6_789);
    }

    [Fact]
    public void Series_rejects_steps_out_of_order_or_without_its_symbol_and_keeps_its_state()
    {
        var series = new CascadeSeries("BTCUSDT");
        series.Add(Step(0, 100m, 100m, 0, 0m, 0m, 1m));
        Action skip = () => series.Add(Step(2, 100m, 100m, 0, 0m, 0m, 1m));
        skip.Should().Throw<ArgumentException>().WithParameterName("step").WithMessage("*follow step 0*");
        var other = new CascadeSeries("ETHUSDT");
        Action missing = () => other.Add(Step(0, 100m, 100m, 0, 0m, 0m, 1m));
        missing.Should().Throw<ArgumentException>().WithMessage("*ETHUSDT*");
        series.StepCount.Should().Be(1);
        Action tooFew = () => _ = new CascadeSeries("BTCUSDT", 8);
        tooFew.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxPoints").WithMessage("*got 8*");
    }

    [Fact]
    public void Timeline_csv_has_a_header_and_one_exact_row_per_step()
    {
        var text = new StringWriter();
        long rows = TimelineCsvWriter.WriteAll(text, [Step(0, 90_000.5m, 90_001m, 0, 0m, 0m, 5_000_000m), Step(1, 67_500.25m, 68_000m, 3, 123_456.789m, 10m, 4_999_000m, 0.5m)]);
        rows.Should().Be(2);
        string[] lines = text.ToString().Split('\n');
        lines.Should().HaveCount(4).And.EndWith(string.Empty);
        lines[0].Should().Be("step,time,liquidations,liquidated_notional,adl_count,adl_notional,trader_orders,insurance_fund,bad_debt,BTCUSDT_spot,BTCUSDT_index,BTCUSDT_mark,BTCUSDT_last,BTCUSDT_oi_long,BTCUSDT_oi_short");
        // Issue 19: amounts (notional, ADL notional, fund, bad debt) at one scale per column, 8 decimals, so a column reads
        // alike in every row; prices and open interest as the step holds them; no thousands separators; UTC times.
        lines[2].Should().Be("1,2026-01-01T00:01:00Z,3,123456.78900000,0,10.00000000,0,4999000.00000000,0.50000000,67500.25,67500.25,68000,67500.25,10,5");
    }

    [Fact]
    public void Timeline_csv_refuses_a_step_with_other_instruments()
    {
        var text = new StringWriter();
        var csv = new TimelineCsvWriter(text);
        csv.Write(Step(0, 100m, 100m, 0, 0m, 0m, 1m));
        SimulationStep eth = Step(1, 100m, 100m, 0, 0m, 0m, 1m) with { Markets = [new MarketSnapshot("ETHUSDT", 1m, 1m, 1m, 1m, 0m, 0m)] };
        Action write = () => csv.Write(eth);
        write.Should().Throw<ArgumentException>().WithParameterName("step").WithMessage("*same instruments*");
        csv.Rows.Should().Be(1);
    }

    [Fact]
    public void Chart_is_well_formed_for_no_steps_one_step_and_flat_prices()
    {
        var empty = new CascadeSeries("BTCUSDT");
        Parse(CascadeChart.ToSvg(empty)).Root!.Name.Should().Be(s_svg + "svg");

        var one = new CascadeSeries("BTCUSDT");
        one.Add(Step(0, 100m, 100m, 0, 0m, 0m, 1_000m));
        XDocument single = Parse(CascadeChart.ToSvg(one, "A <title> & \"quotes\""));
        single.Root!.Element(s_svg + "title")!.Value.Should().Be("A <title> & \"quotes\"");

        var flat = new CascadeSeries("BTCUSDT");
        for (int i = 0; i < 50; i++)
        {
            flat.Add(Step(i, 100m, 100m, 0, 0m, 0m, 1_000m));
        }

        XDocument svg = Parse(CascadeChart.ToSvg(flat));
        svg.Descendants(s_svg + "polyline").Should().NotBeEmpty().And.OnlyContain(p => !p.Attribute("points")!.Value.Contains("NaN", StringComparison.Ordinal));
        svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "liquidation-bar").Should().BeEmpty("nothing was liquidated");
    }

    [Fact]
    public void Chart_draws_bad_debt_only_when_there_is_some()
    {
        var series = new CascadeSeries("BTCUSDT");
        series.Add(Step(0, 100m, 100m, 0, 0m, 0m, 1_000m));
        series.Add(Step(1, 70m, 75m, 5, 5_000m, 1_000m, 0m, 250m));
        XDocument svg = Parse(CascadeChart.ToSvg(series));
        svg.Descendants(s_svg + "polyline").Select(p => (string?)p.Attribute("class")).Should().Contain(["insurance-fund", "bad-debt"]);
        svg.Descendants(s_svg + "rect").Count(r => (string?)r.Attribute("class") == "adl-bar").Should().Be(1);
    }

    [Fact]
    public void Html_report_is_well_formed_and_self_contained()
    {
        var series = new CascadeSeries("BTCUSDT");
        series.Add(Step(0, 100m, 100m, 0, 0m, 0m, 1_000m));
        series.Add(Step(1, 70m, 75m, 5, 5_000m, 0m, 900m));
        var summary = new SimulationSummary
        {
            Scenario = "Test <run>",
            Steps = 1,
            End = s_start.AddMinutes(1),
            Markets = [new MarketSnapshot("BTCUSDT", 70m, 70m, 75m, 70m, 1m, 1m)],
            Liquidations = 5,
            LiquidatedNotional = 5_000m,
            AdlCount = 0,
            AdlNotional = 0m,
            TraderOrders = 0,
            Deposits = 0m,
            InsuranceFundStart = 1_000m,
            InsuranceFundEnd = 900m,
            InsuranceFundDrawdown = 100m,
            BadDebt = 0m,
            AccountsLiquidated = 5,
            OpenPositions = 3,
        };
        string html = HtmlReport.Cascade(summary, series, ScenarioJson.LoadDefault());
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        XDocument doc = XDocument.Load(reader);
        doc.Descendants().Where(e => e.Name.LocalName == "title").First().Value.Should().Be("Test <run>");
        doc.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href").Should().BeEmpty();
        doc.Descendants().Where(e => e.Name.LocalName == "section").Select(e => (string?)e.Attribute("id"))
            .Should().Equal("overview", "chart", "summary", "markets", "busiest");
    }

    [Fact]
    public void Monte_Carlo_report_and_histogram_are_well_formed_and_count_every_path()
    {
        MonteCarloResult result = MonteCarloResult.Create(9, Enumerable.Range(0, 100).Select(i => new MonteCarloPathResult(i, i * 1_000m, i % 10 == 0 ? i : 0m, 0m, i * 5_000m)));
        XDocument svg = Parse(MonteCarloChart.HistogramSvg(result, MonteCarloMetric.InsuranceFundDrawdown, 10));
        // 100 paths in 10 equal bins of 9,900 ÷ 10: ten paths in each; the bar tooltips carry the counts.
        svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "bin")
            .Select(r => r.Element(s_svg + "title")!.Value).Should().HaveCount(10).And.OnlyContain(t => t.EndsWith(": 10 paths", StringComparison.Ordinal));

        // A metric that is zero on every path still draws (one bin).
        MonteCarloResult flat = MonteCarloResult.Create(9, Enumerable.Range(0, 5).Select(i => new MonteCarloPathResult(i, 0m, 0m, 0m, 0m)));
        Parse(MonteCarloChart.HistogramSvg(flat, MonteCarloMetric.BadDebt)).Descendants(s_svg + "rect").Count(r => (string?)r.Attribute("class") == "bin").Should().Be(1);

        string html = HtmlReport.MonteCarlo(result, "MC");
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        // Issue 19: every loss metric of the table has its histogram, liquidated notional included (four).
        XDocument.Load(reader).Descendants(s_svg + "svg").Should().HaveCount(4);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(67_000.5, 91_234.25)]
    [InlineData(-5.0, 5.0)]
    [InlineData(100.0, 100.0)]
    [InlineData(0.0, 1e12)]
    public void Axis_ticks_are_round_and_cover_the_range(double low, double high)
    {
        (double from, double to, double[] ticks) = Markup.NiceScale(low, high, 5);
        from.Should().BeLessThanOrEqualTo(low);
        to.Should().BeGreaterThanOrEqualTo(high);
        to.Should().BeGreaterThan(from);
        ticks.Should().HaveCountGreaterThanOrEqualTo(2).And.BeInAscendingOrder();
        ticks[0].Should().Be(from);
        ticks[^1].Should().BeApproximately(to, Math.Abs(to) * 1e-12 + 1e-12);
    }

    [Theory]
    [InlineData(950.0, "950")]
    [InlineData(12_500.0, "12.5k")]
    [InlineData(3_200_000.0, "3.2M")]
    [InlineData(1_100_000_000.0, "1.1B")]
    [InlineData(-250_000.0, "-250k")]
    public void Axis_labels_are_short(double value, string label) => Markup.Compact(value).Should().Be(label);

    [Theory]
    [InlineData(86_400, "1 day")]
    [InlineData(172_800, "2 days")]
    [InlineData(21_600, "6 h")]
    [InlineData(60, "1 min")]
    [InlineData(90, "90 s")]
    [InlineData(0.5, "500 ms")]
    public void Durations_read_as_words(double seconds, string words) => Markup.Duration(TimeSpan.FromSeconds(seconds)).Should().Be(words);

    private static XDocument Parse(string svg) => XDocument.Parse(svg);
}
