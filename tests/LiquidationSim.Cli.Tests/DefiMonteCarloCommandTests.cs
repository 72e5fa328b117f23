using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace LiquidationSim.Cli.Tests;

/// <summary>liqsim defi --paths and liqsim defi merge for the auction and Liquity runs (lending: <see cref="DefiScenarioCommandTests"/>).</summary>
public sealed class DefiMonteCarloCommandTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-defi.json");

    private static string SmallLiquity => Path.Combine(Liqsim.TestData, "small-liquity.json");

    [Theory]
    [InlineData("small-liquity.json", "liquity")]
    [InlineData("small-defi.json", "auction")]
    [InlineData("small-defi.json", "lending")]
    [InlineData("small-morpho.json", "morpho")]
    [InlineData("small-comet.json", "comet")]
    [InlineData("small-compoundv2.json", "compoundV2")]
    public void Shards_merge_into_one_run_of_all_paths_and_the_thread_count_changes_nothing(string file, string run)
    {
        using var dir = new TempFolder();
        string scenario = Path.Combine(Liqsim.TestData, file);
        string shard = run + "-montecarlo.json";
        LiqsimResult all = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--paths", "5", "--threads", "1", "--out", "all");
        LiqsimResult allThreads = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--paths", "5", "--threads", "3", "--out", "all3");
        LiqsimResult a = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--paths", "2", "--first-path", "3", "--threads", "2", "--out", "a");
        LiqsimResult b = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--paths", "3", "--threads", "2", "--out", "b");
        foreach (LiqsimResult r in (LiqsimResult[])[all, allThreads, a, b])
        {
            r.ExitCode.Should().Be(0, r.ToString());
        }

        File.ReadAllBytes(Path.Combine(dir["all3"], shard)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["all"], shard)), "results do not depend on --threads");
        LiqsimResult merged = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("a", shard), Path.Combine("b", shard), "--out", "merged.json", "--report", "merged.html");
        merged.ExitCode.Should().Be(0, merged.ToString());
        File.ReadAllBytes(dir["merged.json"]).Should().Equal(File.ReadAllBytes(Path.Combine(dir["all"], shard)));

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(dir["merged.json"]));
        doc.RootElement.GetProperty("format").GetString().Should().Be("liqsim-defi-" + run + "-montecarlo");
        doc.RootElement.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("path").GetInt64()).Should().Equal(0, 1, 2, 3, 4);
        XDocument.Load(dir["merged.html"]).Root.Should().NotBeNull();
    }

    [Theory]
    [InlineData("small-liquity.json", "liquity")]
    [InlineData("small-defi.json", "auction")]
    [InlineData("small-defi.json", "lending")]
    [InlineData("small-morpho.json", "morpho")]
    [InlineData("small-comet.json", "comet")]
    [InlineData("small-compoundv2.json", "compoundV2")]
    public void Path_0_of_the_Monte_Carlo_is_the_single_run(string file, string run)
    {
        // Same seeding for both: path i draws from (seed, i), and the single run is path 0. So every figure the single
        // run's summary.json and the shard both carry agrees (the auction shard holds rad/wad amounts as DAI/ETH, under other names).
        using var dir = new TempFolder();
        string scenario = Path.Combine(Liqsim.TestData, file);
        LiqsimResult once = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--out", "once");
        LiqsimResult paths = Liqsim.Run(dir.Path, "defi", "--scenario", scenario, "--paths", "2", "--out", "paths");
        once.ExitCode.Should().Be(0, once.ToString());
        paths.ExitCode.Should().Be(0, paths.ToString());

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["once"], "summary.json")));
        using JsonDocument shard = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["paths"], run + "-montecarlo.json")));
        JsonElement path0 = shard.RootElement.GetProperty("paths")[0];
        path0.GetProperty("path").GetInt64().Should().Be(0);
        int compared = 0;
        foreach (JsonProperty figure in summary.RootElement.GetProperty(run).EnumerateObject())
        {
            if (figure.Value.ValueKind == JsonValueKind.Number && path0.TryGetProperty(figure.Name, out JsonElement value))
            {
                value.GetDecimal().Should().Be(figure.Value.GetDecimal(), $"{run}.{figure.Name}");
                compared++;
            }
        }

        compared.Should().BeGreaterThanOrEqualTo(4, "the figures compared are the run's headline totals");
    }

    [Fact]
    public void The_Monte_Carlo_report_shows_nearest_rank_percentiles_of_the_shard()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", SmallLiquity, "--paths", "7", "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());

        // Nearest rank (the core's MonteCarloResult.Percentile rule): the value at rank ⌈p·n⌉ of the n sorted values.
        // With n = 7: the median is rank 4, the 95th and 99th percentiles rank 7, the minimum rank 1.
        using JsonDocument shard = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["out"], "liquity-montecarlo.json")));
        decimal[] offset = [.. shard.RootElement.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("debtOffset").GetDecimal()).Order()];
        offset.Should().HaveCount(7);
        XNamespace x = "http://www.w3.org/1999/xhtml";
        XElement row = XDocument.Load(Path.Combine(dir["out"], "report.html")).Descendants(x + "tr")
            .Single(tr => tr.Elements(x + "th").Any(th => th.Value == "Debt offset"));
        static string Format(decimal d) => d.ToString("#,0.####", CultureInfo.InvariantCulture);
        row.Elements(x + "td").Select(td => td.Value).Should().Equal(Format(offset[0]), Format(offset[3]), Format(offset[6]), Format(offset[6]), Format(offset[6]));
    }

    [Fact]
    public void Merge_refuses_shards_of_different_run_kinds_and_of_different_scenarios()
    {
        using var dir = new TempFolder();
        LiqsimResult both = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--paths", "2", "--out", "both");
        both.ExitCode.Should().Be(0, both.ToString());
        LiqsimResult kinds = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("both", "lending-montecarlo.json"), Path.Combine("both", "auction-montecarlo.json"));
        kinds.ExitCode.Should().Be(3, kinds.ToString());
        kinds.Stderr.Should().Contain("auction shard").And.Contain("lending shard");

        // The same seed and path range, one deposit changed: a different scenario.
        File.WriteAllText(dir["other.json"], File.ReadAllText(SmallLiquity).Replace("\"amount\": 100000", "\"amount\": 100001", StringComparison.Ordinal));
        LiqsimResult a = Liqsim.Run(dir.Path, "defi", "--scenario", SmallLiquity, "--paths", "2", "--out", "a");
        LiqsimResult b = Liqsim.Run(dir.Path, "defi", "--scenario", "other.json", "--paths", "2", "--first-path", "2", "--out", "b");
        a.ExitCode.Should().Be(0, a.ToString());
        b.ExitCode.Should().Be(0, b.ToString());
        LiqsimResult scenarios = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("a", "liquity-montecarlo.json"), Path.Combine("b", "liquity-montecarlo.json"));
        scenarios.ExitCode.Should().Be(3, scenarios.ToString());
        scenarios.Stderr.Should().Contain("different scenario");

        File.WriteAllText(dir["junk.json"], "{\"format\": \"liqsim-defi-vault-montecarlo\"}");
        LiqsimResult junk = Liqsim.Run(dir.Path, "defi", "merge", "junk.json");
        junk.ExitCode.Should().Be(3, junk.ToString());
        junk.Stderr.Should().Contain("junk.json").And.Contain("not a DeFi Monte Carlo shard");
    }
}
