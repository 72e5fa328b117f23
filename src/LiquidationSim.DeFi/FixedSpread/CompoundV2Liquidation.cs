using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Compound v2 liquidation as pure functions of a <see cref="CompoundV2Comptroller"/> and a
/// <see cref="CompoundV2Account"/>: account liquidity, the close factor check, <c>liquidateCalculateSeizeTokens</c>
/// and the seize split, each in the protocol's truncating <c>Exp</c> arithmetic (<see cref="ExponentialNoError"/>).
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-protocol commit a3214f6 (reference defi.md §2.1): <c>Comptroller.sol</c>
/// (<c>getHypotheticalAccountLiquidityInternal</c>, <c>liquidateBorrowAllowed</c>,
/// <c>liquidateCalculateSeizeTokens</c>), <c>CToken.sol</c> (<c>borrowBalanceStoredInternal</c>,
/// <c>liquidateBorrowFresh</c>, <c>repayBorrowFresh</c>, <c>seizeInternal</c>, <c>liquidateBorrowInternal</c>). Every
/// function reads the markets' stored state (borrow index, and the exchange rate from cash, borrows, reserves and
/// supply), as the contract's views do; <see cref="CompoundV2Market.AccrueInterest"/> brings a market to a block, and
/// the <see cref="LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256, ulong)"/>
/// overload accrues both markets first, as <c>liquidateBorrowInternal</c> does.
/// </para>
/// <para>
/// Failures: conditions the protocol reports with an error code or a named <c>require</c> about the account or the
/// oracle (<c>INSUFFICIENT_SHORTFALL</c>, <c>TOO_MUCH_REPAY</c>, <c>LIQUIDATE_SEIZE_TOO_MUCH</c>, <c>PRICE_ERROR</c>)
/// come back as a typed
/// <see cref="CompoundV2LiquidationResult"/> with the inputs unchanged. Bad arguments (an unknown market, a zero
/// repay, a repay of <c>type(uint).max</c>, totals that would underflow) throw <see cref="ArgumentException"/> naming
/// the parameter, before anything is computed. Arithmetic the contract would revert on throws
/// <see cref="OverflowException"/> or <see cref="DivideByZeroException"/>. The deprecated-market path of
/// <c>liquidateBorrowAllowed</c> and the liquidator's own account are not modelled. Stateless; thread safe.
/// </para>
/// </remarks>
public static class CompoundV2Liquidation
{
    /// <summary>
    /// <c>CToken.borrowBalanceStoredInternal</c>: zero when the principal is zero, else
    /// <c>principal × borrowIndex / interestIndex</c>, truncated.
    /// </summary>
    /// <param name="market">The market, for its current borrow index.</param>
    /// <param name="position">The account's position in that market.</param>
    /// <returns>The borrow balance in underlying smallest units.</returns>
    /// <exception cref="ArgumentException"><paramref name="position"/> belongs to another market.</exception>
    public static UInt256 BorrowBalanceStored(CompoundV2Market market, CompoundV2AccountMarket position)
    {
        ArgumentNullException.ThrowIfNull(market);
        if (!string.Equals(market.Name, position.Market, StringComparison.Ordinal))
        {
            ThrowHelper.Argument(nameof(position), position.Market, "must be a position in the given market");
        }

        if (position.BorrowPrincipal.IsZero)
        {
            return UInt256.Zero;
        }

        if (position.BorrowInterestIndex.IsZero)
        {
            ThrowHelper.Argument(nameof(position), position.Market, "must give a non-zero borrow interest index with a non-zero principal");
        }

        return position.BorrowPrincipal * market.BorrowIndex / position.BorrowInterestIndex;
    }

    /// <summary><c>getAccountLiquidity</c>: the account's liquidity and shortfall with no hypothetical change.</summary>
    /// <param name="comptroller">The Comptroller and its markets.</param>
    /// <param name="account">The account.</param>
    /// <returns>Liquidity and shortfall.</returns>
    /// <exception cref="ArgumentException">The account has a position in a market the Comptroller does not list.</exception>
    public static CompoundV2AccountLiquidity GetAccountLiquidity(CompoundV2Comptroller comptroller, CompoundV2Account account) =>
        GetHypotheticalAccountLiquidity(comptroller, account, null, UInt256.Zero, UInt256.Zero);

