using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// A position in token units: supplied and borrowed amounts as <see cref="decimal"/> (1.5 WETH, 1500 USDC).
/// </summary>
/// <param name="Symbol">The reserve's symbol.</param>
/// <param name="Supplied">The aToken balance in whole tokens; not negative.</param>
/// <param name="Borrowed">The variable debt in whole tokens; not negative.</param>
/// <param name="CollateralEnabled">Whether the supply counts as collateral.</param>
public readonly record struct AaveTokenPosition(string Symbol, decimal Supplied, decimal Borrowed, bool CollateralEnabled);

/// <summary>
/// A <see cref="decimal"/> façade over the integer model: build prices and accounts in dollars and token units, and
/// read amounts, values and health factors back, converting exactly at the edges.
/// </summary>
/// <remarks>
/// <para>
/// Every conversion is exact or refused: a token amount with more decimal places than the token has, a price with
/// more than the base currency's decimals, or an integer a <see cref="decimal"/> cannot hold exactly, throws
/// <see cref="ArgumentException"/> (never rounds silently); negative amounts throw <see cref="OverflowException"/>
/// (the uint256 conversion's rule). Built on <see cref="UInt256.FromDecimal(decimal, int)"/> and
/// <see cref="UInt256.ToDecimal(int)"/>. Stateless; thread safe.
/// </para>
/// </remarks>
public static class AaveDecimal
{
    /// <summary>A price in base-currency units: <c>Price(2000m, 8)</c> is <c>200000000000</c>.</summary>
    /// <param name="price">The price of one whole token (USD on USD markets), above zero.</param>
    /// <param name="baseCurrencyDecimals">The base currency's decimals (8 on USD markets).</param>
    /// <returns>The price in base-currency units.</returns>
    /// <exception cref="ArgumentException"><paramref name="price"/> has more decimals than the base currency.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> is zero.</exception>
    public static UInt256 Price(decimal price, int baseCurrencyDecimals)
    {
        UInt256 units = UInt256.FromDecimal(price, baseCurrencyDecimals);
        AaveReserve.CheckPrice(units, nameof(price));
        return units;
    }

    /// <summary>A token amount in the reserve's smallest units: 1.5 WETH is 1.5e18.</summary>
    /// <param name="tokens">The amount in whole tokens; not negative.</param>
    /// <param name="reserve">The reserve (for its decimals).</param>
    /// <returns>The amount in the token's smallest units.</returns>
    /// <exception cref="ArgumentException"><paramref name="tokens"/> has more decimals than the token.</exception>
    public static UInt256 Amount(decimal tokens, AaveReserve reserve)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        return UInt256.FromDecimal(tokens, reserve.Decimals);
    }

    /// <summary>An amount in the reserve's smallest units as whole tokens.</summary>
    /// <param name="amount">The amount in the token's smallest units.</param>
    /// <param name="reserve">The reserve (for its decimals).</param>
    /// <returns>The amount in tokens, exactly.</returns>
    /// <exception cref="ArgumentException">A <see cref="decimal"/> cannot hold the amount exactly.</exception>
    public static decimal Tokens(UInt256 amount, AaveReserve reserve)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        return amount.ToDecimal(reserve.Decimals);
    }

    /// <summary>A base-currency value (such as <see cref="AaveAccountData.TotalDebtBase"/>) in dollars on USD markets.</summary>
    /// <param name="value">The value in base-currency units.</param>
    /// <param name="market">The market (for the base currency's decimals).</param>
    /// <returns>The value, exactly.</returns>
    /// <exception cref="ArgumentException">A <see cref="decimal"/> cannot hold the value exactly.</exception>
    public static decimal BaseCurrency(UInt256 value, AaveMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return value.ToDecimal(market.BaseCurrencyDecimals);
    }

    /// <summary>A health factor (wad) as a number (1.1), or null when the user has no debt (<c>type(uint256).max</c>).</summary>
    /// <param name="healthFactor">The health factor as a wad.</param>
    /// <returns>The health factor, or null for "no debt".</returns>
    /// <exception cref="ArgumentException">A <see cref="decimal"/> cannot hold the value exactly.</exception>
    public static decimal? HealthFactor(UInt256 healthFactor) =>
        healthFactor == UInt256.MaxValue ? null : healthFactor.ToDecimal(18);

    /// <summary>Builds an account from token amounts, at the reserves' current indices (<see cref="AaveMarket.PositionFromBalances"/>).</summary>
    /// <param name="market">The market.</param>
    /// <param name="eModeCategory">The user's eMode category; 0 for none.</param>
    /// <param name="positions">The positions in token units.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException">A symbol is not a reserve of the market or appears twice, or an amount has more decimals than its token.</exception>
    /// <exception cref="OverflowException">An amount is negative.</exception>
    public static AaveUserAccount Account(AaveMarket market, int eModeCategory, params ReadOnlySpan<AaveTokenPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(market);
        var built = ImmutableArray.CreateBuilder<AavePosition>(positions.Length);
        foreach (AaveTokenPosition p in positions)
        {
            if (!market.Contains(p.Symbol))
            {
                ThrowHelper.Argument(nameof(positions), p.Symbol, "must name reserves of the market");
            }

            AaveReserve reserve = market.Reserve(p.Symbol);
            built.Add(market.PositionFromBalances(p.Symbol, Amount(p.Supplied, reserve), Amount(p.Borrowed, reserve), p.CollateralEnabled));
        }

        return new AaveUserAccount(eModeCategory, built.MoveToImmutable());
    }
}
