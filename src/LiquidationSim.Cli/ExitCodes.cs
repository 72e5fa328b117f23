namespace LiquidationSim.Cli;

/// <summary>The process exit codes of <c>liqsim</c>, as listed in <c>liqsim --help</c> and the README.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug or an exhausted resource); the message says what.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>An input file is missing or invalid (a scenario with schema problems, a shard that does not merge).</summary>
    public const int InvalidInput = 3;

    /// <summary>An output file or folder could not be written.</summary>
    public const int OutputFailed = 4;

    /// <summary>The run was cancelled (Ctrl+C), the shell's convention for SIGINT.</summary>
    public const int Cancelled = 130;
}

/// <summary>A failure the command reports as one message and exit code, without a stack trace.</summary>
/// <param name="exitCode">The process exit code.</param>
/// <param name="message">What went wrong, for the user.</param>
internal sealed class CommandException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
