using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// Aave v3's <c>WadRayMath</c>: products and quotients of wads (18 decimals) and rays (27 decimals), with each
/// rounding the protocol uses, reproduced to the last unit including when the contract reverts.
/// </summary>
/// <remarks>
/// <para>
/// Sources: aave-v3-core <c>contracts/protocol/libraries/math/WadRayMath.sol</c> (commit 782f519, Aave v3.0–v3.4:
/// the half-up functions) and aave-v3-origin <c>src/contracts/protocol/libraries/math/WadRayMath.sol</c> (v3.5.0 and
/// later: the <c>Floor</c>/<c>Ceil</c> variants that <c>TokenMath</c> uses — collateral balances round down, debt
/// balances up).
/// </para>
/// <para>
/// "Half-up" is the libraries' "if a value is &gt;= .5, will be rounded up, otherwise rounded down". The contracts
/// compute the rounded numerator (<c>a*b + HALF</c> or <c>a*UNIT + b/2</c>) in 256 bits and revert when it does not
/// fit, even where the final result would; these methods do the same and throw <see cref="OverflowException"/>.
/// A zero divisor throws <see cref="DivideByZeroException"/> (the contracts revert). Stateless; thread safe.
/// </para>
/// </remarks>
public static class WadRayMath
{
    private static readonly UInt256 s_wad = UInt256.Pow10(18);
    private static readonly UInt256 s_halfWad = UInt256.Pow10(18) / 2UL;
    private static readonly UInt256 s_ray = UInt256.Pow10(27);
    private static readonly UInt256 s_halfRay = UInt256.Pow10(27) / 2UL;

    /// <summary><c>WAD</c> = 1e18, one in wad units.</summary>
    public static UInt256 Wad => s_wad;

    /// <summary><c>HALF_WAD</c> = 0.5e18.</summary>
    public static UInt256 HalfWad => s_halfWad;

    /// <summary><c>RAY</c> = 1e27, one in ray units.</summary>
    public static UInt256 Ray => s_ray;

    /// <summary><c>HALF_RAY</c> = 0.5e27.</summary>
    public static UInt256 HalfRay => s_halfRay;

    /// <summary><c>WAD_RAY_RATIO</c> = 1e9.</summary>
    public static UInt256 WadRayRatio => 1_000_000_000UL;

    /// <summary><c>wadMul(a, b) = (a*b + HALF_WAD) / WAD</c>: product of two wads, rounded half up (Aave v3.0+).</summary>
    /// <param name="a">A wad.</param>
    /// <param name="b">A wad.</param>
    /// <returns>a·b in wad, half up.</returns>
    /// <exception cref="OverflowException"><c>a*b + HALF_WAD</c> ≥ 2^256 (the contract reverts when <c>a &gt; (max − HALF_WAD) / b</c>).</exception>
    public static UInt256 WadMul(UInt256 a, UInt256 b) => MulHalfUp(a, b, s_wad, s_halfWad, "WadRayMath.wadMul");

    /// <summary><c>wadDiv(a, b) = (a*WAD + b/2) / b</c>: quotient of two wads, rounded half up (Aave v3.0+).</summary>
    /// <param name="a">A wad.</param>
    /// <param name="b">A wad, not zero.</param>
    /// <returns>a/b in wad, half up.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*WAD + b/2</c> ≥ 2^256 (the contract reverts when <c>a &gt; (max − b/2) / WAD</c>).</exception>
    public static UInt256 WadDiv(UInt256 a, UInt256 b) => DivHalfUp(a, b, s_wad, "WadRayMath.wadDiv");

    /// <summary><c>rayMul(a, b) = (a*b + HALF_RAY) / RAY</c>: product of two rays, rounded half up (Aave v3.0+).</summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray.</param>
    /// <returns>a·b in ray, half up.</returns>
    /// <exception cref="OverflowException"><c>a*b + HALF_RAY</c> ≥ 2^256.</exception>
    public static UInt256 RayMul(UInt256 a, UInt256 b) => MulHalfUp(a, b, s_ray, s_halfRay, "WadRayMath.rayMul");

    /// <summary><c>rayDiv(a, b) = (a*RAY + b/2) / b</c>: quotient of two rays, rounded half up (Aave v3.0+).</summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray, not zero.</param>
    /// <returns>a/b in ray, half up.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*RAY + b/2</c> ≥ 2^256.</exception>
    public static UInt256 RayDiv(UInt256 a, UInt256 b) => DivHalfUp(a, b, s_ray, "WadRayMath.rayDiv");

    /// <summary>
    /// <c>rayMulFloor(a, b) = a*b / RAY</c>, rounded down (aave-v3-origin v3.5+; <c>TokenMath</c> uses it for
    /// aToken balances: scaled balance × liquidity index).
    /// </summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray.</param>
    /// <returns>a·b in ray, floor.</returns>
    /// <exception cref="OverflowException"><c>a*b</c> ≥ 2^256.</exception>
    public static UInt256 RayMulFloor(UInt256 a, UInt256 b) =>
        UInt256.DivRem(UInt256.MultiplyChecked(a, b, "WadRayMath.rayMulFloor"), s_ray, out _, "WadRayMath.rayMulFloor");

