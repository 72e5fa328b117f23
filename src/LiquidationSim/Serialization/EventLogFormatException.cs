using System.Globalization;

namespace LiquidationSim.Serialization;

/// <summary>
/// A line of a JSON Lines event log (<see cref="EventLogJson"/>) is not a valid event: not a JSON object, no leading
/// <c>"type"</c>, an unknown event type, a missing, unknown or ill-typed property, or values an event refuses.
/// </summary>
/// <remarks>The message names the line and what is wrong; the inner exception, if any, is the parser's own.</remarks>
public sealed class EventLogFormatException : FormatException
{
    /// <summary>Creates the exception for a bad line.</summary>
    /// <param name="lineNumber">One-based line number in the log (1 for a single event).</param>
    /// <param name="problem">What is wrong with the line.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public EventLogFormatException(long lineNumber, string problem, Exception? innerException = null)
        : base(string.Create(CultureInfo.InvariantCulture, $"Event log line {lineNumber}: {problem}"), innerException)
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>One-based number of the bad line (1 for <see cref="EventLogJson.Deserialize"/>).</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line, without the line number.</summary>
    public string Problem { get; }
}
