using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// Drawing a big population takes seconds, so preparing a run honours a cancellation token (issue 15: Ctrl+C and
/// SIGTERM must stop liqsim before its first step too).
/// </summary>
public sealed class ScenarioCreationCancellationTests
{
    [Fact]
    public void A_cancelled_token_stops_the_population_being_drawn()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Action create = () => ScenarioSimulation.Create(ScenarioDocument.Default, 0, null, cancelled.Token);

        create.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void A_cancelled_token_stops_a_monte_carlo_before_its_population_is_drawn()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Action run = () => ScenarioSimulation.RunMonteCarlo(ScenarioDocument.Default, MonteCarloOptions.Paths(0, 1), cancelled.Token);

        run.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void A_token_that_is_never_cancelled_changes_nothing()
    {
        ScenarioSimulation plain = ScenarioSimulation.Create(ScenarioDocument.Default);
        using var live = new CancellationTokenSource();
        ScenarioSimulation withToken = ScenarioSimulation.Create(ScenarioDocument.Default, 0, null, live.Token);

        withToken.Engine.AccountIds.Should().Equal(plain.Engine.AccountIds);
        withToken.Step().Should().BeEquivalentTo(plain.Step());
    }
}
