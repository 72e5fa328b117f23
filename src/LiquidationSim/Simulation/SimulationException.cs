using System.Globalization;

namespace LiquidationSim.Simulation;

/// <summary>
/// A scenario that passed validation could not be simulated further: a number it derived mid-run (a price after a
/// run of extreme moves, a notional at that price) left the range the simulator can represent. The message names the
/// step, its time, the symbol (when one is concerned) and the cause.
/// </summary>
/// <remarks>
/// Validation refuses every input whose trouble can be known up front; this is the typed stop for what only the
/// run reveals, such as a random price path that compounds beyond <see cref="decimal"/> range. The simulation that
/// throws it stays at its last completed step. The inner exception, if any, is the arithmetic error that revealed it.
/// </remarks>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception for a step that could not be simulated.</summary>
    /// <param name="step">The one-based index of the step that failed.</param>
    /// <param name="time">The time of that step.</param>
    /// <param name="symbol">The symbol concerned, or <see langword="null"/> when the failure is not one symbol's.</param>
    /// <param name="cause">What went wrong, in words.</param>
    /// <param name="innerException">The exception that revealed it, if any.</param>
    public SimulationException(long step, DateTimeOffset time, string? symbol, string cause, Exception? innerException = null)
        : base(Describe(step, time, symbol, cause), innerException)
    {
        Step = step;
        Time = time;
        Symbol = symbol;
        Cause = cause;
    }

    /// <summary>The one-based index of the step that failed.</summary>
    public long Step { get; }

    /// <summary>The time of the step that failed.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The symbol concerned, or <see langword="null"/> when the failure is not one symbol's.</summary>
    public string? Symbol { get; }

    /// <summary>What went wrong, without the step and symbol.</summary>
    public string Cause { get; }

    private static string Describe(long step, DateTimeOffset time, string? symbol, string cause) => symbol is null
        ? string.Create(CultureInfo.InvariantCulture, $"The simulation stopped at step {step} ({time:O}): {cause}")
        : string.Create(CultureInfo.InvariantCulture, $"The simulation stopped at step {step} ({time:O}) on {symbol}: {cause}");
}
