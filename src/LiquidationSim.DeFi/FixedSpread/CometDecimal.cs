using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// The decimal façade for Comet: build markets and accounts in token units and dollars, read balances, values and
/// reserves back as decimals. Conversions are exact: an input with more decimals than its unit holds, or an output a
/// <see cref="decimal"/> cannot represent exactly, throws instead of rounding.
/// </summary>
/// <remarks>
/// Units (reference defi.md §0.1, §3.1): prices and values are dollars × 1e8, factors × 1e18, amounts in smallest
/// units. A base balance entered as a present value becomes a principal through Comet's <c>principalValue</c>, which
/// floors supplies and rounds borrows up, so reading it back can differ from the input by a unit when the indices are
/// not 1e15. Stateless; thread safe.
/// </remarks>
public static class CometDecimal
{
    /// <summary>A price feed answer for <paramref name="usd"/> dollars: <c>usd × 1e8</c>.</summary>
    /// <param name="usd">Dollars; above zero, at most 8 decimals.</param>
    /// <returns>The price.</returns>
    /// <exception cref="ArgumentException">The price is not positive or too precise.</exception>
    public static UInt256 Price(decimal usd) => CompoundChecks.Positive(CompoundV2Decimal.Exact(usd, 8, nameof(usd)), nameof(usd));

    /// <summary>A factor as Comet stores it: <c>value × 1e18</c>.</summary>
    /// <param name="value">The factor (0.93 for 93%); not negative, at most 18 decimals.</param>
    /// <returns>The scaled factor.</returns>
    /// <exception cref="ArgumentException">The factor is negative or too precise.</exception>
    public static UInt256 Factor(decimal value) => CompoundV2Decimal.Exact(value, 18, nameof(value));

    /// <summary>A token amount in smallest units.</summary>
    /// <param name="amount">Whole tokens; not negative.</param>
    /// <param name="decimals">The token's decimals, 0 to 18.</param>
    /// <returns>Smallest units.</returns>
    /// <exception cref="ArgumentException">An argument is out of range or too precise.</exception>
    public static UInt256 Amount(decimal amount, int decimals)
    {
        CompoundChecks.Decimals(decimals, CometAssetConfig.MaxDecimals, nameof(decimals));
        return CompoundV2Decimal.Exact(amount, decimals, nameof(amount));
    }

    /// <summary>Smallest units as whole tokens, exactly.</summary>
    /// <param name="amount">Smallest units.</param>
    /// <param name="decimals">The token's decimals, 0 to 18.</param>
    /// <returns>Whole tokens.</returns>
    public static decimal Tokens(UInt256 amount, int decimals)
    {
        CompoundChecks.Decimals(decimals, CometAssetConfig.MaxDecimals, nameof(decimals));
        return amount.ToDecimal(decimals);
    }

    /// <summary>A signed amount (a present value, reserves) in smallest units as whole tokens, exactly.</summary>
    /// <param name="amount">Smallest units, negative for a debt.</param>
    /// <param name="decimals">The token's decimals, 0 to 18.</param>
    /// <returns>Whole tokens.</returns>
    public static decimal Tokens(BigInteger amount, int decimals)
    {
        decimal magnitude = Tokens(CompoundChecks.ToUInt256(BigInteger.Abs(amount), "CometDecimal.Tokens"), decimals);
        return amount.Sign < 0 ? -magnitude : magnitude;
    }

    /// <summary>A value in dollars × 1e8 as dollars.</summary>
    /// <param name="value">Dollars × 1e8.</param>
    /// <returns>Dollars.</returns>
    public static decimal Usd(UInt256 value) => value.ToDecimal(8);

    /// <summary>An asset configuration from decimal figures.</summary>
    /// <param name="asset">The asset's symbol.</param>
    /// <param name="decimals">The asset's decimals, 0 to 18.</param>
    /// <param name="priceUsd">Its price in dollars.</param>
    /// <param name="borrowCollateralFactor">The borrow collateral factor; digits beyond the fourth decimal are truncated, as Comet stores it.</param>
    /// <param name="liquidateCollateralFactor">The liquidate collateral factor; digits beyond the fourth decimal are truncated, as Comet stores it.</param>
    /// <param name="liquidationFactor">The liquidation factor; digits beyond the fourth decimal are truncated, as Comet stores it.</param>
    /// <param name="supplyCapTokens">The supply cap in whole tokens.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentException">A figure is out of range or too precise.</exception>
    public static CometAssetConfig Asset(
        string asset,
        int decimals,
        decimal priceUsd,
        decimal borrowCollateralFactor,
        decimal liquidateCollateralFactor,
        decimal liquidationFactor,
        decimal supplyCapTokens) =>
        new(
            asset,
            decimals,
            Price(priceUsd),
            Factor(borrowCollateralFactor),
            Factor(liquidateCollateralFactor),
            Factor(liquidationFactor),
            Amount(supplyCapTokens, decimals));

