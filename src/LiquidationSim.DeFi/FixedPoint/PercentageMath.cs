namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// Aave v3's <c>PercentageMath</c>: values times or divided by a percentage in basis points
/// (<c>PERCENTAGE_FACTOR</c> = 1e4 = 100.00%), as LTV, liquidation threshold, liquidation bonus, protocol fee and close
/// factors are stored.
/// </summary>
/// <remarks>
/// <para>
/// Sources: aave-v3-core <c>contracts/protocol/libraries/math/PercentageMath.sol</c> (commit 782f519, v3.0–v3.4:
/// <see cref="PercentMul"/> and <see cref="PercentDiv"/>, half up) and aave-v3-origin
/// <c>src/contracts/protocol/libraries/math/PercentageMath.sol</c> (v3.5+ / v3.7: the <c>Floor</c> and <c>Ceil</c>
/// variants used by the liquidation logic).
/// </para>
/// <para>
/// As in the contracts, the numerator (<c>value*percentage</c>, plus the half for half-up; <c>value*1e4</c> for
/// the divisions) must fit in 256 bits, or the call throws <see cref="OverflowException"/>; a zero percentage as
/// divisor throws <see cref="DivideByZeroException"/>. Stateless; thread safe.
/// </para>
/// </remarks>
public static class PercentageMath
{
    private static readonly UInt256 s_factor = 10_000UL;
    private static readonly UInt256 s_half = 5_000UL;

    /// <summary><c>PERCENTAGE_FACTOR</c> = 1e4 (100.00%).</summary>
    public static UInt256 PercentageFactor => s_factor;

    /// <summary><c>HALF_PERCENTAGE_FACTOR</c> = 0.5e4 (50.00%).</summary>
    public static UInt256 HalfPercentageFactor => s_half;

    /// <summary><c>percentMul(value, percentage) = (value*percentage + 0.5e4) / 1e4</c>, half up (Aave v3.0+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points (10000 = 100%).</param>
    /// <returns>value × percentage / 100.00%, half up.</returns>
    /// <exception cref="OverflowException"><c>value*percentage + 0.5e4</c> ≥ 2^256.</exception>
    public static UInt256 PercentMul(UInt256 value, UInt256 percentage) =>
        WadRayMath.MulHalfUp(value, percentage, s_factor, s_half, "PercentageMath.percentMul");

    /// <summary><c>percentDiv(value, percentage) = (value*1e4 + percentage/2) / percentage</c>, half up (Aave v3.0+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points, not zero.</param>
    /// <returns>value × 100.00% / percentage, half up.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="percentage"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>value*1e4 + percentage/2</c> ≥ 2^256.</exception>
    public static UInt256 PercentDiv(UInt256 value, UInt256 percentage) =>
        WadRayMath.DivHalfUp(value, percentage, s_factor, "PercentageMath.percentDiv");

    /// <summary><c>percentMulFloor(value, percentage) = value*percentage / 1e4</c>, rounded down (aave-v3-origin v3.5+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points.</param>
    /// <returns>value × percentage / 100.00%, floor.</returns>
    /// <exception cref="OverflowException"><c>value*percentage</c> ≥ 2^256.</exception>
    public static UInt256 PercentMulFloor(UInt256 value, UInt256 percentage)
    {
        const string Operation = "PercentageMath.percentMulFloor";
        return UInt256.DivRem(UInt256.MultiplyChecked(value, percentage, Operation), s_factor, out _, Operation);
    }

    /// <summary><c>percentMulCeil(value, percentage) = ⌈value*percentage / 1e4⌉</c>, rounded up (aave-v3-origin v3.5+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points.</param>
    /// <returns>value × percentage / 100.00%, ceiling.</returns>
    /// <exception cref="OverflowException"><c>value*percentage</c> ≥ 2^256.</exception>
    public static UInt256 PercentMulCeil(UInt256 value, UInt256 percentage)
    {
        const string Operation = "PercentageMath.percentMulCeil";
        return WadRayMath.DivCeil(UInt256.MultiplyChecked(value, percentage, Operation), s_factor, Operation);
    }

    /// <summary><c>percentDivFloor(value, percentage) = value*1e4 / percentage</c>, rounded down (aave-v3-origin v3.5+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points, not zero.</param>
    /// <returns>value × 100.00% / percentage, floor.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="percentage"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>value*1e4</c> ≥ 2^256.</exception>
    public static UInt256 PercentDivFloor(UInt256 value, UInt256 percentage)
    {
        const string Operation = "PercentageMath.percentDivFloor";
        WadRayMath.CheckDivisor(percentage, Operation);
        return UInt256.DivRem(UInt256.MultiplyChecked(value, s_factor, Operation), percentage, out _, Operation);
    }

    /// <summary><c>percentDivCeil(value, percentage) = ⌈value*1e4 / percentage⌉</c>, rounded up (aave-v3-origin v3.5+).</summary>
    /// <param name="value">The value.</param>
    /// <param name="percentage">The percentage in basis points, not zero.</param>
    /// <returns>value × 100.00% / percentage, ceiling.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="percentage"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>value*1e4</c> ≥ 2^256.</exception>
    public static UInt256 PercentDivCeil(UInt256 value, UInt256 percentage)
    {
        const string Operation = "PercentageMath.percentDivCeil";
        WadRayMath.CheckDivisor(percentage, Operation);
        return WadRayMath.DivCeil(UInt256.MultiplyChecked(value, s_factor, Operation), percentage, Operation);
    }
}
