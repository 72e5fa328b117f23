using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Tests.Support;

/// <summary>
/// Small USD markets (8-decimal base currency) for the Aave tests, built through the decimal façade so that the
/// numbers in the tests read as dollars and tokens.
/// </summary>
internal static class AaveTestMarkets
{
    public const int Usd = 8;

    public static UInt256 Dollars(decimal usd) => AaveDecimal.Price(usd, Usd);

    /// <summary>WETH (18 decimals) and USDC (6 decimals) at the given prices; WETH LT 82.50%, bonus 5%, fee 10% of the bonus.</summary>
    public static AaveMarket EthUsdc(AaveVersion version, decimal ethPrice = 2000m, int ethThreshold = 8250, int ethBonus = 10500, int ethFee = 1000) =>
        new(AaveRules.For(version), Usd,
        [
            new AaveReserve("WETH", 18, Dollars(ethPrice), ltv: 8000, liquidationThreshold: ethThreshold, liquidationBonus: ethBonus, liquidationProtocolFee: ethFee),
            new AaveReserve("USDC", 6, Dollars(1m), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 1000),
        ]);

    public static AaveUserAccount Account(AaveMarket market, params AaveTokenPosition[] positions) => AaveDecimal.Account(market, 0, positions);

    public static AaveTokenPosition Supply(string symbol, decimal amount) => new(symbol, amount, 0m, CollateralEnabled: true);

    public static AaveTokenPosition Borrow(string symbol, decimal amount) => new(symbol, 0m, amount, CollateralEnabled: false);

    public static AaveTokenPosition Both(string symbol, decimal supplied, decimal borrowed) => new(symbol, supplied, borrowed, CollateralEnabled: true);

    public static UInt256 Wad(decimal value) => UInt256.FromDecimal(value, 18);
}
