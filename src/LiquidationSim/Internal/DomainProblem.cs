using System.Diagnostics.CodeAnalysis;

namespace LiquidationSim.Internal;

/// <summary>Which kind of rule a <see cref="DomainProblem"/> breaks; it decides the exception a constructor throws for it.</summary>
internal enum DomainRule
{
    /// <summary>A required reference is null (<see cref="ArgumentNullException"/>).</summary>
    NotNull,

    /// <summary>A name is null, empty or white space (<see cref="ArgumentException"/>).</summary>
    NotBlank,

    /// <summary>A number must be greater than zero (<see cref="ArgumentOutOfRangeException"/>).</summary>
    Positive,

    /// <summary>A number must not be negative (<see cref="ArgumentOutOfRangeException"/>).</summary>
    NonNegative,

    /// <summary>Any other bound on a value (<see cref="ArgumentOutOfRangeException"/>).</summary>
    OutOfRange,

    /// <summary>Any other rule, such as a size off the lot grid (<see cref="ArgumentException"/>).</summary>
    Invalid,
}

/// <summary>
/// One broken rule of a domain type's inputs: the parameter (or property) it concerns, what the rule asks
/// (<see cref="Message"/>, e.g. "must be greater than zero") and the offending value.
/// </summary>
/// <remarks>
/// A domain type's static <c>Check</c> returns every problem of its inputs at once; its constructor throws the first
/// with <see cref="Throw"/>, and the scenario loader reports them all with JSON paths. The exception is the one
/// <see cref="Preconditions"/> would throw for the same rule, so moving a rule into a <c>Check</c> changes no caller.
/// </remarks>
/// <param name="Parameter">The constructor parameter (or property) the rule concerns.</param>
/// <param name="Message">What the rule asks, without the parameter name or value: "must be greater than zero".</param>
/// <param name="Value">The offending value.</param>
/// <param name="Rule">The kind of rule, which selects the exception type.</param>
internal readonly record struct DomainProblem(string Parameter, string Message, object? Value, DomainRule Rule)
{
    /// <summary>The message a thrown exception carries: "tickSize must be greater than zero; got 0.".</summary>
    public string Describe() => ThrowHelper.Describe(Parameter, Value, Message);

    /// <summary>Throws the exception <see cref="Preconditions"/> throws for this rule.</summary>
    [DoesNotReturn]
    public void Throw()
    {
        switch (Rule)
        {
            case DomainRule.NotNull:
                ThrowHelper.Null(Parameter);
                break;
            case DomainRule.NotBlank or DomainRule.Invalid:
                ThrowHelper.Argument(Parameter, Value, Message);
                break;
            default:
                ThrowHelper.OutOfRange(Parameter, Value, Message);
                break;
        }
    }

    /// <summary>Throws the first of <paramref name="problems"/>, if any.</summary>
    /// <param name="problems">What a <c>Check</c> returned.</param>
    public static void ThrowFirst(IReadOnlyList<DomainProblem> problems)
    {
        if (problems.Count > 0)
        {
            problems[0].Throw();
        }
    }
}

/// <summary>
/// The rules <see cref="Preconditions"/> applies, as problems to collect instead of exceptions. Each adds to a list
/// created on the first problem, so a <c>Check</c> of valid inputs allocates nothing.
/// </summary>
internal static class DomainChecks
{
    public static void Positive(ref List<DomainProblem>? problems, decimal value, string parameter)
    {
        if (value <= 0m)
        {
            Add(ref problems, new DomainProblem(parameter, Preconditions.PositiveRule, value, DomainRule.Positive));
        }
    }

    public static void NonNegative(ref List<DomainProblem>? problems, decimal value, string parameter)
    {
        if (value < 0m)
        {
            Add(ref problems, new DomainProblem(parameter, Preconditions.NonNegativeRule, value, DomainRule.NonNegative));
        }
    }

    public static void NotBlank(ref List<DomainProblem>? problems, string? value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(ref problems, new DomainProblem(parameter, Preconditions.NotBlankRule, value, DomainRule.NotBlank));
        }
    }

    public static void NotNull(ref List<DomainProblem>? problems, object? value, string parameter)
    {
        if (value is null)
        {
            Add(ref problems, new DomainProblem(parameter, "must not be null", null, DomainRule.NotNull));
        }
    }

    public static void Multiple(ref List<DomainProblem>? problems, decimal value, decimal step, string stepName, string parameter)
    {
        if (value % step != 0m)
        {
            Add(ref problems, new DomainProblem(parameter, Preconditions.MultipleRule(step, stepName), value, DomainRule.Invalid));
        }
    }

    public static void Add(ref List<DomainProblem>? problems, DomainProblem problem) => (problems ??= []).Add(problem);

    /// <summary>The problems found, or an empty list (no allocation) when there were none.</summary>
    public static IReadOnlyList<DomainProblem> Result(List<DomainProblem>? problems) => problems is null ? [] : problems;
}
