using System.Collections.Immutable;

namespace LiquidationSim.Kernel;

/// <summary>One problem found in a scenario file.</summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>$.liquidity.BTCUSDT.bids[2].size</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public readonly record struct ScenarioProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A scenario file failed validation; <see cref="Problems"/> lists every problem found, each with its JSON path.</summary>
public sealed class ScenarioValidationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">The problems, in document order; at least one.</param>
    public ScenarioValidationException(IEnumerable<ScenarioProblem> problems)
        : this(problems.ToImmutableArray())
    {
    }

    private ScenarioValidationException(ImmutableArray<ScenarioProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in document order.</summary>
    public ImmutableArray<ScenarioProblem> Problems { get; }

    private static string Describe(ImmutableArray<ScenarioProblem> problems) =>
        $"The scenario has {problems.Length} problem{(problems.Length == 1 ? "" : "s")}:{Environment.NewLine}"
        + string.Join(Environment.NewLine, problems.Select(p => "  " + p.ToString()));
}
