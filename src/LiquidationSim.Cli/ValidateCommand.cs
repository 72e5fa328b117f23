using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim validate FILE</c>: checks a scenario file the way <c>liqsim run</c> would before its first step (the schema
/// and every rule of the loader, then the checks that need the built venue, instruments and accounts), runs nothing and
/// writes nothing. Every problem is printed with its JSON path (exit code 3); a valid file prints what it describes.
/// A DeFi scenario file (one whose top level has a lending, morpho, compoundV2, comet, auction or liquity run and no
/// venue) is checked the way <c>liqsim defi --scenario</c> loads it.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>The command and its argument.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The scenario JSON file to check." };
        var command = new Command(
            "validate",
            "Check a scenario file (cascade or DeFi) without running it: every problem with its JSON path (exit code 3), or what the file describes (exit code 0). For a cascade, also warns when the order book is shallow against the open interest.")
        {
            file,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed.GetValue(file)!, cancellationToken)));
        return command;
    }

    /// <summary>The top-level members that name a DeFi run (docs/defi-scenario.md).</summary>
    private static readonly ImmutableArray<string> DefiRuns = ["lending", "morpho", "compoundV2", "comet", "auction", "liquity"];

    private static int Run(string path, CancellationToken cancellationToken)
    {
        if (IsDefiScenario(path))
        {
            return RunDefi(path);
        }

        ScenarioInput input = ScenarioInput.Load(path, seed: null);

        // The build-time checks (balances against isolated margins, positions the margin model refuses, the
        // population) need the built scenario; building is not running: no step is taken.
        ScenarioSimulation simulation = input.CreateSimulation(input.Options, cancellationToken);
        DepthWarning.Write(input.Document, simulation.Current);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: valid scenario \"{input.Document.Name}\""));
        Console.Out.WriteLine("  " + input.Document.Describe());
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {simulation.TotalSteps:N0} steps; run it with: liqsim run --scenario {path}"));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Whether the file reads as a DeFi scenario: a JSON object with a DeFi run at its top level and no venue. Anything
    /// else, unreadable or malformed files included, goes to the cascade loader, whose messages name the problem.
    /// </summary>
    private static bool IsDefiScenario(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && !root.TryGetProperty("venue", out _)
                && DefiRuns.Any(run => root.TryGetProperty(run, out _));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    private static int RunDefi(string path)
    {
        DefiScenario scenario = DefiCommand.Load(path, seed: null);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: valid DeFi scenario \"{scenario.Name}\""));
        (string Run, bool Present)[] runs =
        [
            ("lending", scenario.Lending is not null),
            ("morpho", scenario.Morpho is not null),
            ("compoundV2", scenario.CompoundV2 is not null),
            ("comet", scenario.Comet is not null),
            ("auction", scenario.Auction is not null),
            ("liquity", scenario.Liquity is not null),
        ];
        foreach ((string run, bool present) in runs)
        {
            if (present)
            {
                Console.Out.WriteLine("  " + DefiReport.Heading(scenario, run) + ": " + string.Join(" ", DefiReport.Description(scenario, run)));
            }
        }

        Console.Out.WriteLine($"  run it with: liqsim defi --scenario {path}");
        return ExitCodes.Success;
    }
}
