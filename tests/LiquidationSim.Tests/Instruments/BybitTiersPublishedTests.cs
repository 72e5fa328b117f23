using LiquidationSim.Instruments;

namespace LiquidationSim.Tests.Instruments;

/// <summary>
/// Bybit's BTCUSDT risk limits against the columns Bybit publishes beside them (Bybit "Margin Parameters",
/// announcement-info/margin-parameters, USDT perpetual BTCUSDT, tiers 1–20): the table is built from the limits,
/// leverages and rates alone, so the published maintenance-deduction column is an independent check of the
/// recurrence and of every row.
/// </summary>
public sealed class BybitTiersPublishedTests
{
    /// <summary>Tier, risk limit (USDT), maximum leverage, maintenance rate (%), maintenance deduction (USDT), as published.</summary>
    public static TheoryData<int, decimal, decimal, decimal, decimal> BtcUsdtRows => new()
    {
        { 1, 2_000_000m, 100m, 0.5m, 0m },
        { 2, 2_600_000m, 90m, 0.56m, 1_200m },
        { 3, 3_200_000m, 80m, 0.63m, 3_020m },
        { 4, 3_800_000m, 75m, 0.67m, 4_300m },
        { 5, 4_400_000m, 70m, 0.71m, 5_820m },
        { 6, 5_000_000m, 65m, 0.77m, 8_460m },
        { 7, 5_600_000m, 55m, 0.91m, 15_460m },
        { 8, 8_500_000m, 50m, 1m, 20_500m },
        { 9, 10_000_000m, 45m, 1.3m, 46_000m },
        { 10, 14_000_000m, 40m, 1.5m, 66_000m },
        { 11, 20_000_000m, 35m, 1.6m, 80_000m },
        { 12, 28_000_000m, 30m, 2m, 160_000m },
        { 13, 38_000_000m, 25m, 2.5m, 300_000m },
        { 14, 50_000_000m, 20m, 2.9m, 452_000m },
        { 15, 55_000_000m, 19m, 3m, 502_000m },
        { 16, 60_000_000m, 18m, 3.5m, 777_000m },
        { 17, 65_000_000m, 17m, 3.6m, 837_000m },
        { 18, 70_000_000m, 16m, 3.8m, 967_000m },
        { 19, 75_000_000m, 15m, 4m, 1_107_000m },
        { 20, 80_000_000m, 14m, 4.5m, 1_482_000m },
    };

    [Theory]
    [MemberData(nameof(BtcUsdtRows))]
    public void Each_published_row_is_a_tier_of_the_table(int tier, decimal riskLimit, decimal maxLeverage, decimal mmrPercent, decimal deduction)
    {
        RiskTier row = BybitTiers.BtcUsdt.Tiers[tier - 1];

        row.NotionalCap.Should().Be(riskLimit);
        row.MaxLeverage.Should().Be(maxLeverage);
        row.MaintenanceMarginRate.Should().Be(mmrPercent / 100m);
        row.MaintenanceAmount.Should().Be(deduction, "Bybit publishes the deduction of tier {0}", tier);

        // The limit itself is in the tier (cap-inclusive): MM = limit × rate − deduction there.
        BybitTiers.BtcUsdt.TierFor(riskLimit).Should().Be(row);
        BybitTiers.BtcUsdt.MaintenanceMargin(riskLimit).Should().Be((riskLimit * mmrPercent / 100m) - deduction);
    }

    [Fact]
    public void The_table_has_the_twenty_published_tiers_and_is_cap_inclusive()
    {
        BybitTiers.BtcUsdt.Count.Should().Be(20);
        BybitTiers.BtcUsdt.Boundary.Should().Be(TierBoundary.CapInclusive);
        BybitTiers.BtcUsdt.Source.AsOf.Should().Be(new DateOnly(2026, 12, 7));
    }

    /// <summary>
    /// Bybit "Maintenance Margin (USDT Contract)" (reference cefi.md §2.3): BTCUSDT "2,000,000 USDT or below → MMR 0.5 %
    /// … increases to 2,600,000 USDT, the MMR … 0.56 %". By hand, tax-bracket style: 2,000,000 × 0.5 % + 600,000 ×
    /// 0.56 % = 10,000 + 3,360 = 13,360 USDT, which is 2,600,000 × 0.56 % − 1,200 from the tier's deduction.
    /// </summary>
    [Fact]
    public void Maintenance_margin_at_2_6_million_is_the_tax_bracket_sum()
    {
        BybitTiers.BtcUsdt.MaintenanceMargin(2_000_000m).Should().Be(10_000m);
        BybitTiers.BtcUsdt.MaintenanceMargin(2_600_000m).Should().Be(13_360m);
        BybitTiers.BtcUsdt.TierFor(2_000_000m).MaxLeverage.Should().Be(100m);
        BybitTiers.BtcUsdt.TierFor(2_000_000.01m).MaxLeverage.Should().Be(90m);
    }
}
