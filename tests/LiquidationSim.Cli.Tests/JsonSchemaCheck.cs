using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LiquidationSim.Cli.Tests;

/// <summary>
/// A small JSON Schema checker, written for these tests from the draft 2020-12 validation vocabulary (type, properties,
/// required, additionalProperties, items, enum, const, anyOf, pattern, local $ref), independent of the code that
/// exports the schema: it checks a document against the keywords the published schema uses and lists every mismatch.
/// </summary>
internal static class JsonSchemaCheck
{
    private static readonly HashSet<string> s_known =
        ["$schema", "title", "description", "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "pattern", "format", "$ref"];

    /// <summary>Every place where <paramref name="document"/> breaks <paramref name="schema"/>, as "path: what".</summary>
    public static List<string> Problems(JsonNode schema, JsonNode? document)
    {
        var problems = new List<string>();
        Check(schema, schema, document, "$", problems);
        return problems;
    }

    private static void Check(JsonNode root, JsonNode? schema, JsonNode? value, string path, List<string> problems)
    {
        if (schema is JsonValue b && b.GetValueKind() is JsonValueKind.True)
        {
            return;
        }

        JsonObject s = schema!.AsObject();
        foreach (string keyword in s.Select(p => p.Key))
        {
            if (!s_known.Contains(keyword))
            {
                problems.Add($"{path}: the checker does not know the keyword '{keyword}'");
            }
        }

        if (s["$ref"] is JsonNode reference)
        {
            JsonNode? target = root;
            foreach (string part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                target = target![part];
            }

            Check(root, target, value, path, problems);
            return;
        }

        if (s["type"] is JsonNode type)
        {
            string[] allowed = type is JsonArray a ? [.. a.Select(t => t!.GetValue<string>())] : [type.GetValue<string>()];
            string actual = TypeOf(value);
            if (!allowed.Contains(actual) && !(actual == "integer" && allowed.Contains("number")))
            {
                problems.Add($"{path}: is {actual}, expected {string.Join(" or ", allowed)}");
                return;
            }
        }

        if (s["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
        {
            problems.Add($"{path}: {value?.ToJsonString()} is not one of {choices.ToJsonString()}");
        }

        if (s["const"] is JsonNode constant && !JsonNode.DeepEquals(constant, value))
        {
            problems.Add($"{path}: {value?.ToJsonString()} is not {constant.ToJsonString()}");
        }

        if (s["pattern"] is JsonNode pattern && value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && !Regex.IsMatch(text.GetValue<string>(), pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            problems.Add($"{path}: '{text}' does not match {pattern}");
        }

        if (s["anyOf"] is JsonArray options)
        {
            List<string>[] attempts = [.. options.Select(o =>
            {
                var p = new List<string>();
                Check(root, o, value, path, p);
                return p;
            })];
            if (attempts.All(p => p.Count > 0))
            {
                problems.Add($"{path}: matches none of {options.Count} alternatives (closest: {string.Join("; ", attempts.MinBy(p => p.Count)!)})");
            }
        }

        if (value is JsonObject obj)
        {
            JsonObject? properties = s["properties"]?.AsObject();
            foreach (JsonNode? name in s["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(name!.GetValue<string>()))
                {
                    problems.Add($"{path}.{name}: required field is missing");
                }
            }

            foreach ((string name, JsonNode? child) in obj)
            {
                if (properties?[name] is JsonNode property)
                {
                    Check(root, property, child, path + "." + name, problems);
                }
                else if (s["additionalProperties"] is JsonNode extra)
                {
                    if (extra is JsonValue flag && flag.GetValueKind() == JsonValueKind.False)
                    {
                        problems.Add($"{path}.{name}: unknown field");
                    }
                    else
                    {
                        Check(root, extra, child, path + "." + name, problems);
                    }
                }
            }
        }

        if (value is JsonArray array && s["items"] is JsonNode items)
        {
            for (int i = 0; i < array.Count; i++)
            {
                Check(root, items, array[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), problems);
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal) || value.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase) ? "number" : "integer",
        _ => "unknown",
    };
}