    /// <summary>
    /// <c>getHypotheticalAccountLiquidityInternal</c>: for each entered market, in entry order,
    /// <c>tokensToDenom = mul_(mul_(collateralFactor, exchangeRate), price)</c>;
    /// <c>sumCollateral += truncate(tokensToDenom × cTokenBalance)</c>;
    /// <c>sumBorrowPlusEffects += truncate(price × borrowBalance)</c>; and in <paramref name="marketModify"/> also
    /// <c>truncate(tokensToDenom × redeemTokens) + truncate(price × borrowAmount)</c>.
    /// </summary>
    /// <param name="comptroller">The Comptroller and its markets.</param>
    /// <param name="account">The account.</param>
    /// <param name="marketModify">
    /// The market of the hypothetical redeem or borrow, or <see langword="null"/>. As on chain, the effects are
    /// applied inside the loop over the account's entered markets, so a market the account has not entered, listed or
    /// not, has no effect (spec/scenario/HypotheticalAccountLiquidity.scen: "if you're not in an asset, this function
    /// returns no effect"; cREP, never listed, "No effect").
    /// </param>
    /// <param name="redeemTokens">cTokens hypothetically redeemed.</param>
    /// <param name="borrowAmount">Underlying hypothetically borrowed.</param>
    /// <returns>
    /// Liquidity and shortfall, at most one of them non-zero; or, when an entered market's oracle price is zero,
    /// <see cref="CompoundV2LiquidationError.PriceError"/> with every amount zero, as the contract returns
    /// <c>(PRICE_ERROR, 0, 0)</c>.
    /// </returns>
    /// <exception cref="ArgumentException">The account has a position in a market the Comptroller does not list.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (reverts on chain).</exception>
    public static CompoundV2AccountLiquidity GetHypotheticalAccountLiquidity(
        CompoundV2Comptroller comptroller,
        CompoundV2Account account,
        string? marketModify,
        UInt256 redeemTokens,
        UInt256 borrowAmount)
    {
        ArgumentNullException.ThrowIfNull(comptroller);
        ArgumentNullException.ThrowIfNull(account);
        CheckListed(comptroller, account, nameof(account));
        UInt256 sumCollateral = UInt256.Zero;
        UInt256 sumBorrowPlusEffects = UInt256.Zero;
        foreach (CompoundV2AccountMarket position in account.Markets)
        {
            CompoundV2Market market = comptroller.GetMarket(position.Market, nameof(account));
            UInt256 borrowBalance = BorrowBalanceStored(market, position);
            UInt256 exchangeRate = market.ExchangeRateMantissa;
            UInt256 price = market.UnderlyingPriceMantissa;
            if (price.IsZero)
            {
                return new CompoundV2AccountLiquidity(UInt256.Zero, UInt256.Zero, UInt256.Zero, UInt256.Zero) { Error = CompoundV2LiquidationError.PriceError };
            }

            UInt256 tokensToDenom = ExponentialNoError.Mul(ExponentialNoError.Mul(market.CollateralFactorMantissa, exchangeRate), price);
            sumCollateral = ExponentialNoError.MulScalarTruncateAddUInt(tokensToDenom, position.CTokenBalance, sumCollateral);
            sumBorrowPlusEffects = ExponentialNoError.MulScalarTruncateAddUInt(price, borrowBalance, sumBorrowPlusEffects);
            if (string.Equals(position.Market, marketModify, StringComparison.Ordinal))
            {
                sumBorrowPlusEffects = ExponentialNoError.MulScalarTruncateAddUInt(tokensToDenom, redeemTokens, sumBorrowPlusEffects);
                sumBorrowPlusEffects = ExponentialNoError.MulScalarTruncateAddUInt(price, borrowAmount, sumBorrowPlusEffects);
            }
        }

        return sumCollateral > sumBorrowPlusEffects
            ? new CompoundV2AccountLiquidity(sumCollateral - sumBorrowPlusEffects, UInt256.Zero, sumCollateral, sumBorrowPlusEffects)
            : new CompoundV2AccountLiquidity(UInt256.Zero, sumBorrowPlusEffects - sumCollateral, sumCollateral, sumBorrowPlusEffects);
    }

