using System.Text.Json.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Serialization;

/// <summary>Source-generated serializer metadata for simulation output (<see cref="SimulationJson"/>): camelCase, compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TimelineRow))]
[JsonSerializable(typeof(SimulationSummary))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext
{
}

/// <summary>A timeline row as written: the step's figures without its events (those go to the event log).</summary>
internal sealed record TimelineRow(
    long Index,
    DateTimeOffset Time,
    MarketSnapshot[] Markets,
    int Liquidations,
    decimal LiquidatedNotional,
    int AdlCount,
    decimal AdlNotional,
    int TraderOrders,
    decimal InsuranceFund,
    decimal BadDebt);
