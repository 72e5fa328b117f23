using System.CommandLine;
using System.Globalization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim validate FILE</c>: checks a scenario file the way <c>liqsim run</c> would before its first step (the schema
/// and every rule of the loader, then the checks that need the built venue, instruments and accounts), runs nothing and
/// writes nothing. Every problem is printed with its JSON path (exit code 3); a valid file prints what it describes.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>The command and its argument.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The scenario JSON file to check." };
        var command = new Command(
            "validate",
            "Check a scenario file without running it: every problem with its JSON path (exit code 3), or what the file describes (exit code 0). Also warns when the order book is shallow against the open interest.")
        {
            file,
        };
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed.GetValue(file)!, cancellationToken)));
        return command;
    }

    private static int Run(string path, CancellationToken cancellationToken)
    {
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
}
