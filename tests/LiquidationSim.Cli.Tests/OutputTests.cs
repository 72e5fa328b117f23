using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LiquidationSim.Cli.Tests;

/// <summary>Output that loses nothing: failed writes, cancelled runs, re-used folders and the scenario copy of a replay.</summary>
public sealed class OutputTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    private static string SmallDefi => Path.Combine(Liqsim.TestData, "small-defi.json");

    /// <summary>The seam that makes writes of one named file fail as on a full disk (they go to /dev/full).</summary>
    private static Dictionary<string, string> FullDisk(string file) => new() { ["LIQSIM_TEST_FULL_DISK"] = file };

    private static string[] FilesIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    [Theory]
    [InlineData("run", "timeline.csv")] // streamed while the run goes
    [InlineData("run", "summary.json")] // written at the end
    [InlineData("run --paths 2", "montecarlo.json")]
    [InlineData("defi", "summary.json")]
    [InlineData("defi --paths 2", "lending-montecarlo.json")]
    public void Full_disk_exits_4_with_a_one_line_reason_and_leaves_no_file(string command, string failing)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/full is Linux's.
        }

        using var dir = new TempFolder();
        string scenario = command.StartsWith("defi", StringComparison.Ordinal) ? SmallDefi : Small;
        LiqsimResult r = Liqsim.Run(dir.Path, FullDisk(failing), [.. command.Split(' '), "--scenario", scenario, "--out", "out"]);
        r.ExitCode.Should().Be(4, r.ToString());
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(r.ToString()).Which.Should().Contain(dir["out"]).And.Contain("No space left on device");
        r.Stderr.Should().NotContain("   at ", "a full disk is reported without a stack trace");
        // The run created the folder; with nothing complete in it, it is gone (an empty folder at most).
        FilesIn(dir["out"]).Should().BeEmpty("no truncated or partial file is left looking complete");
    }

    [Fact]
    public void Merge_into_a_full_device_exits_4_with_a_one_line_reason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var dir = new TempFolder();
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--out", "shard").ExitCode.Should().Be(0);
        // /dev/full is a real device that fails every write with ENOSPC; it is written in place, never renamed over.
        LiqsimResult r = Liqsim.Run(dir.Path, "merge", Path.Combine("shard", "montecarlo.json"), "--out", "/dev/full");
        r.ExitCode.Should().Be(4, r.ToString());
        r.Stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("/dev/full").And.Contain("No space left on device");
        File.Exists("/dev/full").Should().BeTrue("the device is still there");
    }

    [Fact]
    public void Merge_replaces_its_output_file_whole_and_leaves_no_temporary_file()
    {
        using var dir = new TempFolder();
        Liqsim.Run(dir.Path, "run", "--scenario", Small, "--paths", "2", "--out", "shard").ExitCode.Should().Be(0);
        File.WriteAllText(dir["merged.json"], "an older result");
        LiqsimResult r = Liqsim.Run(dir.Path, "merge", Path.Combine("shard", "montecarlo.json"), "--out", "merged.json", "--report", "merged.html");
        r.ExitCode.Should().Be(0, r.ToString());
        // One shard merged alone is itself: the same bytes.
        File.ReadAllText(dir["merged.json"]).Should().Be(File.ReadAllText(Path.Combine(dir["shard"], "montecarlo.json")));
        FilesIn(dir.Path).Should().Equal("merged.html", "merged.json");
    }

    [Theory]
    [InlineData("run", "run")]
    [InlineData("defi", "run")]
    [InlineData("run --paths 2", "defi")]
    public void Reusing_an_output_folder_is_refused_unless_force_which_clears_only_liqsims_files(string first, string second)
    {
        using var dir = new TempFolder();
        static string Scenario(string command) => command.StartsWith("defi", StringComparison.Ordinal) ? SmallDefi : Small;
        Liqsim.Run(dir.Path, [.. first.Split(' '), "--scenario", Scenario(first), "--out", "out"]).ExitCode.Should().Be(0);
        File.WriteAllText(Path.Combine(dir["out"], "notes.txt"), "the user's own file");
        string[] before = FilesIn(dir["out"]);
        Dictionary<string, byte[]> bytes = before.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(dir["out"], n)));

        LiqsimResult refused = Liqsim.Run(dir.Path, [.. second.Split(' '), "--scenario", Scenario(second), "--out", "out"]);
        refused.ExitCode.Should().Be(3, refused.ToString());
        refused.Stderr.Should().Contain("'out'").And.Contain("--force");
        FilesIn(dir["out"]).Should().Equal(before, "a refused run changes nothing");
        foreach (string name in before)
        {
            File.ReadAllBytes(Path.Combine(dir["out"], name)).Should().Equal(bytes[name], name);
        }

        LiqsimResult forced = Liqsim.Run(dir.Path, [.. second.Split(' '), "--scenario", Scenario(second), "--out", "out", "--force"]);
        forced.ExitCode.Should().Be(0, forced.ToString());
        LiqsimResult fresh = Liqsim.Run(dir.Path, [.. second.Split(' '), "--scenario", Scenario(second), "--out", "fresh"]);
        fresh.ExitCode.Should().Be(0, fresh.ToString());
        // Exactly the second run's files (byte for byte as in a fresh folder) and the user's file: nothing of the first run mixed in.
        FilesIn(dir["out"]).Should().Equal([.. FilesIn(dir["fresh"]).Append("notes.txt").Order(StringComparer.Ordinal)]);
        File.ReadAllText(Path.Combine(dir["out"], "notes.txt")).Should().Be("the user's own file");
        foreach (string name in FilesIn(dir["fresh"]))
        {
            File.ReadAllBytes(Path.Combine(dir["out"], name)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["fresh"], name)), name);
        }
    }

    [Fact]
    public void An_existing_folder_without_liqsim_files_is_used_as_it_is()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["out"]);
        File.WriteAllText(Path.Combine(dir["out"], "notes.txt"), "the user's own file");
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--out", "out");
        r.ExitCode.Should().Be(0, r.ToString());
        FilesIn(dir["out"]).Should().Contain("notes.txt").And.Contain("timeline.csv");
    }

    [Fact]
    public void Ctrl_C_leaves_no_output_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempFolder();
        // The default scenario runs for seconds; the signal arrives while it simulates, with timeline.csv and events.jsonl open.
        LiqsimResult r = Liqsim.Interrupt(dir.Path, "run", "--out", "out");
        r.ExitCode.Should().Be(130, r.ToString());
        FilesIn(dir["out"]).Should().BeEmpty(r.ToString());
    }

    [Fact]
    public void The_scenario_copy_of_a_historical_replay_reruns_as_written_from_anywhere()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["data"]);
        // Eight hours (the scenario's duration) of minute prices falling 0.01 % a minute from 90,000, next to a scenario that names them by a relative path.
        var csv = new StringBuilder("timestamp,price\n");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        decimal price = 90_000m;
        for (int minute = 0; minute <= 480; minute++, price *= 0.9999m)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(minute):yyyy-MM-ddTHH:mm:ssZ},{decimal.Round(price, 1)}\n");
        }

        File.WriteAllText(Path.Combine(dir["data"], "prices.csv"), csv.ToString());
        JsonNode scenario = JsonNode.Parse(File.ReadAllText(Small))!;
        scenario["priceProcess"] = new JsonObject { ["type"] = "historical", ["csvPath"] = "prices.csv" };
        scenario.AsObject().Remove("shocks");
        File.WriteAllText(Path.Combine(dir["data"], "replay.json"), scenario.ToJsonString());

        LiqsimResult first = Liqsim.Run(dir.Path, "run", "--scenario", Path.Combine("data", "replay.json"), "--out", "first");
        first.ExitCode.Should().Be(0, first.ToString());
        // Rerun the copy from another working folder: its CSV path must not depend on where the original scenario was.
        Directory.CreateDirectory(dir["elsewhere"]);
        LiqsimResult again = Liqsim.Run(dir["elsewhere"], "run", "--scenario", Path.Combine(dir["first"], "scenario.json"), "--out", "again");
        again.ExitCode.Should().Be(0, again.ToString());
        File.ReadAllBytes(Path.Combine(dir["elsewhere"], "again", "timeline.csv"))
            .Should().Equal(File.ReadAllBytes(Path.Combine(dir["first"], "timeline.csv")), "the copy replays the same prices");
    }
}
