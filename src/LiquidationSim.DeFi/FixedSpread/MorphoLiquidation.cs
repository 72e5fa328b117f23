using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Morpho Blue's health check, liquidation incentive factor, interest accrual and <c>liquidate</c>, as pure functions
/// of a <see cref="MorphoMarket"/>, a borrower's <see cref="MorphoPosition"/> and the oracle price, in the contract's
/// integer arithmetic and rounding.
/// </summary>
/// <remarks>
/// <para>
/// Source: morpho-org/morpho-blue tag v1.0.0, commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad, <c>src/Morpho.sol</c>
/// (<c>liquidate</c>, <c>_isHealthy</c>, <c>_accrueInterest</c>); the logic is unchanged at commit
/// 3085651a79553bbabbfd8be309c262dab45b686e. Every rounding favours the protocol: the debt is valued up
/// (<c>toAssetsUp</c>) and the collateral down (<c>mulDivDown</c>, <c>wMulDown</c>); when the liquidator names the
/// collateral to seize, the shares it must repay round up (<c>mulDivUp</c>, <c>wDivUp</c>, <c>toSharesUp</c>); when
/// it names the shares, the collateral it receives rounds down (<c>toAssetsDown</c>, <c>wMulDown</c>,
/// <c>mulDivDown</c>), and what it pays rounds up (<c>toAssetsUp</c>).
/// </para>
/// <para>
/// Reverts of <c>liquidate</c> that depend on the inputs and state come back typed (<see cref="MorphoLiquidationError"/>)
/// with nothing changed. Inputs no chain state could hold (a position owing more shares than the market has) throw
/// <see cref="ArgumentException"/> naming the parameter; arithmetic overflow of an intermediate product (possible
/// only with extreme prices or amounts) throws <see cref="OverflowException"/> or <see cref="DivideByZeroException"/>
/// (a zero price with repaid shares), as the contract reverts with a panic. Not modelled: market creation and the
/// token transfers, the liquidation callback, and crediting the accrual's fee shares to the fee recipient (they are
/// reported). Stateless; thread safe.
/// </para>
/// </remarks>
public static class MorphoLiquidation
{
    /// <summary>
    /// The liquidation incentive factor: <c>min(1.15e18, wDivDown(WAD, WAD − wMulDown(0.3e18, WAD − lltv)))</c>, that
    /// is <c>min(M, 1 / (β·LLTV + (1 − β)))</c> with β = 0.3 and M = 1.15, rounded down at each step.
    /// </summary>
    /// <param name="lltv">The market's LLTV, wad, below 1e18.</param>
    /// <returns>The factor (wad): between 1e18 and 1.15e18, falling as the LLTV rises.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lltv"/> is 1e18 or more.</exception>
    public static UInt256 LiquidationIncentiveFactor(UInt256 lltv)
    {
        if (lltv >= MorphoMath.Wad)
        {
            ThrowHelper.OutOfRange(nameof(lltv), lltv, "must be below 1e18");
        }

        return Lif(lltv);
    }

    /// <summary>
    /// The largest debt the position's collateral supports: <c>wMulDown(mulDivDown(collateral, price, 1e36), lltv)</c>,
    /// in loan-token smallest units.
    /// </summary>
    /// <param name="market">The market, for its LLTV.</param>
    /// <param name="position">The position.</param>
    /// <param name="collateralPrice">The oracle price (1e36 scale, <see cref="MorphoMath.OraclePrice"/>).</param>
    /// <returns>The max borrow, rounded down twice.</returns>
    /// <exception cref="OverflowException"><c>collateral·price</c> ≥ 2^256.</exception>
    public static UInt256 MaxBorrow(MorphoMarket market, MorphoPosition position, UInt256 collateralPrice)
    {
        ArgumentNullException.ThrowIfNull(market);
        return MaxBorrowCore(market, position.Collateral, collateralPrice);
    }

    /// <summary>The position's debt: <c>toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares)</c> at the market's state (no accrual).</summary>
    /// <param name="market">The market.</param>
    /// <param name="position">The position.</param>
    /// <returns>The debt in loan-token smallest units, rounded up.</returns>
    public static UInt256 BorrowedAssets(MorphoMarket market, MorphoPosition position)
    {
        ArgumentNullException.ThrowIfNull(market);
        return MorphoMath.ToAssetsUp(position.BorrowShares, market.TotalBorrowAssets, market.TotalBorrowShares);
    }

