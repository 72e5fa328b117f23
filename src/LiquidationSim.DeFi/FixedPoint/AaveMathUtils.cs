namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// The integer helper of Aave v3.5+'s <c>MathUtils</c> (aave-v3-origin
/// <c>src/contracts/protocol/libraries/math/MathUtils.sol</c>): <c>mulDivCeil</c>, used to value debt in base
/// currency rounding up.
/// </summary>
/// <remarks>Stateless; thread safe.</remarks>
public static class AaveMathUtils
{
    /// <summary>
    /// <c>mulDivCeil(a, b, c) = ⌈a*b / c⌉</c>, rounded up. Unlike <see cref="FullMath.MulDivRoundingUp"/>, the
    /// product <c>a*b</c> must fit in 256 bits, as in the contract.
    /// </summary>
    /// <param name="a">The multiplicand.</param>
    /// <param name="b">The multiplier.</param>
    /// <param name="c">The divisor, not zero.</param>
    /// <returns>The ceiling of a·b/c.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="c"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*b</c> ≥ 2^256.</exception>
    public static UInt256 MulDivCeil(UInt256 a, UInt256 b, UInt256 c)
    {
        const string Operation = "MathUtils.mulDivCeil";
        WadRayMath.CheckDivisor(c, Operation);
        return WadRayMath.DivCeil(UInt256.MultiplyChecked(a, b, Operation), c, Operation);
    }
}
