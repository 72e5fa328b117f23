using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// One Aave v3 reserve (an asset of a pool): its configuration (decimals, LTV, liquidation threshold, bonus and
/// protocol fee, eMode category), its oracle price and its two indices.
/// </summary>
/// <remarks>
/// <para>
/// Source: reference/defi.md §1.2 (<c>PoolConfigurator.configureReserveAsCollateral</c>,
/// <c>setLiquidationProtocolFee</c>). Percentages are basis points (<c>PERCENTAGE_FACTOR</c> = 10000 = 100%); the
/// liquidation bonus includes the 100% (10500 is a 5% bonus). The price is in base-currency units per whole token
/// (8 decimals on USD markets: 2000 USD is <c>200000000000</c>). Indices are rays; a token balance is the scaled
/// balance times the index (<see cref="AaveMarket"/> applies each version's rounding).
/// </para>
/// <para>
/// Checks (all in the constructor, before anything is built): symbol not empty; decimals 0 to 36 (the largest
/// <c>10^decimals</c> this model multiplies by prices and amounts inside 256 bits with room to spare); price above
/// zero (a zero price is a broken oracle, refused rather than valued at nothing); <c>ltv ≤ liquidationThreshold ≤
/// 10000</c>; when the threshold is not zero the bonus is above 10000 and <c>percentMul(threshold, bonus) ≤ 10000</c>
/// (else a liquidation would seize more than the collateral backing the debt); when the threshold is zero the asset
/// is not collateral and the bonus must be 0, as the configurator requires; protocol fee 0 to 10000; indices at
/// least 1 ray (they start there and only grow).
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
public sealed record AaveReserve
{
    /// <summary>The largest number of token decimals accepted.</summary>
    public const int MaxDecimals = 36;

