namespace LiquidationSim.Instruments;

/// <summary>
/// Hyperliquid mainnet margin tiers (maintenance rate = half the initial rate at maximum leverage), from the
/// Hyperliquid docs "Margin tiers" (hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers, reference
/// cefi.md §6). Notional is in USDC.
/// </summary>
public static class HyperliquidTiers
{
    private static readonly SourceReference s_docs = new(
        "hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers (reference cefi.md §6; page undated, AsOf is the reference snapshot)", new DateOnly(2026, 3, 4));

    /// <summary>BTC: 40x up to 150M USDC, 20x above.</summary>
    public static RiskTierTable Btc { get; } = RiskTierTable.Hyperliquid("Hyperliquid BTC", [(0m, 40), (150_000_000m, 20)], s_docs);

    /// <summary>ETH: 25x up to 100M USDC, 15x above.</summary>
    public static RiskTierTable Eth { get; } = RiskTierTable.Hyperliquid("Hyperliquid ETH", [(0m, 25), (100_000_000m, 15)], s_docs);

    /// <summary>SOL: 20x up to 70M USDC, 10x above.</summary>
    public static RiskTierTable Sol { get; } = RiskTierTable.Hyperliquid("Hyperliquid SOL", [(0m, 20), (70_000_000m, 10)], s_docs);

    /// <summary>Testnet BTC: 40x to 10k, 25x to 50k, 10x to 100k, 5x to 300k, 3x above.</summary>
    public static RiskTierTable BtcTestnet { get; } = RiskTierTable.Hyperliquid(
        "Hyperliquid testnet BTC", [(0m, 40), (10_000m, 25), (50_000m, 10), (100_000m, 5), (300_000m, 3)], s_docs);
}
