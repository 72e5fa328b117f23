using LiquidationSim.Accounts;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Library entry points that accepted bad input (issue 15, "Library entry points"): each now refuses it with an
/// <see cref="ArgumentException"/> naming the parameter and the value, and nothing changes. (A negative isolated
/// margin is refused by <see cref="LiquidationPriceSolver.Isolated(LiquidationSim.Instruments.Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/>
/// but answered for a held position by <see cref="LiquidationPriceSolver.ForPosition"/>: see NegativeIsolatedMarginTests.)
/// </summary>
public sealed class EntryPointInputTests
{
    private static readonly Position s_held = Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 1m, 50_000m, MarginMode.Isolated, 10m);

    // Was a price: ForPosition read no mark for a single isolated position, where AccountMargin refuses it.
    [Theory]
    [InlineData("missing")]
    [InlineData("0")]
    [InlineData("-1")]
    public void ForPosition_refuses_a_missing_or_non_positive_mark(string mark)
    {
        Account account = Account.Create("USDT", 10_000m).WithPosition(s_held);
        var marks = mark == "missing" ? new Dictionary<string, decimal>() : new Dictionary<string, decimal> { ["BTCUSDT"] = decimal.Parse(mark, System.Globalization.CultureInfo.InvariantCulture) };

        var act = () => LiquidationPriceSolver.ForPosition(account, s_held, marks, MarginModel.Binance);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().StartWith("markPrices");
        e.Message.Should().Contain(mark == "missing" ? "BTCUSDT" : mark);

        // The same account and marks are refused by AccountMargin alike: one rule for both.
        var margin = () => AccountMargin.Calculate(account, marks);
        margin.Should().Throw<ArgumentException>();
    }

    // Was accepted: a leverage below 1 posts more margin than the position is worth.
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Open_refuses_a_leverage_below_1(decimal leverage)
    {
        var act = () => Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 1m, 50_000m, MarginMode.Cross, leverage);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("leverage");
        e.ActualValue.Should().Be(leverage);
        e.Message.Should().Contain("at least 1");
    }

    // Was OverflowException from the entry notional.
    [Fact]
    public void Open_refuses_an_entry_price_whose_notional_overflows()
    {
        var act = () => Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 10m, decimal.MaxValue, MarginMode.Cross, 1m);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("entryPrice");
        e.ActualValue.Should().Be(decimal.MaxValue);

        var solve = () => LiquidationPriceSolver.Isolated(TestInstruments.BtcUsdt, PositionSide.Long, 10m, decimal.MaxValue, 1m, MarginModel.Binance);
        solve.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("entryPrice");
    }

    // Was accepted: MarginMath.InitialMargin took any positive leverage, where Position.Open requires at least 1.
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void InitialMargin_refuses_a_leverage_below_1_as_Open_does(decimal leverage)
    {
        var act = () => MarginMath.InitialMargin(TestInstruments.BtcUsdt, 1m, 50_000m, leverage);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("leverage");
        e.ActualValue.Should().Be(leverage);

        // At the boundary the margin is the whole notional: 1 × 50,000 ÷ 1.
        MarginMath.InitialMargin(TestInstruments.BtcUsdt, 1m, 50_000m, 1m).Should().Be(50_000m);
    }

    // Were OverflowException: the checked public figures at a price whose notional or PnL leaves the decimal range.
    [Fact]
    public void Public_margin_figures_refuse_a_price_beyond_the_decimal_range_naming_it()
    {
        var notional = () => TestInstruments.BtcUsdt.Notional(10m, decimal.MaxValue);
        var maintenance = () => MarginMath.MaintenanceMargin(TestInstruments.BtcUsdt, 10m, decimal.MaxValue);
        var initial = () => MarginMath.InitialMargin(TestInstruments.BtcUsdt, 10m, decimal.MaxValue, 2m);
        var pnl = () => MarginMath.UnrealizedPnl(TestInstruments.BtcUsdt, PositionSide.Long, 10m, 1m, decimal.MaxValue);

        foreach ((Func<decimal> act, string parameter) in new[] { (notional, "price"), (maintenance, "markPrice"), (initial, "price") })
        {
            var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
            e.ParamName.Should().Be(parameter);
            e.ActualValue.Should().Be(decimal.MaxValue);
        }

        pnl.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("markPrice");

        // In range, the figures are the formulas: 10 × 50,000 = 500,000 notional, PnL 10 × (51,000 − 50,000).
        TestInstruments.BtcUsdt.Notional(10m, 50_000m).Should().Be(500_000m);
        MarginMath.UnrealizedPnl(TestInstruments.BtcUsdt, PositionSide.Long, 10m, 50_000m, 51_000m).Should().Be(10_000m);
    }
}
