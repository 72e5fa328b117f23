using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using LiquidationSim.Liquidation;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli.Tests;

/// <summary>Runs <c>liqsim run --out DIR</c> on the embedded default scenario once for the tests of this class.</summary>
public sealed class DefaultRunFixture : IDisposable
{
    public DefaultRunFixture()
    {
        Result = Liqsim.Run(Folder.Path, "run", "--out", "out");
        Out = Folder["out"];
    }

    public TempFolder Folder { get; } = new();

    public LiqsimResult Result { get; }

    public string Out { get; }

    public string File(string name) => Path.Combine(Out, name);

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// The README's main job end to end: the default scenario (one day of BTCUSDT, 100,000 accounts, a −25 % wick) run as a
/// process with <c>--out</c>; every file it writes is read back with independent parsers and checked against the others.
/// </summary>
public sealed partial class DefaultRunTests(DefaultRunFixture run) : IClassFixture<DefaultRunFixture>
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace s_xhtml = "http://www.w3.org/1999/xhtml";

    [Fact]
    public void Exits_with_zero_and_says_what_it_did()
    {
        run.Result.ExitCode.Should().Be(0, run.Result.ToString());
        run.Result.Stderr.Should().BeEmpty();
        run.Result.Stdout.Should().Contain("embedded default scenario")
            .And.Contain("100,000 generated accounts")
            .And.Contain("1,440 steps")
            .And.Contain("Summary")
            .And.Contain("Wrote 6 files")
            .And.Contain("report.html");
    }

    [Fact]
    public void Writes_every_output_file()
    {
        foreach (string name in (string[])["timeline.csv", "events.jsonl", "summary.json", "chart.svg", "report.html", "scenario.json"])
        {
            new FileInfo(run.File(name)).Length.Should().BePositive(name);
        }
    }

    [Fact]
    public void Timeline_csv_parses_with_one_row_per_step_and_matches_the_summary()
    {
        List<string[]> rows = Csv.Parse(File.ReadAllText(run.File("timeline.csv")));
        string[] header = rows[0];
        header.Take(9).Should().Equal("step", "time", "liquidations", "liquidated_notional", "adl_count", "adl_notional", "trader_orders", "insurance_fund", "bad_debt");
        header.Skip(9).Should().Equal("BTCUSDT_spot", "BTCUSDT_index", "BTCUSDT_mark", "BTCUSDT_last", "BTCUSDT_oi_long", "BTCUSDT_oi_short");

        // 1 day of 1-minute steps: the opening state (step 0) and 1,440 steps.
        rows.Should().HaveCount(1 + 1441);
        long liquidations = 0;
        decimal notional = 0;
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        for (int i = 1; i < rows.Count; i++)
        {
            string[] row = rows[i];
            row.Should().HaveCount(header.Length, $"row {i} has a value for every column");
            long.Parse(row[0], CultureInfo.InvariantCulture).Should().Be(i - 1);
            DateTimeOffset.Parse(row[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).Should().Be(start.AddMinutes(i - 1));
            foreach (string cell in row.Skip(2))
            {
                decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _).Should().BeTrue($"'{cell}' in row {i} is a plain number");
            }

            liquidations += long.Parse(row[2], CultureInfo.InvariantCulture);
            notional += decimal.Parse(row[3], CultureInfo.InvariantCulture);
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(run.File("summary.json")));
        liquidations.Should().Be(summary.RootElement.GetProperty("liquidations").GetInt64());
        // Issue 19: the CSV writes amounts with 8 decimals (one scale per column), each row rounded half to even, so the
        // column adds up to the exact total within half a unit of the 8th decimal per row.
        notional.Should().BeApproximately(summary.RootElement.GetProperty("liquidatedNotional").GetDecimal(), 1441 * 0.000000005m);
        rows.Skip(1).Select(r => r[3]).Should().OnlyContain(cell => cell.Length - cell.IndexOf('.', StringComparison.Ordinal) == 9, "every amount has 8 decimals");
        // The fund is held to 8 decimals already, so its last value is the summary's exactly.
        decimal.Parse(rows[^1][7], CultureInfo.InvariantCulture).Should().Be(summary.RootElement.GetProperty("insuranceFundEnd").GetDecimal());
    }

