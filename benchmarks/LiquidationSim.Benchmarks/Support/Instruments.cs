using LiquidationSim.Instruments;

namespace LiquidationSim.Benchmarks.Support;

/// <summary>Contracts shared by the benchmarks.</summary>
internal static class BenchInstruments
{
    /// <summary>Binance BTCUSDT perpetual: 12 brackets, tick 0.1, lot 0.001.</summary>
    public static Instrument BtcUsdt() =>
        Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);

    /// <summary>
    /// An illustrative 6-bracket altcoin table in Binance's shape (75x / 0.5% down to 4x / 12.5%), built with the
    /// cumulative-amount recurrence. Not a venue snapshot: it only gives the non-BTC/ETH symbols a realistic table.
    /// </summary>
    public static RiskTierTable AltTable { get; } = RiskTierTable.FromRates(
        "Benchmark altcoin (illustrative)",
        [
            (0m, 75m, 0.005m),
            (10_000m, 50m, 0.01m),
            (50_000m, 25m, 0.02m),
            (250_000m, 10m, 0.05m),
            (1_000_000m, 5m, 0.1m),
            (5_000_000m, 4m, 0.125m),
        ],
        new SourceReference("LiquidationSim.Benchmarks illustrative table", new DateOnly(2026, 1, 1)),
        lastCap: 50_000_000m);
}
