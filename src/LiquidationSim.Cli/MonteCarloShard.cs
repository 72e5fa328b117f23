using System.Text;
using System.Text.Json;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// A Monte Carlo result as <c>liqsim run --paths</c> writes it: the library's result JSON wrapped with the scenario's
/// name and SHA-256 fingerprint, so <c>liqsim merge</c> refuses shards of different scenarios.
/// </summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioSha256">SHA-256 of the scenario's canonical JSON (seed included); null for a bare result file.</param>
/// <param name="Result">The paths and their outcomes.</param>
/// <remarks>
/// Format: <c>{"format":"liqsim-montecarlo-shard","version":1,"scenario":…,"scenarioSha256":…,"currency":…,"result":{…}}</c>
/// where <c>result</c> is <see cref="MonteCarloResult"/>'s own JSON and <c>currency</c> (optional; absent from shards
/// written before it existed) names the settlement currency the amounts are in. A file holding only that result JSON
/// (from the library) is read too, without the scenario check.
/// </remarks>
internal sealed record MonteCarloShard(string Scenario, string? ScenarioSha256, MonteCarloResult Result)
{
    /// <summary>The settlement currency the amounts are counted in, when the scenario has one; null if unknown.</summary>
    public string? Currency { get; init; }

    private const string FormatName = "liqsim-montecarlo-shard";
    private const int FormatVersion = 1;

    /// <summary>The shard as indented JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("scenario", Scenario);
            if (ScenarioSha256 is null)
            {
                writer.WriteNull("scenarioSha256");
            }
            else
            {
                writer.WriteString("scenarioSha256", ScenarioSha256);
            }

            if (Currency is not null)
            {
                writer.WriteString("currency", Currency);
            }

            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, Result, MonteCarloJsonContext.Default.MonteCarloResult);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a shard (or a bare result) from <paramref name="path"/>.</summary>
    /// <exception cref="CommandException">The file is missing, unreadable or not a Monte Carlo result.</exception>
    public static MonteCarloShard Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"shard file '{path}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"cannot read shard file '{path}': {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out JsonElement format))
            {
                if (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                {
                    throw new JsonException($"$.format must be \"{FormatName}\".");
                }

                if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion)
                {
                    throw new JsonException($"$.version must be {FormatVersion}.");
                }

                string scenario = root.TryGetProperty("scenario", out JsonElement name) && name.ValueKind == JsonValueKind.String
                    ? name.GetString()!
                    : throw new JsonException("$.scenario must be a string.");
                string? sha = root.TryGetProperty("scenarioSha256", out JsonElement hash) && hash.ValueKind == JsonValueKind.String ? hash.GetString() : null;
                if (!root.TryGetProperty("result", out JsonElement result))
                {
                    throw new JsonException("$.result is missing.");
                }

                MonteCarloResult value = result.Deserialize(MonteCarloJsonContext.Default.MonteCarloResult)
                    ?? throw new JsonException("$.result must be an object, not null.");
                string? currency = root.TryGetProperty("currency", out JsonElement unit) && unit.ValueKind == JsonValueKind.String ? unit.GetString() : null;
                return new MonteCarloShard(scenario, sha, value) { Currency = currency };
            }

            MonteCarloResult bare = root.Deserialize(MonteCarloJsonContext.Default.MonteCarloResult)
                ?? throw new JsonException("the document must be an object, not null.");
            return new MonteCarloShard("(unnamed)", null, bare);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"'{path}' is not a Monte Carlo shard: {e.Message}");
        }
    }
}