    /// <summary>
    /// <c>_isHealthy(marketParams, id, borrower, collateralPrice)</c>: healthy iff <see cref="MaxBorrow"/> ≥
    /// <see cref="BorrowedAssets"/> (at equality the position is healthy). A position without debt is always healthy.
    /// Uses the market as given; call <see cref="AccrueInterest"/> first to check at a later time.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="position">The position.</param>
    /// <param name="collateralPrice">The oracle price (1e36 scale).</param>
    /// <returns>Whether <c>liquidate</c> would refuse the position as healthy.</returns>
    /// <exception cref="OverflowException"><c>collateral·price</c> ≥ 2^256.</exception>
    public static bool IsHealthy(MorphoMarket market, MorphoPosition position, UInt256 collateralPrice)
    {
        ArgumentNullException.ThrowIfNull(market);
        return IsHealthyCore(market, position, collateralPrice);
    }

    /// <summary>
    /// <c>_accrueInterest</c> up to <paramref name="timestamp"/>: with <c>elapsed = timestamp − lastUpdate</c> and a
    /// non-zero rate, <c>interest = wMulDown(totalBorrowAssets, wTaylorCompounded(rate, elapsed))</c> is added to
    /// both total borrow and total supply assets; if the fee is non-zero, <c>feeShares = toSharesDown(wMulDown(interest,
    /// fee), totalSupplyAssets − feeAmount, totalSupplyShares)</c> are minted. <c>lastUpdate</c> becomes the timestamp.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="timestamp">The block time, Unix seconds; not before the market's last update.</param>
    /// <returns>The accrued market, the interest and the fee shares (the input itself when no time has passed).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is before <see cref="MorphoMarket.LastUpdate"/>.</exception>
    /// <exception cref="OverflowException">A total would leave <c>uint128</c> (reverts on chain).</exception>
    public static MorphoAccrual AccrueInterest(MorphoMarket market, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (timestamp < market.LastUpdate)
        {
            ThrowHelper.OutOfRange(nameof(timestamp), timestamp, "must not be before the market's lastUpdate " + market.LastUpdate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return AccrueCore(market, timestamp);
    }

    /// <summary>
    /// <c>liquidate(marketParams, borrower, seizedAssets, repaidShares, data)</c> in the block of the market's last
    /// update, so no interest accrues. See the overload with a timestamp.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="borrower">The borrower's position.</param>
    /// <param name="collateralPrice">The oracle price (1e36 scale).</param>
    /// <param name="seizedAssets">Collateral to seize, or zero to name <paramref name="repaidShares"/> instead.</param>
    /// <param name="repaidShares">Borrow shares to repay, or zero to name <paramref name="seizedAssets"/> instead.</param>
    /// <returns>The new market and position and the amounts, or a typed revert with nothing changed.</returns>
    /// <exception cref="ArgumentException">The position's shares exceed the market's totals.</exception>
    public static MorphoLiquidationResult Liquidate(MorphoMarket market, MorphoPosition borrower, UInt256 collateralPrice, UInt256 seizedAssets, UInt256 repaidShares)
    {
        ArgumentNullException.ThrowIfNull(market);
        return Liquidate(market, borrower, collateralPrice, seizedAssets, repaidShares, market.LastUpdate);
    }

    /// <summary>
    /// <c>liquidate(marketParams, borrower, seizedAssets, repaidShares, data)</c> at <paramref name="timestamp"/>:
    /// require exactly one of the two amounts to be zero; accrue interest; require the position to be unhealthy at
    /// <paramref name="collateralPrice"/>; derive the other amount with the incentive factor; repay
    /// <c>toAssetsUp(repaidShares)</c> (total borrow assets floor at zero); seize the collateral; and if the collateral
    /// is now zero, write off the remaining borrow shares and <c>min(totalBorrowAssets, toAssetsUp(remaining))</c>
    /// assets from both total borrow and total supply.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="borrower">The borrower's position.</param>
    /// <param name="collateralPrice">The oracle price (1e36 scale).</param>
    /// <param name="seizedAssets">Collateral to seize, or zero to name <paramref name="repaidShares"/> instead.</param>
    /// <param name="repaidShares">Borrow shares to repay, or zero to name <paramref name="seizedAssets"/> instead.</param>
    /// <param name="timestamp">The block time, Unix seconds; not before the market's last update.</param>
    /// <returns>The new market and position and the amounts, or a typed revert with nothing changed.</returns>
    /// <exception cref="ArgumentException">The position's borrow or supply shares exceed the market's totals.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is before <see cref="MorphoMarket.LastUpdate"/>.</exception>
    /// <exception cref="OverflowException">An intermediate product overflows (a panic on chain).</exception>
    /// <exception cref="DivideByZeroException"><paramref name="collateralPrice"/> is zero and <paramref name="repaidShares"/> is named.</exception>
    public static MorphoLiquidationResult Liquidate(MorphoMarket market, MorphoPosition borrower, UInt256 collateralPrice, UInt256 seizedAssets, UInt256 repaidShares, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (borrower.BorrowShares > market.TotalBorrowShares)
        {
            ThrowHelper.Argument(nameof(borrower), borrower.BorrowShares, "borrow shares must not exceed the market's totalBorrowShares " + market.TotalBorrowShares.ToString());
        }

        if (borrower.SupplyShares > market.TotalSupplyShares)
        {
            ThrowHelper.Argument(nameof(borrower), borrower.SupplyShares, "supply shares must not exceed the market's totalSupplyShares " + market.TotalSupplyShares.ToString());
        }

        if (timestamp < market.LastUpdate)
        {
            ThrowHelper.OutOfRange(nameof(timestamp), timestamp, "must not be before the market's lastUpdate " + market.LastUpdate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (seizedAssets.IsZero == repaidShares.IsZero)
        {
            return Refused(market, borrower, MorphoLiquidationError.InconsistentInput);
        }

        MorphoAccrual accrual = AccrueCore(market, timestamp);
        MorphoMarket m = accrual.Market;
        if (IsHealthyCore(m, borrower, collateralPrice))
        {
            return Refused(market, borrower, MorphoLiquidationError.HealthyPosition);
        }

        UInt256 lif = Lif(m.Parameters.Lltv);
        UInt256 totalBorrowAssets = m.TotalBorrowAssets;
        UInt256 totalBorrowShares = m.TotalBorrowShares;
        if (!seizedAssets.IsZero)
        {
            UInt256 seizedAssetsQuoted = MorphoMath.MulDivUp(seizedAssets, collateralPrice, MorphoMath.OraclePriceScale);
            repaidShares = MorphoMath.ToSharesUp(MorphoMath.WDivUp(seizedAssetsQuoted, lif), totalBorrowAssets, totalBorrowShares);
        }
        else
        {
            UInt256 repaidValue = MorphoMath.WMulDown(MorphoMath.ToAssetsDown(repaidShares, totalBorrowAssets, totalBorrowShares), lif);
            seizedAssets = MorphoMath.MulDivDown(repaidValue, MorphoMath.OraclePriceScale, collateralPrice);
        }

        UInt256 repaidAssets = MorphoMath.ToAssetsUp(repaidShares, totalBorrowAssets, totalBorrowShares);

        // The contract's statement order decides which revert a doubly bad request reports.
        if (repaidShares > MorphoMath.MaxUInt128)
        {
            return Refused(market, borrower, MorphoLiquidationError.MaxUInt128Exceeded);
        }

        if (repaidShares > borrower.BorrowShares)
        {
            return Refused(market, borrower, MorphoLiquidationError.RepaidSharesExceedBorrowShares);
        }

        UInt256 borrowShares = borrower.BorrowShares - repaidShares;
        totalBorrowShares -= repaidShares;
        totalBorrowAssets = MorphoMath.ZeroFloorSub(totalBorrowAssets, repaidAssets);

        if (seizedAssets > MorphoMath.MaxUInt128)
        {
            return Refused(market, borrower, MorphoLiquidationError.MaxUInt128Exceeded);
        }

        if (seizedAssets > borrower.Collateral)
        {
            return Refused(market, borrower, MorphoLiquidationError.SeizedAssetsExceedCollateral);
        }

        UInt256 collateral = borrower.Collateral - seizedAssets;
        UInt256 totalSupplyAssets = m.TotalSupplyAssets;
        UInt256 badDebtShares = UInt256.Zero;
        UInt256 badDebtAssets = UInt256.Zero;
        if (collateral.IsZero)
        {
            badDebtShares = borrowShares;
            badDebtAssets = UInt256.Min(totalBorrowAssets, MorphoMath.ToAssetsUp(badDebtShares, totalBorrowAssets, totalBorrowShares));
            totalBorrowAssets -= badDebtAssets;
            totalSupplyAssets -= badDebtAssets;
            totalBorrowShares -= badDebtShares;
            borrowShares = UInt256.Zero;
        }

        var newMarket = new MorphoMarket(m.Parameters, totalSupplyAssets, m.TotalSupplyShares, totalBorrowAssets, totalBorrowShares, m.LastUpdate, m.Fee);
        return new MorphoLiquidationResult
        {
            Error = MorphoLiquidationError.None,
            Market = newMarket,
            Position = new MorphoPosition(borrower.SupplyShares, borrowShares, collateral),
            LiquidationIncentiveFactor = lif,
            SeizedAssets = seizedAssets,
            RepaidShares = repaidShares,
            RepaidAssets = repaidAssets,
            BadDebtAssets = badDebtAssets,
            BadDebtShares = badDebtShares,
            AccruedInterest = accrual.Interest,
            FeeShares = accrual.FeeShares,
        };
    }

    private static UInt256 Lif(in UInt256 lltv) =>
        UInt256.Min(
            MorphoMath.MaxLiquidationIncentiveFactor,
            MorphoMath.WDivDown(MorphoMath.Wad, MorphoMath.Wad - MorphoMath.WMulDown(MorphoMath.LiquidationCursor, MorphoMath.Wad - lltv)));

    private static UInt256 MaxBorrowCore(MorphoMarket market, in UInt256 collateral, in UInt256 collateralPrice) =>
        MorphoMath.WMulDown(MorphoMath.MulDivDown(collateral, collateralPrice, MorphoMath.OraclePriceScale), market.Parameters.Lltv);

    private static bool IsHealthyCore(MorphoMarket market, in MorphoPosition position, in UInt256 collateralPrice)
    {
        // The contract's 3-argument _isHealthy returns early without debt; the 4-argument one that liquidate calls
        // reaches the same answer (0 ≤ maxBorrow), so the early return changes nothing but the oracle call.
        if (position.BorrowShares.IsZero)
        {
            return true;
        }

        UInt256 borrowed = MorphoMath.ToAssetsUp(position.BorrowShares, market.TotalBorrowAssets, market.TotalBorrowShares);
        return MaxBorrowCore(market, position.Collateral, collateralPrice) >= borrowed;
    }

    private static MorphoAccrual AccrueCore(MorphoMarket market, ulong timestamp)
    {
        ulong elapsed = timestamp - market.LastUpdate;
        if (elapsed == 0)
        {
            return new MorphoAccrual(market, UInt256.Zero, UInt256.Zero);
        }

        UInt256 rate = market.Parameters.BorrowRatePerSecond;
        UInt256 interest = UInt256.Zero;
        UInt256 feeShares = UInt256.Zero;
        UInt256 totalSupplyAssets = market.TotalSupplyAssets;
        UInt256 totalBorrowAssets = market.TotalBorrowAssets;
        UInt256 totalSupplyShares = market.TotalSupplyShares;
        if (!rate.IsZero)
        {
            interest = MorphoMath.WMulDown(totalBorrowAssets, MorphoMath.WTaylorCompounded(rate, elapsed));
            totalBorrowAssets = AddUInt128(totalBorrowAssets, interest, "Morpho._accrueInterest totalBorrowAssets");
            totalSupplyAssets = AddUInt128(totalSupplyAssets, interest, "Morpho._accrueInterest totalSupplyAssets");
            if (!market.Fee.IsZero)
            {
                UInt256 feeAmount = MorphoMath.WMulDown(interest, market.Fee);
                feeShares = MorphoMath.ToSharesDown(feeAmount, totalSupplyAssets - feeAmount, totalSupplyShares);
                totalSupplyShares = AddUInt128(totalSupplyShares, feeShares, "Morpho._accrueInterest totalSupplyShares");
            }
        }

        var accrued = new MorphoMarket(market.Parameters, totalSupplyAssets, totalSupplyShares, totalBorrowAssets, market.TotalBorrowShares, timestamp, market.Fee);
        return new MorphoAccrual(accrued, interest, feeShares);
    }

    private static UInt256 AddUInt128(in UInt256 total, in UInt256 amount, string operation)
    {
        // toUint128() on the amount and the checked uint128 addition both revert; either way the sum leaves uint128.
        if (!UInt256.TryAdd(total, amount, out UInt256 sum) || sum > MorphoMath.MaxUInt128)
        {
            ThrowHelper.Overflow(operation);
        }

        return sum;
    }

    private static MorphoLiquidationResult Refused(MorphoMarket market, in MorphoPosition borrower, MorphoLiquidationError error) => new()
    {
        Error = error,
        Market = market,
        Position = borrower,
        LiquidationIncentiveFactor = UInt256.Zero,
        SeizedAssets = UInt256.Zero,
        RepaidShares = UInt256.Zero,
        RepaidAssets = UInt256.Zero,
        BadDebtAssets = UInt256.Zero,
        BadDebtShares = UInt256.Zero,
        AccruedInterest = UInt256.Zero,
        FeeShares = UInt256.Zero,
    };
}