    /// <summary>
    /// <c>Comptroller.liquidateCalculateSeizeTokens</c> on raw mantissas:
    /// <c>ratio = div_(mul_(incentive, priceBorrowed), mul_(priceCollateral, exchangeRate))</c>;
    /// <c>seizeTokens = truncate(ratio × actualRepayAmount)</c>. Reference defi.md §2.2.1 lists the protocol's test rows.
    /// </summary>
    /// <param name="priceBorrowedMantissa">Oracle price of the borrowed underlying; not zero.</param>
    /// <param name="priceCollateralMantissa">Oracle price of the collateral underlying; not zero.</param>
    /// <param name="exchangeRateMantissa">The collateral cToken's stored exchange rate.</param>
    /// <param name="liquidationIncentiveMantissa">The liquidation incentive, including the 1.0.</param>
    /// <param name="actualRepayAmount">Underlying repaid.</param>
    /// <returns>cTokens of the collateral market to seize.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A price is zero (the protocol's <c>PRICE_ERROR</c>).</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (reverts on chain, for example a repay of <c>type(uint).max</c>).</exception>
    /// <exception cref="DivideByZeroException"><c>mul_(priceCollateral, exchangeRate)</c> truncates to zero (reverts on chain).</exception>
    public static UInt256 LiquidateCalculateSeizeTokens(
        UInt256 priceBorrowedMantissa,
        UInt256 priceCollateralMantissa,
        UInt256 exchangeRateMantissa,
        UInt256 liquidationIncentiveMantissa,
        UInt256 actualRepayAmount)
    {
        CompoundChecks.Positive(priceBorrowedMantissa, nameof(priceBorrowedMantissa));
        CompoundChecks.Positive(priceCollateralMantissa, nameof(priceCollateralMantissa));
        UInt256 numerator = ExponentialNoError.Mul(liquidationIncentiveMantissa, priceBorrowedMantissa);
        UInt256 denominator = ExponentialNoError.Mul(priceCollateralMantissa, exchangeRateMantissa);
        UInt256 ratio = ExponentialNoError.Div(numerator, denominator);
        return ExponentialNoError.MulScalarTruncate(ratio, actualRepayAmount);
    }

    /// <summary>
    /// <c>liquidateCalculateSeizeTokens</c> for two listed markets of <paramref name="comptroller"/>, with the
    /// collateral's exchange rate computed from its stored state (<c>exchangeRateStored()</c>).
    /// </summary>
    /// <param name="comptroller">The Comptroller (incentive, prices, exchange rate).</param>
    /// <param name="borrowMarket">The market whose borrow is repaid.</param>
    /// <param name="collateralMarket">The market whose cTokens are seized.</param>
    /// <param name="actualRepayAmount">Underlying repaid.</param>
    /// <returns>cTokens of <paramref name="collateralMarket"/> to seize.</returns>
    /// <exception cref="ArgumentException">A market is not listed.</exception>
    /// <exception cref="InvalidOperationException">
    /// A market's oracle price is zero: the contract answers <c>(PRICE_ERROR, 0)</c>, which
    /// <see cref="LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/> reports as
    /// <see cref="CompoundV2LiquidationError.PriceError"/>.
    /// </exception>
    /// <exception cref="OverflowException">A product does not fit in uint256.</exception>
    public static UInt256 LiquidateCalculateSeizeTokens(CompoundV2Comptroller comptroller, string borrowMarket, string collateralMarket, UInt256 actualRepayAmount)
    {
        ArgumentNullException.ThrowIfNull(comptroller);
        CompoundV2Market borrowed = comptroller.GetMarket(borrowMarket, nameof(borrowMarket));
        CompoundV2Market collateral = comptroller.GetMarket(collateralMarket, nameof(collateralMarket));
        if (borrowed.UnderlyingPriceMantissa.IsZero || collateral.UnderlyingPriceMantissa.IsZero)
        {
            throw new InvalidOperationException($"PRICE_ERROR: the oracle price of {(borrowed.UnderlyingPriceMantissa.IsZero ? borrowMarket : collateralMarket)} is zero, so liquidateCalculateSeizeTokens returns an error.");
        }

        return LiquidateCalculateSeizeTokens(
            borrowed.UnderlyingPriceMantissa,
            collateral.UnderlyingPriceMantissa,
            collateral.ExchangeRateMantissa,
            comptroller.LiquidationIncentiveMantissa,
            actualRepayAmount);
    }

