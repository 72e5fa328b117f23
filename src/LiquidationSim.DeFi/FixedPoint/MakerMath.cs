namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// MakerDAO dss's units and integer helpers (makerdao/dss, commit fa4f663): wad (1e18), ray (1e27) and rad (1e45,
/// a wad times a ray), the truncating <c>wmul</c>/<c>rmul</c>/<c>rdiv</c> of <c>clip.sol</c> and <c>abaci.sol</c>,
/// and <c>rpow</c>, the exponentiation by squaring of <c>jug.sol</c> and <c>abaci.sol</c>.
/// </summary>
/// <remarks>
/// These are dss's helpers, not ds-math's (ds-math's <c>wmul</c>/<c>rmul</c> round half up; dss's Clipper and price
/// curves truncate). Products are checked as in the contracts (<c>require(y == 0 || (z = x * y) / y == x)</c>):
/// one that does not fit in 256 bits throws <see cref="OverflowException"/>; a zero divisor in
/// <see cref="Rdiv"/> throws <see cref="DivideByZeroException"/>. Stateless; thread safe.
/// </remarks>
public static class MakerMath
{
    private static readonly UInt256 s_wad = UInt256.Pow10(18);
    private static readonly UInt256 s_ray = UInt256.Pow10(27);
    private static readonly UInt256 s_rad = UInt256.Pow10(45);
    private static readonly UInt256 s_maxSquarable = new(0, 0, 1, 0);

    /// <summary><c>WAD</c> = 1e18 (collateral amounts <c>ink</c>, <c>lot</c>; normalised debt <c>art</c>; <c>chop</c>, <c>chip</c>).</summary>
    public static UInt256 Wad => s_wad;

    /// <summary><c>RAY</c> = 1e27 (<c>rate</c>, <c>spot</c>, auction prices <c>top</c>, <c>buf</c>, <c>cusp</c>, <c>cut</c>).</summary>
    public static UInt256 Ray => s_ray;

    /// <summary><c>RAD</c> = 1e45, wad × ray (DAI debt in the Vat: <c>tab</c>, <c>dust</c>, <c>hole</c>, <c>Hole</c>, <c>tip</c>).</summary>
    public static UInt256 Rad => s_rad;

    /// <summary><c>wmul(x, y) = x*y / WAD</c>, rounded down (dss <c>clip.sol</c>: the keeper's <c>wmul(tab, chip)</c>).</summary>
    /// <param name="x">The first factor.</param>
    /// <param name="y">A wad.</param>
    /// <returns>x·y/1e18, floor.</returns>
    /// <exception cref="OverflowException"><c>x*y</c> ≥ 2^256.</exception>
    public static UInt256 Wmul(UInt256 x, UInt256 y) =>
        UInt256.DivRem(UInt256.MultiplyChecked(x, y, "dss.wmul"), s_wad, out _, "dss.wmul");

    /// <summary><c>rmul(x, y) = x*y / RAY</c>, rounded down (dss <c>clip.sol</c>, <c>abaci.sol</c>, <c>jug.sol</c>).</summary>
    /// <param name="x">The first factor.</param>
    /// <param name="y">A ray.</param>
    /// <returns>x·y/1e27, floor.</returns>
    /// <exception cref="OverflowException"><c>x*y</c> ≥ 2^256.</exception>
    public static UInt256 Rmul(UInt256 x, UInt256 y) =>
        UInt256.DivRem(UInt256.MultiplyChecked(x, y, "dss.rmul"), s_ray, out _, "dss.rmul");

    /// <summary><c>rdiv(x, y) = x*RAY / y</c>, rounded down (dss <c>clip.sol</c>, <c>spot.sol</c>).</summary>
    /// <param name="x">The dividend.</param>
    /// <param name="y">The divisor, not zero.</param>
    /// <returns>x·1e27/y, floor.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="y"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>x*RAY</c> ≥ 2^256.</exception>
    public static UInt256 Rdiv(UInt256 x, UInt256 y)
    {
        WadRayMath.CheckDivisor(y, "dss.rdiv");
        return UInt256.DivRem(UInt256.MultiplyChecked(x, s_ray, "dss.rdiv"), y, out _, "dss.rdiv");
    }

    /// <summary>
    /// <c>rpow(x, n, b)</c>: x^n for x in fixed point with base <paramref name="b"/> (a ray: <c>b</c> = RAY), by
    /// squaring, rounding half up after every squaring and every multiplication (dss <c>jug.sol</c> and
    /// <c>abaci.sol</c>, the version from dss PR #78). The price curves use it as <c>rpow(cut, steps, RAY)</c> and the
    /// Jug as <c>rpow(duty, elapsed, RAY)</c>.
    /// </summary>
    /// <param name="x">The base, in units of <paramref name="b"/>.</param>
    /// <param name="n">The exponent (an integer, not fixed point).</param>
    /// <param name="b">The fixed-point unit (RAY).</param>
    /// <returns>
    /// <paramref name="b"/> when <paramref name="n"/> is 0 (also for x = 0); 0 when <paramref name="x"/> is 0;
    /// otherwise <c>z</c> from the loop
    /// <c>z = n odd ? x : b; for (n /= 2; n != 0; n /= 2) { x = (x*x + b/2) / b; if (n odd) z = (z*x + b/2) / b; }</c>.
    /// As in the EVM, dividing by <paramref name="b"/> = 0 gives 0 rather than reverting.
    /// </returns>
    /// <exception cref="OverflowException">
    /// A squaring is needed while x ≥ 2^128, or <c>x*x + b/2</c>, <c>z*x</c> or <c>z*x + b/2</c> does not fit in
    /// 256 bits (the contracts <c>revert(0, 0)</c>).
    /// </exception>
    public static UInt256 Rpow(UInt256 x, UInt256 n, UInt256 b)
    {
        const string Operation = "dss.rpow";
        if (n.IsZero)
        {
            return b;
        }

        if (x.IsZero)
        {
            return default;
        }

        UInt256 z = n.IsOdd ? x : b;
        UInt256 half = UInt256.DivRem(b, 2u, out _);
        for (n = n.ShiftRightOne(); !n.IsZero; n = n.ShiftRightOne())
        {
            if (x >= s_maxSquarable)
            {
                return Overflow();
            }

            UInt256.MultiplyFull(x, x, out UInt256 xx, out _);
            if (!UInt256.TryAdd(xx, half, out UInt256 xxRound))
            {
                return Overflow();
            }

            x = EvmDiv(xxRound, b);
            if (n.IsOdd)
            {
                UInt256.MultiplyFull(z, x, out UInt256 zx, out UInt256 zxHigh);
                if (!zxHigh.IsZero || !UInt256.TryAdd(zx, half, out UInt256 zxRound))
                {
                    return Overflow();
                }

                z = EvmDiv(zxRound, b);
            }
        }

        return z;

        static UInt256 Overflow() => Internal.ThrowHelper.Overflow<UInt256>(Operation);
    }

    private static UInt256 EvmDiv(in UInt256 x, in UInt256 b) => b.IsZero ? default : UInt256.DivRem(x, b, out _, "dss.rpow");
}
