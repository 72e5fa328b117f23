using Spectre.Console;

namespace LiquidationSim.Cli;

/// <summary>The console the commands write to: rich when a person is watching, plain and wide when redirected.</summary>
internal static class Terminal
{
    private static readonly Lazy<IAnsiConsole> s_out = new(Create);

    /// <summary>Standard output.</summary>
    public static IAnsiConsole Out => s_out.Value;

    /// <summary>True when standard output is a terminal, so live progress bars make sense.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Writes an error line to standard error.</summary>
    public static void Error(string message) => Console.Error.WriteLine("liqsim: " + message);

    private static IAnsiConsole Create()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            // Logs and pipes: no wrapping of the tables at the 80 columns Spectre assumes.
            console.Profile.Width = 160;
        }

        return console;
    }
}