    /// <summary>A market from decimal figures, with indices 1e15 and zero totals.</summary>
    /// <param name="baseToken">The base token's symbol.</param>
    /// <param name="baseDecimals">The base token's decimals, 6 to 18.</param>
    /// <param name="basePriceUsd">The base token's price in dollars.</param>
    /// <param name="storeFrontPriceFactor">The store-front price factor (at most 1).</param>
    /// <param name="targetReservesTokens">Target reserves in whole base tokens.</param>
    /// <param name="assets">The collateral assets in Comet's order.</param>
    /// <returns>The market.</returns>
    /// <exception cref="ArgumentException">A figure is out of range or too precise.</exception>
    public static CometMarket Market(
        string baseToken,
        int baseDecimals,
        decimal basePriceUsd,
        decimal storeFrontPriceFactor,
        decimal targetReservesTokens,
        IEnumerable<CometAssetConfig> assets) =>
        new(baseToken, baseDecimals, Price(basePriceUsd), Factor(storeFrontPriceFactor), Amount(targetReservesTokens, baseDecimals), assets);

    /// <summary>
    /// An account from a base balance in whole tokens (negative for a borrow; turned into a principal with Comet's
    /// <c>principalValue</c>) and collateral in whole tokens.
    /// </summary>
    /// <param name="market">The market (decimals, indices).</param>
    /// <param name="id">The account's identifier.</param>
    /// <param name="baseBalanceTokens">The base present value, negative for a debt.</param>
    /// <param name="collateral">(asset, whole tokens) pairs.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException">An asset is unknown or an amount is out of range or too precise.</exception>
    public static CometAccount Account(CometMarket market, string id, decimal baseBalanceTokens, params (string Asset, decimal Amount)[] collateral)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(collateral);
        BigInteger magnitude = Amount(Math.Abs(baseBalanceTokens), market.BaseDecimals);
        BigInteger principal = CometLiquidation.PrincipalValue(market, baseBalanceTokens < 0m ? -magnitude : magnitude);
        var balances = new List<CometCollateralBalance>(collateral.Length);
        foreach ((string asset, decimal amount) in collateral)
        {
            CometAssetConfig config = market.GetAsset(asset, nameof(collateral));
            balances.Add(new CometCollateralBalance(asset, Amount(amount, config.Decimals)));
        }

        return new CometAccount(id, principal, balances);
    }

    /// <summary>The account's base present value in whole base tokens (negative for a debt).</summary>
    /// <param name="market">The market.</param>
    /// <param name="account">The account.</param>
    /// <returns>Whole base tokens.</returns>
    public static decimal BaseBalance(CometMarket market, CometAccount account)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        return Tokens(CometLiquidation.PresentValue(market, account.Principal), market.BaseDecimals);
    }

    /// <summary><c>getReserves()</c> in whole base tokens (may be negative).</summary>
    /// <param name="market">The market.</param>
    /// <returns>Whole base tokens.</returns>
    public static decimal Reserves(CometMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return Tokens(CometLiquidation.GetReserves(market), market.BaseDecimals);
    }

    /// <summary><see cref="CometLiquidation.QuoteCollateral"/> with the base amount and the result in whole tokens.</summary>
    /// <param name="market">The market.</param>
    /// <param name="asset">The collateral asset.</param>
    /// <param name="baseTokens">Base paid, whole tokens.</param>
    /// <returns>Collateral received, whole tokens.</returns>
    public static decimal QuoteCollateral(CometMarket market, string asset, decimal baseTokens)
    {
        ArgumentNullException.ThrowIfNull(market);
        CometAssetConfig config = market.GetAsset(asset, nameof(asset));
        return Tokens(CometLiquidation.QuoteCollateral(market, asset, Amount(baseTokens, market.BaseDecimals)), config.Decimals);
    }
}
