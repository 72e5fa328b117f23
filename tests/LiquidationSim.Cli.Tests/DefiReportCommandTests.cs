using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LiquidationSim.Cli.Tests;

/// <summary>liqsim defi --out's SVG charts and HTML report, for each run kind, run as a process.</summary>
public sealed partial class DefiReportCommandTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace s_xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>Scenario files and the runs (summary.json sections, chart files) each holds.</summary>
    public static TheoryData<string, string[]> Files => new()
    {
        { "small-defi.json", ["lending", "auction"] },
        { "small-liquity.json", ["liquity"] },
        { "small-morpho.json", ["morpho"] },
        { "small-comet.json", ["comet"] },
        { "small-compoundv2.json", ["compoundV2"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_run_writes_a_well_formed_chart_and_the_report_holds_every_summary_figure_and_two_runs_are_byte_identical(string file, string[] runs)
    {
        using var dir = new TempFolder();
        string scenario = Path.Combine(Liqsim.TestData, file);
        LiqsimResult first = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--out", "one");
        LiqsimResult second = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--out", "two");
        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        first.Stdout.Should().Contain("report.html");

        // Determinism: every file of the second run equals the first's, byte for byte.
        string[] names = [.. Directory.GetFiles(dir["one"]).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Directory.GetFiles(dir["two"]).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(names);
        foreach (string name in names)
        {
            File.ReadAllBytes(Path.Combine(dir["two"], name)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["one"], name)), name);
        }

        names.Should().Contain("report.html").And.Contain(runs.Select(r => r + "-chart.svg"));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["one"], "summary.json")));
        XDocument report = XDocument.Parse(File.ReadAllText(Path.Combine(dir["one"], "report.html")));
        report.Root!.Name.Should().Be(s_xhtml + "html", "the report is polyglot XHTML, like liqsim run's");

        foreach (string run in runs)
        {
            // The chart parses as XML, is an SVG document, and draws the run's price line.
            XDocument svg = XDocument.Parse(File.ReadAllText(Path.Combine(dir["one"], run + "-chart.svg")));
            svg.Root!.Name.Should().Be(s_svg + "svg");
            svg.Descendants(s_svg + "polyline").Should().Contain(p => (string?)p.Attribute("class") == "mark", run);

            // The report has a section for the run with the chart inline and a cell holding each figure of summary.json, as written there.
            XElement section = report.Descendants(s_xhtml + "section").Single(e => (string?)e.Attribute("id") == run);
            section.Descendants(s_svg + "svg").Should().ContainSingle(run);
            string[] cells = [.. section.Descendants(s_xhtml + "td").Select(td => td.Value)];
            JsonElement totals = summary.RootElement.GetProperty(run);
            totals.EnumerateObject().Should().NotBeEmpty();
            foreach (JsonProperty figure in totals.EnumerateObject())
            {
                string expected = figure.Value.ValueKind == JsonValueKind.String ? figure.Value.GetString()! : figure.Value.GetRawText();
                cells.Should().Contain(expected, $"{run}.{figure.Name} is in the report as in summary.json");
            }
        }
    }

    [Fact]
    public void The_bars_of_the_lending_and_auction_charts_count_every_liquidation_and_take_of_the_summary()
    {
        // Every lending step with liquidation calls repays debt and every take raises DAI, so each counted event is in a
        // bar, and the bars' tooltips ("…: N liquidation calls, …", "…: N takes, …") add up to the summary's totals.
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", Path.Combine(Liqsim.TestData, "small-defi.json"), "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["out"], "summary.json")));

        static long BarCount(string svgFile, string noun) => XDocument.Load(svgFile).Descendants(s_svg + "rect")
            .Where(e => (string?)e.Attribute("class") == "liquidation-bar")
            .Sum(e => long.Parse(Regex.Match(e.Element(s_svg + "title")!.Value, @": ([\d,]+) " + noun + ",").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));

        long lending = summary.RootElement.GetProperty("lending").GetProperty("liquidations").GetInt64();
        long takes = summary.RootElement.GetProperty("auction").GetProperty("takes").GetInt64();
        lending.Should().BePositive();
        takes.Should().BePositive();
        BarCount(Path.Combine(dir["out"], "lending-chart.svg"), "liquidation calls").Should().Be(lending);
        BarCount(Path.Combine(dir["out"], "auction-chart.svg"), "takes").Should().Be(takes);
    }

    [Fact]
    public void The_default_run_writes_its_charts_and_report()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        foreach (string name in (string[])["lending-chart.svg", "auction-chart.svg", "report.html"])
        {
            XDocument.Load(Path.Combine(dir["out"], name)).Root.Should().NotBeNull(name);
        }
    }
}
