using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Morpho Blue's integer arithmetic and constants: <c>MathLib</c> (WAD fixed point, <c>mulDivDown</c> /
/// <c>mulDivUp</c>, <c>wTaylorCompounded</c>), <c>SharesMathLib</c> (virtual shares and assets) and
/// <c>ConstantsLib</c>, each with the library's own rounding direction.
/// </summary>
/// <remarks>
/// <para>
/// Source: morpho-org/morpho-blue tag v1.0.0, commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad (the deployed
/// version; the arithmetic is unchanged at commit 3085651a79553bbabbfd8be309c262dab45b686e):
/// <c>src/libraries/MathLib.sol</c>, <c>src/libraries/SharesMathLib.sol</c>, <c>src/libraries/ConstantsLib.sol</c>,
/// <c>src/libraries/UtilsLib.sol</c>.
/// </para>
/// <para>
/// Unlike <see cref="FullMath"/>, Morpho's <c>mulDivDown(x, y, d) = (x·y)/d</c> has no 512-bit intermediate: the
/// product itself must fit in 256 bits, or the checked multiplication reverts. <c>mulDivUp(x, y, d) = (x·y + (d − 1))/d</c>
/// additionally reverts when <c>x·y + d − 1</c> overflows, and with <c>d = 0</c> on the underflow of <c>d − 1</c>
/// (Solidity panic 0x11, not the division-by-zero panic). Both revert cases throw <see cref="OverflowException"/> here,
/// a zero divisor in <c>mulDivDown</c> throws <see cref="DivideByZeroException"/>. Stateless; thread safe.
/// </para>
/// </remarks>
public static class MorphoMath
{
    private static readonly UInt256 s_wad = UInt256.Pow10(18);
    private static readonly UInt256 s_twoWad = s_wad * 2UL;
    private static readonly UInt256 s_threeWad = s_wad * 3UL;
    private static readonly UInt256 s_oraclePriceScale = UInt256.Pow10(36);
    private static readonly UInt256 s_liquidationCursor = 300_000_000_000_000_000UL;
    private static readonly UInt256 s_maxLiquidationIncentiveFactor = 1_150_000_000_000_000_000UL;
    private static readonly UInt256 s_maxFee = 250_000_000_000_000_000UL;
    private static readonly UInt256 s_virtualShares = 1_000_000UL;
    private static readonly UInt256 s_uint128Max = new(ulong.MaxValue, ulong.MaxValue, 0, 0);

    /// <summary><c>WAD = 1e18</c> (<c>MathLib.sol</c>): the scale of LLTVs, fees, rates and the incentive factor.</summary>
    public static UInt256 Wad => s_wad;

    /// <summary><c>ORACLE_PRICE_SCALE = 1e36</c> (<c>ConstantsLib.sol</c>): the scale of an oracle price.</summary>
    public static UInt256 OraclePriceScale => s_oraclePriceScale;

    /// <summary><c>LIQUIDATION_CURSOR = 0.3e18</c> (<c>ConstantsLib.sol</c>): β in the incentive factor.</summary>
    public static UInt256 LiquidationCursor => s_liquidationCursor;

    /// <summary><c>MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15e18</c> (<c>ConstantsLib.sol</c>): the incentive factor's cap.</summary>
    public static UInt256 MaxLiquidationIncentiveFactor => s_maxLiquidationIncentiveFactor;

    /// <summary><c>MAX_FEE = 0.25e18</c> (<c>ConstantsLib.sol</c>): the largest fee a market may charge on interest.</summary>
    public static UInt256 MaxFee => s_maxFee;

    /// <summary><c>VIRTUAL_SHARES = 1e6</c> (<c>SharesMathLib.sol</c>), added to every total of shares in a conversion.</summary>
    public static UInt256 VirtualShares => s_virtualShares;

    /// <summary><c>VIRTUAL_ASSETS = 1</c> (<c>SharesMathLib.sol</c>), added to every total of assets in a conversion.</summary>
    public static UInt256 VirtualAssets => UInt256.One;

    /// <summary><c>type(uint128).max</c>: Morpho stores market totals, borrow shares and collateral as <c>uint128</c>.</summary>
    public static UInt256 MaxUInt128 => s_uint128Max;

    /// <summary><c>mulDivDown(x, y, d) = ⌊x·y / d⌋</c>, the product checked in 256 bits.</summary>
    /// <param name="x">The multiplicand.</param>
    /// <param name="y">The multiplier.</param>
    /// <param name="d">The divisor.</param>
    /// <returns>The quotient, rounded down.</returns>
    /// <exception cref="OverflowException"><c>x·y</c> ≥ 2^256 (reverts on chain).</exception>
    /// <exception cref="DivideByZeroException"><paramref name="d"/> is zero.</exception>
    public static UInt256 MulDivDown(UInt256 x, UInt256 y, UInt256 d)
    {
        const string Operation = "MathLib.mulDivDown";
        UInt256 product = UInt256.MultiplyChecked(x, y, Operation);
        return Divide(product, d, Operation);
    }

