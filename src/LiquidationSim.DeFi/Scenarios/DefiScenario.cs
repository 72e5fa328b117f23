using System.Collections.Immutable;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.StabilityPool;

using LiquidationSim.DeFi.Simulation;

namespace LiquidationSim.DeFi.Scenarios;

/// <summary>
/// A DeFi scenario file, loaded and built (<see cref="DefiScenarioJson"/>): a lending stress run, a Maker auction run,
/// or both, ready to run. The schema is in <c>docs/defi-scenario-schema.md</c>.
/// </summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Seed">The seed the populations and price paths were drawn from (after any override).</param>
/// <param name="Lending">The lending stress run, if the file has one.</param>
/// <param name="Auction">The auction run, if the file has one.</param>
/// <param name="Fingerprint">SHA-256 (lower-case hex) of the document's compact JSON with the seed applied: Monte Carlo shards of different scenarios must not merge.</param>
/// <remarks>Immutable.</remarks>
public sealed record DefiScenario(string Name, ulong Seed, DefiLendingRun? Lending, DefiAuctionRun? Auction, string Fingerprint)
{
    /// <summary>The Liquity stability-pool stress run, if the file has one.</summary>
    public DefiLiquityRun? Liquity { get; init; }

    /// <summary>The Morpho Blue lending stress run, if the file has one.</summary>
    public DefiMorphoRun? Morpho { get; init; }

    /// <summary>The Compound III (Comet) stress run, if the file has one.</summary>
    public DefiCometRun? Comet { get; init; }

    /// <summary>The Compound v2 lending stress run, if the file has one.</summary>
    public DefiCompoundV2Run? CompoundV2 { get; init; }
}

/// <summary>The lending stress part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="LendingStressSimulation"/>.</param>
/// <param name="Version">The Aave version whose rules the market uses.</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiLendingRun(LendingStressScenario Scenario, AaveVersion Version, ImmutableArray<string> Description);

/// <summary>The Maker auction part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="AuctionSimulation.Run"/>.</param>
/// <param name="Profile">The ilk's published auction parameters.</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiAuctionRun(AuctionSimulationScenario Scenario, MakerAuctionProfile Profile, ImmutableArray<string> Description);

/// <summary>The Liquity stress part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="LiquityStressSimulation"/> (Liquity v1 constants).</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiLiquityRun(LiquityStressScenario Scenario, ImmutableArray<string> Description);

/// <summary>The Morpho Blue lending stress part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="MorphoStressSimulation"/>.</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiMorphoRun(MorphoStressScenario Scenario, ImmutableArray<string> Description);

/// <summary>The Compound III (Comet) stress part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="CometStressSimulation"/>.</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiCometRun(CometStressScenario Scenario, ImmutableArray<string> Description);

/// <summary>The Compound v2 lending stress part of a <see cref="DefiScenario"/>.</summary>
/// <param name="Scenario">The scenario for <see cref="CompoundV2StressSimulation"/>.</param>
/// <param name="Description">Lines describing the run, for reports (the file's <c>description</c>, or empty).</param>
public sealed record DefiCompoundV2Run(CompoundV2StressScenario Scenario, ImmutableArray<string> Description);
