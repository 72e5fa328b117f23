using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>
/// A lending Monte Carlo shard: the per-path results of paths <c>first</c> … of one DeFi scenario and seed. Shards of
/// disjoint path ranges merge into the shard of the whole range (<see cref="DefiMerge"/>), byte for byte.
/// </summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioSha256">The scenario's fingerprint (<see cref="DefiScenario.Fingerprint"/>).</param>
/// <param name="Seed">The root seed.</param>
/// <param name="Paths">Per-path results, in path order.</param>
internal sealed record DefiLendingShard(string Scenario, string ScenarioSha256, ulong Seed, ImmutableArray<LendingStressResult> Paths)
{
    /// <summary>The <c>format</c> field that marks a file as a lending shard.</summary>
    public const string Format = "liqsim-defi-lending-montecarlo";

    /// <summary>The shard as indented JSON ending with a newline.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("scenario", Scenario);
            w.WriteString("scenarioSha256", ScenarioSha256);
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("paths");
            foreach (LendingStressResult p in Paths)
            {
                w.WriteStartObject();
                w.WriteNumber("path", p.PathIndex);
                w.WriteNumber("liquidations", p.Liquidations);
                w.WriteNumber("debtRepaid", p.DebtRepaid);
                w.WriteNumber("liquidatorProfit", p.LiquidatorProfit);
                w.WriteNumber("badDebt", p.BadDebt);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads a shard file.</summary>
    /// <exception cref="CommandException">The file is missing, unreadable or not a lending shard (exit code 3).</exception>
    public static DefiLendingShard Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommandException(ExitCodes.InvalidInput, $"shard file '{path}' does not exist.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new CommandException(ExitCodes.InvalidInput, $"'{path}' is not a DeFi lending Monte Carlo shard (no \"format\": \"{Format}\"); write one with liqsim defi --paths N --out DIR.");
            }

            var paths = ImmutableArray.CreateBuilder<LendingStressResult>();
            foreach (JsonElement p in root.GetProperty("paths").EnumerateArray())
            {
                paths.Add(new LendingStressResult(
                    p.GetProperty("path").GetInt64(), p.GetProperty("liquidations").GetInt64(), p.GetProperty("debtRepaid").GetDecimal(),
                    p.GetProperty("liquidatorProfit").GetDecimal(), p.GetProperty("badDebt").GetDecimal()));
            }

            return new DefiLendingShard(root.GetProperty("scenario").GetString()!, root.GetProperty("scenarioSha256").GetString()!, root.GetProperty("seed").GetUInt64(), paths.ToImmutable());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"'{path}' is not a readable DeFi lending shard: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"cannot read shard file '{path}': {e.Message}");
        }
    }
}

/// <summary><c>liqsim defi --paths N</c>: a Monte Carlo of the scenario's lending stress run.</summary>
internal static class DefiMonteCarlo
{
    /// <summary>Runs paths <paramref name="firstPath"/> to <paramref name="firstPath"/> + <paramref name="count"/> − 1 and reports them.</summary>
    public static int Run(DefiScenario scenario, string? output, long firstPath, int count, int threads, CancellationToken cancellationToken)
    {
        if (scenario.Lending is not { } lending)
        {
            throw new CommandException(ExitCodes.Usage, $"--paths runs a Monte Carlo of the lending stress run; scenario '{scenario.Name}' has none.");
        }

        var clock = Stopwatch.StartNew();
        OutputFolder? folder = output is null ? null : OutputFolder.Create(output);
        IAnsiConsole console = Terminal.Out;
        console.MarkupLine($"[bold]liqsim defi --paths {count}[/]: Monte Carlo of the Aave {DefiCommand.VersionLabel(lending.Version)} lending stress of {Markup.Escape(scenario.Name)}");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  paths {firstPath:N0} to {firstPath + count - 1:N0} on {threads} thread{(threads == 1 ? string.Empty : "s")}, seed {scenario.Seed}"));
        LendingMonteCarloResult result = LendingStressSimulation.RunMonteCarlo(lending.Scenario, firstPath, count, threads, cancellationToken);
        var shard = new DefiLendingShard(scenario.Name, scenario.Fingerprint, scenario.Seed, result.Paths);
        folder?.WriteText(DefiCommand.Files.MonteCarlo, shard.ToJson());
        Report(console, shard, lending.Scenario.DebtAsset);
        ConsoleReport.Files(console, folder, null);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran {count:N0} paths in {clock.Elapsed.TotalSeconds:0.0} s."));
        return ExitCodes.Success;
    }

