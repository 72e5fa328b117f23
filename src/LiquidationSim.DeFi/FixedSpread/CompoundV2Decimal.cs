using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// The decimal façade for Compound v2: build markets and accounts in token units and dollars, read liquidity and
/// liquidation results back as decimals. Every conversion is exact: an input with more decimals than the protocol
/// unit holds, or an output a <see cref="decimal"/> cannot represent exactly, throws instead of rounding.
/// </summary>
/// <remarks>
/// Units (reference defi.md §0.1): a price mantissa is dollars × 10^(36 − underlying decimals) (1e18 per smallest
/// unit of underlying); an exchange rate mantissa is underlying per cToken × 10^(18 + underlying decimals − cToken
/// decimals); liquidity and shortfall are dollars × 1e18. Stateless; thread safe.
/// </remarks>
public static class CompoundV2Decimal
{
    /// <summary>The oracle mantissa for a token worth <paramref name="usdPerToken"/> dollars: <c>usd × 10^(36 − decimals)</c>.</summary>
    /// <param name="usdPerToken">Dollars per whole token; above zero.</param>
    /// <param name="underlyingDecimals">The token's decimals, 0 to 36.</param>
    /// <returns>The price mantissa.</returns>
    /// <exception cref="ArgumentException">The price is not positive, has more decimals than the mantissa holds, or the decimals are out of range.</exception>
    public static UInt256 PriceMantissa(decimal usdPerToken, int underlyingDecimals)
    {
        CompoundChecks.Decimals(underlyingDecimals, CompoundV2Market.MaxDecimals, nameof(underlyingDecimals));
        return CompoundChecks.Positive(Exact(usdPerToken, CompoundV2Market.MaxDecimals - underlyingDecimals, nameof(usdPerToken)), nameof(usdPerToken));
    }

    /// <summary>The exchange rate mantissa for <paramref name="underlyingPerCToken"/> whole underlying tokens per whole cToken.</summary>
    /// <param name="underlyingPerCToken">Underlying tokens per cToken (0.02 for a fresh cToken with 8 decimals); above zero.</param>
    /// <param name="underlyingDecimals">The underlying's decimals, 0 to 36.</param>
    /// <param name="cTokenDecimals">The cToken's decimals, 0 to 36 and at most 18 + underlying decimals.</param>
    /// <returns>The mantissa, <c>rate × 10^(18 + underlyingDecimals − cTokenDecimals)</c>.</returns>
    /// <exception cref="ArgumentException">An argument is out of range or too precise for the mantissa.</exception>
    public static UInt256 ExchangeRateMantissa(decimal underlyingPerCToken, int underlyingDecimals, int cTokenDecimals)
    {
        CompoundChecks.Decimals(underlyingDecimals, CompoundV2Market.MaxDecimals, nameof(underlyingDecimals));
        CompoundChecks.Decimals(cTokenDecimals, Math.Min(CompoundV2Market.MaxDecimals, 18 + underlyingDecimals), nameof(cTokenDecimals));
        return CompoundChecks.Positive(Exact(underlyingPerCToken, 18 + underlyingDecimals - cTokenDecimals, nameof(underlyingPerCToken)), nameof(underlyingPerCToken));
    }

    /// <summary>A factor (collateral factor, close factor, incentive) as an <c>Exp</c> mantissa: <c>value × 1e18</c>.</summary>
    /// <param name="value">The factor (0.75 for 75%); not negative, at most 18 decimals.</param>
    /// <returns>The mantissa.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> is negative or has more than 18 decimals.</exception>
    public static UInt256 Mantissa(decimal value) => Exact(value, 18, nameof(value));

    /// <summary>A token amount in smallest units: <c>amount × 10^decimals</c>.</summary>
    /// <param name="amount">Whole tokens; not negative, at most <paramref name="decimals"/> decimals.</param>
    /// <param name="decimals">The token's decimals, 0 to 36.</param>
    /// <returns>Smallest units.</returns>
    /// <exception cref="ArgumentException">An argument is out of range or too precise.</exception>
    public static UInt256 Amount(decimal amount, int decimals)
    {
        CompoundChecks.Decimals(decimals, CompoundV2Market.MaxDecimals, nameof(decimals));
        return Exact(amount, decimals, nameof(amount));
    }

