using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Client;
using LiquidationSim.Orleans.Grains;
using LiquidationSim.Orleans.Scenarios;
using LiquidationSim.Simulation;
using Orleans.TestingHost;

namespace LiquidationSim.Orleans.Tests;

/// <summary>A silo lost in the middle of a run: its ranges run again elsewhere and the result does not change.</summary>
public sealed class SiloFailureTests : IAsyncLifetime
{
    private readonly ClusterFixture _fixture = new(3);

    public ValueTask InitializeAsync() => _fixture.InitializeAsync();

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_silo_stopped_mid_run_changes_nothing_in_the_result()
    {
        ScenarioDocument scenario = TestScenarios.SmallCascade(accounts: 1_000, duration: "03:00:00");
        MonteCarloResult local = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 30), TestContext.Current.CancellationToken);
        SiloHandle victim = _fixture.Cluster.SecondarySilos[0];
        SiloWork victimWork = ClusterFixture.WorkOf(victim);
        var runner = new ClusterMonteCarlo(_fixture.Cluster.Client, new() { RangeSize = 2, MaxConcurrentRanges = 6 });

        Task<MonteCarloResult> run = runner.RunAsync(ClusterScenario.Cascade(scenario), MonteCarloOptions.Paths(0, 30), TestContext.Current.CancellationToken);
        (await ClusterMonteCarloTests.Eventually(() => victimWork.Running > 0)).Should().BeTrue("the silo to be stopped should be running a range");
        await _fixture.Cluster.StopSiloAsync(victim, TestContext.Current.CancellationToken);
        MonteCarloResult cluster = await run;

        cluster.Digest().Should().Be(local.Digest());
        cluster.Should().Be(local);
        victimWork.Started.Should().BeGreaterThan(0);
        _fixture.Cluster.Silos.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_silo_killed_mid_run_changes_nothing_in_the_result()
    {
        ScenarioDocument scenario = TestScenarios.SmallCascade(accounts: 1_000, duration: "03:00:00");
        MonteCarloResult local = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 30), TestContext.Current.CancellationToken);
        SiloHandle victim = _fixture.Cluster.SecondarySilos[0];
        SiloWork victimWork = ClusterFixture.WorkOf(victim);
        var runner = new ClusterMonteCarlo(_fixture.Cluster.Client, new() { RangeSize = 5, MaxConcurrentRanges = 6 });

        // The victim holds its first range until it has been killed, so the kill always lands in the middle of a range
        // (polling for a running range could miss a short one: a CI run once finished the victim's ranges unseen).
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int held = 0;
        ClusterFixture.FaultsOf(victim).Lose = _ =>
        {
            if (Interlocked.Increment(ref held) == 1)
            {
                holding.TrySetResult();
                release.Task.Wait(TimeSpan.FromSeconds(60));
            }

            return false;
        };

        Task<MonteCarloResult> run = runner.RunAsync(ClusterScenario.Cascade(scenario), MonteCarloOptions.Paths(0, 30), TestContext.Current.CancellationToken);
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        victimWork.Running.Should().BeGreaterThan(0, "the silo to be killed is running a range");
        await _fixture.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);
        release.TrySetResult();
        MonteCarloResult cluster = await run;

        cluster.Digest().Should().Be(local.Digest());
        runner.Retries.Should().BeGreaterThan(0, "the range the victim held ran again on another silo");
        _fixture.Cluster.Silos.Should().HaveCount(2);
    }

    [Fact]
    public async Task Ranges_lost_with_their_silo_run_again_elsewhere_with_the_same_result()
    {
        // Each silo loses the first range it is given, as if it had died running it: three ranges run twice.
        ScenarioDocument scenario = TestScenarios.SmallCascade();
        MonteCarloResult local = ScenarioSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);
        foreach (SiloHandle silo in _fixture.Cluster.Silos)
        {
            int lost = 0;
            ClusterFixture.FaultsOf(silo).Lose = _ => Interlocked.Increment(ref lost) == 1;
        }

        var runner = new ClusterMonteCarlo(_fixture.Cluster.Client, new() { RangeSize = 2, MaxConcurrentRanges = 2 });
        MonteCarloResult cluster = await runner.RunAsync(ClusterScenario.Cascade(scenario), MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);

        cluster.Digest().Should().Be(local.Digest());
        runner.Retries.Should().Be(_fixture.Work().Count(w => w.Failed > 0), "every range a silo lost ran once more");
        runner.Retries.Should().BeGreaterThan(0);
    }
}
