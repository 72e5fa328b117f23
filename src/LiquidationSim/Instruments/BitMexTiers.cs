namespace LiquidationSim.Instruments;

/// <summary>
/// BitMEX risk-limit steps (rates apply to the whole position). Sizes are in XBT of position value.
/// </summary>
public static class BitMexTiers
{
    /// <summary>
    /// XBTUSD as on <c>bitmex.com/app/riskLimitsExamples</c> (version A in reference cefi.md §4.2): base 0.50% MM /
    /// 1.00% IM below 200 XBT, then +0.50% on both every 150 XBT. Ten steps are included.
    /// </summary>
    public static RiskTierTable XbtUsd { get; } = RiskTierTable.BitMexSteps(
        "BitMEX XBTUSD",
        baseMaintenanceRate: 0.50m,
        baseInitialRate: 1.00m,
        baseRiskLimit: 200m,
        stepSize: 150m,
        steps: 10,
        RateUnit.Percent,
        new SourceReference("bitmex.com/app/riskLimitsExamples (reference cefi.md §4.2, table A; page undated, AsOf is the reference snapshot)", new DateOnly(2026, 3, 4)));
}
