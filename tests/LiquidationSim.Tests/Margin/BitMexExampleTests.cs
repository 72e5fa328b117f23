using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>BitMEX's published margin examples (reference cefi.md §4.2).</summary>
public sealed class BitMexExampleTests
{
    /// <summary>
    /// X1, linear cross (bitmex.com/app/isolatedMarginExamples): wallet 10,000 USDT, buy 20 ETHUSDT at 1,000 with
    /// 50x cross; "required initial margin is 2% = 400 USDT, and the maintenance margin is 1% = 200 USDT … Her
    /// liquidation and bankruptcy prices are 510 and 500". By hand: BP = 1,000 − 10,000 ÷ 20; LP = BP + 200 ÷ 20.
    /// </summary>
    [Fact]
    public void Linear_cross_example_X1()
    {
        Instrument eth = TestInstruments.LinearFlat(0.01m, maxLeverage: 50m);
        MarginMath.InitialMargin(eth, 20m, 1_000m, 50m).Should().Be(400m);
        MarginMath.MaintenanceMargin(eth, 20m, 1_000m).Should().Be(200m);

        LiquidationEstimate e = LiquidationPriceSolver.Cross(eth, PositionSide.Long, 20m, 1_000m, CrossMarginContext.WalletOnly(10_000m), MarginModel.BitMex);

        e.BankruptcyPrice.Should().Be(500m);
        e.LiquidationPrice.Should().Be(510m);
    }

    /// <summary>
    /// X2 and X3, inverse PnL (BitMEX exchange guide): "Unrealised Profit = ($1/$1,000 − $1/$1,250) × 1,000 =
    /// 0.20 XBT"; "Realised Profit = ($1/1,000 − $1/$1,500) × 500 = 0.17 XBT".
    /// </summary>
    [Fact]
    public void Inverse_pnl_examples_X2_X3()
    {
        Instrument xbtusd = Instrument.Inverse("XBTUSD", "XBT", "USD", BitMexTiers.XbtUsd, 0.5m, 1m, contractSize: 1m);

        MarginMath.UnrealizedPnl(xbtusd, PositionSide.Long, 1_000m, 1_000m, 1_250m).Should().Be(0.2m);

        Position position = Position.Open(xbtusd, PositionSide.Long, 1_000m, 1_000m, MarginMode.Cross, 10m);
        PositionReduction closed = position.Reduce(500m, 1_500m);
        Math.Round(closed.RealizedPnl, 2).Should().Be(0.17m);
        closed.Remaining!.Size.Should().Be(500m);
    }

    /// <summary>
    /// Risk-limit tables (bitmex.com/app/riskLimitsExamples): New MM% = Base MM% + Steps × Base MM%; New IM% = Base
    /// IM% + Steps × Base MM%. Table A: base 0.50% / 1.00%, limit 200 XBT, step 150: "180 XBT → MM 0.50% (0.90
    /// XBT); +50 XBT → 230 XBT → 1.00% / 1.50%". Table B (~2020): base 0.40% / 1.00%, limit 200, step 100:
    /// "0.80% × 300 XBT = 2.4 XBT" and 180 XBT → 0.40% (0.72 XBT). Table C: base 0.50% / 2.00%, limit 100, step 50:
    /// 80 XBT → 0.5% (0.4 XBT); 130 XBT → 1% / 2.50%.
    /// </summary>
    [Theory]
    [InlineData("A", 0.50, 1.00, 200, 150, 180, 0.50, 1.00, 0.90)]
    [InlineData("A", 0.50, 1.00, 200, 150, 230, 1.00, 1.50, 2.30)]
    [InlineData("B", 0.40, 1.00, 200, 100, 300, 0.80, 1.40, 2.40)]
    [InlineData("B", 0.40, 1.00, 200, 100, 180, 0.40, 1.00, 0.72)]
    [InlineData("C", 0.50, 2.00, 100, 50, 80, 0.50, 2.00, 0.40)]
    [InlineData("C", 0.50, 2.00, 100, 50, 130, 1.00, 2.50, 1.30)]
    public void Risk_limit_steps(
        string table, decimal baseMm, decimal baseIm, decimal limit, decimal step, decimal positionXbt, decimal mmPercent, decimal imPercent, decimal mmXbt)
    {
        RiskTierTable t = RiskTierTable.BitMexSteps("XBTUSD " + table, baseMm, baseIm, limit, step, 10, RateUnit.Percent, SourceReference.UserSupplied(TestInstruments.AsOf));

        RiskTier tier = t.TierFor(positionXbt);
        tier.MaintenanceMarginRate.Should().Be(mmPercent / 100m);
        tier.InitialMarginRate.Should().Be(imPercent / 100m);
        t.MaintenanceMargin(positionXbt).Should().Be(mmXbt);
    }

    /// <summary>Table A as shipped: &lt;200 0.50/1.00; &lt;350 1.00/1.50; &lt;500 1.50/2.00; &lt;650 2.00/2.50.</summary>
    [Fact]
    public void Shipped_xbtusd_table_matches_the_published_rows()
    {
        RiskTierTable t = BitMexTiers.XbtUsd;
        t.Tiers.Take(4).Select(x => (x.NotionalCap, x.MaintenanceMarginRate, x.InitialMarginRate)).Should().Equal(
            (200m, 0.005m, 0.01m), (350m, 0.01m, 0.015m), (500m, 0.015m, 0.02m), (650m, 0.02m, 0.025m));
    }
}
