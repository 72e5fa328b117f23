using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Simulation;

/// <summary>The names a scenario file may use for built-in venue profiles and risk-tier tables.</summary>
internal static class ScenarioCatalogue
{
    public static readonly string[] VenueNames = ["binance", "bybit", "bitmex", "hyperliquid", "dydx-v4", "okx"];

    public static readonly string[] TierNames =
    [
        "binance-btcusdt", "binance-ethusdt", "binance-btcusdt-legacy", "bitmex-xbtusd",
        "hyperliquid-btc", "hyperliquid-eth", "hyperliquid-sol", "hyperliquid-btc-testnet",
        "okx-btcusdt-swap", "okx-ethusdt-swap", "bybit-btcusdt",
    ];

    public static VenueProfile? Venue(string name) => name switch
    {
        "binance" => VenueProfile.Binance,
        "bybit" => VenueProfile.Bybit,
        "bitmex" => VenueProfile.BitMex,
        "hyperliquid" => VenueProfile.Hyperliquid,
        "dydx-v4" => VenueProfile.DydxV4,
        "okx" => VenueProfile.Okx,
        _ => null,
    };

    public static RiskTierTable? Tiers(string name) => name switch
    {
        "binance-btcusdt" => BinanceUsdmTiers.BtcUsdt,
        "binance-ethusdt" => BinanceUsdmTiers.EthUsdt,
        "binance-btcusdt-legacy" => BinanceUsdmTiers.BtcUsdtLegacy,
        "bitmex-xbtusd" => BitMexTiers.XbtUsd,
        "hyperliquid-btc" => HyperliquidTiers.Btc,
        "hyperliquid-eth" => HyperliquidTiers.Eth,
        "hyperliquid-sol" => HyperliquidTiers.Sol,
        "hyperliquid-btc-testnet" => HyperliquidTiers.BtcTestnet,
        "okx-btcusdt-swap" => OkxTiers.BtcUsdtSwapNotional,
        "okx-ethusdt-swap" => OkxTiers.EthUsdtSwapNotional,
        "bybit-btcusdt" => BybitTiers.BtcUsdt,
        _ => null,
    };
}
