using System.Text.Json.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Serialization;

/// <summary>
/// System.Text.Json source-generated metadata for Monte Carlo results, so shards written on one machine can be read
/// and merged on another; trimming- and AOT-safe.
/// </summary>
/// <remarks>
/// Use <c>JsonSerializer.Serialize(result, MonteCarloJsonContext.Default.MonteCarloResult)</c> and
/// <c>JsonSerializer.Deserialize(json, MonteCarloJsonContext.Default.MonteCarloResult)</c>. The format is described on
/// <see cref="MonteCarloResult"/>; a round trip gives an equal result with the same digest.
/// </remarks>
[JsonSerializable(typeof(MonteCarloResult))]
public sealed partial class MonteCarloJsonContext : JsonSerializerContext;
