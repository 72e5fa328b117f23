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
/// <param name="Index">Step number: 0 is the opening state (no events), 1 the first step.</param>
/// <param name="Time">Time at the end of the step.</param>
/// <param name="Markets">One snapshot per instrument, in the scenario's instrument order.</param>
/// <param name="Liquidations">Accounts that entered liquidation in the step.</param>
/// <param name="LiquidatedNotional">Notional of liquidated positions closed in the step (book fills, take-overs at bankruptcy, backstop transfers), at their fill prices.</param>
/// <param name="AdlCount">Counterparty positions auto-deleveraged in the step (one per fill).</param>
/// <param name="AdlNotional">Notional of the auto-deleveraging fills in the step.</param>
/// <param name="TraderOrders">Trader market orders (stops, take-profits, reductions, exits, hedges) sent in the step.</param>
/// <param name="InsuranceFund">Insurance-fund balance at the end of the step.</param>
/// <param name="BadDebt">Bad debt accumulated since the start.</param>
/// <param name="Events">
/// The step's engine events in sequence order; empty unless the run keeps them (<see cref="SimulationOptions.IncludeEvents"/>).
/// Not part of the JSON timeline (<see cref="Serialization.SimulationJson"/>): events go to the event log.
/// </param>
public sealed record SimulationStep(
    long Index,
    DateTimeOffset Time,
    ImmutableArray<MarketSnapshot> Markets,
    int Liquidations,
    decimal LiquidatedNotional,
    int AdlCount,
    decimal AdlNotional,
    int TraderOrders,
    decimal InsuranceFund,
    decimal BadDebt,
    [property: JsonIgnore] ImmutableArray<LiquidationEvent> Events);

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
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Steps">Steps run.</param>
/// <param name="End">Time of the last step.</param>
/// <param name="Markets">Each instrument's market at the end.</param>
/// <param name="Liquidations">Liquidations over the run.</param>
/// <param name="LiquidatedNotional">Liquidated notional over the run.</param>
/// <param name="AdlCount">Auto-deleveraging fills over the run.</param>
/// <param name="AdlNotional">Auto-deleveraged notional over the run.</param>
/// <param name="TraderOrders">Trader orders over the run.</param>
/// <param name="Deposits">Value traders deposited (margin top-ups, hedge margin) over the run.</param>
/// <param name="InsuranceFundStart">Insurance fund at the start.</param>
/// <param name="InsuranceFundEnd">Insurance fund at the end.</param>
/// <param name="InsuranceFundDrawdown">How far the fund fell below its starting balance at its lowest step-end; not negative.</param>
/// <param name="BadDebt">Bad debt at the end.</param>
/// <param name="AccountsLiquidated">Distinct accounts liquidated at least once.</param>
/// <param name="OpenPositions">Accounts (vault excluded) still holding a position at the end.</param>
public sealed record SimulationSummary(
    string Scenario,
    long Steps,
    DateTimeOffset End,
    ImmutableArray<MarketSnapshot> Markets,
    long Liquidations,
    decimal LiquidatedNotional,
    long AdlCount,
    decimal AdlNotional,
    long TraderOrders,
    decimal Deposits,
    decimal InsuranceFundStart,
    decimal InsuranceFundEnd,
    decimal InsuranceFundDrawdown,
    decimal BadDebt,
    long AccountsLiquidated,
    long OpenPositions)
{
    /// <summary>This run's outcome as a Monte Carlo path result.</summary>
    /// <param name="pathIndex">The path's index.</param>
    /// <returns>The four loss metrics of the run.</returns>
    public MonteCarloPathResult ToPathResult(long pathIndex) =>
        new(pathIndex, InsuranceFundDrawdown, BadDebt, AdlNotional, LiquidatedNotional);
}