    /// <summary><c>mulDivUp(x, y, d) = (x·y + (d − 1)) / d</c>, every step checked in 256 bits.</summary>
    /// <param name="x">The multiplicand.</param>
    /// <param name="y">The multiplier.</param>
    /// <param name="d">The divisor.</param>
    /// <returns>The quotient, rounded up.</returns>
    /// <exception cref="OverflowException"><c>x·y + d − 1</c> ≥ 2^256, or <paramref name="d"/> is zero (<c>d − 1</c> underflows); both revert on chain.</exception>
    public static UInt256 MulDivUp(UInt256 x, UInt256 y, UInt256 d)
    {
        const string Operation = "MathLib.mulDivUp";
        if (!UInt256.TrySubtract(d, UInt256.One, out UInt256 dMinusOne))
        {
            ThrowHelper.Overflow(Operation);
        }

        UInt256 product = UInt256.MultiplyChecked(x, y, Operation);
        if (!UInt256.TryAdd(product, dMinusOne, out UInt256 numerator))
        {
            ThrowHelper.Overflow(Operation);
        }

        return Divide(numerator, d, Operation);
    }

    /// <summary><c>wMulDown(x, y) = mulDivDown(x, y, WAD)</c>.</summary>
    /// <param name="x">A value.</param>
    /// <param name="y">A wad.</param>
    /// <returns><c>⌊x·y / 1e18⌋</c>.</returns>
    /// <exception cref="OverflowException"><c>x·y</c> ≥ 2^256.</exception>
    public static UInt256 WMulDown(UInt256 x, UInt256 y) => MulDivDown(x, y, s_wad);

    /// <summary><c>wDivDown(x, y) = mulDivDown(x, WAD, y)</c>.</summary>
    /// <param name="x">A value.</param>
    /// <param name="y">A wad divisor.</param>
    /// <returns><c>⌊x·1e18 / y⌋</c>.</returns>
    /// <exception cref="OverflowException"><c>x·1e18</c> ≥ 2^256.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="y"/> is zero.</exception>
    public static UInt256 WDivDown(UInt256 x, UInt256 y) => MulDivDown(x, s_wad, y);

    /// <summary><c>wDivUp(x, y) = mulDivUp(x, WAD, y)</c>.</summary>
    /// <param name="x">A value.</param>
    /// <param name="y">A wad divisor.</param>
    /// <returns><c>⌈x·1e18 / y⌉</c>.</returns>
    /// <exception cref="OverflowException"><c>x·1e18 + y − 1</c> ≥ 2^256, or <paramref name="y"/> is zero.</exception>
    public static UInt256 WDivUp(UInt256 x, UInt256 y) => MulDivUp(x, s_wad, y);

    /// <summary>
    /// <c>wTaylorCompounded(x, n)</c>: the first three terms of the Taylor series of <c>e^(x·n) − 1</c> in wad,
    /// <c>x·n + ⌊(x·n)² / 2e18⌋ + ⌊⌊(x·n)² / 2e18⌋·x·n / 3e18⌋</c>: the compounded growth of a per-second rate
    /// <paramref name="x"/> over <paramref name="n"/> seconds.
    /// </summary>
    /// <param name="x">A per-second rate (wad).</param>
    /// <param name="n">Seconds elapsed.</param>
    /// <returns>The growth factor minus one (wad).</returns>
    /// <exception cref="OverflowException">A product or the sum reaches 2^256.</exception>
    public static UInt256 WTaylorCompounded(UInt256 x, UInt256 n)
    {
        UInt256 firstTerm = UInt256.MultiplyChecked(x, n, "MathLib.wTaylorCompounded");
        UInt256 secondTerm = MulDivDown(firstTerm, firstTerm, s_twoWad);
        UInt256 thirdTerm = MulDivDown(secondTerm, firstTerm, s_threeWad);
        return firstTerm + secondTerm + thirdTerm;
    }

    /// <summary><c>toSharesDown(assets, totalAssets, totalShares) = mulDivDown(assets, totalShares + 1e6, totalAssets + 1)</c>.</summary>
    /// <param name="assets">Assets to convert.</param>
    /// <param name="totalAssets">The market's total assets on that side (supply or borrow).</param>
    /// <param name="totalShares">The market's total shares on that side.</param>
    /// <returns>Shares, rounded down.</returns>
    /// <exception cref="OverflowException">A sum or the product reaches 2^256.</exception>
    public static UInt256 ToSharesDown(UInt256 assets, UInt256 totalAssets, UInt256 totalShares) =>
        MulDivDown(assets, totalShares + s_virtualShares, totalAssets + UInt256.One);