    /// <summary>
    /// <c>CToken.seizeInternal</c>'s split: <c>protocolSeizeTokens = truncate(seizeTokens × share)</c>,
    /// <c>liquidatorSeizeTokens = seizeTokens − protocolSeizeTokens</c>,
    /// <c>protocolSeizeAmount = truncate(exchangeRate × protocolSeizeTokens)</c> (reference defi.md §2.2.2).
    /// </summary>
    /// <param name="seizeTokens">cTokens seized from the borrower.</param>
    /// <param name="exchangeRateMantissa">The collateral cToken's stored exchange rate.</param>
    /// <param name="protocolSeizeShareMantissa">The protocol's share, scaled by 1e18; at most 1e18.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="protocolSeizeShareMantissa"/> is above 1e18.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256.</exception>
    public static CompoundV2SeizeSplit SplitSeizeTokens(UInt256 seizeTokens, UInt256 exchangeRateMantissa, UInt256 protocolSeizeShareMantissa)
    {
        CompoundChecks.AtMost(protocolSeizeShareMantissa, ExponentialNoError.ExpScale, nameof(protocolSeizeShareMantissa), "must be at most 1e18");
        UInt256 protocolTokens = ExponentialNoError.MulScalarTruncate(protocolSeizeShareMantissa, seizeTokens);
        UInt256 liquidatorTokens = seizeTokens - protocolTokens;
        UInt256 protocolAmount = ExponentialNoError.MulScalarTruncate(exchangeRateMantissa, protocolTokens);
        return new CompoundV2SeizeSplit(seizeTokens, protocolTokens, liquidatorTokens, protocolAmount);
    }

    /// <summary>
    /// <c>CToken.liquidateBorrowFresh</c> with <c>Comptroller.liquidateBorrowAllowed</c>: checks the shortfall and
    /// the close factor, repays <paramref name="repayAmount"/> of the borrow in <paramref name="borrowMarket"/>,
    /// seizes <c>liquidateCalculateSeizeTokens(repayAmount)</c> cTokens of <paramref name="collateralMarket"/> and
    /// splits them between the liquidator and the reserves.
    /// </summary>
    /// <param name="comptroller">The Comptroller and its markets.</param>
    /// <param name="borrower">The account being liquidated.</param>
    /// <param name="borrowMarket">The market whose borrow the liquidator repays.</param>
    /// <param name="collateralMarket">The market whose cTokens are seized (may be <paramref name="borrowMarket"/>).</param>
    /// <param name="repayAmount">Underlying the liquidator repays; not zero and not <c>type(uint).max</c>.</param>
    /// <returns>
    /// The new state and the amounts moved, or a typed failure (<c>PRICE_ERROR</c>, <c>INSUFFICIENT_SHORTFALL</c>,
    /// <c>TOO_MUCH_REPAY</c>, <c>LIQUIDATE_SEIZE_TOO_MUCH</c>) with the inputs unchanged.
    /// </returns>
    /// <remarks>
    /// The markets' stored state is taken as current (the contract's freshness checks require both markets accrued in
    /// this block); the overload with a block number accrues them first. The repay adds to the borrowed market's
    /// cash, so in an in-kind liquidation the exchange rate the seizure uses is unchanged by the repay, as on chain.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// A market is not listed; <paramref name="repayAmount"/> is zero (<c>LIQUIDATE_CLOSE_AMOUNT_IS_ZERO</c>) or
    /// <c>type(uint).max</c> (<c>LIQUIDATE_CLOSE_AMOUNT_IS_UINT_MAX</c>); or a market's total would underflow.
    /// </exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (reverts on chain).</exception>
    public static CompoundV2LiquidationResult LiquidateBorrow(
        CompoundV2Comptroller comptroller,
        CompoundV2Account borrower,
        string borrowMarket,
        string collateralMarket,
        UInt256 repayAmount)
    {
        ArgumentNullException.ThrowIfNull(comptroller);
        ArgumentNullException.ThrowIfNull(borrower);
        CompoundV2Market borrowed = comptroller.GetMarket(borrowMarket, nameof(borrowMarket));
        comptroller.GetMarket(collateralMarket, nameof(collateralMarket));
        CheckListed(comptroller, borrower, nameof(borrower));
        if (repayAmount.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(repayAmount), repayAmount, "must be greater than zero (LIQUIDATE_CLOSE_AMOUNT_IS_ZERO)");
        }

