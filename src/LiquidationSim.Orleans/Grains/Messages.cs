using LiquidationSim.Orleans.Scenarios;

namespace LiquidationSim.Orleans.Grains;

/// <summary>A scenario as it travels to the cluster, once per run: its simulator, hash and canonical JSON.</summary>
[GenerateSerializer]
[Immutable]
[Alias("LiquidationSim.Orleans.ScenarioUpload")]
internal sealed class ScenarioUpload
{
    /// <summary>The simulator that runs it.</summary>
    [Id(0)]
    public required ClusterSimulation Simulation { get; init; }

    /// <summary>SHA-256 of <see cref="CanonicalJson"/> as the sender computed it.</summary>
    [Id(1)]
    public required string Sha256 { get; init; }

    /// <summary>The scenario's canonical JSON.</summary>
    [Id(2)]
    public required string CanonicalJson { get; init; }
}

/// <summary>One piece of work: paths <see cref="FirstPath"/> … <see cref="FirstPath"/> + <see cref="PathCount"/> − 1 of the scenario with hash <see cref="Sha256"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("LiquidationSim.Orleans.PathRangeRequest")]
internal sealed class PathRangeRequest
{
    /// <summary>The simulator that runs the scenario.</summary>
    [Id(0)]
    public required ClusterSimulation Simulation { get; init; }

    /// <summary>The scenario's hash; the silo refuses the range unless it holds a scenario whose JSON has this hash.</summary>
    [Id(1)]
    public required string Sha256 { get; init; }

    /// <summary>The first path index.</summary>
    [Id(2)]
    public required long FirstPath { get; init; }

    /// <summary>How many paths.</summary>
    [Id(3)]
    public required int PathCount { get; init; }
}

/// <summary>A range's result: the kernel's JSON of the range's Monte Carlo result, and the silo that ran it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("LiquidationSim.Orleans.PathRangeResult")]
internal sealed class PathRangeResult
{
    /// <summary>The result as <c>IMonteCarloResult.ToJson</c> wrote it (exact decimals; reads back to an equal result).</summary>
    [Id(0)]
    public required string ResultJson { get; init; }

    /// <summary>The address of the silo that ran the range, for diagnostics.</summary>
    [Id(1)]
    public required string Silo { get; init; }
}
