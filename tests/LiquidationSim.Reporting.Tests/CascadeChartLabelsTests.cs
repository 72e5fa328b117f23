using System.Xml.Linq;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting.Tests;

/// <summary>
/// Charting a run that is not a <see cref="ScenarioSimulation"/>: points added by the caller fold like steps, and
/// <see cref="CascadeChartLabels"/> renames panels and leaves out lines (how <c>liqsim defi</c> draws its runs).
/// </summary>
public class CascadeChartLabelsTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private static CascadePoint Point(long index, decimal price, decimal volume, decimal balance) =>
        new()
        {
            FirstStep = index,
            LastStep = index,
            Time = DateTimeOffset.UnixEpoch + TimeSpan.FromMinutes(index + 1),
            IndexPrice = price,
            MarkPrice = price,
            MarkLow = price,
            MarkHigh = price,
            LastPrice = price,
            LastLow = price,
            LastHigh = price,
            Liquidations = volume > 0 ? 1 : 0,
            LiquidatedNotional = volume,
            AdlNotional = 0m,
            InsuranceFund = balance,
            InsuranceFundLow = balance,
            BadDebt = 0m,
        };

    private static CascadeSeries Series(int steps)
    {
        var series = new CascadeSeries("lending", maxPoints: 16);
        for (int i = 0; i < steps; i++)
        {
            series.Add(Point(i, 2_000m - (i * 7m % 300m), i % 5 == 0 ? 1_000m + i : 0m, 50m * i));
        }

        return series;
    }

    [Fact]
    public void Without_labels_the_chart_is_the_cascade_chart()
    {
        CascadeSeries series = Series(100);
        string svg = CascadeChart.ToSvg(series, "t");
        CascadeChart.ToSvg(series, "t", CascadeChartLabels.Cascade).Should().Be(svg);
        CascadeChart.ToSvg(series, "t", CascadeChartLabels.Cascade with { PricePanel = "Oracle price" }).Should().NotBe(svg);
    }

    [Fact]
    public void Labels_rename_panels_and_leave_out_the_lines_without_a_name()
    {
        CascadeChartLabels labels = CascadeChartLabels.Cascade with
        {
            PricePanel = "WETH price",
            IndexLine = null,
            LastLine = null,
            VolumePanel = "Debt repaid",
            AdlBar = null,
            TipAdl = null,
            ElapsedTime = true,
        };
        XDocument svg = XDocument.Parse(CascadeChart.ToSvg(Series(100), "Lending stress", labels));

        string[] lines = [.. svg.Descendants(s_svg + "polyline").Select(p => (string)p.Attribute("class")!)];
        lines.Should().Contain("mark").And.NotContain("index").And.NotContain("last");
        svg.Descendants(s_svg + "line").Should().NotContain(l => (string?)l.Attribute("class") == "wick");
        string[] texts = [.. svg.Descendants(s_svg + "text").Select(t => t.Value)];
        texts.Should().Contain("WETH price").And.Contain("Debt repaid per 4 min", "100 one-minute steps fold into buckets of 4").And.NotContain("auto-deleveraging").And.NotContain("index");
        texts.Should().Contain(t => t.StartsWith("time since the start", StringComparison.Ordinal));
        svg.Descendants(s_svg + "title").Select(t => t.Value).Should().NotContain(t => t.Contains("auto-deleveraged", StringComparison.Ordinal));
    }

    [Fact]
    public void Points_added_by_the_caller_fold_exactly_like_the_steps_they_stand_for()
    {
        var fromSteps = new CascadeSeries("BTCUSDT", maxPoints: 16);
        var fromPoints = new CascadeSeries("BTCUSDT", maxPoints: 16);
        DateTimeOffset start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 75; i++)
        {
            decimal last = 100m - (i % 13), mark = 100m - (i % 7), fund = 1_000m - i;
            var step = new SimulationStep
            {
                Index = i,
                Time = start.AddMinutes(i),
                Markets = [new MarketSnapshot("BTCUSDT", last, 99m, mark, last, 1m, 1m)],
                Liquidations = i % 3,
                LiquidatedNotional = 10m * i,
                AdlCount = 0,
                AdlNotional = i % 4 == 0 ? 5m : 0m,
                TraderOrders = 0,
                InsuranceFund = fund,
                BadDebt = i > 70 ? 1m : 0m,
            };
            fromSteps.Add(step);
            fromPoints.Add(new CascadePoint
            {
                FirstStep = i,
                LastStep = i,
                Time = step.Time,
                IndexPrice = 99m,
                MarkPrice = mark,
                MarkLow = mark,
                MarkHigh = mark,
                LastPrice = last,
                LastLow = last,
                LastHigh = last,
                Liquidations = i % 3,
                LiquidatedNotional = 10m * i,
                AdlNotional = i % 4 == 0 ? 5m : 0m,
                InsuranceFund = fund,
                InsuranceFundLow = fund,
                BadDebt = i > 70 ? 1m : 0m,
            });
        }

        fromPoints.StepsPerPoint.Should().Be(4, "75 steps exceed twice 16 points twice");
        fromPoints.Points.Should().Equal(fromSteps.Points);
        CascadeChart.ToSvg(fromPoints).Should().Be(CascadeChart.ToSvg(fromSteps));
    }

    [Fact]
    public void A_point_that_spans_steps_or_does_not_follow_is_refused_and_changes_nothing()
    {
        CascadeSeries series = Series(3);
        IReadOnlyList<CascadePoint> before = series.Points;

        FluentActions.Invoking(() => series.Add(Point(4, 1m, 0m, 0m))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("point");
        FluentActions.Invoking(() => series.Add(Point(2, 1m, 0m, 0m))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => series.Add(Point(3, 1m, 0m, 0m) with { LastStep = 4 })).Should().Throw<ArgumentException>();

        series.StepCount.Should().Be(3);
        series.Points.Should().Equal(before);
        series.Add(Point(3, 1m, 0m, 0m));
        series.StepCount.Should().Be(4);
    }
}