    /// <summary>Creates a reserve with both indices at 1 ray (balances equal scaled balances).</summary>
    /// <param name="symbol">The asset symbol, such as "WETH"; the key accounts use.</param>
    /// <param name="decimals">The token's decimals, 0 to <see cref="MaxDecimals"/>.</param>
    /// <param name="price">The oracle price of one whole token in base-currency units, above zero.</param>
    /// <param name="ltv">LTV in basis points.</param>
    /// <param name="liquidationThreshold">Liquidation threshold in basis points; 0 if the asset cannot be collateral.</param>
    /// <param name="liquidationBonus">Liquidation bonus in basis points including the 100%; 0 if the threshold is 0.</param>
    /// <param name="liquidationProtocolFee">Share of the bonus part of seized collateral that goes to the treasury, in basis points, 0 to 10000.</param>
    /// <param name="eMode">The eMode category the asset belongs to, or null.</param>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public AaveReserve(
        string symbol,
        int decimals,
        UInt256 price,
        int ltv,
        int liquidationThreshold,
        int liquidationBonus,
        int liquidationProtocolFee,
        AaveEModeCategory? eMode = null)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            ThrowHelper.Argument(nameof(symbol), symbol, "must not be empty");
        }

        if (decimals is < 0 or > MaxDecimals)
        {
            ThrowHelper.OutOfRange(nameof(decimals), decimals, "must be 0 to 36");
        }

        CheckPrice(price, nameof(price));
        CheckRiskParameters(ltv, liquidationThreshold, liquidationBonus, nameof(ltv), nameof(liquidationThreshold), nameof(liquidationBonus));
        if (liquidationProtocolFee is < 0 or > 10_000)
        {
            ThrowHelper.OutOfRange(nameof(liquidationProtocolFee), liquidationProtocolFee, "must be 0 to 10000 basis points");
        }

        Symbol = symbol;
        Decimals = decimals;
        Unit = UInt256.Pow10(decimals);
        Price = price;
        Ltv = ltv;
        LiquidationThreshold = liquidationThreshold;
        LiquidationBonus = liquidationBonus;
        LiquidationProtocolFee = liquidationProtocolFee;
        EMode = eMode;
        LiquidityIndex = WadRayMath.Ray;
        VariableBorrowIndex = WadRayMath.Ray;
    }

    /// <summary>The asset symbol.</summary>
    public string Symbol { get; }

    /// <summary>The token's decimals.</summary>
    public int Decimals { get; }

    /// <summary>10^<see cref="Decimals"/>: one whole token in its smallest units (<c>assetUnit</c> in the contracts).</summary>
    public UInt256 Unit { get; }

    /// <summary>The oracle price of one whole token, in base-currency units.</summary>
    public UInt256 Price { get; private init; }

    /// <summary>LTV in basis points.</summary>
    public int Ltv { get; }

    /// <summary>Liquidation threshold in basis points.</summary>
    public int LiquidationThreshold { get; }

    /// <summary>Liquidation bonus in basis points, including the 100%.</summary>
    public int LiquidationBonus { get; }

    /// <summary>Protocol share of the bonus part of seized collateral, in basis points.</summary>
    public int LiquidationProtocolFee { get; }

    /// <summary>The eMode category the asset belongs to, or null.</summary>
    public AaveEModeCategory? EMode { get; }

    /// <summary>The liquidity index (ray): aToken balance = scaled balance × index.</summary>
    public UInt256 LiquidityIndex { get; private init; }

    /// <summary>The variable borrow index (ray): debt = scaled debt × index.</summary>
    public UInt256 VariableBorrowIndex { get; private init; }

    /// <summary>The same reserve at another oracle price.</summary>
    /// <param name="price">The new price in base-currency units, above zero.</param>
    /// <returns>A copy with <see cref="Price"/> replaced.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> is zero.</exception>
    public AaveReserve WithPrice(UInt256 price)
    {
        CheckPrice(price, nameof(price));
        return this with { Price = price };
    }

    /// <summary>The same reserve with other indices (interest accrued).</summary>
    /// <param name="liquidityIndex">The liquidity index in rays, at least 1 ray.</param>
    /// <param name="variableBorrowIndex">The variable borrow index in rays, at least 1 ray.</param>
    /// <returns>A copy with both indices replaced.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is below 1 ray.</exception>
    public AaveReserve WithIndices(UInt256 liquidityIndex, UInt256 variableBorrowIndex)
    {
        if (liquidityIndex < WadRayMath.Ray)
        {
            ThrowHelper.OutOfRange(nameof(liquidityIndex), liquidityIndex, "must be at least 1 ray (1e27)");
        }

        if (variableBorrowIndex < WadRayMath.Ray)
        {
            ThrowHelper.OutOfRange(nameof(variableBorrowIndex), variableBorrowIndex, "must be at least 1 ray (1e27)");
        }

        return this with { LiquidityIndex = liquidityIndex, VariableBorrowIndex = variableBorrowIndex };
    }

    internal static void CheckPrice(UInt256 price, string paramName)
    {
        if (price.IsZero)
        {
            ThrowHelper.OutOfRange(paramName, price, "must be above zero (a zero oracle price is refused)");
        }
    }

    internal static void CheckRiskParameters(int ltv, int liquidationThreshold, int liquidationBonus, string ltvName, string thresholdName, string bonusName)
    {
        if (liquidationThreshold is < 0 or > 10_000)
        {
            ThrowHelper.OutOfRange(thresholdName, liquidationThreshold, "must be 0 to 10000 basis points");
        }

        if (ltv < 0 || ltv > liquidationThreshold)
        {
            ThrowHelper.OutOfRange(ltvName, ltv, $"must be 0 to the liquidation threshold ({liquidationThreshold}) in basis points");
        }

        if (liquidationThreshold == 0)
        {
            if (liquidationBonus != 0)
            {
                ThrowHelper.OutOfRange(bonusName, liquidationBonus, "must be 0 when the liquidation threshold is 0");
            }

            return;
        }

        if (liquidationBonus <= 10_000)
        {
            ThrowHelper.OutOfRange(bonusName, liquidationBonus, "must be above 10000 basis points (it includes the 100%)");
        }

        if (PercentageMath.PercentMul((ulong)liquidationThreshold, (ulong)liquidationBonus) > PercentageMath.PercentageFactor)
        {
            ThrowHelper.OutOfRange(bonusName, liquidationBonus, $"times the liquidation threshold ({liquidationThreshold}) must be at most 10000 basis points");
        }
    }
}
