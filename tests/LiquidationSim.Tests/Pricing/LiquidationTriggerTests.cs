using LiquidationSim.Accounts;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Pricing;

/// <summary>
/// Which price a liquidation runs on. The position is the classic 0.2 BTC long at 50,000 with 1,000 USDT isolated on
/// Binance's BTCUSDT tiers; by hand its liquidation price is 9,000 ÷ 0.1992 = 45,180.72…
/// </summary>
public sealed class LiquidationTriggerTests
{
    private static readonly Position s_long = Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 0.2m, 50_000m, MarginMode.Isolated, 10m);

    [Fact]
    public void The_classic_position_liquidates_at_45180_72() =>
        LiquidationPriceSolver.Isolated(TestInstruments.BtcUsdt, PositionSide.Long, 0.2m, 50_000m, 1_000m, MarginModel.Binance)
            .LiquidationPrice!.Value.Should().BeApproximately(45_180.72m, 0.01m);

    /// <summary>
    /// A wick on the last price to 45,100 (below the liquidation price) while the mark holds 45,300: a mark-triggered
    /// venue does not liquidate; a last-triggered one does.
    /// </summary>
    [Fact]
    public void Last_touches_the_liquidation_price_but_mark_does_not()
    {
        decimal onMark = LiquidationTrigger.Price(TriggerPriceSource.Mark, PositionSide.Long, markPrice: 45_300m, lastPrice: 45_100m);
        decimal onLast = LiquidationTrigger.Price(TriggerPriceSource.Last, PositionSide.Long, markPrice: 45_300m, lastPrice: 45_100m);

        LiquidationTrigger.IsLiquidatable(s_long, onMark).Should().BeFalse();
        LiquidationTrigger.IsLiquidatable(s_long, onLast).Should().BeTrue();
    }

    /// <summary>The reverse: the mark (following the index) drops to 45,150 while trades hold at 45,400.</summary>
    [Fact]
    public void Mark_touches_the_liquidation_price_but_last_does_not()
    {
        LiquidationTrigger.IsLiquidatable(s_long, LiquidationTrigger.Price(TriggerPriceSource.Mark, PositionSide.Long, 45_150m, 45_400m)).Should().BeTrue();
        LiquidationTrigger.IsLiquidatable(s_long, LiquidationTrigger.Price(TriggerPriceSource.Last, PositionSide.Long, 45_150m, 45_400m)).Should().BeFalse();
    }

    [Fact]
    public void The_bar_extreme_is_the_low_for_a_long_and_the_high_for_a_short()
    {
        var bar = new PriceBar(46_000m, 46_500m, 45_100m, 46_200m);
        LiquidationTrigger.Price(TriggerPriceSource.AdverseBarExtreme, PositionSide.Long, 46_200m, 46_200m, bar).Should().Be(45_100m);
        LiquidationTrigger.Price(TriggerPriceSource.AdverseBarExtreme, PositionSide.Short, 46_200m, 46_200m, bar).Should().Be(46_500m);
        LiquidationTrigger.IsLiquidatable(s_long, bar.Low).Should().BeTrue();
        FluentActions.Invoking(() => LiquidationTrigger.Price(TriggerPriceSource.AdverseBarExtreme, PositionSide.Long, 1m, 1m))
            .Should().Throw<ArgumentException>().WithParameterName("bar");
    }

    /// <summary>Order of events within one bar: the level nearer the open on the adverse side is crossed first.</summary>
    [Theory]
    [InlineData("stop above LP, both reached: the stop is crossed first", 1, 100, 101, 85, 95, 95, 90, BarExitKind.StopLoss, 95)]
    [InlineData("stop below LP: liquidation comes first", 1, 100, 101, 80, 95, 85, 90, BarExitKind.Liquidation, 90)]
    [InlineData("only the stop reached", 1, 100, 101, 93, 95, 95, 90, BarExitKind.StopLoss, 95)]
    [InlineData("gap through the stop only: filled at the open", 1, 92, 93, 91, 92, 95, 90, BarExitKind.StopLoss, 92)]
    [InlineData("gap through both: liquidation at the open", 1, 88, 89, 80, 85, 95, 90, BarExitKind.Liquidation, 88)]
    [InlineData("neither reached", 1, 100, 101, 96, 99, 95, 90, BarExitKind.None, 0)]
    [InlineData("short, stop below LP, both reached", -1, 100, 115, 99, 110, 105, 110, BarExitKind.StopLoss, 105)]
    [InlineData("short, stop at the LP: liquidation wins the tie", -1, 100, 115, 99, 110, 110, 110, BarExitKind.Liquidation, 110)]
    public void Stop_loss_and_liquidation_in_the_same_bar(
        string because, int side, decimal open, decimal high, decimal low, decimal close, decimal stop, decimal liquidation, BarExitKind kind, decimal price)
    {
        BarExit exit = LiquidationTrigger.FirstExit(new PriceBar(open, high, low, close), (PositionSide)side, stop, liquidation);

        exit.Should().Be(new BarExit(kind, price), because);
    }

    [Fact]
    public void Invalid_bars_are_refused()
    {
        FluentActions.Invoking(() => new PriceBar(100m, 99m, 98m, 100m)).Should().Throw<ArgumentException>().WithParameterName("high");
        FluentActions.Invoking(() => new PriceBar(100m, 101m, 100.5m, 100m)).Should().Throw<ArgumentException>().WithParameterName("low");
        FluentActions.Invoking(() => new PriceBar(0m, 101m, 99m, 100m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("open");
    }
}
