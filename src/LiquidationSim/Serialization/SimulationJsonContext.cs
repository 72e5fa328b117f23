using System.Text.Json.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Serialization;

/// <summary>Source-generated serializer metadata for simulation output (<see cref="SimulationJson"/>): camelCase, compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulationStep))]
[JsonSerializable(typeof(SimulationSummary))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext
{
}
