using System.Text;
using System.Text.Json;
using LiquidationSim.Serialization;

namespace LiquidationSim.Simulation;

/// <summary>Reads and writes <see cref="ScenarioDocument"/> JSON files (schema in <c>docs/scenario-schema.md</c>).</summary>
/// <remarks>
/// Loading validates the whole document first and throws one <see cref="ScenarioValidationException"/> listing
/// every problem with its JSON path; nothing is returned partially. Serialization uses source-generated
/// metadata only, so the methods are trim- and AOT-safe. All members are thread safe.
/// </remarks>
public static class ScenarioJson
{
    private const string DefaultResource = "LiquidationSim.Simulation.ScenarioDefault.json";

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    private static readonly Lazy<ScenarioDocument> s_default = new(ReadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Parses and validates a scenario.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioValidationException">The text is not valid JSON or breaks a schema rule; every problem is listed.</exception>
    public static ScenarioDocument Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Load(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads, parses and validates a scenario from a UTF-8 stream; the stream is read to its end and left open.</summary>
    /// <param name="utf8Json">The UTF-8 JSON stream.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioValidationException">The text is not valid JSON or breaks a schema rule; every problem is listed.</exception>
    public static ScenarioDocument Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Load(buffer.ToArray());
    }

    /// <summary>Writes a scenario as indented camelCase JSON that <see cref="Load(string)"/> reads back to an equal document.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is <see langword="null"/>.</exception>
    public static string Save(ScenarioDocument scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return JsonSerializer.Serialize(scenario, ScenarioJsonContext.Default.ScenarioDocument);
    }

    /// <summary>
    /// The embedded default scenario: one day of BTCUSDT on the Binance profile in one-minute steps, GBM prices
    /// (70 % annualised volatility) with a −25 % one-step wick at 12:00, and 100,000 generated accounts.
    /// </summary>
    /// <returns>The default scenario (the same instance on every call).</returns>
    public static ScenarioDocument LoadDefault() => s_default.Value;

    private static ScenarioDocument ReadDefault()
    {
        using var stream = typeof(ScenarioJson).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"Embedded resource '{DefaultResource}' is missing.");
        return Load(stream);
    }

    private static ScenarioDocument Load(byte[] utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, s_documentOptions);
        }
        catch (JsonException e)
        {
            throw new ScenarioValidationException([Located(e)]);
        }

        using (document)
        {
            var problems = ScenarioValidator.Validate(document.RootElement);
            if (problems.Count > 0)
            {
                throw new ScenarioValidationException(problems);
            }

            try
            {
                return document.RootElement.Deserialize(ScenarioJsonContext.Default.ScenarioDocument)
                    ?? throw new ScenarioValidationException([new ScenarioProblem("$", "must be an object, was null")]);
            }
            catch (JsonException e)
            {
                // The validator accepts only what the model reads; this is a safety net, still located.
                throw new ScenarioValidationException([Located(e)]);
            }
        }
    }

    private static ScenarioProblem Located(JsonException e)
    {
        var where = e.LineNumber is { } line
            ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})"
            : "";
        return new ScenarioProblem(e.Path ?? "$", $"malformed JSON{where}: {e.Message}");
    }
}
