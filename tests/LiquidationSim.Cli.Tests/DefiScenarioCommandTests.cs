using System.Globalization;
using System.Text.Json;

namespace LiquidationSim.Cli.Tests;

/// <summary>liqsim defi with scenario files, --out files and lending Monte Carlo shards, each run as a process.</summary>
public sealed class DefiScenarioCommandTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-defi.json");

    [Fact]
    public void The_printed_default_scenario_file_reproduces_the_default_run_and_its_files_agree_with_each_other()
    {
        using var dir = new TempFolder();
        LiqsimResult printed = Liqsim.Run(dir.Path, "defi", "scenario");
        printed.ExitCode.Should().Be(0, printed.ToString());
        File.WriteAllText(dir["default-defi.json"], printed.Stdout);

        LiqsimResult fromFile = Liqsim.Run(dir.Path, "defi", "--scenario", "default-defi.json", "--out", "file");
        LiqsimResult embedded = Liqsim.Run(dir.Path, "defi", "--out", "embedded");
        fromFile.ExitCode.Should().Be(0, fromFile.ToString());
        embedded.ExitCode.Should().Be(0, embedded.ToString());

        // The same runs: identical tables and identical files (the summary's fingerprint covers the same JSON content).
        static string Tables(string stdout) => stdout[..stdout.IndexOf("Wrote ", StringComparison.Ordinal)];
        Tables(fromFile.Stdout).Should().Be(Tables(embedded.Stdout));
        string[] names = [.. Directory.GetFiles(dir["embedded"]).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        names.Should().Equal(
            "auction-chart.svg", "auction-timeline.csv", "events.jsonl", "lending-chart.svg", "lending-liquidations.csv", "lending-timeline.csv", "report.html", "summary.json");
        foreach (string name in names)
        {
            File.ReadAllBytes(Path.Combine(dir["file"], name)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["embedded"], name)), name);
        }

        AssertFilesAgree(dir["embedded"], expectAuction: true);
    }

    [Fact]
    public void An_invalid_file_exits_3_listing_every_problem_with_its_JSON_path_and_writes_nothing()
    {
        using var dir = new TempFolder();
        string json = File.ReadAllText(Small)
            .Replace("\"oracleCoupling\": 0.5", "\"oracleCoupling\": 1.5", StringComparison.Ordinal)
            .Replace("\"count\": 200", "\"count\": 0", StringComparison.Ordinal)
            .Replace("\"name\": \"bob\"", "\"name\": \"alice\"", StringComparison.Ordinal)
            .Replace("\"type\": \"gbm\"", "\"type\": \"heston\"", StringComparison.Ordinal);
        File.WriteAllText(dir["bad.json"], json);

        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", "bad.json", "--out", "out");

        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("bad.json").And.Contain("4 problems")
            .And.Contain("$.lending.oracleCoupling:")
            .And.Contain("$.lending.population.count:")
            .And.Contain("$.lending.priceProcess.type:")
            .And.Contain("$.auction.keepers[1].name:");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written for an invalid scenario");
    }

    [Fact]
    public void A_missing_file_exits_3_and_first_path_without_paths_exits_2()
    {
        using var dir = new TempFolder();
        LiqsimResult missing = Liqsim.Run(dir.Path, "defi", "--scenario", "nope.json");
        missing.ExitCode.Should().Be(3, missing.ToString());
        missing.Stderr.Should().Contain("nope.json");

        LiqsimResult shard = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--first-path", "3");
        shard.ExitCode.Should().Be(2, shard.ToString());
        shard.Stderr.Should().Contain("--paths");
    }

    [Fact]
    public void A_small_scenario_file_runs_and_its_out_files_parse_and_agree()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Aave v3.3 lending stress").And.Contain("ETH-B (April 2021 parameters)").And.Contain("Repaid (USDC)");

        // 24 one-hour steps: a table row every 2 hours (24 ÷ 12 steps).
        r.Stdout.Should().Contain("Lending stress, every 2 hours");
        Csv.Parse(File.ReadAllText(Path.Combine(dir["out"], "lending-timeline.csv"))).Should().HaveCount(1 + 24);
        Csv.Parse(File.ReadAllText(Path.Combine(dir["out"], "auction-timeline.csv"))).Should().HaveCount(1 + 7200);
        AssertFilesAgree(dir["out"], expectAuction: true);
    }

    [Fact]
    public void Monte_Carlo_shards_merge_into_the_shard_of_the_whole_range()
    {
        using var dir = new TempFolder();
        LiqsimResult all = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--paths", "6", "--threads", "2", "--out", "all");
        LiqsimResult a = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--paths", "4", "--threads", "1", "--out", "a");
        LiqsimResult b = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--paths", "2", "--first-path", "4", "--out", "b");
        foreach (LiqsimResult r in (LiqsimResult[])[all, a, b])
        {
            r.ExitCode.Should().Be(0, r.ToString());
        }

        LiqsimResult merged = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("b", "lending-montecarlo.json"), Path.Combine("a", "lending-montecarlo.json"), "--out", "merged.json");
        merged.ExitCode.Should().Be(0, merged.ToString());
        File.ReadAllText(dir["merged.json"]).Should().Be(File.ReadAllText(Path.Combine(dir["all"], "lending-montecarlo.json")));

        using JsonDocument shard = JsonDocument.Parse(File.ReadAllText(dir["merged.json"]));
        shard.RootElement.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("path").GetInt64()).Should().Equal(0, 1, 2, 3, 4, 5);

        // A GBM path differs from path to path: the paths are not six copies of one run.
        shard.RootElement.GetProperty("paths").EnumerateArray().Select(p => p.GetProperty("debtRepaid").GetDecimal()).Distinct().Should().HaveCountGreaterThan(1);

        LiqsimResult overlap = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("a", "lending-montecarlo.json"), Path.Combine("all", "lending-montecarlo.json"));
        overlap.ExitCode.Should().Be(3, overlap.ToString());
        overlap.Stderr.Should().Contain("more than one shard");

        LiqsimResult otherSeed = Liqsim.Run(dir.Path, "defi", "--scenario", Small, "--paths", "2", "--first-path", "6", "--seed", "12", "--out", "c");
        otherSeed.ExitCode.Should().Be(0, otherSeed.ToString());
        LiqsimResult mixed = Liqsim.Run(dir.Path, "defi", "merge", Path.Combine("a", "lending-montecarlo.json"), Path.Combine("c", "lending-montecarlo.json"));
        mixed.ExitCode.Should().Be(3, mixed.ToString());
        mixed.Stderr.Should().Contain("seed");
    }

    [Fact]
    public void A_liquity_file_runs_and_its_out_files_agree()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--scenario", Path.Combine(Liqsim.TestData, "small-liquity.json"), "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Liquity v1 stress").And.NotContain("Aave").And.NotContain("Auction outcome");
        Directory.GetFiles(dir["out"]).Select(Path.GetFileName).Should().BeEquivalentTo("liquity-timeline.csv", "liquity-chart.svg", "events.jsonl", "summary.json", "report.html");

        // The summary's totals are the sums of the timeline's columns; each liquidation is one line of events.jsonl.
        List<string[]> timeline = Csv.Parse(File.ReadAllText(Path.Combine(dir["out"], "liquity-timeline.csv")));
        timeline.Should().HaveCount(1 + 60, "one hour of one-minute steps");
        decimal sum(string name) => timeline.Skip(1).Sum(row => decimal.Parse(row[Array.IndexOf(timeline[0], name)], CultureInfo.InvariantCulture));
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["out"], "summary.json")));
        JsonElement liquity = summary.RootElement.GetProperty("liquity");
        sum("liquidations").Should().BePositive("ETH falls 35 %, through the lowest troves' 110 %");
        liquity.GetProperty("liquidations").GetInt64().Should().Be((long)sum("liquidations"));
        liquity.GetProperty("debtOffset").GetDecimal().Should().Be(sum("debt_offset"));
        liquity.GetProperty("debtRedistributed").GetDecimal().Should().Be(sum("debt_redistributed"));
        liquity.GetProperty("stepsInRecoveryMode").GetInt64().Should().Be((long)sum("recovery_mode_before"));
        File.ReadLines(Path.Combine(dir["out"], "events.jsonl")).Should().HaveCount((int)sum("liquidations"))
            .And.OnlyContain(line => JsonDocument.Parse(line, default).RootElement.GetProperty("run").GetString() == "liquity");
    }

    /// <summary>
    /// Invariants across the files of one run: the summary's lending totals are the sums of the timeline's columns, each
    /// lending liquidation is one row of lending-liquidations.csv and one lending line of events.jsonl, and the auction
    /// log holds one Taken event per take in the summary.
    /// </summary>
    private static void AssertFilesAgree(string folder, bool expectAuction)
    {
        List<string[]> timeline = Csv.Parse(File.ReadAllText(Path.Combine(folder, "lending-timeline.csv")));
        List<string[]> liquidations = Csv.Parse(File.ReadAllText(Path.Combine(folder, "lending-liquidations.csv")));
        int column(string name) => Array.IndexOf(timeline[0], name);
        decimal sum(string name) => timeline.Skip(1).Sum(row => decimal.Parse(row[column(name)], CultureInfo.InvariantCulture));

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        JsonElement lending = summary.RootElement.GetProperty("lending");
        sum("liquidations").Should().BePositive("the run is chosen so that the checks below compare real liquidations");
        lending.GetProperty("liquidations").GetInt64().Should().Be((long)sum("liquidations"));
        lending.GetProperty("debtRepaid").GetDecimal().Should().Be(sum("debt_repaid"));
        lending.GetProperty("liquidatorProfit").GetDecimal().Should().Be(sum("liquidator_profit"));
        lending.GetProperty("badDebt").GetDecimal().Should().Be(decimal.Parse(timeline[^1][column("bad_debt")], CultureInfo.InvariantCulture));
        lending.GetProperty("steps").GetInt64().Should().Be(timeline.Count - 1);
        (liquidations.Count - 1).Should().Be((int)sum("liquidations"));

        List<JsonElement> events = [.. File.ReadLines(Path.Combine(folder, "events.jsonl")).Select(line => JsonDocument.Parse(line).RootElement)];
        List<JsonElement> lendingEvents = [.. events.Where(e => e.GetProperty("run").GetString() == "lending")];
        lendingEvents.Should().HaveCount(liquidations.Count - 1);
        lendingEvents.Sum(e => e.GetProperty("debtRepaid").GetDecimal()).Should().Be(sum("debt_repaid"));
        if (expectAuction)
        {
            JsonElement auction = summary.RootElement.GetProperty("auction");
            auction.GetProperty("takes").GetInt32().Should().BePositive();
            events.Count(e => e.GetProperty("run").GetString() == "auction" && e.GetProperty("type").GetString() == "Taken")
                .Should().Be(auction.GetProperty("takes").GetInt32());
            events.Where(e => e.GetProperty("run").GetString() == "auction").Select(e => e.GetProperty("sequence").GetInt64())
                .Should().BeInAscendingOrder();
        }
    }
}
