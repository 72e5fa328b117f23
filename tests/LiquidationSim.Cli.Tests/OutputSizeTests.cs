namespace LiquidationSim.Cli.Tests;

/// <summary>
/// Issue 15: <c>liqsim run --out</c> estimates the size of its files before running and refuses (exit code 4, as a full
/// disk) a run that would not fit in the space free on the folder's file system, warning over half of it.
/// </summary>
public sealed class OutputSizeTests
{
    private static string Small => Path.Combine(Liqsim.TestData, "small-cascade.json");

    [Theory]
    [InlineData("run")]
    [InlineData("run --paths 2")]
    public void A_run_whose_files_do_not_fit_is_refused_with_exit_4_naming_the_estimate_and_the_free_space(string command)
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, OutputEstimate.Free(1_000), [.. command.Split(' '), "--scenario", Small, "--out", "out"]);

        r.ExitCode.Should().Be(4, r.ToString());
        string line = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(r.ToString()).Subject;
        line.Should().Contain("the 1,000 bytes free there").And.Contain("'out'").And.Contain("--out");
        OutputEstimate.Bytes(line).Should().BeGreaterThan(1_000);
        r.Stdout.Should().BeEmpty("nothing ran");
        Directory.Exists(dir["out"]).Should().BeFalse("a refused run creates no folder");
    }

    [Fact]
    public void The_estimate_grows_with_the_scenario_and_a_monte_carlo_with_its_paths()
    {
        using var dir = new TempFolder();
        double small = OutputEstimate.Of(dir.Path, "run", "--scenario", Small, "--out", "out");
        double defaults = OutputEstimate.Of(dir.Path, "run", "--out", "out");
        // The default has 50 times the positions and 3 times the steps of the small scenario.
        defaults.Should().BeGreaterThan(10 * small);

        double twoPaths = OutputEstimate.Of(dir.Path, "run", "--scenario", Small, "--paths", "2", "--out", "out");
        double manyPaths = OutputEstimate.Of(dir.Path, "run", "--scenario", Small, "--paths", "100000", "--out", "out");
        manyPaths.Should().BeGreaterThan(twoPaths + (99_000 * 500), "each path writes a shard entry and a CSV row");
    }

    [Fact]
    public void A_run_that_fits_but_takes_over_half_the_free_space_runs_with_a_warning()
    {
        using var dir = new TempFolder();
        double estimate = OutputEstimate.Of(dir.Path, "run", "--scenario", Small, "--out", "out");

        LiqsimResult r = Liqsim.Run(dir.Path, OutputEstimate.Free(estimate * 1.5), "run", "--scenario", Small, "--out", "out", "--no-progress");

        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().StartWith("liqsim: warning: this run writes up to about").And.Contain("over half of");
        OutputEstimate.Bytes(r.Stderr).Should().BeApproximately(estimate, estimate * 0.001);
        long written = Directory.GetFiles(dir["out"]).Sum(f => new FileInfo(f).Length);
        written.Should().BePositive().And.BeLessThan((long)estimate, "the estimate is an upper bound");
    }

    [Fact]
    public void Without_out_nothing_is_written_and_the_free_space_is_not_checked()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, OutputEstimate.Free(1), "run", "--scenario", Small, "--no-progress");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty();
    }

    [Fact]
    public void With_plenty_of_space_there_is_no_warning()
    {
        using var dir = new TempFolder();
        LiqsimResult r = Liqsim.Run(dir.Path, OutputEstimate.Free(1e12), "run", "--scenario", Small, "--paths", "2", "--out", "out", "--no-progress");
        r.ExitCode.Should().Be(0, r.ToString());
        r.Stderr.Should().BeEmpty();
    }
}