    [Fact]
    public void Event_log_reads_back_and_counts_the_summary_liquidations()
    {
        using FileStream stream = File.OpenRead(run.File("events.jsonl"));
        long triggered = 0, sequence = 0;
        foreach (LiquidationEvent e in EventLogJson.Read(stream))
        {
            e.Sequence.Should().BeGreaterThan(sequence, "events are in sequence order");
            sequence = e.Sequence;
            if (e is LiquidationTriggered)
            {
                triggered++;
            }
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(run.File("summary.json")));
        triggered.Should().Be(summary.RootElement.GetProperty("liquidations").GetInt64());
        triggered.Should().BePositive("the −25 % wick liquidates positions");
    }

    [Fact]
    public void Scenario_json_is_the_embedded_default()
    {
        ScenarioJson.Parse(File.ReadAllText(run.File("scenario.json"))).Should().Be(ScenarioJson.LoadDefault());
    }

    [Fact]
    public void Chart_is_well_formed_svg_with_price_liquidation_and_insurance_fund_series()
    {
        XDocument svg = XDocument.Load(run.File("chart.svg"));
        XElement root = svg.Root!;
        root.Name.Should().Be(s_svg + "svg");
        (double width, double height) = (double.Parse(root.Attribute("width")!.Value, CultureInfo.InvariantCulture), double.Parse(root.Attribute("height")!.Value, CultureInfo.InvariantCulture));
        root.Element(s_svg + "title")!.Value.Should().Be(ScenarioJson.LoadDefault().Name);

        XElement price = Group(root, "price");
        foreach (string line in (string[])["index", "mark", "last"])
        {
            Points(price, line).Should().HaveCountGreaterThan(100, $"the {line} price is drawn across the day");
        }

        // The wick: the lowest point of the last price line lies well below where the day started (y grows downwards).
        List<(double X, double Y)> last = Points(price, "last");
        last.Max(p => p.Y).Should().BeGreaterThan(last[0].Y + 50);

        XElement liquidations = Group(root, "liquidations");
        liquidations.Elements(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "liquidation-bar").Should().NotBeEmpty()
            .And.OnlyContain(r => r.Element(s_svg + "title") != null, "each bar has a tooltip");
        Points(Group(root, "insurance-fund"), "insurance-fund").Should().HaveCountGreaterThan(100);
        root.Descendants(s_svg + "line").Where(l => (string?)l.Attribute("class") == "peak").Should().ContainSingle();

        foreach (XElement polyline in root.Descendants(s_svg + "polyline"))
        {
            foreach ((double x, double y) in Points(polyline))
            {
                x.Should().BeInRange(0, width);
                y.Should().BeInRange(0, height);
            }
        }
    }

    [Fact]
    public void Report_is_self_contained_well_formed_html_with_the_chart_and_summary()
    {
        string text = File.ReadAllText(run.File("report.html"));
        text.Should().StartWith("<!DOCTYPE html>");
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        XDocument html = XDocument.Load(reader);
        XElement root = html.Root!;
        root.Name.Should().Be(s_xhtml + "html");
        root.Element(s_xhtml + "head")!.Element(s_xhtml + "title")!.Value.Should().Be(ScenarioJson.LoadDefault().Name);

        XElement Section(string id) => root.Descendants(s_xhtml + "section").Single(s => (string?)s.Attribute("id") == id);
        Section("chart").Descendants(s_svg + "svg").Should().ContainSingle().Which.Descendants(s_svg + "polyline").Should().NotBeEmpty();
        Section("markets").Descendants(s_xhtml + "td").Should().NotBeEmpty();
        Section("busiest").Descendants(s_xhtml + "tr").Should().HaveCountGreaterThan(1);

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(run.File("summary.json")));
        long liquidations = summary.RootElement.GetProperty("liquidations").GetInt64();
        XElement row = Section("summary").Descendants(s_xhtml + "tr").Single(r => r.Elements().First().Value == "Liquidations");
        row.Elements().Last().Value.Should().Be(liquidations.ToString("N0", CultureInfo.InvariantCulture));

        // Self-contained: nothing to fetch, nothing to run.
        root.Descendants().Where(e => e.Name.LocalName == "script").Should().BeEmpty();
        root.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href").Should().BeEmpty();
    }

    private static XElement Group(XElement root, string id) =>
        root.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("id") == id);

    private static List<(double X, double Y)> Points(XElement group, string cssClass) =>
        Points(group.Descendants(s_svg + "polyline").Single(p => (string?)p.Attribute("class") == cssClass));

    private static List<(double X, double Y)> Points(XElement polyline) =>
        [.. polyline.Attribute("points")!.Value.Split(' ').Select(p =>
        {
            string[] xy = p.Split(',');
            return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
        })];
}
