using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiquidationSim.Simulation;

/// <summary>
/// Reads and writes <see cref="MonteCarloResult"/> as
/// <c>{"schemaVersion":1,"rootSeed":…,"paths":[{"pathIndex":…,"insuranceFundDrawdown":…,"badDebt":…,"adlVolume":…,"liquidatedNotional":…},…]}</c>.
/// Decimals are JSON numbers written exactly; reading is strict: an unknown or missing property, a wrong schema
/// version, a negative amount or a repeated path index is a <see cref="JsonException"/>.
/// </summary>
internal sealed class MonteCarloResultJsonConverter : JsonConverter<MonteCarloResult>
{
    public const int SchemaVersion = 1;

    public override MonteCarloResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a Monte Carlo result object");
        int? version = null;
        ulong? seed = null;
        List<MonteCarloPathResult>? paths = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = PropertyName(ref reader);
            Next(ref reader);
            switch (name)
            {
                case "schemaVersion":
                    version = reader.GetInt32();
                    if (version != SchemaVersion)
                    {
                        throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"schemaVersion must be {SchemaVersion}; got {version}."));
                    }

                    break;
                case "rootSeed":
                    seed = reader.GetUInt64();
                    break;
                case "paths":
                    paths = ReadPaths(ref reader);
                    break;
                default:
                    throw new JsonException($"Unknown property \"{name}\" in a Monte Carlo result.");
            }
        }

        if (version is null || seed is null || paths is null)
        {
            throw new JsonException("A Monte Carlo result needs schemaVersion, rootSeed and paths.");
        }

        try
        {
            return MonteCarloResult.Create(seed.Value, paths);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, MonteCarloResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteNumber("rootSeed", value.RootSeed);
        writer.WriteStartArray("paths");
        foreach (MonteCarloPathResult path in value.Paths)
        {
            writer.WriteStartObject();
            writer.WriteNumber("pathIndex", path.PathIndex);
            writer.WriteNumber("insuranceFundDrawdown", path.InsuranceFundDrawdown);
            writer.WriteNumber("badDebt", path.BadDebt);
            writer.WriteNumber("adlVolume", path.AdlVolume);
            writer.WriteNumber("liquidatedNotional", path.LiquidatedNotional);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static List<MonteCarloPathResult> ReadPaths(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "paths as an array");
        var paths = new List<MonteCarloPathResult>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            paths.Add(ReadPath(ref reader, paths.Count));
        }

        return paths;
    }

    private static MonteCarloPathResult ReadPath(ref Utf8JsonReader reader, int position)
    {
        Expect(ref reader, JsonTokenType.StartObject, "each path as an object");
        long? index = null;
        decimal? drawdown = null;
        decimal? badDebt = null;
        decimal? adl = null;
        decimal? liquidated = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = PropertyName(ref reader);
            Next(ref reader);
            switch (name)
            {
                case "pathIndex":
                    index = reader.GetInt64();
                    break;
                case "insuranceFundDrawdown":
                    drawdown = reader.GetDecimal();
                    break;
                case "badDebt":
                    badDebt = reader.GetDecimal();
                    break;
                case "adlVolume":
                    adl = reader.GetDecimal();
                    break;
                case "liquidatedNotional":
                    liquidated = reader.GetDecimal();
                    break;
                default:
                    throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"Unknown property \"{name}\" in paths[{position}]."));
            }
        }

        if (index is null || drawdown is null || badDebt is null || adl is null || liquidated is null)
        {
            throw new JsonException(string.Create(
                CultureInfo.InvariantCulture,
                $"paths[{position}] needs pathIndex, insuranceFundDrawdown, badDebt, adlVolume and liquidatedNotional."));
        }

        try
        {
            return new MonteCarloPathResult(index.Value, drawdown.Value, badDebt.Value, adl.Value, liquidated.Value);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"paths[{position}]: {ex.Message}"), ex);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("Unexpected end of JSON in a Monte Carlo result.");
        }

        return reader.TokenType;
    }

    private static string PropertyName(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.PropertyName, "a property name");
        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {what}; found {reader.TokenType}.");
        }
    }
}
