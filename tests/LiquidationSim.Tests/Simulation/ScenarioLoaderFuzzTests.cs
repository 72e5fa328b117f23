using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// Fuzzes the scenario loader: valid scenarios mutated structurally, value by value and byte by byte must either load
/// or fail with a <see cref="ScenarioValidationException"/> whose problems carry JSON paths, and a scenario that loads
/// must be created and stepped without any other exception.
/// </summary>
/// <remarks>
/// The mutants come from one fixed seed, so every run checks the same ones in the same order; only a run slower than
/// <see cref="Budget"/> stops early (and says how many it checked). A failure prints each offending mutant's text.
/// </remarks>
public sealed class ScenarioLoaderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_121;
    private const int MutantCount = 10_000;
    private const int PopulationCap = 100;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Fact]
    public void Mutated_scenarios_load_or_fail_with_located_problems_only()
    {
        // SCENARIO_FUZZ_SEED and SCENARIO_FUZZ_COUNT explore other mutants locally; without them every run is the same.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SCENARIO_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Seed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("SCENARIO_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var n) ? n : MutantCount;
        var budget = count == MutantCount ? Budget : TimeSpan.MaxValue;
        var seeds = Seeds();
        var random = new Random(seed);
        var failures = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var checkedCount = 0;
        for (; checkedCount < count && clock.Elapsed < budget; checkedCount++)
        {
            var (seedName, seedJson) = seeds[random.Next(seeds.Length)];
            var mutant = Mutator.Mutate(seedJson, random);
            if (Environment.GetEnvironmentVariable("SCENARIO_FUZZ_TRACE") is { Length: > 0 } trace)
            {
                // The last mutant written is the one that took the test host down (a crash prints nothing).
                File.WriteAllText(trace, $"#{checkedCount} {seedName} {mutant.Description}{Environment.NewLine}{mutant.Show()}", new UTF8Encoding(false, false));
            }

            var outcome = Check(mutant, out var failure);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (failure is not null)
            {
                // Grouped by what escaped and where, so one bug hit by many mutants does not hide another.
                var group = failures.TryGetValue(Signature(failure), out var list) ? list : failures[Signature(failure)] = [];
                group.Add($"mutant #{checkedCount} of seed '{seedName}' ({mutant.Description}): {failure}{Environment.NewLine}--- mutant ---{Environment.NewLine}{mutant.Show()}{Environment.NewLine}--- end ---");
            }
        }

        output.WriteLine($"seed {seed}: {checkedCount} mutants in {clock.Elapsed.TotalSeconds:F1} s: "
            + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        var report = failures.Select(g => $"=== {g.Value.Count} × {g.Key}{Environment.NewLine}{string.Join(Environment.NewLine, g.Value.Take(2))}");
        failures.Should().BeEmpty($"every mutant must load or fail with located problems; {failures.Sum(g => g.Value.Count)} did not:{Environment.NewLine}{string.Join(Environment.NewLine, report)}");
        checkedCount.Should().BeGreaterThan(count / 10, "the fuzz must get through a meaningful share of its mutants");
    }

    /// <summary>Loads, creates and steps one mutant; returns the outcome's name and, for an escape, what escaped.</summary>
    internal static string Check(Mutant mutant, out string? failure)
    {
        failure = null;
        ScenarioDocument document;
        try
        {
            document = mutant.Bytes is { } bytes ? ScenarioJson.Load(new MemoryStream(bytes)) : ScenarioJson.Parse(mutant.Text!);
        }
        catch (ScenarioValidationException e)
        {
            failure = Unlocated(e);
            return "refused";
        }
        catch (Exception e)
        {
            failure = $"Load threw {e}";
            return "load escape";
        }

        if (document.Population is { Count: > PopulationCap } population)
        {
            document = document with { Population = population with { Count = PopulationCap } };
        }

        try
        {
            var simulation = ScenarioSimulation.Create(document);
            for (var i = 0; i < 2 && !simulation.IsComplete; i++)
            {
                _ = simulation.Step();
            }

            return "ran";
        }
        catch (ScenarioValidationException e)
        {
            failure = Unlocated(e);
            return "refused at create";
        }
        catch (Exception e)
        {
            failure = $"Create/Step threw {e}";
            return "run escape";
        }
    }

    /// <summary>The escaped exception's type and the library frame it came from.</summary>
    private static string Signature(string failure)
    {
        var lines = failure.Split('\n');
        var type = lines[0].Split(':')[0];
        var frame = lines.FirstOrDefault(l => l.Contains(" at LiquidationSim.", StringComparison.Ordinal) && !l.Contains("LiquidationSim.Tests", StringComparison.Ordinal) && !l.Contains("LiquidationSim.Internal", StringComparison.Ordinal));
        return $"{type} {frame?.Trim().Split(" in ")[0]}";
    }

    private static string? Unlocated(ScenarioValidationException e) =>
        e.Problems.IsDefaultOrEmpty
            ? "ScenarioValidationException without problems"
            : e.Problems.FirstOrDefault(p => p.Path is null || !p.Path.StartsWith('$') || string.IsNullOrEmpty(p.Message)) is { Path: not null } bad
                ? $"a problem without a JSON path or message: '{bad.Path}': '{bad.Message}'"
                : null;

    /// <summary>The valid scenarios the mutants start from, populations shrunk so a run stays cheap.</summary>
    internal static (string Name, string Json)[] Seeds()
    {
        using var stream = typeof(ScenarioJson).Assembly.GetManifestResourceStream("LiquidationSim.Simulation.ScenarioDefault.json")!;
        using var reader = new StreamReader(stream);
        var defaults = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        defaults["population"]!["count"] = 60;

        var golden = ScenarioSimulationTests.Golden();
        golden["population"]!["count"] = 40;

        var jumps = ScenarioSimulationTests.Minimal();
        jumps["priceProcess"] = JsonNode.Parse("""{ "type": "jump-diffusion", "drift": 0.1, "volatility": 0.8, "jumpIntensity": 50, "jumpMean": -0.05, "jumpVolatility": 0.1 }""");
        jumps["funding"] = JsonNode.Parse("""{ "interval": "00:02:00", "fixedRate": 0.001, "rateCap": 0.01 }""");
        jumps["shocks"] = JsonNode.Parse("""[ { "offset": "00:01:00", "change": -0.1 } ]""");
        jumps["accounts"]![0]!["behaviours"] = JsonNode.Parse("""
            [ { "type": "add-margin", "marginRatio": 0.8, "amount": 0.5, "maxTimes": 2 },
              { "type": "scheduled-exit", "start": "00:01:00", "interval": "00:01:00", "slices": 2 },
              { "type": "hedge", "distance": 0.03, "fraction": 0.5 } ]
            """);
        jumps["accounts"]!.AsArray().Add(JsonNode.Parse("""
            { "id": 7, "balance": 5000, "marginMode": "cross",
              "positions": [ { "symbol": "BTCUSDT", "size": -0.1, "entryPrice": 50100, "leverage": 20 } ],
              "behaviours": [ { "type": "stop-loss", "trigger": "last", "distance": 0.02 }, { "type": "take-profit", "trigger": "mark", "distance": 0.5 },
                              { "type": "reduce", "distance": 0.02, "fraction": 0.5, "maxTimes": 3 } ] }
            """));

        return
        [
            ("default", defaults.ToJsonString()),
            ("two instruments", ScenarioTests.Valid),
            ("minimal", ScenarioSimulationTests.Minimal().ToJsonString()),
            ("golden", golden.ToJsonString()),
            ("jumps", jumps.ToJsonString()),
        ];
    }

    /// <summary>A mutated scenario: text for <see cref="ScenarioJson.Parse(string)"/> or bytes for the stream overload.</summary>
    internal sealed record Mutant(string? Text, byte[]? Bytes, string Description)
    {
        /// <summary>The mutant as printable text (bytes that are not UTF-8 shown as <c>\xNN</c>).</summary>
        public string Show()
        {
            if (Text is not null)
            {
                return Text.Length > 20_000 ? Text[..20_000] + $"… ({Text.Length} characters)" : Text;
            }

            var text = new StringBuilder();
            var decoder = new UTF8Encoding(false, true);
            var i = 0;
            while (i < Bytes!.Length && text.Length < 20_000)
            {
                var end = i + 1;
                while (end < Bytes.Length && end - i <= 4 && (Bytes[end] & 0xC0) == 0x80)
                {
                    end++;
                }

                try
                {
                    text.Append(decoder.GetString(Bytes, i, end - i));
                }
                catch (DecoderFallbackException)
                {
                    for (var j = i; j < end; j++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{Bytes[j]:X2}");
                    }
                }

                i = end;
            }

            return text.ToString();
        }
    }

    /// <summary>Seeded mutations of a JSON scenario.</summary>
    internal static class Mutator
    {
        private const string Sentinel = "\u0001splice-";

        private static readonly string[] s_numbers =
        [
            "0", "-1", "1", "-0", "0.0", "1e30", "-1e30", "1e-30", "1e400", "-1e400", "1E+2", "79228162514264337593543950335",
            "79228162514264337593543950336", "-79228162514264337593543950335", "0.0000000000000000000000000001",
            "0.00000000000000000000000000001", "1.2345678901234567890123456789012345", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
            "1e28", "7.9e28", "1e15", "1e-15", "123456789012.123456789", "0.5", "1.5", "2", "1000000", "1e6", "100000001",
        ];

        private static readonly string[] s_strings =
        [
            "", " ", "NaN", "Infinity", "-Infinity", "null", "1", "0.1", "LINEAR", "Linear", "cross ", "gbm2", "binance ",
            "BINANCE", "stop_loss", "mark\u0000", "₿TC", "ß", "\u00e9", "😀", "\\", "\"", "BTCUSDT", "BTC", "XBTUSD",
            "coinbase", "kraken", "a", "binance-btcusdt", "bitmex-xbtusd", "inverse", "isolated", "historical", "scripted",
            "jump-diffusion", "hedge", "reduce", "index", "last", "venue", "data.csv", "/nonexistent/none.csv",
        ];

        private static readonly string[] s_times =
        [
            "00:00:00", "-00:01:00", "00:00:00.0000001", "-00:00:00.0000001", "00:00:01", "00:01:00", "01:00:00", "00:00:30",
            "00:00:07", "00:00:00.5", "1.00:00:00", "30", "-1", "10675199.02:48:05.4775807", "-10675199.02:48:05.4775808",
            "10675199.02:48:05.4775808", "3650.00:00:00", "36500.00:00:00", "9999999.00:00:00", "24:00:00", "1:00",
            "PT1M", "00:60:00", "1.23:59:59.9999999", "00:00:00.00000001", "2.00:00:00",
        ];

        private static readonly string[] s_instants =
        [
            "0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59+00:00",
            "9999-12-31T23:59:59-14:00", "9999-12-31T00:00:00+00:00", "9990-01-01T00:00:00+00:00", "2026-13-01T00:00:00+00:00",
            "2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00", "2026-02-30T00:00:00+00:00", "2026-01-01T00:00:00+15:00",
            "2026-01-01T00:00:00.1234567+05:45",
        ];

        private static readonly string[] s_raw =
        [
            "null", "true", "false", "{}", "[]", "[null]", "[{}]", "{\"x\":1}", "\"\"", "\"\\ud800\"", "\"\\udc00x\"",
            "\"a\\u0000b\"", "[[[[[[[[[[1]]]]]]]]]]", "\"\\uFFFF\"", "-0.0", "1e400",
        ];

        public static Mutant Mutate(string seedJson, Random random)
        {
            var root = JsonNode.Parse(seedJson)!;
            var splices = new Dictionary<string, string>(StringComparer.Ordinal);
            var described = new List<string>();
            var edits = 1 + (random.Next(4) == 0 ? random.Next(4) : 0);
            for (var i = 0; i < edits; i++)
            {
                root = Structural(root, random, splices, described);
            }

            var text = root.ToJsonString();
            // Later splices may contain earlier sentinels (a copied or duplicated subtree), so undo them last first.
            foreach (var (key, raw) in splices.Reverse())
            {
                text = text.Replace(JsonValue.Create(key).ToJsonString(), raw, StringComparison.Ordinal);
            }

            if (random.Next(4) != 0)
            {
                var description = string.Join("; ", described);
                return random.Next(2) == 0 ? new Mutant(text, null, description) : new Mutant(null, Encoding.UTF8.GetBytes(text), description);
            }

            return TextLevel(text, random, described);
        }

        private static JsonNode Structural(JsonNode root, Random random, Dictionary<string, string> splices, List<string> described)
        {
            var nodes = new List<(JsonNode? Node, JsonNode? Parent, string Path)>();
            Collect(root, null, "$", nodes);
            var (node, parent, path) = nodes[random.Next(nodes.Count)];
            var kind = random.Next(14);
            if (parent is null)
            {
                kind = random.Next(2) == 0 ? 9 : 10;
            }

            switch (kind)
            {
                case 0:
                    described.Add($"delete {path}");
                    Remove(parent!, path);
                    break;
                case 1:
                    described.Add($"null {path}");
                    Replace(parent, path, null);
                    break;
                case 2:
                    var raw = s_raw[random.Next(s_raw.Length)];
                    described.Add($"{path} = {raw}");
                    Replace(parent, path, Splice(raw, splices));
                    break;
                case 3:
                    described.Add($"wrap {path} in an array");
                    Replace(parent, path, new JsonArray(node?.DeepClone()));
                    break;
                case 4:
                    described.Add($"wrap {path} in an object");
                    Replace(parent, path, new JsonObject { ["value"] = node?.DeepClone() });
                    break;
                case 5:
                    var (other, _, otherPath) = nodes[random.Next(nodes.Count)];
                    described.Add($"{path} = copy of {otherPath}");
                    Replace(parent, path, other?.DeepClone());
                    break;
                case 6 or 7 or 8:
                    Value(parent, node, path, random, splices, described);
                    break;
                case 9:
                    return ObjectEdit(root, nodes, random, splices, described);
                case 10:
                    described.Add($"null every member under {path}");
                    NullAll(node);
                    break;
                case 11 when parent is JsonArray array:
                    described.Add($"duplicate {path}");
                    array.Insert(array.IndexOf(node), node?.DeepClone());
                    break;
                case 12:
                    var depth = random.Next(2) == 0 ? 60 : 70;
                    described.Add($"nest {path} {depth} deep");
                    Replace(parent, path, Splice(new string('[', depth) + (node?.ToJsonString() ?? "null") + new string(']', depth), splices));
                    break;
                default:
                    return ObjectEdit(root, nodes, random, splices, described);
            }

            return root;
        }

        private static void Value(JsonNode? parent, JsonNode? node, string path, Random random, Dictionary<string, string> splices, List<string> described)
        {
            string raw;
            var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (text is not null && random.Next(3) != 0)
            {
                var value = random.Next(6) switch
                {
                    0 => s_times[random.Next(s_times.Length)],
                    1 => s_instants[random.Next(s_instants.Length)],
                    2 => new string('x', random.Next(2) == 0 ? 300 : 100_000),
                    3 => text.Length > 0 ? text.ToUpperInvariant() + "\u0301" : "\u202e",
                    _ => s_strings[random.Next(s_strings.Length)],
                };
                raw = JsonValue.Create(value).ToJsonString();
            }
            else if (node is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number && random.Next(3) != 0)
            {
                var d = decimal.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                raw = random.Next(5) switch
                {
                    0 => (-d).ToString(CultureInfo.InvariantCulture),
                    1 => (d * 1000m).ToString(CultureInfo.InvariantCulture),
                    2 => (d / 1000m).ToString(CultureInfo.InvariantCulture),
                    3 => (d + 1m).ToString(CultureInfo.InvariantCulture),
                    _ => d.ToString(CultureInfo.InvariantCulture) + "e" + random.Next(-40, 40).ToString(CultureInfo.InvariantCulture),
                };
            }
            else
            {
                raw = random.Next(4) switch
                {
                    0 => JsonValue.Create(s_strings[random.Next(s_strings.Length)]).ToJsonString(),
                    1 => JsonValue.Create(node?.ToJsonString() ?? "null").ToJsonString(),
                    _ => s_numbers[random.Next(s_numbers.Length)],
                };
            }

            described.Add($"{path} = {(raw.Length > 60 ? raw[..60] + "…" : raw)}");
            Replace(parent, path, Splice(raw, splices));
        }

        /// <summary>Edits the members of a random object; returns the (possibly replaced) root.</summary>
        private static JsonNode ObjectEdit(JsonNode root, List<(JsonNode? Node, JsonNode? Parent, string Path)> nodes, Random random, Dictionary<string, string> splices, List<string> described)
        {
            var objects = nodes.Where(n => n.Node is JsonObject { Count: > 0 }).ToList();
            if (objects.Count == 0)
            {
                return root;
            }

            var (node, parent, path) = objects[random.Next(objects.Count)];
            var obj = (JsonObject)node!;
            var names = obj.Select(p => p.Key).ToList();
            var name = names[random.Next(names.Count)];
            switch (random.Next(6))
            {
                case 0:
                    // A duplicate key: spliced as raw text, since a JsonObject cannot hold one.
                    var members = obj.Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{p.Value?.ToJsonString() ?? "null"}").ToList();
                    var value = random.Next(2) == 0 ? obj[name]?.ToJsonString() ?? "null" : s_raw[random.Next(s_raw.Length)];
                    members.Insert(random.Next(members.Count + 1), $"{JsonValue.Create(name).ToJsonString()}:{value}");
                    described.Add($"duplicate {path}.{name} = {value}");
                    var spliced = Splice("{" + string.Join(",", members) + "}", splices);
                    if (parent is null)
                    {
                        return spliced;
                    }

                    Replace(parent, path, spliced);
                    break;
                case 1 when names.Count > 1:
                    var otherName = names[random.Next(names.Count)];
                    described.Add($"swap {path}.{name} and .{otherName}");
                    var a = obj[name]?.DeepClone();
                    obj[name] = obj[otherName]?.DeepClone();
                    obj[otherName] = a;
                    break;
                case 2:
                    var renamed = random.Next(3) switch
                    {
                        0 => name.ToUpperInvariant(),
                        1 => name + "s",
                        _ => name.Length > 1 ? name[1..] : "_",
                    };
                    described.Add($"rename {path}.{name} to {renamed}");
                    var moved = obj[name]?.DeepClone();
                    obj.Remove(name);
                    obj[renamed] = moved;
                    break;
                case 3:
                    described.Add($"add {path}.extra");
                    obj["extra"] = 1;
                    break;
                case 4:
                    described.Add($"reorder {path} (reversed)");
                    var reversed = obj.Reverse().Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();
                    obj.Clear();
                    foreach (var (key, v) in reversed)
                    {
                        obj[key] = v;
                    }

                    break;
                default:
                    described.Add($"empty {path}");
                    obj.Clear();
                    break;
            }

            return root;
        }

        private static Mutant TextLevel(string text, Random random, List<string> described)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var at = random.Next(bytes.Length + 1);
            switch (random.Next(12))
            {
                case 0:
                    described.Add($"truncated at byte {at}");
                    return new Mutant(null, bytes[..at], string.Join("; ", described));
                case 1:
                    var flip = Math.Min(at, bytes.Length - 1);
                    var bit = random.Next(8);
                    described.Add($"bit {bit} of byte {flip} flipped");
                    bytes[flip] ^= (byte)(1 << bit);
                    return new Mutant(null, bytes, string.Join("; ", described));
                case 2:
                    var inserted = (byte)random.Next(256);
                    described.Add($"byte 0x{inserted:X2} inserted at {at}");
                    return new Mutant(null, [.. bytes[..at], inserted, .. bytes[at..]], string.Join("; ", described));
                case 3:
                    var cut = Math.Min(at, bytes.Length - 1);
                    described.Add($"byte {cut} deleted");
                    return new Mutant(null, [.. bytes[..cut], .. bytes[(cut + 1)..]], string.Join("; ", described));
                case 4:
                    byte[][] invalid = [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];
                    var bad = invalid[random.Next(invalid.Length)];
                    var quote = System.Array.IndexOf(bytes, (byte)'"', at);
                    var where = quote < 0 ? at : quote + 1;
                    described.Add($"invalid UTF-8 {Convert.ToHexString(bad)} at {where}");
                    return new Mutant(null, [.. bytes[..where], .. bad, .. bytes[where..]], string.Join("; ", described));
                case 5:
                    described.Add("UTF-8 BOM");
                    return random.Next(2) == 0
                        ? new Mutant(null, [0xEF, 0xBB, 0xBF, .. bytes], string.Join("; ", described))
                        : new Mutant("\uFEFF" + text, null, string.Join("; ", described));
                case 6:
                    var comma = text.IndexOf(',', Math.Min(at, text.Length));
                    var comment = random.Next(2) == 0 ? "/* comment */" : "// comment\n";
                    described.Add($"comment after a comma");
                    return new Mutant(comma < 0 ? text + comment : text[..(comma + 1)] + comment + text[(comma + 1)..], null, string.Join("; ", described));
                case 7:
                    var close = text.IndexOfAny(['}', ']'], Math.Min(at, text.Length));
                    described.Add("trailing comma");
                    return new Mutant(close < 0 ? text + "," : text[..close] + "," + text[close..], null, string.Join("; ", described));
                case 8:
                    var depth = random.Next(2) == 0 ? 63 : 200;
                    described.Add($"whole document nested {depth} deep");
                    return new Mutant(new string('[', depth) + text + new string(']', depth), null, string.Join("; ", described));
                case 9:
                    var charAt = Math.Min(at, text.Length);
                    const string Characters = "{}[]\":,\\ 0-e.\u0000\ud800";
                    var c = Characters[random.Next(Characters.Length)];
                    described.Add($"character U+{(int)c:X4} inserted at {charAt}");
                    return new Mutant(text[..charAt] + c + text[charAt..], null, string.Join("; ", described));
                case 10:
                    described.Add("trailing garbage");
                    return new Mutant(text + (random.Next(2) == 0 ? " {}" : "\u0000"), null, string.Join("; ", described));
                default:
                    described.Add("empty or whitespace text");
                    return new Mutant(random.Next(2) == 0 ? "" : " \n\t ", null, string.Join("; ", described));
            }
        }

        private static JsonNode Splice(string raw, Dictionary<string, string> splices)
        {
            var key = Sentinel + splices.Count.ToString(CultureInfo.InvariantCulture);
            splices[key] = raw;
            return JsonValue.Create(key);
        }

        private static void Collect(JsonNode? node, JsonNode? parent, string path, List<(JsonNode? Node, JsonNode? Parent, string Path)> nodes)
        {
            nodes.Add((node, parent, path));
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Collect(value, obj, $"{path}.{key}", nodes);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Collect(array[i], array, $"{path}[{i}]", nodes);
                    }

                    break;
            }
        }

        private static void Remove(JsonNode parent, string path)
        {
            if (parent is JsonObject obj)
            {
                obj.Remove(Key(path));
            }
            else if (parent is JsonArray array)
            {
                array.RemoveAt(Index(path));
            }
        }

        private static void Replace(JsonNode? parent, string path, JsonNode? replacement)
        {
            switch (parent)
            {
                case JsonObject obj:
                    obj[Key(path)] = replacement;
                    break;
                case JsonArray array:
                    array[Index(path)] = replacement;
                    break;
            }
        }

        private static string Key(string path) => path[(path.LastIndexOf('.') + 1)..];

        private static int Index(string path) =>
            int.Parse(path[(path.LastIndexOf('[') + 1)..^1], CultureInfo.InvariantCulture);

        private static void NullAll(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var key in obj.Select(p => p.Key).ToList())
                    {
                        obj[key] = null;
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        array[i] = null;
                    }

                    break;
            }
        }
    }
}
