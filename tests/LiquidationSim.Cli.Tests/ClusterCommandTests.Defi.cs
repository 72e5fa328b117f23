namespace LiquidationSim.Cli.Tests;

/// <summary>
/// <c>liqsim defi --paths N --cluster</c>: each of a DeFi scenario's runs goes to a real silo process on loopback and
/// the shards, report and table equal those of the local run; <c>--cluster</c> without <c>--paths</c> is a usage error.
/// </summary>
public sealed partial class ClusterCommandTests
{
    private static string SmallDefi => Path.Combine(Liqsim.TestData, "small-defi.json");

    [Fact]
    public void A_defi_monte_carlo_on_a_loopback_silo_writes_the_files_of_a_local_run()
    {
        using var dir = new TempFolder();
        WithLoopbackSilo(dir, gatewayPort =>
        {
            // small-defi.json has a lending run and a Maker auction run: two cluster scenarios, one after the other.
            LiqsimResult cluster = Liqsim.Run(dir.Path, "defi", "--scenario", SmallDefi, "--seed", "5", "--paths", "3", "--cluster", "localhost:" + Text(gatewayPort), "--out", "cluster");
            LiqsimResult local = Liqsim.Run(dir.Path, "defi", "--scenario", SmallDefi, "--seed", "5", "--paths", "3", "--out", "local");

            cluster.ExitCode.Should().Be(0, cluster.ToString());
            local.ExitCode.Should().Be(0, local.ToString());
            cluster.Stdout.Should().Contain("on the cluster at localhost:" + Text(gatewayPort)).And.Contain("seed 5");
            foreach (string file in (string[])["lending-montecarlo.json", "auction-montecarlo.json", "report.html"])
            {
                File.ReadAllBytes(Path.Combine(dir["cluster"], file)).Should().Equal(File.ReadAllBytes(Path.Combine(dir["local"], file)), file);
            }

            Table(cluster.Stdout).Should().Be(Table(local.Stdout));
        });
    }

    [Fact]
    public void Defi_cluster_needs_paths_and_a_reachable_cluster()
    {
        using var dir = new TempFolder();
        LiqsimResult usage = Liqsim.Run(dir.Path, "defi", "--scenario", SmallDefi, "--cluster", "localhost");
        usage.ExitCode.Should().Be(2, usage.ToString());
        usage.Stderr.Should().Contain("--cluster runs a Monte Carlo's paths on a cluster; give --paths too.");

        LiqsimResult unreachable = Liqsim.Run(dir.Path, "defi", "--scenario", SmallDefi, "--paths", "2", "--cluster", "localhost:" + Text(FreePort()));
        unreachable.ExitCode.Should().Be(1, unreachable.ToString());
        unreachable.Stderr.Should().Contain("cannot connect to the cluster at localhost:");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }
}
