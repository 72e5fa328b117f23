using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LiquidationSim.Internal;

/// <summary>
/// Argument checks shared by every public entry point. Each check is small enough to inline; the
/// throwing paths live in <see cref="ThrowHelper"/> so hot methods stay small.
/// </summary>
internal static class Preconditions
{
    /// <summary>The rule text of <see cref="Positive"/>.</summary>
    internal const string PositiveRule = "must be greater than zero";

    /// <summary>The rule text of <see cref="NonNegative"/>.</summary>
    internal const string NonNegativeRule = "must not be negative";

    /// <summary>The rule text of <see cref="NotBlank"/>.</summary>
    internal const string NotBlankRule = "must not be empty";

    public static decimal Positive(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value <= 0m)
        {
            ThrowHelper.OutOfRange(paramName, value, PositiveRule);
        }

        return value;
    }

    public static decimal NonNegative(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0m)
        {
            ThrowHelper.OutOfRange(paramName, value, NonNegativeRule);
        }

        return value;
    }

    public static decimal Fraction(decimal value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 0m || value >= 1m)
        {
            ThrowHelper.OutOfRange(paramName, value, "must be at least 0 and below 1");
        }

        return value;
    }

    public static string NotBlank(string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ThrowHelper.Argument(paramName, value, NotBlankRule);
        }

        return value;
    }

    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class
    {
        if (value is null)
        {
            ThrowHelper.Null(paramName);
        }

        return value;
    }

    public static void Multiple(decimal value, decimal step, string stepName, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value % step != 0m)
        {
            ThrowHelper.Argument(paramName, value, MultipleRule(step, stepName));
        }
    }

    /// <summary>The rule text of <see cref="Multiple"/>: "must be a whole multiple of the lot size 0.001".</summary>
    internal static string MultipleRule(decimal step, string stepName) =>
        string.Create(CultureInfo.InvariantCulture, $"must be a whole multiple of the {stepName} {step}");
}

/// <summary>
/// Throw helpers marked <see cref="DoesNotReturnAttribute"/>, so callers need no dead-code returns and the
/// JIT keeps the throwing code out of line. Messages always name the parameter and the offending value.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void OutOfRange(string? paramName, object? value, string rule) =>
        throw new ArgumentOutOfRangeException(paramName, value, Describe(paramName, value, rule));

    [DoesNotReturn]
    public static void Argument(string? paramName, object? value, string rule) =>
        throw new ArgumentException(Describe(paramName, value, rule), paramName);

    [DoesNotReturn]
    public static void Null(string? paramName) =>
        throw new ArgumentNullException(paramName);

    [DoesNotReturn]
    public static T Argument<T>(string? paramName, object? value, string rule) =>
        throw new ArgumentException(Describe(paramName, value, rule), paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) =>
        throw new InvalidOperationException(message);

    internal static string Describe(string? paramName, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{paramName} {rule}; got {Format(value)}.");

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
