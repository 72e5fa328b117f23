namespace LiquidationSim.Instruments;

/// <summary>
/// Binance USDⓈ-M maintenance-margin brackets, as published. Each table carries its source and snapshot date;
/// Binance changes these tables often, so pin the one a result was computed with.
/// </summary>
public static class BinanceUsdmTiers
{
    private static readonly SourceReference s_api2024 = new(
        "Binance GET /fapi/v1/leverageBracket, snapshot in freqtrade/freqtrade freqtrade/exchange/binance_leverage_tiers.json @ c9ae5e1e (reference cefi.md §1.3.1)",
        new DateOnly(2024, 10, 24));

    /// <summary>BTCUSDT, 12 brackets from 0 to 1.8B USDT (125x / 0.4% down to 1x / 50%).</summary>
    public static RiskTierTable BtcUsdt { get; } = RiskTierTable.Create(
        "Binance BTCUSDT",
        [
            new(0m, 50_000m, 125m, 0.004m, 0m),
            new(50_000m, 600_000m, 100m, 0.005m, 50m),
            new(600_000m, 3_000_000m, 75m, 0.0065m, 950m),
            new(3_000_000m, 12_000_000m, 50m, 0.01m, 11_450m),
            new(12_000_000m, 70_000_000m, 25m, 0.02m, 131_450m),
            new(70_000_000m, 100_000_000m, 20m, 0.025m, 481_450m),
            new(100_000_000m, 230_000_000m, 10m, 0.05m, 2_981_450m),
            new(230_000_000m, 480_000_000m, 5m, 0.1m, 14_481_450m),
            new(480_000_000m, 600_000_000m, 4m, 0.125m, 26_481_450m),
            new(600_000_000m, 800_000_000m, 3m, 0.15m, 41_481_450m),
            new(800_000_000m, 1_200_000_000m, 2m, 0.25m, 121_481_450m),
            new(1_200_000_000m, 1_800_000_000m, 1m, 0.5m, 421_481_450m),
        ],
        MaintenanceAmountRule.Cumulative,
        s_api2024);

    /// <summary>ETHUSDT, 12 brackets; the first four equal BTCUSDT's, the rest differ.</summary>
    public static RiskTierTable EthUsdt { get; } = RiskTierTable.Create(
        "Binance ETHUSDT",
        [
            new(0m, 50_000m, 125m, 0.004m, 0m),
            new(50_000m, 600_000m, 100m, 0.005m, 50m),
            new(600_000m, 3_000_000m, 75m, 0.0065m, 950m),
            new(3_000_000m, 12_000_000m, 50m, 0.01m, 11_450m),
            new(12_000_000m, 50_000_000m, 25m, 0.02m, 131_450m),
            new(50_000_000m, 65_000_000m, 20m, 0.025m, 381_450m),
            new(65_000_000m, 150_000_000m, 10m, 0.05m, 2_006_450m),
            new(150_000_000m, 320_000_000m, 5m, 0.1m, 9_506_450m),
            new(320_000_000m, 400_000_000m, 4m, 0.125m, 17_506_450m),
            new(400_000_000m, 530_000_000m, 3m, 0.15m, 27_506_450m),
            new(530_000_000m, 800_000_000m, 2m, 0.25m, 80_506_450m),
            new(800_000_000m, 1_200_000_000m, 1m, 0.5m, 280_506_450m),
        ],
        MaintenanceAmountRule.Cumulative,
        s_api2024);

    /// <summary>
    /// An older BTCUSDT table (10 brackets, 0 to 1B USDT) carried as a test fixture by freqtrade
    /// (<c>tests/conftest.py::leverage_tiers["BTC/USDT:USDT"]</c> @ c9ae5e1e, reference cefi.md §1.3.2a). Its
    /// 1M–7.5M bracket (2.5%, cum 16,300) is the one Binance's FAQ example uses.
    /// </summary>
    public static RiskTierTable BtcUsdtLegacy { get; } = RiskTierTable.Create(
        "Binance BTCUSDT (legacy fixture)",
        [
            new(0m, 50_000m, 125m, 0.004m, 0m),
            new(50_000m, 250_000m, 100m, 0.005m, 50m),
            new(250_000m, 1_000_000m, 50m, 0.01m, 1_300m),
            new(1_000_000m, 7_500_000m, 20m, 0.025m, 16_300m),
            new(7_500_000m, 40_000_000m, 10m, 0.05m, 203_800m),
            new(40_000_000m, 100_000_000m, 5m, 0.1m, 2_203_800m),
            new(100_000_000m, 200_000_000m, 4m, 0.125m, 4_703_800m),
            new(200_000_000m, 400_000_000m, 3m, 0.15m, 9_703_800m),
            new(400_000_000m, 600_000_000m, 2m, 0.25m, 49_703_800m),
            new(600_000_000m, 1_000_000_000m, 1m, 0.5m, 199_703_800m),
        ],
        MaintenanceAmountRule.Cumulative,
        new SourceReference(
            "freqtrade/freqtrade tests/conftest.py leverage_tiers[\"BTC/USDT:USDT\"] @ c9ae5e1e (reference cefi.md §1.3.2a)",
            new DateOnly(2024, 10, 24)));
}
