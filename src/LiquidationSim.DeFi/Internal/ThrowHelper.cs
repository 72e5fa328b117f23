using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LiquidationSim.DeFi.Internal;

/// <summary>
/// Throw helpers marked <see cref="DoesNotReturnAttribute"/>, so the fixed-point hot paths stay small and the JIT keeps
/// the throwing code out of line. Arithmetic that would revert on chain throws <see cref="OverflowException"/> or
/// <see cref="DivideByZeroException"/>; bad arguments throw <see cref="ArgumentException"/> naming the parameter.
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Overflow(string operation) =>
        throw new OverflowException(string.Create(CultureInfo.InvariantCulture, $"{operation}: the result does not fit in uint256 (reverts on chain)."));

    [DoesNotReturn]
    public static T Overflow<T>(string operation) =>
        throw new OverflowException(string.Create(CultureInfo.InvariantCulture, $"{operation}: the result does not fit in uint256 (reverts on chain)."));

    [DoesNotReturn]
    public static void DivideByZero(string operation) =>
        throw new DivideByZeroException(string.Create(CultureInfo.InvariantCulture, $"{operation}: division by zero (reverts on chain)."));

    [DoesNotReturn]
    public static void OutOfRange(string? paramName, object? value, string rule) =>
        throw new ArgumentOutOfRangeException(paramName, value, Describe(paramName, value, rule));

    [DoesNotReturn]
    public static void Argument(string? paramName, object? value, string rule) =>
        throw new ArgumentException(Describe(paramName, value, rule), paramName);

    [DoesNotReturn]
    public static void Format(string? text, string rule) =>
        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"\"{text}\" is not a uint256: {rule}."));

    internal static string Describe(string? paramName, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{paramName} {rule}; got {FormatValue(value)}.");

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
