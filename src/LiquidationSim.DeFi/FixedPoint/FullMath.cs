namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// <c>x*y/d</c> with a full 512-bit intermediate product, so only the final result has to fit in 256 bits: Uniswap
/// v3-core <c>contracts/libraries/FullMath.sol</c> (<c>mulDiv</c>, <c>mulDivRoundingUp</c>), equivalently
/// OpenZeppelin <c>Math.mulDiv(x, y, d, Rounding.Floor | Rounding.Ceil)</c>.
/// </summary>
/// <remarks>
/// Contrast <see cref="AaveMathUtils.MulDivCeil"/>, whose product must fit in 256 bits. The result is exact
/// (<see cref="MulDiv"/> is the floor of the true quotient, <see cref="MulDivRoundingUp"/> the ceiling).
/// Stateless; thread safe.
/// </remarks>
public static class FullMath
{
    /// <summary><c>⌊x*y / denominator⌋</c> with a 512-bit intermediate (<c>FullMath.mulDiv</c>), rounded down.</summary>
    /// <param name="x">The multiplicand.</param>
    /// <param name="y">The multiplier.</param>
    /// <param name="denominator">The divisor, not zero.</param>
    /// <returns>The floor of x·y/denominator.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="denominator"/> is zero.</exception>
    /// <exception cref="OverflowException">The result is 2^256 or more.</exception>
    public static UInt256 MulDiv(UInt256 x, UInt256 y, UInt256 denominator)
    {
        const string Operation = "FullMath.mulDiv";
        WadRayMath.CheckDivisor(denominator, Operation);
        UInt256.MultiplyFull(x, y, out UInt256 low, out UInt256 high);
        return UInt256.DivRem(low, high, denominator, out _, Operation);
    }

    /// <summary><c>⌈x*y / denominator⌉</c> with a 512-bit intermediate (<c>FullMath.mulDivRoundingUp</c>), rounded up.</summary>
    /// <param name="x">The multiplicand.</param>
    /// <param name="y">The multiplier.</param>
    /// <param name="denominator">The divisor, not zero.</param>
    /// <returns>The ceiling of x·y/denominator.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="denominator"/> is zero.</exception>
    /// <exception cref="OverflowException">The result is 2^256 or more.</exception>
    public static UInt256 MulDivRoundingUp(UInt256 x, UInt256 y, UInt256 denominator)
    {
        const string Operation = "FullMath.mulDivRoundingUp";
        WadRayMath.CheckDivisor(denominator, Operation);
        UInt256.MultiplyFull(x, y, out UInt256 low, out UInt256 high);
        UInt256 quotient = UInt256.DivRem(low, high, denominator, out UInt256 remainder, Operation);
        return remainder.IsZero ? quotient : quotient.Increment(Operation);
    }
}
