using LiquidationSim.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.Simulation;

/// <summary>
/// A scenario compiled once for its Monte Carlo (<see cref="ScenarioSimulation.PrepareMonteCarlo"/>): any number of
/// path ranges run from it without drawing the population or building the starting engine again.
/// </summary>
/// <remarks>
/// <see cref="Run"/> gives exactly the result of <see cref="ScenarioSimulation.RunMonteCarlo"/> for the same scenario
/// and range. Thread-safe: ranges may run at the same time from several threads (each path copies the shared,
/// never-modified starting engine).
/// </remarks>
public sealed class ScenarioMonteCarlo
{
    private readonly Func<MonteCarloOptions, CancellationToken, MonteCarloResult> _run;

    internal ScenarioMonteCarlo(ScenarioDocument scenario, Func<MonteCarloOptions, CancellationToken, MonteCarloResult> run)
    {
        Scenario = scenario;
        _run = run;
    }

    /// <summary>The scenario that was compiled (after validation); its seed is the root seed.</summary>
    public ScenarioDocument Scenario { get; }

    /// <summary>Runs paths <see cref="MonteCarloOptions.FirstPath"/> … <see cref="MonteCarloOptions.LastPath"/>.</summary>
    /// <param name="options">The path range, the degree of parallelism and the progress reporter.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The range's result, which merges with other ranges of the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The path range passes <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public MonteCarloResult Run(MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(options);
        options.Validate();
        return _run(options, cancellationToken);
    }
}
