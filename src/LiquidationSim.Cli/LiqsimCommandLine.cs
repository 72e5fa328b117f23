using System.CommandLine;
using LiquidationSim.Simulation;

namespace LiquidationSim.Cli;

/// <summary>The <c>liqsim</c> command tree and its error handling.</summary>
internal static class LiqsimCommandLine
{
    private const string ExitCodeHelp = """
        Exit codes: 0 success; 1 unexpected failure; 2 bad command line; 3 missing or invalid input file
        (every scenario problem is printed with its JSON path), a run the simulator had to stop at a step, or one
        too large for the memory available; 4 output could not be written, or a run's files estimated larger than
        the space free on the --out folder's file system; 130 cancelled (Ctrl+C or SIGTERM).
        """;

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        RootCommand root = Build();
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                Terminal.Error(error.Message);
            }

            Terminal.Error("see 'liqsim --help'.");
            return ExitCodes.Usage;
        }

        // On SIGTERM or Ctrl+C the command's token is cancelled; a run stops at its next step, and a silo needs a few
        // seconds to leave the cluster gracefully (hand its ranges over, leave the membership table). The library's
        // default of 2 s cut a silo's shutdown short, so the process waits up to 30 s for the command to return.
        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (CommandException e)
        {
            Terminal.Error(e.Message);
            if (e.ExitCode == ExitCodes.Usage)
            {
                Terminal.Error("see 'liqsim --help'.");
            }

            return e.ExitCode;
        }
        catch (SimulationException e)
        {
            // A valid scenario the simulator could not carry further: the step, symbol and cause, without a stack trace.
            Terminal.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Terminal.Error("cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Terminal.Error("unexpected failure: " + e);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The root command with its subcommands.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "liqsim: liquidation cascades for perpetual futures and DeFi lending, with reports, charts and Monte Carlo.\n\n" + ExitCodeHelp)
        {
            RunCommand.Create(),
            MergeCommand.Create(),
            DefiCommand.Create(),
            ValidateCommand.Create(),
            ScenarioCommand.Create(),
            ScenarioCommand.CreateSchema(),
            VenuesCommand.Create(),
            SiloCommand.Create(),
        };

        // Bare `liqsim`: the help text, and the usage exit code, as a command was expected.
        root.SetAction(_ =>
        {
            root.Parse("--help").Invoke();
            return ExitCodes.Usage;
        });
        return root;
    }
}