    /// <summary><c>toAssetsDown(shares, totalAssets, totalShares) = mulDivDown(shares, totalAssets + 1, totalShares + 1e6)</c>.</summary>
    /// <param name="shares">Shares to convert.</param>
    /// <param name="totalAssets">The market's total assets on that side.</param>
    /// <param name="totalShares">The market's total shares on that side.</param>
    /// <returns>Assets, rounded down.</returns>
    /// <exception cref="OverflowException">A sum or the product reaches 2^256.</exception>
    public static UInt256 ToAssetsDown(UInt256 shares, UInt256 totalAssets, UInt256 totalShares) =>
        MulDivDown(shares, totalAssets + UInt256.One, totalShares + s_virtualShares);

    /// <summary><c>toSharesUp(assets, totalAssets, totalShares) = mulDivUp(assets, totalShares + 1e6, totalAssets + 1)</c>.</summary>
    /// <param name="assets">Assets to convert.</param>
    /// <param name="totalAssets">The market's total assets on that side.</param>
    /// <param name="totalShares">The market's total shares on that side.</param>
    /// <returns>Shares, rounded up.</returns>
    /// <exception cref="OverflowException">A sum or the product reaches 2^256.</exception>
    public static UInt256 ToSharesUp(UInt256 assets, UInt256 totalAssets, UInt256 totalShares) =>
        MulDivUp(assets, totalShares + s_virtualShares, totalAssets + UInt256.One);

    /// <summary><c>toAssetsUp(shares, totalAssets, totalShares) = mulDivUp(shares, totalAssets + 1, totalShares + 1e6)</c>.</summary>
    /// <param name="shares">Shares to convert.</param>
    /// <param name="totalAssets">The market's total assets on that side.</param>
    /// <param name="totalShares">The market's total shares on that side.</param>
    /// <returns>Assets, rounded up.</returns>
    /// <exception cref="OverflowException">A sum or the product reaches 2^256.</exception>
    public static UInt256 ToAssetsUp(UInt256 shares, UInt256 totalAssets, UInt256 totalShares) =>
        MulDivUp(shares, totalAssets + UInt256.One, totalShares + s_virtualShares);

    /// <summary>
    /// An oracle price as Morpho's <c>IOracle.price()</c> reports it (<c>src/interfaces/IOracle.sol</c>): the price of
    /// one whole collateral token in whole loan tokens with <c>36 + loanDecimals − collateralDecimals</c> decimals.
    /// </summary>
    /// <param name="loanTokensPerCollateralToken">Whole loan tokens one whole collateral token is worth, for example 3000 for WETH in USDC.</param>
    /// <param name="collateralDecimals">The collateral token's decimals, 0 to 36.</param>
    /// <param name="loanDecimals">The loan token's decimals, 0 to 36.</param>
    /// <returns>The price at the oracle's scale.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A decimals count is outside 0 to 36.</exception>
    /// <exception cref="ArgumentException">The price has more decimals than the scale keeps (no silent rounding).</exception>
    /// <exception cref="OverflowException">The price is negative.</exception>
    public static UInt256 OraclePrice(decimal loanTokensPerCollateralToken, int collateralDecimals, int loanDecimals)
    {
        if (collateralDecimals is < 0 or > 36)
        {
            ThrowHelper.OutOfRange(nameof(collateralDecimals), collateralDecimals, "must be 0 to 36");
        }

        if (loanDecimals is < 0 or > 36)
        {
            ThrowHelper.OutOfRange(nameof(loanDecimals), loanDecimals, "must be 0 to 36");
        }

        return UInt256.FromDecimal(loanTokensPerCollateralToken, 36 + loanDecimals - collateralDecimals);
    }

    /// <summary>
    /// ⌊n / d⌋. ORACLE_PRICE_SCALE (1e36) spans two limbs, which would send every price conversion through the
    /// general long division; ⌊⌊n / 1e18⌋ / 1e18⌋ = ⌊n / 1e36⌋ takes two one-limb divisions instead.
    /// </summary>
    private static UInt256 Divide(in UInt256 n, in UInt256 d, string operation)
    {
        if (d == s_oraclePriceScale)
        {
            return UInt256.DivRem(UInt256.DivRem(n, s_wad, out _, operation), s_wad, out _, operation);
        }

        return UInt256.DivRem(n, d, out _, operation);
    }

    /// <summary><c>UtilsLib.zeroFloorSub(x, y) = max(0, x − y)</c>.</summary>
    internal static UInt256 ZeroFloorSub(in UInt256 x, in UInt256 y) =>
        UInt256.TrySubtract(x, y, out UInt256 difference) ? difference : UInt256.Zero;
}
