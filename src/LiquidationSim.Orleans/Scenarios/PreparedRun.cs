using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Orleans.Scenarios;

/// <summary>
/// A scenario compiled once from its canonical JSON, ready to run any path range of its Monte Carlo: what a silo
/// caches per scenario hash, and what <see cref="ClusterScenario{TResult}.RunLocally"/> uses.
/// </summary>
/// <remarks>Thread-safe: ranges may run at the same time.</remarks>
internal abstract class PreparedRun
{
    /// <summary>Runs a range and returns its result as the kernel's JSON (<see cref="IMonteCarloResult{TSelf}.ToJson"/>).</summary>
    public abstract string RunRange(MonteCarloOptions options, CancellationToken cancellationToken);

    /// <summary>Parses and compiles <paramref name="canonicalJson"/> for <paramref name="simulation"/>.</summary>
    /// <exception cref="ScenarioValidationException">The scenario breaks a rule.</exception>
    /// <exception cref="ClusterScenarioException">The DeFi scenario has no run of that kind, or the kind is unknown.</exception>
    public static PreparedRun Prepare(ClusterSimulation simulation, string canonicalJson, CancellationToken cancellationToken)
    {
        if (simulation == ClusterSimulation.Cascade)
        {
            ScenarioMonteCarlo prepared = ScenarioSimulation.PrepareMonteCarlo(ScenarioJson.Parse(canonicalJson), null, cancellationToken);
            return new Of((o, t) => prepared.Run(o, t).ToJson());
        }

        DefiScenario defi = DefiScenarioJson.Parse(canonicalJson);
        return simulation switch
        {
            ClusterSimulation.AaveLending => From(Need(defi.Lending, simulation).Scenario, LendingStressSimulation.RunMonteCarlo),
            ClusterSimulation.MorphoLending => From(Need(defi.Morpho, simulation).Scenario, MorphoStressSimulation.RunMonteCarlo),
            ClusterSimulation.CompoundV2Lending => From(Need(defi.CompoundV2, simulation).Scenario, CompoundV2StressSimulation.RunMonteCarlo),
            ClusterSimulation.Comet => From(Need(defi.Comet, simulation).Scenario, CometStressSimulation.RunMonteCarlo),
            ClusterSimulation.MakerAuction => From(Need(defi.Auction, simulation).Scenario, AuctionSimulation.RunMonteCarlo),
            ClusterSimulation.Liquity => From(Need(defi.Liquity, simulation).Scenario, LiquityStressSimulation.RunMonteCarlo),
            _ => throw new ClusterScenarioException($"unknown simulation {simulation}."),
        };
    }

    private static Of From<TScenario, TResult>(TScenario scenario, Func<TScenario, MonteCarloOptions, CancellationToken, TResult> run)
        where TResult : IMonteCarloResult<TResult> =>
        new((o, t) => run(scenario, o, t).ToJson());

    private static T Need<T>(T? run, ClusterSimulation simulation)
        where T : class =>
        run ?? throw new ClusterScenarioException($"the DeFi scenario has no run for {simulation}.");

    private sealed class Of(Func<MonteCarloOptions, CancellationToken, string> run) : PreparedRun
    {
        public override string RunRange(MonteCarloOptions options, CancellationToken cancellationToken) => run(options, cancellationToken);
    }
}
