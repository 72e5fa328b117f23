namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// Compound v2's fixed-point helpers (compound-protocol <c>contracts/ExponentialNoError.sol</c>, commit a3214f6,
/// Solidity 0.8): an <c>Exp</c> is a mantissa scaled by <c>expScale</c> = 1e18, and every operation truncates
/// (rounds toward zero). Collateral factors, the close factor, the liquidation incentive, exchange rates and oracle
/// prices are all <c>Exp</c> mantissas.
/// </summary>
/// <remarks>
/// Mantissas are passed as <see cref="UInt256"/>. Intermediate products are Solidity 0.8 checked arithmetic: one that
/// does not fit in 256 bits throws <see cref="OverflowException"/>, a zero divisor
/// <see cref="DivideByZeroException"/>, as the contract reverts. Stateless; thread safe.
/// </remarks>
public static class ExponentialNoError
{
    private static readonly UInt256 s_expScale = UInt256.Pow10(18);

    /// <summary><c>expScale</c> = 1e18, the mantissa of 1.0.</summary>
    public static UInt256 ExpScale => s_expScale;

    /// <summary><c>truncate(Exp exp) = exp.mantissa / 1e18</c>: the integer part, rounded down.</summary>
    /// <param name="exp">An <c>Exp</c> mantissa.</param>
    /// <returns>The truncated integer.</returns>
    public static UInt256 Truncate(UInt256 exp) => UInt256.DivRem(exp, s_expScale, out _, "ExponentialNoError.truncate");

    /// <summary>
    /// <c>mul_ScalarTruncate(Exp a, uint scalar) = a.mantissa*scalar / 1e18</c>, rounded down: an <c>Exp</c> applied
    /// to an integer amount (for example <c>truncate(price * amount)</c>, <c>truncate(closeFactor * borrowBalance)</c>).
    /// </summary>
    /// <param name="a">An <c>Exp</c> mantissa.</param>
    /// <param name="scalar">An integer amount.</param>
    /// <returns>The truncated product.</returns>
    /// <exception cref="OverflowException"><c>a*scalar</c> ≥ 2^256.</exception>
    public static UInt256 MulScalarTruncate(UInt256 a, UInt256 scalar)
    {
        const string Operation = "ExponentialNoError.mul_ScalarTruncate";
        return UInt256.DivRem(UInt256.MultiplyChecked(a, scalar, Operation), s_expScale, out _, Operation);
    }

    /// <summary><c>mul_ScalarTruncateAddUInt(Exp a, uint scalar, uint addend) = a.mantissa*scalar/1e18 + addend</c>, the product rounded down.</summary>
    /// <param name="a">An <c>Exp</c> mantissa.</param>
    /// <param name="scalar">An integer amount.</param>
    /// <param name="addend">An integer amount added after truncation.</param>
    /// <returns>The truncated product plus <paramref name="addend"/>.</returns>
    /// <exception cref="OverflowException"><c>a*scalar</c> or the sum ≥ 2^256.</exception>
    public static UInt256 MulScalarTruncateAddUInt(UInt256 a, UInt256 scalar, UInt256 addend) => MulScalarTruncate(a, scalar) + addend;

    /// <summary>
    /// <c>mul_(Exp a, Exp b) = Exp(a.mantissa*b.mantissa / 1e18)</c>, rounded down. Also <c>mul_(uint a, Exp b)</c>,
    /// which computes the same number.
    /// </summary>
    /// <param name="a">An <c>Exp</c> mantissa.</param>
    /// <param name="b">An <c>Exp</c> mantissa.</param>
    /// <returns>The product's mantissa, truncated.</returns>
    /// <exception cref="OverflowException"><c>a*b</c> ≥ 2^256.</exception>
    public static UInt256 Mul(UInt256 a, UInt256 b)
    {
        const string Operation = "ExponentialNoError.mul_";
        return UInt256.DivRem(UInt256.MultiplyChecked(a, b, Operation), s_expScale, out _, Operation);
    }

    /// <summary>
    /// <c>div_(Exp a, Exp b) = Exp(a.mantissa*1e18 / b.mantissa)</c>, rounded down. Also <c>div_(uint a, Exp b)</c>,
    /// which computes the same number.
    /// </summary>
    /// <remarks>
    /// This is not Compound's <c>fraction(a, b)</c>: that one returns a <c>Double</c>, <c>a*1e36 / b</c> (scaled by
    /// <c>doubleScale</c>, compound-protocol <c>contracts/ExponentialNoError.sol</c>), so <c>fraction(1, 1)</c> is 1e36
    /// where <c>Div(1, 1)</c> is 1e18, and <c>fraction</c> reverts as soon as <c>a*1e36</c> overflows, for smaller
    /// <c>a</c> than here. The library has no <c>fraction</c>.
    /// </remarks>
    /// <param name="a">An <c>Exp</c> mantissa.</param>
    /// <param name="b">An <c>Exp</c> mantissa, not zero.</param>
    /// <returns>The quotient's mantissa, truncated.</returns>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    /// <exception cref="OverflowException"><c>a*1e18</c> ≥ 2^256.</exception>
    public static UInt256 Div(UInt256 a, UInt256 b)
    {
        const string Operation = "ExponentialNoError.div_";
        UInt256 scaled = UInt256.MultiplyChecked(a, s_expScale, Operation);
        return UInt256.DivRem(scaled, b, out _, Operation);
    }
}
