using LiquidationSim.Instruments;

namespace LiquidationSim.Tests.Support;

/// <summary>Instruments used across tests. Tick and lot sizes are Binance's published BTCUSDT/ETHUSDT filters.</summary>
internal static class TestInstruments
{
    public static readonly DateOnly AsOf = new(2026, 11, 21);

    public static Instrument BtcUsdt { get; } = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);

    public static Instrument BtcUsdtLegacy { get; } = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdtLegacy, tickSize: 0.01m, lotSize: 0.001m);

    public static Instrument EthUsdt { get; } = Instrument.Linear("ETHUSDT", "ETH", "USDT", BinanceUsdmTiers.EthUsdt, tickSize: 0.01m, lotSize: 0.001m);

    /// <summary>A one-bracket table: a flat maintenance rate with no deduction.</summary>
    public static RiskTierTable Flat(decimal maintenanceRate, decimal maxLeverage) =>
        RiskTierTable.Create(
            "flat",
            [new RiskTier(0m, decimal.MaxValue, maxLeverage, maintenanceRate, 0m)],
            MaintenanceAmountRule.Cumulative,
            SourceReference.UserSupplied(AsOf));

    public static Instrument LinearFlat(decimal maintenanceRate, decimal maxLeverage = 125m, decimal tick = 0.01m, decimal lot = 0.001m) =>
        Instrument.Linear("TESTUSDT", "TEST", "USDT", Flat(maintenanceRate, maxLeverage), tick, lot);

    public static Instrument InverseFlat(decimal maintenanceRate, decimal contractSize, decimal maxLeverage = 125m, decimal tick = 0.5m) =>
        Instrument.Inverse("BTCUSD", "BTC", "USD", Flat(maintenanceRate, maxLeverage), tick, 1m, contractSize);
}
