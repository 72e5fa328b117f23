using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiquidationSim.Kernel;

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

    /// <summary>Parses and validates a scenario from JSON text (not a file path: see <see cref="LoadFile"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioValidationException">The text is not valid JSON or breaks a schema rule; every problem is listed.</exception>
    public static ScenarioDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Load(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses and validates a scenario from JSON text; the old name of <see cref="Parse"/>.</summary>
    /// <param name="json">The JSON text (not a path: a path fails as malformed JSON; use <see cref="LoadFile"/>).</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioValidationException">The text is not valid JSON or breaks a schema rule; every problem is listed.</exception>
    [Obsolete("Load(string) takes JSON text, not a path. Use ScenarioJson.Parse(json) for text or ScenarioJson.LoadFile(path) for a file.")]
    public static ScenarioDocument Load(string json) => Parse(json);

    /// <summary>Reads, parses and validates the scenario file at <paramref name="path"/> (UTF-8 JSON).</summary>
    /// <param name="path">The file's path, absolute or relative to the current directory.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or blank.</exception>
    /// <exception cref="FileNotFoundException">No file exists at the path; the message names the full path.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="ScenarioValidationException">The text is not valid JSON or breaks a schema rule; every problem is listed.</exception>
    /// <remarks>
    /// A historical price process's relative CSV path is not resolved here: pass the file's folder as
    /// <see cref="SimulationOptions.BaseDirectory"/> when creating the simulation.
    /// </remarks>
    public static ScenarioDocument LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException(
                Directory.Exists(full)
                    ? $"The scenario path '{full}' is a folder, not a file."
                    : $"The scenario file '{full}' does not exist.",
                full);
        }

        using FileStream stream = File.OpenRead(full);
        return Load(stream);
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

    /// <summary>Writes a scenario as indented camelCase JSON that <see cref="Parse"/> reads back to an equal document.</summary>
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
    /// (70 % annualised volatility) with a −25 % one-step wick at 12:00, a three-exchange index the venue's forced
    /// selling partly spills into, eight-hourly funding, and 100,000 generated accounts of which shares use stops,
    /// take-profits, top-ups, reductions, scheduled exits and hedges.
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
                return Normalized(document.RootElement).Deserialize(ScenarioJsonContext.Default.ScenarioDocument)
                    ?? throw new ScenarioValidationException([new ScenarioProblem("$", "must be an object, was null")]);
            }
            catch (JsonException e)
            {
                // The validator accepts only what the model reads; this is a safety net, still located.
                throw new ScenarioValidationException([Located(e)]);
            }
        }
    }

    // The source-generated serializer sets every init-only property, an absent one to default(T)
    // (dotnet/runtime#84484), which would lose the model's documented defaults (market arbitrage 1, maxTimes 1,
    // funding interest and clamp, …); and it refuses null for a non-nullable value that the schema lets be null.
    // So the validated document is handed over with null members dropped and those defaults written out, taken
    // from the model's own initialisers.
    private static JsonObject Normalized(JsonElement root)
    {
        var document = JsonObject.Create(root)!;
        DropNulls(document);
        if (document["market"] is JsonObject market)
        {
            AddAbsent(market, JsonSerializer.SerializeToNode(new ScenarioMarket(), ScenarioJsonContext.Default.ScenarioMarket));
            if (market["makers"] is JsonObject makers)
            {
                AddAbsent(makers, JsonSerializer.SerializeToNode(new ScenarioMarketMakers(), ScenarioJsonContext.Default.ScenarioMarketMakers));
            }
        }

        if (document["funding"] is JsonObject funding)
        {
            AddAbsent(funding, JsonSerializer.SerializeToNode(new ScenarioFunding { Interval = TimeSpan.Zero }, ScenarioJsonContext.Default.ScenarioFunding));
        }

        var behaviours = new List<JsonObject>();
        if (document["population"]?["behaviours"] is JsonArray shares)
        {
            behaviours.AddRange(shares.Select(s => s?["behaviour"]).OfType<JsonObject>());
        }

        if (document["accounts"] is JsonArray accounts)
        {
            behaviours.AddRange(accounts.Select(a => a?["behaviours"]).OfType<JsonArray>().SelectMany(b => b).OfType<JsonObject>());
        }

        foreach (var behaviour in behaviours)
        {
            // The behaviours with optional fields; the required ones are present (the validator saw to it).
            ScenarioBehaviour? defaults = (string?)behaviour["type"] switch
            {
                "add-margin" => new ScenarioAddMargin { MarginRatio = 0m, Amount = 0m },
                "reduce" => new ScenarioReduce { Distance = 0m, Fraction = 0m },
                _ => null,
            };

            if (defaults is not null)
            {
                AddAbsent(behaviour, JsonSerializer.SerializeToNode(defaults, ScenarioJsonContext.Default.ScenarioBehaviour));
            }
        }

        return document;
    }

    private static void DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    DropNulls(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DropNulls(item);
                }

                break;
        }
    }

    private static void AddAbsent(JsonObject target, JsonNode? defaults)
    {
        foreach (var (name, value) in defaults!.AsObject())
        {
            if (!target.ContainsKey(name))
            {
                target[name] = value?.DeepClone();
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