        if (repayAmount == UInt256.MaxValue)
        {
            ThrowHelper.OutOfRange(nameof(repayAmount), repayAmount, "must not be type(uint).max (LIQUIDATE_CLOSE_AMOUNT_IS_UINT_MAX)");
        }

        CompoundV2AccountLiquidity liquidity = GetAccountLiquidity(comptroller, borrower);
        CompoundV2AccountMarket borrowPosition = borrower.GetPosition(borrowMarket);
        UInt256 borrowBalance = BorrowBalanceStored(borrowed, borrowPosition);
        UInt256 maxClose = ExponentialNoError.MulScalarTruncate(comptroller.CloseFactorMantissa, borrowBalance);
        CompoundV2LiquidationResult Fail(CompoundV2LiquidationError error, UInt256 seizeTokens) => new()
        {
            Error = error,
            Comptroller = comptroller,
            Borrower = borrower,
            LiquidityBefore = liquidity,
            BorrowBalance = borrowBalance,
            MaxClose = maxClose,
            ActualRepayAmount = UInt256.Zero,
            Seize = new CompoundV2SeizeSplit(seizeTokens, UInt256.Zero, UInt256.Zero, UInt256.Zero),
        };

        if (liquidity.Error != CompoundV2LiquidationError.None)
        {
            return Fail(liquidity.Error, UInt256.Zero);
        }

        if (!liquidity.HasShortfall)
        {
            return Fail(CompoundV2LiquidationError.InsufficientShortfall, UInt256.Zero);
        }

        if (repayAmount > maxClose)
        {
            return Fail(CompoundV2LiquidationError.TooMuchRepay, UInt256.Zero);
        }

        // repayBorrowFresh: the liquidator pays in exactly repayAmount (no fee-on-transfer underlying modelled).
        if (borrowed.TotalBorrows < repayAmount)
        {
            ThrowHelper.Argument(nameof(comptroller), borrowed.TotalBorrows, $"must have TotalBorrows of {borrowMarket} at least the repay (totalBorrows - repayAmount underflows)");
        }

        if (borrowed.UnderlyingPriceMantissa.IsZero || comptroller.GetMarket(collateralMarket, nameof(collateralMarket)).UnderlyingPriceMantissa.IsZero)
        {
            // The borrower need not have entered the collateral market, so its zero price can reach here.
            return Fail(CompoundV2LiquidationError.PriceError, UInt256.Zero);
        }

        UInt256 seizeTokens = LiquidateCalculateSeizeTokens(comptroller, borrowMarket, collateralMarket, repayAmount);
        CompoundV2Account afterRepay = borrower.WithPosition(borrowPosition with { BorrowPrincipal = borrowBalance - repayAmount, BorrowInterestIndex = borrowed.BorrowIndex });
        CompoundV2AccountMarket collateralPosition = afterRepay.GetPosition(collateralMarket);
        if (collateralPosition.CTokenBalance < seizeTokens)
        {
            return Fail(CompoundV2LiquidationError.LiquidateSeizeTooMuch, seizeTokens);
        }

