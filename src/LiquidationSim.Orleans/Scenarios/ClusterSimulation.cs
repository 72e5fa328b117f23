namespace LiquidationSim.Orleans.Scenarios;

/// <summary>Which of the library's simulators a cluster Monte Carlo runs; each has its own result type.</summary>
[GenerateSerializer]
[Alias("LiquidationSim.Orleans.ClusterSimulation")]
public enum ClusterSimulation
{
    /// <summary>The cascade simulator (<c>ScenarioSimulation.RunMonteCarlo</c>, <c>liqsim run --paths</c>); result <c>MonteCarloResult</c>.</summary>
    Cascade = 1,

    /// <summary>The Aave lending stress run of a DeFi scenario (<c>LendingStressSimulation</c>); result <c>LendingMonteCarloResult</c>.</summary>
    AaveLending = 2,

    /// <summary>The Maker Liquidation 2.0 auction run of a DeFi scenario (<c>AuctionSimulation</c>); result <c>AuctionMonteCarloResult</c>.</summary>
    MakerAuction = 3,

    /// <summary>The Morpho Blue lending stress run of a DeFi scenario (<c>MorphoStressSimulation</c>); result <c>LendingMonteCarloResult</c>.</summary>
    MorphoLending = 4,

    /// <summary>The Compound v2 lending stress run of a DeFi scenario (<c>CompoundV2StressSimulation</c>); result <c>LendingMonteCarloResult</c>.</summary>
    CompoundV2Lending = 5,

    /// <summary>The Compound III (Comet) stress run of a DeFi scenario (<c>CometStressSimulation</c>); result <c>CometMonteCarloResult</c>.</summary>
    Comet = 6,

    /// <summary>The Liquity stability-pool stress run of a DeFi scenario (<c>LiquityStressSimulation</c>); result <c>LiquityMonteCarloResult</c>.</summary>
    Liquity = 7,
}
