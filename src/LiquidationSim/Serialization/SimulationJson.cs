using System.Text.Json;
using LiquidationSim.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Serialization;

/// <summary>
/// Writes a <see cref="ScenarioSimulation"/>'s output: the per-step timeline as JSON Lines and the summary as one JSON
/// object. Events go to the event log (<see cref="EventLogJson"/>), so a timeline line never carries them.
/// </summary>
/// <remarks>
/// A timeline line is <c>{"index","time","markets":[{"symbol","spotPrice","indexPrice","markPrice","lastPrice",
/// "openInterestLong","openInterestShort"}],"liquidations","liquidatedNotional","adlCount","adlNotional",
/// "traderOrders","insuranceFund","badDebt"}</c>, decimals exact. Writing streams one line per step, so a run of
/// millions of steps needs no memory for its timeline. Thread safe; an output must not be shared between calls.
/// </remarks>
public static class SimulationJson
{
    /// <summary>Writes each step as one line of JSON, each ended by <c>\n</c>, as the steps arrive.</summary>
    /// <param name="utf8Json">The output; left open.</param>
    /// <param name="steps">The steps, e.g. <see cref="ScenarioSimulation.Steps"/>.</param>
    /// <returns>The number of lines written.</returns>
    public static long WriteTimeline(Stream utf8Json, IEnumerable<SimulationStep> steps)
    {
        Preconditions.NotNull(utf8Json);
        Preconditions.NotNull(steps);
        long lines = 0;
        using var writer = new Utf8JsonWriter(utf8Json);
        foreach (SimulationStep step in steps)
        {
            JsonSerializer.Serialize(writer, Preconditions.NotNull(step, "steps[]"), SimulationJsonContext.Default.SimulationStep);
            writer.Flush();
            writer.Reset();
            utf8Json.WriteByte((byte)'\n');
            lines++;
        }

        return lines;
    }

    /// <summary>One step as a single line of JSON (no trailing newline).</summary>
    /// <param name="step">The step.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeStep(SimulationStep step) =>
        JsonSerializer.Serialize(Preconditions.NotNull(step), SimulationJsonContext.Default.SimulationStep);

    /// <summary>The summary as one JSON object.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text.</returns>
    public static string SerializeSummary(SimulationSummary summary) =>
        JsonSerializer.Serialize(Preconditions.NotNull(summary), SimulationJsonContext.Default.SimulationSummary);
}
