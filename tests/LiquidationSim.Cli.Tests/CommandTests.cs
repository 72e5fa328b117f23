using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LiquidationSim.Cli.Tests;

/// <summary>liqsim's commands and exit codes, each run as a process on small scenarios.</summary>
public sealed partial class CommandTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    private static string Invalid => Path.Combine(Liqsim.TestData, "invalid-scenario.json");

    [Fact]
    public void Same_scenario_and_seed_write_byte_identical_files()
    {
        using var dir = new TempFolder();
        LiqsimResult a = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--out", "a");
        LiqsimResult b = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--out", "b");
        a.ExitCode.Should().Be(0, a.ToString());
        b.ExitCode.Should().Be(0, b.ToString());
        string[] names = [.. Directory.GetFiles(dir["a"]).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        names.Should().Equal("chart.svg", "events.jsonl", "report.html", "scenario.json", "summary.json", "timeline.csv");
        foreach (string name in names)
        {
            File.ReadAllBytes(Path.Combine(dir["b"], name)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["a"], name)), name);
        }
    }

    [Fact]
    public void Seed_option_replaces_the_scenario_seed_and_changes_the_path()
    {
        using var dir = new TempFolder();
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--out", "a").ExitCode.Should().Be(0);
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--seed", "8", "--out", "b").ExitCode.Should().Be(0);
        using JsonDocument scenario = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["b"], "scenario.json")));
        scenario.RootElement.GetProperty("seed").GetUInt64().Should().Be(8);
        File.ReadAllText(Path.Combine(dir["b"], "timeline.csv")).Should().NotBe(File.ReadAllText(Path.Combine(dir["a"], "timeline.csv")));
    }

    [Fact]
    public void Invalid_scenario_prints_every_problem_with_its_json_path_and_exits_3_writing_nothing()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Invalid, "--out", "out");
        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("is not a valid scenario (3 problems")
            .And.Contain("$.seed:")
            .And.Contain("$.step:")
            .And.Contain("$.venue.profile:");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written for an invalid scenario");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run --paths 2")]
    public void Scenario_failing_the_build_time_checks_exits_3_writing_nothing(string command)
    {
        // 1 BTC at 90,000 and 10x needs 9,000 of isolated margin; the account holds 100 (a check only Create makes).
        using var dir = new TempFolder();
        string unbuildable = Path.Combine(Liqsim.TestData, "unbuildable-scenario.json");
        LiqsimResult r = Liqsim.Run(dir.Path, [.. command.Split(' '), "--scenario", unbuildable, "--out", "out"]);
        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("$.accounts[0].balance:").And.Contain("9000 more is needed");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written for a scenario that cannot be built");
    }

    [Fact]
    public void Missing_scenario_file_exits_3_naming_it()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", "no-such-file.json");
        r.ExitCode.Should().Be(3, r.ToString());
        r.Stderr.Should().Contain("no-such-file.json").And.Contain("does not exist");
    }

    [Theory]
    [InlineData("run --no-such-option", "no-such-option")]
    [InlineData("run --paths 0", "--paths must be at least 1; got 0")]
    [InlineData("run --paths many", "many")]
    [InlineData("run --threads 0 --paths 2", "--threads must be at least 1; got 0")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("merge", "SHARD")]
    [InlineData("run --first-path 2", "--paths")]
    public void Bad_command_lines_exit_2_with_the_reason(string commandLine, string reason)
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, commandLine.Split(' '));
        r.ExitCode.Should().Be(2, r.ToString());
        r.Stderr.Should().Contain(reason).And.Contain("liqsim --help");
    }

    [Fact]
    public void Unknown_chart_symbol_exits_2()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--symbol", "ETHUSDT");
        r.ExitCode.Should().Be(2, r.ToString());
        r.Stderr.Should().Contain("ETHUSDT").And.Contain("BTCUSDT");
    }

    [Fact]
    public void Output_folder_that_cannot_be_created_exits_4()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["taken"], "a file where the folder should go");
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--out", "taken");
        r.ExitCode.Should().Be(4, r.ToString());
        r.Stderr.Should().Contain("taken");
    }

    [Fact]
    public void Ctrl_C_stops_a_run_with_exit_code_130()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGINT cannot be sent to another process from a test on Windows.
        }

        using var dir = new TempFolder();
        // The default scenario runs for seconds; the signal arrives right after the first line, while it simulates.
        LiqsimResult r = Liqsim.Interrupt(dir.Path, "run");
        r.ExitCode.Should().Be(130, r.ToString());
        r.Stderr.Should().Contain("cancelled");
        r.Stdout.Should().NotContain("Summary");
    }

    [Fact]
    public void Help_lists_the_commands_and_exit_codes()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "--help");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("run").And.Contain("merge").And.Contain("defi").And.Contain("Exit codes");

        LiqsimResult bare = Liqsim.Run(dir.Path);
        bare.ExitCode.Should().Be(2, "a command was expected");
        bare.Stdout.Should().Contain("Commands:");
    }

    [Fact]
    public void Monte_Carlo_shards_merge_into_the_whole_run()
    {
        using var dir = new TempFolder();
        LiqsimResult whole = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "4", "--threads", "2", "--out", "whole");
        LiqsimResult first = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--threads", "1", "--out", "first");
        LiqsimResult second = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--first-path", "2", "--out", "second");
        foreach (LiqsimResult r in (LiqsimResult[])[whole, first, second])
        {
            r.ExitCode.Should().Be(0, r.ToString());
        }

        // Shards given in reverse order: the merge does not depend on it.
        LiqsimResult merged = Liqsim.Run(dir.Path, "merge", Path.Combine("second", "montecarlo.json"), Path.Combine("first", "montecarlo.json"), "--out", "merged.json", "--report", "merged.html");
        merged.ExitCode.Should().Be(0, merged.ToString());
        Digest(merged.Stdout).Should().Be(Digest(whole.Stdout));

        // The merged file is itself a shard: merging it alone reproduces the digest.
        LiqsimResult again = Liqsim.Run(dir.Path, "merge", "merged.json");
        again.ExitCode.Should().Be(0, again.ToString());
        Digest(again.Stdout).Should().Be(Digest(whole.Stdout));

        List<string[]> paths = Csv.Parse(File.ReadAllText(Path.Combine(dir["whole"], "montecarlo-paths.csv")));
        paths[0].Should().Equal("path", "insurance_fund_drawdown", "bad_debt", "adl_volume", "liquidated_notional");
        paths.Skip(1).Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).Should().Equal(0L, 1L, 2L, 3L);
        File.ReadAllText(dir["merged.html"]).Should().Contain("<svg").And.Contain("4 paths");
    }

    [Fact]
    public void Long_Monte_Carlo_runs_report_progress_on_standard_error_when_output_is_redirected()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "20");
        r.ExitCode.Should().Be(0, r.ToString());
        // One line per tenth: 2, 4, ... 20 of 20.
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(10);
        lines[^1].Should().StartWith("liqsim: 20 of 20 paths");

        LiqsimResult quiet = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "20", "--no-progress");
        quiet.ExitCode.Should().Be(0, quiet.ToString());
        quiet.Stderr.Should().BeEmpty();
        Digest(quiet.Stdout).Should().Be(Digest(r.Stdout));
    }

    [Fact]
    public void Overlapping_or_foreign_shards_do_not_merge()
    {
        using var dir = new TempFolder();
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--out", "a").ExitCode.Should().Be(0);
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--first-path", "2", "--seed", "99", "--out", "b").ExitCode.Should().Be(0);

        LiqsimResult overlap = Liqsim.Run(dir.Path, "merge", Path.Combine("a", "montecarlo.json"), Path.Combine("a", "montecarlo.json"));
        overlap.ExitCode.Should().Be(3, overlap.ToString());
        overlap.Stderr.Should().Contain("path index");

        LiqsimResult seeds = Liqsim.Run(dir.Path, "merge", Path.Combine("a", "montecarlo.json"), Path.Combine("b", "montecarlo.json"));
        seeds.ExitCode.Should().Be(3, seeds.ToString());
        seeds.Stderr.Should().Contain("root seed 99");

        File.WriteAllText(dir["junk.json"], "{\"paths\": 3}");
        LiqsimResult junk = Liqsim.Run(dir.Path, "merge", "junk.json");
        junk.ExitCode.Should().Be(3, junk.ToString());
        junk.Stderr.Should().Contain("junk.json").And.Contain("not a Monte Carlo shard");
    }

    [Fact]
    public void Defi_runs_the_lending_stress_and_the_auctions()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "defi", "--out", "defi");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stdout.Should().Contain("Aave v3.3").And.Contain("Auction outcome").And.Contain("Recovery rate");
        List<string[]> lending = Csv.Parse(File.ReadAllText(Path.Combine(dir["defi"], "lending-timeline.csv")));
        lending.Should().HaveCount(1 + 144, "24 hours of 10-minute steps");
        List<string[]> auctions = Csv.Parse(File.ReadAllText(Path.Combine(dir["defi"], "auction-timeline.csv")));
        auctions.Skip(1).Should().OnlyContain(row => row.Length == auctions[0].Length);
    }

    private static string Digest(string stdout) => DigestLine().Match(stdout) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no digest in:\n" + stdout);

    [GeneratedRegex("digest ([0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
