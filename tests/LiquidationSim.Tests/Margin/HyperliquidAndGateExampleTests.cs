using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>Hyperliquid's documented formula and Gate's fee-in-the-denominator formula (reference cefi.md §6, §7.1, §9.1).</summary>
public sealed class HyperliquidAndGateExampleTests
{
    /// <summary>
    /// Hyperliquid docs "Liquidations": <c>liq_price = price − side × margin_available ÷ position_size ÷ (1 − l × side)</c>,
    /// <c>l = 1 ÷ maintenance leverage</c>, <c>margin_available (isolated) = isolated_margin − maintenance_margin_required</c>
    /// evaluated at the current price. For BTC (40x, so maintenance leverage 80, l = 0.0125), 1 BTC long entered at
    /// 95,000 with 2,375 of margin, marked at 100,000: account value 2,375 + 5,000 = 7,375, MM 1,250, margin available
    /// 6,125, so liq = 100,000 − 6,125 ÷ 0.9875 = 93,797.468… A short entered at 105,000 with 2,625 of margin: account
    /// value 2,625 + 5,000 = 7,625, available 6,375, liq = 100,000 + 6,375 ÷ 1.0125 = 106,296.296…
    /// The docs' formula is stated from the mark; the solver works from entry and must agree.
    /// </summary>
    [Theory]
    [InlineData(1, 95_000, 2_375, 6_125, 0.9875)]
    [InlineData(-1, 105_000, 2_625, 6_375, 1.0125)]
    public void Hyperliquid_documented_formula(int side, decimal entry, decimal margin, decimal marginAvailable, decimal divisor)
    {
        Instrument btc = Instrument.Linear("BTC", "BTC", "USDC", HyperliquidTiers.Btc, 1m, 0.00001m);
        btc.RiskTiers.Tiers[0].MaintenanceMarginRate.Should().Be(0.0125m);

        LiquidationEstimate e = LiquidationPriceSolver.Isolated(btc, (PositionSide)side, 1m, entry, margin, MarginModel.Hyperliquid);

        decimal documented = 100_000m - (side * marginAvailable / 1m / divisor);
        e.LiquidationPrice!.Value.Should().BeApproximately(documented, 1e-20m);
    }

    /// <summary>
    /// freqtrade issue #7294 (reference cefi.md §9.1), Gate's published formula worked by the maintainer:
    /// ETH: (1,680.05 − 182.81 ÷ 0.5423) ÷ (1 − (0.005 + 7.5e−06)) = 1,349.70, "matched the app exactly" (vector G2);
    /// SHIB with the 0.25 rate: (0.000013841 − 184.05 ÷ 65,997,400) ÷ (1 − (0.25 + 7.5e−06)) = 0.0000147365, above the
    /// entry — the symptom the issue reported.
    /// </summary>
    [Fact]
    public void Gate_formula_from_freqtrade_issue_7294()
    {
        Instrument eth = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m, tick: 0.01m, lot: 0.0001m);
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(eth, PositionSide.Long, 0.5423m, 1_680.05m, 182.81m, MarginModel.Gate(0.0000075m));
        // By hand the quotient is 1,342.9488 ÷ 0.9949925 = 1,349.7075…: the published figure is truncated to 2 dp.
        Math.Round(e.LiquidationPrice!.Value, 2, MidpointRounding.ToZero).Should().Be(1_349.70m);

        Instrument shib = TestInstruments.LinearFlat(0.25m, maxLeverage: 3m, tick: 0.000000001m, lot: 1m);
        LiquidationEstimate s = LiquidationPriceSolver.Isolated(shib, PositionSide.Long, 65_997_400m, 0.000013841m, 184.05m, MarginModel.Gate(0.0000075m));
        Math.Round(s.LiquidationPrice!.Value, 10).Should().Be(0.0000147365m);
        s.LiquidationPrice.Should().BeGreaterThan(0.000013841m, "an MMR of 25% with 4-5x leverage puts the liquidation above entry");
    }
}
