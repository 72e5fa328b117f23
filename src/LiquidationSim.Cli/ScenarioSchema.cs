using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// The JSON Schema (draft 2020-12) of scenario files that <c>liqsim schema</c> prints and <c>docs/scenario.schema.json</c>
/// publishes, so editors complete field names and flag unknown ones, wrong types and missing required fields.
/// </summary>
/// <remarks>
/// The structure is exported from <see cref="ScenarioDocument"/>'s own serialization contract (camelCase names,
/// <c>required</c> members, the <c>type</c> discriminators of price processes and behaviours), so it cannot drift from
/// what <see cref="ScenarioJson"/> reads; on top of it the schema states what the contract does not carry: unknown
/// fields are errors, enums are lower-case strings, time spans are .NET constant-format strings, instants carry an
/// offset. Value ranges and cross-field rules (a shock within the duration, a ladder or explicit levels) are checked
/// by the loader, which reports every problem with its JSON path (<c>liqsim validate</c>); the schema is the shape.
/// </remarks>
internal static class ScenarioSchema
{
    /// <summary>The schema as indented JSON text, ending in a newline.</summary>
    public static string Text()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            RespectNullableAnnotations = true,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.MakeReadOnly();
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        JsonNode schema = options.GetJsonSchemaAsNode(typeof(ScenarioDocument), exporter);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "LiquidationSim scenario (schema version 1)",
            ["description"] = "A liquidation-cascade scenario for liqsim run and ScenarioJson.LoadFile. Field reference: docs/scenario-schema.md (shipped with the liqsim tool). Ranges and cross-field rules are checked by the loader (liqsim validate FILE).",
        };
        foreach ((string name, JsonNode? value) in schema.AsObject())
        {
            if (name != "$schema")
            {
                root[name] = value?.DeepClone();
            }
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        Type type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        bool nullable = type != context.TypeInfo.Type;
        JsonObject? replacement = null;
        if (type.IsEnum)
        {
            var names = new JsonArray();
            foreach (string name in Enum.GetNames(type))
            {
                names.Add(JsonNamingPolicy.CamelCase.ConvertName(name));
            }

            replacement = new JsonObject { ["type"] = "string", ["enum"] = names };
        }
        else if (type == typeof(TimeSpan))
        {
            replacement = new JsonObject
            {
                ["type"] = "string",
                ["pattern"] = @"^-?(\d+|(\d+\.)?\d{1,2}:\d{2}:\d{2}(\.\d{1,7})?)$",
                ["description"] = "A time span in .NET's constant format [-][d.]hh:mm:ss[.fffffff], e.g. \"00:01:00\" (one minute) or \"1.00:00:00\" (one day); a bare number is days.",
            };
        }
        else if (type == typeof(DateTimeOffset))
        {
            replacement = new JsonObject
            {
                ["type"] = "string",
                ["format"] = "date-time",
                ["description"] = "An ISO 8601 instant with an offset, e.g. \"2026-01-01T00:00:00Z\"; without an offset it is refused.",
            };
        }

        if (replacement is not null)
        {
            if (nullable)
            {
                replacement["type"] = new JsonArray("string", "null");
            }

            return replacement;
        }

        // Names from the catalogue, so an editor offers them (the loader lists them too when one is wrong).
        if (context.PropertyInfo is { } property && schema is JsonObject named
            && ((property.DeclaringType == typeof(ScenarioVenue) && property.Name == "profile")
                || (property.DeclaringType == typeof(ScenarioInstrument) && property.Name == "tiers")))
        {
            var names = new JsonArray();
            foreach (string name in property.DeclaringType == typeof(ScenarioVenue) ? ScenarioVenue.ProfileNames : ScenarioInstrument.TierTableNames)
            {
                names.Add(name);
            }

            named["enum"] = names;
        }

        if (schema is JsonObject obj && obj.ContainsKey("properties") && !obj.ContainsKey("additionalProperties"))
        {
            obj["additionalProperties"] = false; // unknown fields are errors
        }

        return schema;
    }
}
