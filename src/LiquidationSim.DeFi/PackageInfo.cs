namespace LiquidationSim.DeFi;

/// <summary>
/// Placeholder for the DeFi package (health factor, fixed-spread liquidation, Dutch auctions), which fills in
/// with its own issue. The package already packs so that consumers can pin it.
/// </summary>
internal static class PackageInfo
{
    internal const string Name = "LiquidationSim.DeFi";
}
