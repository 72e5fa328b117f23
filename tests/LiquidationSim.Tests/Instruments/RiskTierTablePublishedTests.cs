using LiquidationSim.Instruments;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Instruments;

/// <summary>Published bracket tables and the maintenance-amount recurrence (reference cefi.md §1.2, §1.3, §6).</summary>
public sealed class RiskTierTablePublishedTests
{
    /// <summary>
    /// The 12 BTCUSDT brackets from Binance's leverageBracket API (freqtrade snapshot @ c9ae5e1e, reference cefi.md
    /// §1.3.1): each published cum equals the recurrence cum(n) = cum(n−1) + floor(n) × (MMR(n) − MMR(n−1)).
    /// </summary>
    [Fact]
    public void Btcusdt_cum_values_equal_the_recurrence_for_all_12_brackets()
    {
        decimal[] published = [0m, 50m, 950m, 11_450m, 131_450m, 481_450m, 2_981_450m, 14_481_450m, 26_481_450m, 41_481_450m, 121_481_450m, 421_481_450m];
        RiskTierTable table = BinanceUsdmTiers.BtcUsdt;

        table.Tiers.Select(t => t.MaintenanceAmount).Should().Equal(published);
        decimal cum = 0m;
        for (int n = 1; n < table.Count; n++)
        {
            cum = RiskTierTable.NextMaintenanceAmount(cum, table.Tiers[n - 1].MaintenanceMarginRate, table.Tiers[n].NotionalFloor, table.Tiers[n].MaintenanceMarginRate);
            cum.Should().Be(published[n], $"bracket {n + 1}");
        }

        RiskTierTable rebuilt = RiskTierTable.FromRates(
            "rebuilt",
            table.Tiers.Select(t => (t.NotionalFloor, t.MaxLeverage, t.MaintenanceMarginRate)),
            table.Source,
            lastCap: 1_800_000_000m);
        rebuilt.Tiers.Should().Equal(table.Tiers);
    }

    /// <summary>
    /// Binance USDⓈ-M 2020 text: "the Maintenance Amount on Level 5 = 5,000,000 USDT * (5% − 2.5%) + 16,300 USDT =
    /// 141,300 USDT" (table c in reference cefi.md §1.3.2), and the COIN-M text "Level 5 = 50 BTC * (5% − 2.5%) + 0.56
    /// BTC = 1.81 BTC".
    /// </summary>
    [Fact]
    public void Published_recurrence_instances()
    {
        RiskTierTable table2020 = RiskTierTable.FromRates(
            "Binance BTCUSDT 2020",
            [(0m, 125m, 0.004m), (50_000m, 100m, 0.005m), (250_000m, 50m, 0.01m), (1_000_000m, 20m, 0.025m), (5_000_000m, 10m, 0.05m)],
            SourceReference.UserSupplied(TestInstruments.AsOf));
        table2020.Tiers[3].MaintenanceAmount.Should().Be(16_300m);
        table2020.Tiers[4].MaintenanceAmount.Should().Be(141_300m);

        RiskTierTable.NextMaintenanceAmount(0.56m, 0.025m, 50m, 0.05m).Should().Be(1.81m);
    }

    /// <summary>
    /// Binance FAQ, older BTCUSDT table (reference cefi.md §1.1 / §1.3.2a): "if the position size … is 264,000 USDT,
    /// then the maintenance margin rate would be 1%" and "if the position size … is 500,000 USDT, then the
    /// maintenance amount would be 1,300 USDT".
    /// </summary>
    [Fact]
    public void Faq_bracket_lookups_on_the_legacy_table()
    {
        BinanceUsdmTiers.BtcUsdtLegacy.TierFor(264_000m).MaintenanceMarginRate.Should().Be(0.01m);
        BinanceUsdmTiers.BtcUsdtLegacy.TierFor(500_000m).MaintenanceAmount.Should().Be(1_300m);
    }

    /// <summary>A notional equal to a floor belongs to the higher bracket (freqtrade's reading of the API, reference §1.3.1).</summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(49_999.99, 0)]
    [InlineData(50_000, 1)]
    [InlineData(600_000, 2)]
    [InlineData(1_800_000_000, 11)]
    [InlineData(5_000_000_000, 11)]
    public void Floor_belongs_to_the_higher_bracket(decimal notional, int index) =>
        BinanceUsdmTiers.BtcUsdt.IndexOf(notional).Should().Be(index);

    /// <summary>
    /// Maintenance margin is continuous across a boundary under the recurrence: at 50,000 both brackets give
    /// 50,000 × 0.4% = 200 = 50,000 × 0.5% − 50.
    /// </summary>
    [Fact]
    public void Maintenance_margin_is_continuous_at_a_floor() =>
        BinanceUsdmTiers.BtcUsdt.MaintenanceMargin(50_000m).Should().Be(50_000m * 0.004m);

    /// <summary>
    /// Hyperliquid "Margin tiers": "at 20x max leverage, maintenance_margin_rate = 2.5%"; the deduction follows the
    /// recurrence. Testnet BTC: 40x to 10k, 25x to 50k → MMR 1.25%, 2%, deduction at 10k = 10,000 × (2% − 1.25%) = 75.
    /// </summary>
    [Fact]
    public void Hyperliquid_tiers_use_half_the_initial_rate()
    {
        RiskTierTable sol = HyperliquidTiers.Sol;
        sol.Tiers[0].MaintenanceMarginRate.Should().Be(0.025m);
        sol.Tiers[0].MaxLeverage.Should().Be(20m);

        RiskTierTable testnet = HyperliquidTiers.BtcTestnet;
        testnet.Tiers[0].MaintenanceMarginRate.Should().Be(0.0125m);
        testnet.Tiers[1].MaintenanceMarginRate.Should().Be(0.02m);
        testnet.Tiers[1].MaintenanceAmount.Should().Be(75m);
    }

    /// <summary>
    /// Bybit's risk-limit API returns rates in percent ("maintenanceMargin": "0.5" is 0.5%); the unit is explicit, so
    /// the same table in fractions is equal.
    /// </summary>
    [Fact]
    public void Bybit_percent_and_fraction_units_describe_the_same_table()
    {
        SourceReference src = SourceReference.UserSupplied(TestInstruments.AsOf);
        RiskTierTable percent = RiskTierTable.Bybit("BTCUSD", [new(150m, 0.5m, 1m), new(300m, 1m, 1.5m)], RateUnit.Percent, src);
        RiskTierTable fraction = RiskTierTable.Bybit("BTCUSD", [new(150m, 0.005m, 0.01m), new(300m, 0.01m, 0.015m)], RateUnit.Fraction, src);

        percent.Should().Be(fraction);
        percent.Tiers[0].MaxLeverage.Should().Be(100m);
        percent.Tiers[1].MaintenanceAmount.Should().Be(150m * 0.005m);
    }
}
