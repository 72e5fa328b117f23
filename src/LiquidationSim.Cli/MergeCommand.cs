using System.CommandLine;
using System.Globalization;
using LiquidationSim.Reporting;
using LiquidationSim.Simulation;
using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary><c>liqsim merge</c>: combines Monte Carlo shards run on several machines into one result.</summary>
internal static class MergeCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var shards = new Argument<string[]>("SHARD")
        {
            Description = "montecarlo.json files written by liqsim run --paths (or bare result JSON from the library), in any order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the merged result here (a shard file that can be merged again).",
            HelpName = "FILE",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Write an HTML report of the merged result here.",
            HelpName = "FILE",
        };
        var command = new Command("merge", "Combine Monte Carlo shards of one scenario (disjoint path ranges, same seed) into the result of running them all at once.")
        {
            shards, output, report,
        };
        command.SetAction(parsed => Merge(parsed.GetValue(shards) ?? [], parsed.GetValue(output), parsed.GetValue(report)));
        return command;
    }

    private static int Merge(string[] files, string? output, string? report)
    {
        MonteCarloShard[] shards = [.. files.Select(MonteCarloShard.Read)];
        string? fingerprint = shards.Select(s => s.ScenarioSha256).FirstOrDefault(s => s is not null);
        for (int i = 0; i < shards.Length; i++)
        {
            if (shards[i].Result.RootSeed != shards[0].Result.RootSeed)
            {
                throw new CommandException(ExitCodes.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"'{files[i]}' was run with root seed {shards[i].Result.RootSeed}, '{files[0]}' with {shards[0].Result.RootSeed}; shards of one run share its seed."));
            }


            if (shards[i].ScenarioSha256 is { } sha && sha != fingerprint)
            {
                throw new CommandException(ExitCodes.InvalidInput,
                    $"'{files[i]}' was run on a different scenario ('{shards[i].Scenario}', SHA-256 {sha[..12]}…) from the first shard's ({fingerprint![..12]}…); only shards of one scenario merge.");
            }
        }

        MonteCarloResult merged;
        try
        {
            merged = MonteCarloResult.Merge(shards.Select(s => s.Result));
        }
        catch (ArgumentException e)
        {
            throw new CommandException(ExitCodes.InvalidInput, "the shards do not merge: " + e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
        }

        string scenario = shards.Select(s => s.Scenario).FirstOrDefault(s => s != "(unnamed)") ?? "(unnamed)";
        string?[] currencies = [.. shards.Select(s => s.Currency).Distinct(StringComparer.Ordinal)];
        string? currency = currencies is [{ } single] ? single : null; // named only when every shard names the same one
        IAnsiConsole console = Terminal.Out;
        console.MarkupLine($"[bold]liqsim merge[/]: {shards.Length} shard{(shards.Length == 1 ? string.Empty : "s")} of {Spectre.Console.Markup.Escape(scenario)}");
        foreach ((MonteCarloShard shard, string file) in shards.Zip(files))
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {file}: paths {shard.Result.FirstPath:N0} to {shard.Result.LastPath:N0} ({shard.Result.PathCount:N0}), seed {shard.Result.RootSeed}"));
        }

        if (output is not null)
        {
            OutputFolder.WriteFile(output, new MonteCarloShard(scenario, fingerprint, merged) { Currency = currency }.ToJson());
        }

        if (report is not null)
        {
            OutputFolder.WriteFile(report, HtmlReport.MonteCarlo(merged, scenario, currency: currency));
        }

        ConsoleReport.MonteCarlo(console, merged, currency);
        if (output is not null)
        {
            console.WriteLine($"Wrote the merged result to {output}.");
        }

        if (report is not null)
        {
            console.WriteLine($"Wrote the report to {report}.");
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Merged {merged.PathCount:N0} paths; digest {merged.Digest()}."));
        return ExitCodes.Success;
    }
}
