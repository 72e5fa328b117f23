namespace LiquidationSim.Cli.Tests;

/// <summary>Issue 15: the output-size estimate of <c>liqsim run --out</c> against what the default run really writes.</summary>
public sealed partial class DefaultRunTests
{
    [Fact]
    public void The_output_size_estimate_is_above_what_the_default_run_writes_and_within_20x_of_it()
    {
        run.Result.ExitCode.Should().Be(0, run.Result.ToString());
        long written = Directory.GetFiles(run.Out).Sum(f => new FileInfo(f).Length);

        using var dir = new TempFolder();
        double estimate = OutputEstimate.Of(dir.Path, "run", "--out", "out");

        estimate.Should().BeGreaterThan(written, "the estimate is an upper bound");
        estimate.Should().BeLessThan(20.0 * written, "an estimate too far above the real size would refuse runs that fit");
        Directory.Exists(dir["out"]).Should().BeFalse("a refused run creates no folder");
    }
}