    /// <summary>Prints the percentiles of a shard's paths.</summary>
    public static void Report(IAnsiConsole console, DefiLendingShard shard, string? debtAsset)
    {
        var result = new LendingMonteCarloResult(shard.Paths);
        string unit = debtAsset is null ? string.Empty : $" ({debtAsset})";
        var table = new Table().Title("[bold]Lending stress over the paths[/]").AddColumn("Percentile")
            .AddColumn(new TableColumn(Markup.Escape("Bad debt" + unit)).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape("Repaid" + unit)).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape("Liquidator profit" + unit)).RightAligned());
        foreach ((string label, decimal p) in (ReadOnlySpan<(string, decimal)>)[("p50", 0.5m), ("p95", 0.95m), ("p99", 0.99m), ("max", 1m)])
        {
            table.AddRow(label, ConsoleReport.D(result.BadDebt(p), 0), ConsoleReport.D(result.DebtRepaid(p), 0), ConsoleReport.D(result.LiquidatorProfit(p), 0));
        }

        console.Write(table);
    }
}

/// <summary><c>liqsim defi merge</c>: combines lending Monte Carlo shards of one scenario and seed.</summary>
internal static class DefiMerge
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var shards = new Argument<string[]>("SHARD")
        {
            Description = "lending-montecarlo.json files written by liqsim defi --paths, in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the merged shard here (it can be merged again).",
            HelpName = "FILE",
        };
        var command = new Command("merge", "Combine lending Monte Carlo shards of one DeFi scenario (disjoint path ranges, same seed) into the shard of running them all at once.")
        {
            shards, output,
        };
        command.SetAction(parsed => Merge(parsed.GetValue(shards) ?? [], parsed.GetValue(output)));
        return command;
    }

    private static int Merge(string[] files, string? output)
    {
        DefiLendingShard[] shards = [.. files.Select(DefiLendingShard.Read)];
        for (int i = 1; i < shards.Length; i++)
        {
            if (shards[i].Seed != shards[0].Seed)
            {
                throw new CommandException(ExitCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"'{files[i]}' was run with seed {shards[i].Seed}, '{files[0]}' with {shards[0].Seed}; shards of one run share its seed."));
            }

            if (shards[i].ScenarioSha256 != shards[0].ScenarioSha256)
            {
                throw new CommandException(ExitCodes.InvalidInput,
                    $"'{files[i]}' was run on a different scenario ('{shards[i].Scenario}') from '{files[0]}' ('{shards[0].Scenario}'); only shards of one scenario merge.");
            }
        }

        LendingStressResult[] all = [.. shards.SelectMany(s => s.Paths).OrderBy(p => p.PathIndex)];
        for (int i = 1; i < all.Length; i++)
        {
            if (all[i].PathIndex == all[i - 1].PathIndex)
            {
                throw new CommandException(ExitCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"path {all[i].PathIndex} is in more than one shard; shards must cover disjoint path ranges."));
            }
        }

        var merged = new DefiLendingShard(shards[0].Scenario, shards[0].ScenarioSha256, shards[0].Seed, [.. all]);
        IAnsiConsole console = Terminal.Out;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]liqsim defi merge[/]: {shards.Length} shards, {all.Length:N0} paths of {Markup.Escape(merged.Scenario)}"));
        DefiMonteCarlo.Report(console, merged, null);
        if (output is not null)
        {
            OutputFolder.WriteFile(output, merged.ToJson());
            console.WriteLine($"Wrote {output}");
        }

        return ExitCodes.Success;
    }
}