        CompoundV2Comptroller afterRepayComptroller = comptroller.WithMarket(borrowed with { TotalBorrows = borrowed.TotalBorrows - repayAmount, Cash = borrowed.Cash + repayAmount });
        CompoundV2Market collateral = afterRepayComptroller.GetMarket(collateralMarket, nameof(collateralMarket));
        CompoundV2SeizeSplit split = SplitSeizeTokens(seizeTokens, collateral.ExchangeRateMantissa, comptroller.ProtocolSeizeShareMantissa);
        if (collateral.TotalSupply < split.ProtocolSeizeTokens)
        {
            ThrowHelper.Argument(nameof(comptroller), collateral.TotalSupply, $"must have TotalSupply of {collateralMarket} at least the protocol's seized cTokens (totalSupply - protocolSeizeTokens underflows)");
        }

        CompoundV2Comptroller finalComptroller = afterRepayComptroller.WithMarket(collateral with
        {
            TotalSupply = collateral.TotalSupply - split.ProtocolSeizeTokens,
            TotalReserves = collateral.TotalReserves + split.ProtocolSeizeAmount,
        });
        CompoundV2Account finalBorrower = seizeTokens.IsZero
            ? afterRepay
            : afterRepay.WithPosition(collateralPosition with { CTokenBalance = collateralPosition.CTokenBalance - seizeTokens });
        return new CompoundV2LiquidationResult
        {
            Error = CompoundV2LiquidationError.None,
            Comptroller = finalComptroller,
            Borrower = finalBorrower,
            LiquidityBefore = liquidity,
            BorrowBalance = borrowBalance,
            MaxClose = maxClose,
            ActualRepayAmount = repayAmount,
            Seize = split,
        };
    }

    /// <summary>
    /// <c>CToken.liquidateBorrowInternal</c>: accrues interest on the borrowed market, then on the collateral market,
    /// to <paramref name="blockNumber"/>, and liquidates as
    /// <see cref="LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/> on the accrued
    /// state. A failure reverts the whole call, accrual included, so the result then carries the inputs unchanged
    /// (its <see cref="CompoundV2LiquidationResult.LiquidityBefore"/>, borrow balance and close are the accrued ones).
    /// </summary>
    /// <param name="comptroller">The Comptroller and its markets.</param>
    /// <param name="borrower">The account being liquidated.</param>
    /// <param name="borrowMarket">The market whose borrow the liquidator repays.</param>
    /// <param name="collateralMarket">The market whose cTokens are seized (may be <paramref name="borrowMarket"/>).</param>
    /// <param name="repayAmount">Underlying the liquidator repays; not zero and not <c>type(uint).max</c>.</param>
    /// <param name="blockNumber">The current block; not before either market's accrual block.</param>
    /// <returns>The result, with the accrued and liquidated Comptroller on success.</returns>
    /// <exception cref="ArgumentException">As the other overload, or <paramref name="blockNumber"/> is before a market's accrual block.</exception>
    /// <exception cref="InvalidOperationException">A market must accrue and has no rate model, or its rate is above the protocol's maximum.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (reverts on chain).</exception>
    public static CompoundV2LiquidationResult LiquidateBorrow(
        CompoundV2Comptroller comptroller,
        CompoundV2Account borrower,
        string borrowMarket,
        string collateralMarket,
        UInt256 repayAmount,
        ulong blockNumber)
    {
        ArgumentNullException.ThrowIfNull(comptroller);
        CompoundV2Comptroller accrued = comptroller.WithMarket(comptroller.GetMarket(borrowMarket, nameof(borrowMarket)).AccrueInterest(blockNumber));
        accrued = accrued.WithMarket(accrued.GetMarket(collateralMarket, nameof(collateralMarket)).AccrueInterest(blockNumber));
        CompoundV2LiquidationResult result = LiquidateBorrow(accrued, borrower, borrowMarket, collateralMarket, repayAmount);
        return result.Succeeded ? result : result with { Comptroller = comptroller };
    }

    private static void CheckListed(CompoundV2Comptroller comptroller, CompoundV2Account account, string paramName)
    {
        foreach (CompoundV2AccountMarket position in account.Markets)
        {
            comptroller.GetMarket(position.Market, paramName);
        }
    }
}