    /// <summary>
    /// <c>rayMulCeil(a, b) = ⌈a*b / RAY⌉</c>, rounded up (aave-v3-origin v3.5+; <c>TokenMath</c> uses it for
    /// variable-debt balances: scaled debt × variable borrow index).
    /// </summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray.</param>
    /// <returns>a·b in ray, ceiling.</returns>
    /// <exception cref="OverflowException"><c>a*b</c> ≥ 2^256.</exception>
    public static UInt256 RayMulCeil(UInt256 a, UInt256 b) =>
        DivCeil(UInt256.MultiplyChecked(a, b, "WadRayMath.rayMulCeil"), s_ray, "WadRayMath.rayMulCeil");

    /// <summary>
    /// <c>rayDivFloor(a, b) = a*RAY / b</c>, rounded down (aave-v3-origin v3.5+; aToken mint and vToken burn
    /// scaled amounts).
    /// </summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray, not zero.</param>
    /// <returns>a/b in ray, floor.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*RAY</c> ≥ 2^256.</exception>
    public static UInt256 RayDivFloor(UInt256 a, UInt256 b)
    {
        const string Operation = "WadRayMath.rayDivFloor";
        CheckDivisor(b, Operation);
        return UInt256.DivRem(UInt256.MultiplyChecked(a, s_ray, Operation), b, out _, Operation);
    }

    /// <summary>
    /// <c>rayDivCeil(a, b) = ⌈a*RAY / b⌉</c>, rounded up (aave-v3-origin v3.5+; aToken burn/transfer and vToken
    /// mint scaled amounts).
    /// </summary>
    /// <param name="a">A ray.</param>
    /// <param name="b">A ray, not zero.</param>
    /// <returns>a/b in ray, ceiling.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*RAY</c> ≥ 2^256.</exception>
    public static UInt256 RayDivCeil(UInt256 a, UInt256 b)
    {
        const string Operation = "WadRayMath.rayDivCeil";
        CheckDivisor(b, Operation);
        return DivCeil(UInt256.MultiplyChecked(a, s_ray, Operation), b, Operation);
    }

    /// <summary>
    /// <c>rayToWad(a)</c>: a ray as a wad, <c>a / 1e9</c> plus one when the remainder is at least 0.5e9 (half up;
    /// Aave v3.0+). Never reverts.
    /// </summary>
    /// <param name="a">A ray.</param>
    /// <returns>The wad, half up.</returns>
    public static UInt256 RayToWad(UInt256 a)
    {
        UInt256 wad = UInt256.DivRem(a, 1_000_000_000u, out uint remainder);
        return remainder >= 500_000_000u ? wad.Increment("WadRayMath.rayToWad") : wad;
    }

    /// <summary><c>wadToRay(a) = a * 1e9</c>: a wad as a ray, exact (Aave v3.0+).</summary>
    /// <param name="a">A wad.</param>
    /// <returns>The ray.</returns>
    /// <exception cref="OverflowException"><c>a*1e9</c> ≥ 2^256.</exception>
    public static UInt256 WadToRay(UInt256 a) => UInt256.MultiplyChecked(a, 1_000_000_000UL, "WadRayMath.wadToRay");

    internal static UInt256 MulHalfUp(in UInt256 a, in UInt256 b, in UInt256 unit, in UInt256 half, string operation)
    {
        UInt256 product = UInt256.MultiplyChecked(a, b, operation);
        if (!UInt256.TryAdd(product, half, out UInt256 rounded))
        {
            ThrowHelper.Overflow(operation);
        }

        return UInt256.DivRem(rounded, unit, out _, operation);
    }

    internal static UInt256 DivHalfUp(in UInt256 a, in UInt256 b, in UInt256 unit, string operation)
    {
        CheckDivisor(b, operation);
        UInt256 scaled = UInt256.MultiplyChecked(a, unit, operation);
        if (!UInt256.TryAdd(scaled, UInt256.DivRem(b, 2u, out _), out UInt256 rounded))
        {
            ThrowHelper.Overflow(operation);
        }

        return UInt256.DivRem(rounded, b, out _, operation);
    }

    internal static UInt256 DivCeil(in UInt256 numerator, in UInt256 divisor, string operation)
    {
        UInt256 quotient = UInt256.DivRem(numerator, divisor, out UInt256 remainder, operation);
        return remainder.IsZero ? quotient : quotient.Increment(operation);
    }

    internal static void CheckDivisor(in UInt256 divisor, string operation)
    {
        if (divisor.IsZero)
        {
            ThrowHelper.DivideByZero(operation);
        }
    }
}