    /// <summary>Smallest units as whole tokens, exactly.</summary>
    /// <param name="amount">Smallest units.</param>
    /// <param name="decimals">The token's decimals, 0 to 36.</param>
    /// <returns>Whole tokens.</returns>
    /// <exception cref="ArgumentException">A <see cref="decimal"/> cannot hold the amount exactly.</exception>
    public static decimal Tokens(UInt256 amount, int decimals)
    {
        CompoundChecks.Decimals(decimals, CompoundV2Market.MaxDecimals, nameof(decimals));
        return amount.ToDecimal(decimals);
    }

    /// <summary>A value in the oracle's unit (liquidity, shortfall, collateral sums: dollars × 1e18) as dollars, exactly.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Dollars.</returns>
    /// <exception cref="ArgumentException">A <see cref="decimal"/> cannot hold the value exactly.</exception>
    public static decimal Usd(UInt256 value) => value.ToDecimal(18);

    /// <summary>
    /// A market from whole-token and dollar figures, with borrow index 1e18, its totals in whole tokens, and the cash
    /// that makes the stored exchange rate (<c>(cash + borrows − reserves) × 1e18 / supply</c>) exactly
    /// <paramref name="underlyingPerCToken"/>: <c>cash = rate × supply + reserves − borrows</c>. With no supply the
    /// rate is the initial exchange rate and the cash is <c>reserves − borrows</c>.
    /// </summary>
    /// <param name="name">The cToken symbol.</param>
    /// <param name="underlyingDecimals">The underlying's decimals, 0 to 36.</param>
    /// <param name="cTokenDecimals">The cToken's decimals (8 on mainnet).</param>
    /// <param name="underlyingPerCToken">The exchange rate, underlying tokens per cToken; also the initial exchange rate.</param>
    /// <param name="collateralFactor">The collateral factor, below 1.</param>
    /// <param name="usdPerToken">The oracle's price of one underlying token in dollars.</param>
    /// <param name="totalSupplyCTokens">cTokens in circulation.</param>
    /// <param name="totalBorrowsTokens">Underlying borrowed in total.</param>
    /// <param name="totalReservesTokens">Underlying in reserves.</param>
    /// <returns>The market (no interest rate model, accrual block 0).</returns>
    /// <exception cref="ArgumentException">
    /// An argument is out of range or too precise for its unit; the supply's underlying value is not a whole number
    /// of smallest units; or the borrows exceed that value plus the reserves (the cash would be negative).
    /// </exception>
    public static CompoundV2Market Market(
        string name,
        int underlyingDecimals,
        int cTokenDecimals,
        decimal underlyingPerCToken,
        decimal collateralFactor,
        decimal usdPerToken,
        decimal totalSupplyCTokens,
        decimal totalBorrowsTokens,
        decimal totalReservesTokens)
    {
        UInt256 rate = ExchangeRateMantissa(underlyingPerCToken, underlyingDecimals, cTokenDecimals);
        UInt256 supply = Amount(totalSupplyCTokens, cTokenDecimals);
        UInt256 borrows = Amount(totalBorrowsTokens, underlyingDecimals);
        UInt256 reserves = Amount(totalReservesTokens, underlyingDecimals);
        UInt256 held = UInt256.DivRem(rate * supply, ExponentialNoError.ExpScale, out UInt256 remainder, "CompoundV2Decimal.Market");
        if (!remainder.IsZero)
        {
            Internal.ThrowHelper.Argument(nameof(totalSupplyCTokens), totalSupplyCTokens, "times the exchange rate must be a whole number of underlying smallest units");
        }

        if (held + reserves < borrows)
        {
            Internal.ThrowHelper.Argument(nameof(totalBorrowsTokens), totalBorrowsTokens, "must not exceed the supply's underlying value plus the reserves (the cash would be negative)");
        }

        return new CompoundV2Market(name, underlyingDecimals, cTokenDecimals, rate, Mantissa(collateralFactor), PriceMantissa(usdPerToken, underlyingDecimals), ExponentialNoError.ExpScale)
        {
            TotalSupply = supply,
            TotalBorrows = borrows,
            TotalReserves = reserves,
            Cash = held + reserves - borrows,
        };
    }

