using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LiquidationSim.Reporting.Internal;

/// <summary>
/// The argument checks the writers need, with the same messages as the core's (a separate package cannot use the
/// core's internal helpers, and should not: the two ship and version separately).
/// </summary>
internal static class Preconditions
{
    public static string NotBlank(string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ThrowHelper.Argument(paramName, value, "must not be empty");
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
}

/// <summary>Throw helpers marked <see cref="DoesNotReturnAttribute"/>; messages name the parameter and the offending value.</summary>
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

    private static string Describe(string? paramName, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{paramName} {rule}; got {Format(value)}.");

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
