using System.Text.Json.Nodes;

namespace LiquidationSim.Cli.Tests;

/// <summary>Runs too big for the machine are refused with an estimate before they allocate; SIGTERM stops a run like Ctrl+C.</summary>
public sealed class ResourceTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    /// <summary>
    /// A .NET heap of at most 256 MiB: a run that allocated its positions or paths before refusing would die of an
    /// OutOfMemoryException (exit code not 3), and the memory available to the process is this limit.
    /// </summary>
    private static Dictionary<string, string> SmallHeap => new() { ["DOTNET_GCHeapHardLimit"] = "0x10000000" };

    private static string WithPopulation(TempFolder dir, long count)
    {
        JsonNode scenario = JsonNode.Parse(File.ReadAllText(Small))!;
        scenario["population"]!["count"] = count;
        string path = dir[$"population-{count}.json"];
        File.WriteAllText(path, scenario.ToJsonString());
        return path;
    }

    [Fact]
    public void A_billion_positions_are_refused_with_the_estimate_before_any_allocation()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, SmallHeap, "run", "--scenario", WithPopulation(dir, 1_000_000_000), "--out", "out");
        r.ExitCode.Should().Be(3, r.ToString());
        // At least 1 KiB a position (an account, its position and its index entries): at least 0.9 TiB for 1e9.
        r.Stderr.Should().Contain("needs about").And.Contain("TiB of memory").And.Contain("1,000,000,000 positions")
            .And.Contain("256 MiB available");
        r.Stderr.Should().NotContain("   at ");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written for a refused run");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("defi")]
    public void Two_billion_paths_are_refused_with_the_estimate_before_any_allocation(string command)
    {
        using var dir = new TempFolder();
        string[] scenario = command == "run" ? ["--scenario", Small] : ["--scenario", Path.Combine(Liqsim.TestData, "small-defi.json")];
        LiqsimResult r = Liqsim.Run(dir.Path, SmallHeap, [command, .. scenario, "--paths", "2000000000", "--out", "out"]);
        r.ExitCode.Should().Be(3, r.ToString());
        // Each path's result alone is a path index and four decimals, 72 bytes: 2e9 of them are over 134 GiB.
        r.Stderr.Should().Contain("needs about").And.Contain("2,000,000,000 paths").And.NotContain("Out of memory");
        Directory.Exists(dir["out"]).Should().BeFalse("nothing is written for a refused run");
    }

    [Fact]
    public void Max_memory_limits_a_run_that_the_machine_would_allow()
    {
        using var dir = new TempFolder();
        // 200,000 positions at 1 KiB or more each need over 195 MiB, more than 100M; 2,000 positions fit in 1G.
        string big = WithPopulation(dir, 200_000);
        LiqsimResult refused = Liqsim.Run(dir.Path, "run", "--scenario", big, "--max-memory", "100M");
        refused.ExitCode.Should().Be(3, refused.ToString());
        refused.Stderr.Should().Contain("--max-memory limit of 100 MiB").And.Contain("200,000 positions");
        refused.Stdout.Should().BeEmpty("the run is refused before it starts");

        LiqsimResult allowed = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--max-memory", "1G");
        allowed.ExitCode.Should().Be(0, allowed.ToString());
        allowed.Stderr.Should().BeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("4X")]
    [InlineData("99999999999T")]
    public void Max_memory_must_be_a_positive_size(string value)
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, "run", "--scenario", Small, "--max-memory", value);
        r.ExitCode.Should().Be(2, r.ToString());
        r.Stderr.Should().Contain("--max-memory");
    }

    [Fact]
    public void Sigterm_stops_a_run_like_ctrl_c_and_leaves_no_output_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Signal("TERM", dir.Path, "run", "--out", "out");
        r.ExitCode.Should().Be(130, r.ToString());
        r.Stderr.Should().Contain("cancelled");
        r.Stdout.Should().NotContain("Summary");
        (Directory.Exists(dir["out"]) ? Directory.GetFiles(dir["out"]) : []).Should().BeEmpty();
    }
}
