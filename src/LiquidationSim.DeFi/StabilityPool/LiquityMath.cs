using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// Liquity v1's collateral-ratio arithmetic: 18-decimal fixed point with floor division, as in
/// <c>packages/contracts/contracts/Dependencies/LiquityMath.sol</c> and <c>BaseMath.sol</c> of liquity/dev at commit
/// bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14 (the last pre-launch commit touching the deployed v1 logic).
/// </summary>
/// <remarks>Pure functions; thread safe.</remarks>
public static class LiquityMath
{
    /// <summary>1e18: one unit of ETH, LUSD, price or ratio (<c>DECIMAL_PRECISION</c>, also <c>_100pct</c>).</summary>
    public static readonly UInt256 DecimalPrecision = UInt256.Pow10(18);

    /// <summary>1e20: the scale of the nominal collateral ratio (<c>NICR_PRECISION</c>).</summary>
    public static readonly UInt256 NicrPrecision = UInt256.Pow10(20);

    /// <summary>1e9: the stability pool's scale factor for the running product P (<c>StabilityPool.SCALE_FACTOR</c>).</summary>
    public static readonly UInt256 ScaleFactor = UInt256.Pow10(9);

    /// <summary>
    /// A collateral ratio at a price, <c>coll · price / debt</c> floored (<c>LiquityMath._computeCR</c>); with no debt the
    /// contract returns 2^256 − 1, an "infinite" ratio, and so does this.
    /// </summary>
    /// <param name="collateral">Collateral in wei.</param>
    /// <param name="debt">Debt in LUSD wei.</param>
    /// <param name="price">ETH:USD price, 18 decimals.</param>
    /// <returns>The ratio, 18 decimals (1e18 is 100 %).</returns>
    /// <exception cref="OverflowException"><c>coll · price</c> does not fit in uint256 (the contract reverts).</exception>
    public static UInt256 ComputeCR(UInt256 collateral, UInt256 debt, UInt256 price) =>
        debt.IsZero ? UInt256.MaxValue : collateral * price / debt;

    /// <summary>
    /// The nominal collateral ratio <c>coll · 1e20 / debt</c> floored, independent of price, which orders the sorted trove
    /// list (<c>LiquityMath._computeNominalCR</c>); 2^256 − 1 with no debt.
    /// </summary>
    /// <param name="collateral">Collateral in wei.</param>
    /// <param name="debt">Debt in LUSD wei.</param>
    /// <returns>The nominal ratio, 20 decimals.</returns>
    /// <exception cref="OverflowException"><c>coll · 1e20</c> does not fit in uint256.</exception>
    public static UInt256 ComputeNominalCR(UInt256 collateral, UInt256 debt) =>
        debt.IsZero ? UInt256.MaxValue : collateral * NicrPrecision / debt;

    /// <summary>
    /// Multiplies two 18-decimal numbers rounding half up, <c>(x · y + 1e18/2) / 1e18</c> (<c>LiquityMath.decMul</c>, used
    /// by the contracts only inside <c>_decPow</c> for fee decay).
    /// </summary>
    /// <param name="x">The first factor, 18 decimals.</param>
    /// <param name="y">The second factor, 18 decimals.</param>
    /// <returns>The product, 18 decimals.</returns>
    /// <exception cref="OverflowException">The product does not fit in uint256.</exception>
    public static UInt256 DecMul(UInt256 x, UInt256 y) => ((x * y) + (DecimalPrecision / 2UL)) / DecimalPrecision;
}
