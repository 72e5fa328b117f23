using System.Text.Json.Serialization;

namespace LiquidationSim.Simulation;

/// <summary>Source-generated serializer metadata for <see cref="ScenarioDocument"/> (camelCase, indented).</summary>
#if NET9_0_OR_GREATER
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    AllowOutOfOrderMetadataProperties = true)]
#else
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
#endif
[JsonSerializable(typeof(ScenarioDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext
{
}
