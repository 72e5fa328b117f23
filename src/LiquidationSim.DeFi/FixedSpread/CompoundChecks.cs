using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Argument checks shared by the Compound v2 and Comet models. Each throws before anything is built, naming the
/// parameter and the value it refused, so a refused input never leaves a half-made state behind.
/// </summary>
internal static class CompoundChecks
{
    private static readonly BigInteger s_int104Max = (BigInteger.One << 103) - 1;
    private static readonly BigInteger s_int104Min = -(BigInteger.One << 103);
    private static readonly BigInteger s_int256Max = (BigInteger.One << 255) - 1;
    private static readonly BigInteger s_int256Min = -(BigInteger.One << 255);

    public static string Name(string? value, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ThrowHelper.Argument(paramName, value, "must be a non-empty name");
        }

        return value;
    }

    public static UInt256 Positive(UInt256 value, string paramName)
    {
        if (value.IsZero)
        {
            ThrowHelper.OutOfRange(paramName, value, "must be greater than zero");
        }

        return value;
    }

    public static UInt256 AtMost(UInt256 value, UInt256 max, string paramName, string rule)
    {
        if (value > max)
        {
            ThrowHelper.OutOfRange(paramName, value, rule);
        }

        return value;
    }

    public static UInt256 Below(UInt256 value, UInt256 bound, string paramName, string rule)
    {
        if (value >= bound)
        {
            ThrowHelper.OutOfRange(paramName, value, rule);
        }

        return value;
    }

    public static int Decimals(int value, int max, string paramName) => Decimals(value, 0, max, paramName);

    public static int Decimals(int value, int min, int max, string paramName)
    {
        if (value < min || value > max)
        {
            ThrowHelper.OutOfRange(paramName, value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
        }

        return value;
    }

    public static BigInteger Int104(BigInteger value, string paramName)
    {
        if (value < s_int104Min || value > s_int104Max)
        {
            ThrowHelper.OutOfRange(paramName, value, "must fit in int104 (Comet stores principals as int104)");
        }

        return value;
    }

    /// <summary>Solidity 0.8 checked <c>int256</c>: a result outside the range reverts.</summary>
    public static BigInteger CheckedInt256(BigInteger value, string operation)
    {
        if (value < s_int256Min || value > s_int256Max)
        {
            ThrowHelper.Overflow(operation);
        }

        return value;
    }

    /// <summary>Solidity 0.8 checked <c>uint256</c> from a signed intermediate (Comet's <c>unsigned256</c> and friends).</summary>
    public static UInt256 ToUInt256(BigInteger value, string operation)
    {
        if (value.Sign < 0 || value >= (BigInteger.One << 256))
        {
            ThrowHelper.Overflow(operation);
        }

        return (UInt256)value;
    }
}
