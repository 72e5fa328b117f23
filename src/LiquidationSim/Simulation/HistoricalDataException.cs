using System.Globalization;
using System.Text;

namespace LiquidationSim.Simulation;

/// <summary>One problem found in historical price data, with where it is.</summary>
/// <param name="Source">The source name given to the loader (a path for <see cref="HistoricalPriceSeries.Load"/>).</param>
/// <param name="Line">The 1-based physical line in the source.</param>
/// <param name="Column">The column the problem is in, by its canonical header name (<c>timestamp</c>, <c>price</c>,
/// <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>), or <see langword="null"/> when it concerns the whole line or file.</param>
/// <param name="Message">What is wrong, including the offending value.</param>
public readonly record struct HistoricalDataProblem(string Source, int Line, string? Column, string Message)
{
    /// <summary>The location and message: <c>{Source}:{Line} [{Column}]: {Message}</c>.</summary>
    /// <returns>The formatted problem.</returns>
    public override string ToString() => Column is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}: {Message}")
        : string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line} [{Column}]: {Message}");
}

/// <summary>
/// Thrown when historical price data fails validation. It lists every problem found, each with its location; the
/// loader that throws it returns nothing, partial or otherwise.
/// </summary>
/// <remarks>
/// A <see cref="FormatException"/>: the data is malformed, as opposed to an argument being out of range. Catch it to
/// show <see cref="Problems"/> to whoever supplied the file.
/// </remarks>
public sealed class HistoricalDataException : FormatException
{
    /// <summary>Creates the exception with no listed problems.</summary>
    public HistoricalDataException()
        : base("The historical price data is invalid.")
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and no listed problems.</summary>
    /// <param name="message">The message.</param>
    public HistoricalDataException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message, an inner exception and no listed problems.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HistoricalDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception for <paramref name="problems"/>; the message lists every one of them.</summary>
    /// <param name="problems">The problems, in the order found; at least one.</param>
    public HistoricalDataException(IReadOnlyList<HistoricalDataProblem> problems)
        : base(Describe(problems))
    {
        Problems = [.. problems];
    }

    /// <summary>Every problem found, in source order: by line, and within a line the timestamp first, then open, high, low and close (or price).</summary>
    public IReadOnlyList<HistoricalDataProblem> Problems { get; }

    private static string Describe(IReadOnlyList<HistoricalDataProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("must list at least one problem; got none.", nameof(problems));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Historical price data from '{problems[0].Source}' has {problems.Count} ")
            .Append(problems.Count == 1 ? "problem" : "problems")
            .Append("; nothing was loaded:");
        foreach (HistoricalDataProblem problem in problems)
        {
            text.AppendLine().Append("  ").Append(problem.ToString());
        }

        return text.ToString();
    }
}
