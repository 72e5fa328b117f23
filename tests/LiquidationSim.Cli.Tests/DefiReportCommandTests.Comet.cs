using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LiquidationSim.Cli.Tests;

/// <summary>liqsim defi --out for the Comet run: its files agree with each other and with summary.json.</summary>
public sealed partial class DefiReportCommandTests
{
    [Fact]
    public void The_Comet_files_count_every_absorption_and_sale_of_the_summary()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", Path.Combine(Liqsim.TestData, "small-comet.json"), "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Compound III (Comet) stress").And.Contain("accounts absorbed");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["out"], "summary.json")));
        JsonElement comet = summary.RootElement.GetProperty("comet");
        long absorptions = comet.GetProperty("absorptions").GetInt64();
        absorptions.Should().BePositive("the small file's GBM path falls far enough");

        // One CSV row and one "Absorbed" event per absorbed account; the chart's bars ("…: N accounts absorbed, …") add up too.
        File.ReadAllLines(Path.Combine(dir["out"], "comet-absorptions.csv")).Skip(1).Should().HaveCount((int)absorptions);
        JsonElement[] events = [.. File.ReadAllLines(Path.Combine(dir["out"], "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)];
        events.Should().OnlyContain(e => e.GetProperty("run").GetString() == "comet");
        events.Count(e => e.GetProperty("type").GetString() == "Absorbed").Should().Be((int)absorptions);
        long bars = XDocument.Load(Path.Combine(dir["out"], "comet-chart.svg")).Descendants(s_svg + "rect")
            .Where(e => (string?)e.Attribute("class") == "liquidation-bar")
            .Sum(e => long.Parse(Regex.Match(e.Element(s_svg + "title")!.Value, @": ([\d,]+) accounts absorbed,").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture));
        bars.Should().Be(absorptions);

        // The sales' exact amounts (WETH wei, USDC units) are the summary's totals, and the timeline's last reserves are the final reserves.
        BigInteger sold = 0, paid = 0;
        foreach (JsonElement e in events.Where(e => e.GetProperty("type").GetString() == "CollateralBought"))
        {
            sold += BigInteger.Parse(e.GetProperty("collateralAmount").GetString()!, CultureInfo.InvariantCulture);
            paid += BigInteger.Parse(e.GetProperty("baseAmount").GetString()!, CultureInfo.InvariantCulture);
        }

        sold.Should().BeGreaterThan(BigInteger.Zero);
        ((decimal)sold / 1_000_000_000_000_000_000m).Should().Be(comet.GetProperty("collateralSold").GetDecimal());
        ((decimal)paid / 1_000_000m).Should().Be(comet.GetProperty("baseFromSales").GetDecimal());
        string last = File.ReadAllLines(Path.Combine(dir["out"], "comet-timeline.csv"))[^1];
        decimal.Parse(last.Split(',')[8], CultureInfo.InvariantCulture).Should().Be(comet.GetProperty("finalReserves").GetDecimal());
    }

    [Fact]
    public void A_bad_Comet_file_is_refused_with_each_problem_at_its_JSON_path()
    {
        using var dir = new TempFolder();
        string json = File.ReadAllText(Path.Combine(Liqsim.TestData, "small-comet.json"))
            .Replace("\"liquidateCollateralFactor\": 0.895", "\"liquidateCollateralFactor\": 1.2", StringComparison.Ordinal)
            .Replace("\"count\": 200", "\"count\": 0", StringComparison.Ordinal);
        File.WriteAllText(dir["bad.json"], json);
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", "bad.json", "--out", "out");
        r.ExitCode.Should().Be(3, r.ToString());
        (r.Stdout + r.Stderr).Should().Contain("$.comet.market.liquidateCollateralFactor").And.Contain("$.comet.population.count");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written when the file is refused");
    }
}
