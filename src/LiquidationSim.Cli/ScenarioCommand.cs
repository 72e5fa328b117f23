using System.CommandLine;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim scenario default</c>: prints the embedded default scenario as a file <c>liqsim run --scenario</c> reads,
/// the starting point for one's own (<c>liqsim scenario default &gt; my.json</c>); and <c>liqsim schema</c>, the JSON
/// Schema of scenario files for editors.
/// </summary>
internal static class ScenarioCommand
{
    /// <summary><c>liqsim scenario</c> with its <c>default</c> subcommand.</summary>
    public static Command Create()
    {
        var defaultCommand = new Command("default", "Print the embedded default scenario (what liqsim run runs without --scenario) as JSON, to save and edit: liqsim scenario default > my.json");
        defaultCommand.SetAction(_ =>
        {
            Console.Out.Write(ScenarioJson.Save(ScenarioJson.LoadDefault()) + "\n");
            return ExitCodes.Success;
        });
        var command = new Command("scenario", "Scenario files: 'liqsim scenario default' prints the embedded default to start from. See also 'liqsim schema' and 'liqsim validate FILE'.")
        {
            defaultCommand,
        };
        command.SetAction(_ =>
        {
            command.Parse("--help").Invoke();
            return ExitCodes.Usage;
        });
        return command;
    }

    /// <summary><c>liqsim schema</c>.</summary>
    public static Command CreateSchema()
    {
        var command = new Command("schema", "Print the JSON Schema of scenario files (draft 2020-12), for editors to complete and check them; the same file ships as " + Docs.PathOf(Docs.ScenarioJsonSchema) + ".");
        command.SetAction(_ =>
        {
            Console.Out.Write(ScenarioSchema.Text());
            return ExitCodes.Success;
        });
        return command;
    }
}
