using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// What Aave v3's <c>GenericLogic.calculateUserAccountData</c> returns for a user: total collateral and debt in base
/// currency, average LTV and liquidation threshold, the health factor, and the borrowing power left.
/// </summary>
/// <remarks>
/// <para>
/// Source: reference/defi.md §1.3 (aave-v3-core 782f519 <c>GenericLogic.sol</c>; aave-v3-origin v3.5.0). For each
/// reserve the user uses, collateral counts when the reserve's own liquidation threshold is not zero and the user has
/// it enabled; its value is <c>floor(balance·price / 10^decimals)</c>. Debt is valued the same way up to v3.4 and
/// rounded up (<c>mulDivCeil</c>) from v3.5. The eMode category's LTV and threshold replace the reserve's for assets
/// in the user's category. Averages are floors of value-weighted sums. Health factor:
/// </para>
/// <list type="bullet">
/// <item>v3.0–v3.4: <c>wadDiv(percentMul(totalCollateral, avgLT), totalDebt)</c>;</item>
/// <item>v3.5+: <c>wadDiv(Σ value·LT, totalDebt) / 10000</c> (floor), so it may be a little lower than before;</item>
/// <item>no debt: <see cref="UInt256.MaxValue"/> (<c>type(uint256).max</c>).</item>
/// </list>
/// <para>
/// A user is liquidatable when the health factor is strictly below 1e18 (<c>HEALTH_FACTOR_LIQUIDATION_THRESHOLD</c>):
/// <see cref="IsLiquidatable"/>. Immutable value; safe to share between threads.
/// </para>
/// </remarks>
/// <param name="TotalCollateralBase">Collateral that counts, in base currency.</param>
/// <param name="TotalDebtBase">Debt, in base currency.</param>
/// <param name="AverageLtv">Value-weighted LTV in basis points (floor).</param>
/// <param name="AverageLiquidationThreshold">Value-weighted liquidation threshold in basis points (floor).</param>
/// <param name="HealthFactor">The health factor as a wad (1e18 = 1.0); <see cref="UInt256.MaxValue"/> without debt.</param>
/// <param name="HasZeroLtvCollateral">Whether some counted collateral has an LTV of zero (it blocks some actions on chain).</param>
public readonly record struct AaveAccountData(
    UInt256 TotalCollateralBase,
    UInt256 TotalDebtBase,
    UInt256 AverageLtv,
    UInt256 AverageLiquidationThreshold,
    UInt256 HealthFactor,
    bool HasZeroLtvCollateral)
{
    /// <summary><c>HEALTH_FACTOR_LIQUIDATION_THRESHOLD</c> = 1e18: liquidation needs a health factor strictly below it.</summary>
    public static UInt256 LiquidationThreshold => 1_000_000_000_000_000_000UL;

    /// <summary>Whether the health factor is strictly below 1e18, so the user may be liquidated.</summary>
    public bool IsLiquidatable => HealthFactor < LiquidationThreshold;

    /// <summary>
    /// Borrowing power left in base currency: <c>percentMul(totalCollateral, avgLtv) − totalDebt</c>, zero when not
    /// positive (v3.5+: <c>percentMulFloor</c>).
    /// </summary>
    /// <param name="rules">The version's rules (for the rounding).</param>
    /// <returns>The available borrows in base currency.</returns>
    public UInt256 AvailableBorrowsBase(AaveRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        UInt256 power = rules.DirectionalRounding
            ? PercentageMath.PercentMulFloor(TotalCollateralBase, AverageLtv)
            : PercentageMath.PercentMul(TotalCollateralBase, AverageLtv);
        return power > TotalDebtBase ? power - TotalDebtBase : UInt256.Zero;
    }

    /// <summary>Computes the account data of <paramref name="account"/> in <paramref name="market"/>.</summary>
    /// <param name="market">The market (version rules, prices, indices).</param>
    /// <param name="account">The user.</param>
    /// <returns>The account data.</returns>
    /// <exception cref="ArgumentException"><paramref name="account"/> holds a reserve the market does not list.</exception>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256 (the contract would revert).</exception>
    public static AaveAccountData Calculate(AaveMarket market, AaveUserAccount account)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        return CalculateCore(market, account.EModeCategory, account.Positions.AsSpan(), nameof(account));
    }

    /// <summary>
    /// The health factor alone, equal to <c>Calculate(market, account).HealthFactor</c>: skips the average LTV and, when
    /// every amount fits in 128 bits, keeps the sums in 64-bit limbs, for scans of many accounts.
    /// </summary>
    /// <param name="market">The market (version rules, prices, indices).</param>
    /// <param name="account">The user.</param>
    /// <returns>The health factor as a wad; <see cref="UInt256.MaxValue"/> without debt.</returns>
    /// <exception cref="ArgumentException"><paramref name="account"/> holds a reserve the market does not list.</exception>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256 (the contract would revert).</exception>
    public static UInt256 HealthFactorOf(AaveMarket market, AaveUserAccount account)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        ReadOnlySpan<AavePosition> positions = account.Positions.AsSpan();
        return AaveHealthFactorScan.TryHealthFactor(market, account.EModeCategory, positions, nameof(account), out UInt256 healthFactor)
            ? healthFactor
            : CalculateCore(market, account.EModeCategory, positions, nameof(account), withLtv: false).HealthFactor;
    }

    internal static AaveAccountData CalculateCore(AaveMarket market, int eMode, ReadOnlySpan<AavePosition> positions, string paramName, bool withLtv = true)
    {
        AaveRules rules = market.Rules;
        ImmutableArray<AaveReserve> reserves = market.Reserves;
        UInt256 totalCollateral = UInt256.Zero;
        UInt256 totalDebt = UInt256.Zero;
        UInt256 ltvSum = UInt256.Zero;
        UInt256 thresholdSum = UInt256.Zero;
        bool hasZeroLtv = false;

        foreach (ref readonly AavePosition position in positions)
        {
            AaveReserve reserve = reserves[market.IndexOf(position.Symbol, paramName)];
            bool counts = position.CollateralEnabled && reserve.LiquidationThreshold != 0 && !position.ScaledCollateral.IsZero;
            if (!counts && position.ScaledDebt.IsZero)
            {
                continue;
            }

            UInt256 price = market.PriceFor(reserve, eMode);
            if (counts)
            {
                UInt256 value = AaveMarket.CollateralValue(market.CollateralBalance(reserve, position.ScaledCollateral), price, reserve);
                totalCollateral += value;
                bool inEMode = AaveMarket.InEMode(reserve, eMode);
                int threshold = inEMode ? reserve.EMode!.LiquidationThreshold : reserve.LiquidationThreshold;
                if (withLtv)
                {
                    int ltv = inEMode ? reserve.EMode!.Ltv : reserve.Ltv;
                    if (ltv != 0)
                    {
                        ltvSum += AaveFastMath.MulSmall(value, (ulong)ltv);
                    }
                    else
                    {
                        hasZeroLtv = true;
                    }
                }

                thresholdSum += AaveFastMath.MulSmall(value, (ulong)threshold);
            }

            if (!position.ScaledDebt.IsZero)
            {
                totalDebt += market.DebtValue(market.DebtBalance(reserve, position.ScaledDebt), price, reserve);
            }
        }

        UInt256 averageLtv = totalCollateral.IsZero || !withLtv ? UInt256.Zero : AaveFastMath.Divide(ltvSum, totalCollateral);
        UInt256 averageThreshold = totalCollateral.IsZero ? UInt256.Zero : AaveFastMath.Divide(thresholdSum, totalCollateral);
        UInt256 healthFactor;
        if (totalDebt.IsZero)
        {
            healthFactor = UInt256.MaxValue;
        }
        else if (rules.DirectionalRounding)
        {
            healthFactor = AaveFastMath.WadDiv(thresholdSum, totalDebt) / PercentageMath.PercentageFactor;
        }
        else
        {
            healthFactor = AaveFastMath.WadDiv(AaveFastMath.PercentMul(totalCollateral, averageThreshold), totalDebt);
        }

        return new AaveAccountData(totalCollateral, totalDebt, averageLtv, averageThreshold, healthFactor, hasZeroLtv);
    }
}