    /// <summary>
    /// A position in <paramref name="market"/> from whole cTokens and whole underlying borrowed: the borrow
    /// snapshot takes the market's current borrow index, so the stored borrow balance is exactly
    /// <paramref name="borrowedTokens"/>.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="cTokens">cTokens held.</param>
    /// <param name="borrowedTokens">Underlying owed now.</param>
    /// <returns>The position.</returns>
    /// <exception cref="ArgumentException">An amount is negative or too precise.</exception>
    public static CompoundV2AccountMarket Position(CompoundV2Market market, decimal cTokens, decimal borrowedTokens)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new CompoundV2AccountMarket(
            market.Name,
            Amount(cTokens, market.CTokenDecimals),
            Amount(borrowedTokens, market.UnderlyingDecimals),
            market.BorrowIndex);
    }

    /// <summary>The account's liquidity and shortfall in dollars.</summary>
    /// <param name="comptroller">The Comptroller.</param>
    /// <param name="account">The account.</param>
    /// <returns>(liquidity, shortfall) in dollars, exact.</returns>
    /// <exception cref="ArgumentException">The account uses an unlisted market, or a value does not fit a <see cref="decimal"/> exactly.</exception>
    public static (decimal LiquidityUsd, decimal ShortfallUsd) Liquidity(CompoundV2Comptroller comptroller, CompoundV2Account account)
    {
        CompoundV2AccountLiquidity liquidity = CompoundV2Liquidation.GetAccountLiquidity(comptroller, account);
        return (Usd(liquidity.Liquidity), Usd(liquidity.Shortfall));
    }

    /// <summary>
    /// <see cref="CompoundV2Liquidation.LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/> with the repay in whole underlying tokens of
    /// <paramref name="borrowMarket"/>.
    /// </summary>
    /// <param name="comptroller">The Comptroller.</param>
    /// <param name="borrower">The borrower.</param>
    /// <param name="borrowMarket">The market whose borrow is repaid.</param>
    /// <param name="collateralMarket">The market whose cTokens are seized.</param>
    /// <param name="repayTokens">Underlying repaid, in whole tokens.</param>
    /// <returns>The result; read its amounts with <see cref="Tokens"/>.</returns>
    /// <exception cref="ArgumentException">As <see cref="CompoundV2Liquidation.LiquidateBorrow(CompoundV2Comptroller, CompoundV2Account, string, string, UInt256)"/>, or the repay is too precise.</exception>
    public static CompoundV2LiquidationResult LiquidateBorrow(
        CompoundV2Comptroller comptroller,
        CompoundV2Account borrower,
        string borrowMarket,
        string collateralMarket,
        decimal repayTokens)
    {
        ArgumentNullException.ThrowIfNull(comptroller);
        CompoundV2Market borrowed = comptroller.GetMarket(borrowMarket, nameof(borrowMarket));
        return CompoundV2Liquidation.LiquidateBorrow(comptroller, borrower, borrowMarket, collateralMarket, Amount(repayTokens, borrowed.UnderlyingDecimals));
    }

    internal static UInt256 Exact(decimal value, int scale, string paramName)
    {
        if (value < 0m)
        {
            Internal.ThrowHelper.OutOfRange(paramName, value, "must not be negative");
        }

        try
        {
            return UInt256.FromDecimal(value, scale);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Internal.ThrowHelper.Describe(paramName, value, $"must have at most {scale} decimal places to convert exactly"), paramName, e);
        }
    }
}
