using System.Collections.Immutable;
using System.Text.Json.Serialization;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Simulation;

/// <summary>One instrument's market at the end of a simulation step.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="SpotPrice">The external spot price the index sources quote around (after coupling).</param>
/// <param name="IndexPrice">The index price.</param>
/// <param name="MarkPrice">The mark price the engine liquidated on.</param>
/// <param name="LastPrice">The venue's last traded price at the end of the step.</param>
/// <param name="OpenInterestLong">Total long contracts.</param>
/// <param name="OpenInterestShort">Total short contracts.</param>
public readonly record struct MarketSnapshot(
    string Symbol, decimal SpotPrice, decimal IndexPrice, decimal MarkPrice, decimal LastPrice, decimal OpenInterestLong, decimal OpenInterestShort);

/// <summary>What happened in one step of a <see cref="ScenarioSimulation"/>: the timeline row and, optionally, its events.</summary>
public sealed record SimulationStep
{
    /// <summary>Step number: 0 is the opening state (no events), 1 the first step.</summary>
    public required long Index { get; init; }

    /// <summary>Time at the end of the step.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>One snapshot per instrument, in the scenario's instrument order.</summary>
    public required ImmutableArray<MarketSnapshot> Markets { get; init; }

    /// <summary>Accounts that entered liquidation in the step.</summary>
    public required int Liquidations { get; init; }

    /// <summary>Notional of liquidated positions closed in the step (book fills, take-overs at bankruptcy, backstop transfers), at their fill prices.</summary>
    public required decimal LiquidatedNotional { get; init; }

    /// <summary>Counterparty positions auto-deleveraged in the step (one per fill).</summary>
    public required int AdlCount { get; init; }

    /// <summary>Notional of the auto-deleveraging fills in the step.</summary>
    public required decimal AdlNotional { get; init; }

    /// <summary>Trader market orders (stops, take-profits, reductions, exits, hedges) sent in the step.</summary>
    public required int TraderOrders { get; init; }

    /// <summary>Insurance-fund balance at the end of the step.</summary>
    public required decimal InsuranceFund { get; init; }

    /// <summary>Bad debt accumulated since the start.</summary>
    public required decimal BadDebt { get; init; }

    /// <summary>
    /// The step's engine events in sequence order; empty unless the run keeps them (<see cref="SimulationOptions.IncludeEvents"/>).
    /// Not part of the JSON timeline (<see cref="Serialization.SimulationJson"/>): events go to the event log.
    /// </summary>
    [JsonIgnore]
    public ImmutableArray<LiquidationEvent> Events { get; init; } = [];
}

/// <summary>How a <see cref="ScenarioSimulation"/> runs.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record SimulationOptions
{
    /// <summary>Attach each step's events to <see cref="SimulationStep.Events"/> (for event logs and observers).</summary>
    /// <value>False: steps carry only their timeline figures.</value>
    public bool IncludeEvents { get; init; }

    /// <summary>
    /// Keep the engine's whole event log in memory so <see cref="LiquidationEngine.Replay"/> can rebuild the final
    /// state. Long runs leave it off and stream steps instead.
    /// </summary>
    /// <value>False.</value>
    public bool RetainEventLog { get; init; }

    /// <summary>Directory that a historical price process's relative <c>csvPath</c> is resolved against.</summary>
    /// <value>Null: the current directory.</value>
    public string? BaseDirectory { get; init; }

    /// <summary>The options every run uses unless told otherwise.</summary>
    public static SimulationOptions Default { get; } = new();
}

/// <summary>Progress of a <see cref="ScenarioSimulation"/> run.</summary>
/// <param name="CompletedSteps">Steps finished so far.</param>
/// <param name="TotalSteps">Steps in the run.</param>
public readonly record struct SimulationProgress(long CompletedSteps, long TotalSteps);

/// <summary>The outcome of a whole <see cref="ScenarioSimulation"/> run.</summary>
public sealed record SimulationSummary
{
    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>Steps run.</summary>
    public required long Steps { get; init; }

    /// <summary>Time of the last step.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Each instrument's market at the end.</summary>
    public required ImmutableArray<MarketSnapshot> Markets { get; init; }

    /// <summary>Liquidations over the run.</summary>
    public required long Liquidations { get; init; }

    /// <summary>Liquidated notional over the run.</summary>
    public required decimal LiquidatedNotional { get; init; }

    /// <summary>Auto-deleveraging fills over the run.</summary>
    public required long AdlCount { get; init; }

    /// <summary>Auto-deleveraged notional over the run.</summary>
    public required decimal AdlNotional { get; init; }

    /// <summary>Trader orders over the run.</summary>
    public required long TraderOrders { get; init; }

    /// <summary>Value traders deposited (margin top-ups, hedge margin) over the run.</summary>
    public required decimal Deposits { get; init; }

    /// <summary>Insurance fund at the start.</summary>
    public required decimal InsuranceFundStart { get; init; }

    /// <summary>Insurance fund at the end.</summary>
    public required decimal InsuranceFundEnd { get; init; }

    /// <summary>How far the fund fell below its starting balance at its lowest step-end; not negative.</summary>
    public required decimal InsuranceFundDrawdown { get; init; }

    /// <summary>Bad debt at the end.</summary>
    public required decimal BadDebt { get; init; }

    /// <summary>Distinct accounts liquidated at least once.</summary>
    public required long AccountsLiquidated { get; init; }

    /// <summary>Accounts (vault excluded) still holding a position at the end.</summary>
    public required long OpenPositions { get; init; }
    /// <summary>This run's outcome as a Monte Carlo path result.</summary>
    /// <param name="pathIndex">The path's index.</param>
    /// <returns>The four loss metrics of the run.</returns>
    public MonteCarloPathResult ToPathResult(long pathIndex) =>
        new(pathIndex, InsuranceFundDrawdown, BadDebt, AdlNotional, LiquidatedNotional);
}
