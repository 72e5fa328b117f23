using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests;

/// <summary>
/// Every public entry point refuses bad input with an ArgumentException (or ArgumentOutOfRangeException) that names
/// the parameter and shows the value, before anything changes: the object called is equal to a copy taken before.
/// </summary>
public class BadInputTests
{
    /// <summary>Flat 0.5% maintenance, 100x, tick 0.01, lot 0.001.</summary>
    private static readonly Instrument _linear = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);

    private static readonly Instrument _inverse = TestInstruments.InverseFlat(0.005m, contractSize: 100m);

    private static Dictionary<string, decimal> Marks(params (string Symbol, decimal Price)[] marks) =>
        marks.ToDictionary(m => m.Symbol, m => m.Price);

    // ---------------------------------------------------------------------------------------------------------
    // Instruments
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, 0.001, 1, "tickSize", "0")]
    [InlineData(-0.01, 0.001, 1, "tickSize", "-0.01")]
    [InlineData(0.01, 0, 1, "lotSize", "0")]
    [InlineData(0.01, -0.001, 1, "lotSize", "-0.001")]
    [InlineData(0.01, 0.001, 0, "contractSize", "0")]
    [InlineData(0.01, 0.001, -1, "contractSize", "-1")]
    public void Instrument_refuses_non_positive_tick_lot_and_contract_size(decimal tick, decimal lot, decimal contractSize, string param, string value)
    {
        RiskTierTable table = TestInstruments.Flat(0.005m, 100m);

        FluentActions.Invoking(() => Instrument.Linear("X", "A", "B", table, tick, lot, contractSize)).ShouldRefuse(param, value);
        FluentActions.Invoking(() => Instrument.Inverse("X", "A", "B", table, tick, lot, contractSize)).ShouldRefuse(param, value);
    }

    [Fact]
    public void Instrument_refuses_blank_names_and_a_missing_table()
    {
        RiskTierTable table = TestInstruments.Flat(0.005m, 100m);

        FluentActions.Invoking(() => Instrument.Linear(" ", "A", "B", table, 1m, 1m)).ShouldRefuse("symbol", "\" \"");
        FluentActions.Invoking(() => Instrument.Linear("X", "", "B", table, 1m, 1m)).ShouldRefuse("baseAsset", "\"\"");
        FluentActions.Invoking(() => Instrument.Linear("X", "A", "B", null!, 1m, 1m))
            .Should().Throw<ArgumentNullException>().WithParameterName("riskTiers");
    }

    [Fact]
    public void Instrument_With_methods_validate_again_and_leave_the_original_alone()
    {
        Instrument before = _linear with { };

        FluentActions.Invoking(() => _linear.WithTickSize(0m)).ShouldRefuse("tickSize", "0");
        FluentActions.Invoking(() => _linear.WithLotSize(-1m)).ShouldRefuse("lotSize", "-1");
        _linear.Should().Be(before);
        _linear.TickSize.Should().Be(0.01m);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(-0.001, "-0.001")]
    [InlineData(0.0015, "0.0015")]
    [InlineData(1.0001, "1.0001")]
    public void Sizes_must_be_positive_whole_lots(decimal size, string value) =>
        FluentActions.Invoking(() => _linear.ValidateSize(size)).ShouldRefuse("size", value);

    [Fact]
    public void Notional_refuses_non_positive_size_and_price()
    {
        FluentActions.Invoking(() => _linear.Notional(0m, 100m)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => _inverse.Notional(1m, -100m)).ShouldRefuse("price", "-100");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Positions
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, 100, 10, "size", "0")]
    [InlineData(-1, 100, 10, "size", "-1")]
    [InlineData(0.0015, 100, 10, "size", "0.0015")]
    [InlineData(1, 0, 10, "entryPrice", "0")]
    [InlineData(1, -5, 10, "entryPrice", "-5")]
    [InlineData(1, 100, 0, "leverage", "0")]
    [InlineData(1, 100, -2, "leverage", "-2")]
    [InlineData(1, 100, 100.5, "leverage", "100.5")]
    public void Opening_a_position_refuses_bad_size_price_and_leverage(decimal size, decimal price, decimal leverage, string param, string value) =>
        FluentActions.Invoking(() => Position.Open(_linear, PositionSide.Long, size, price, MarginMode.Isolated, leverage)).ShouldRefuse(param, value);

    [Fact]
    public void Leverage_above_the_bracket_maximum_at_the_entry_notional_is_refused()
    {
        // Binance BTCUSDT: 1 BTC at 100,000 = 100,000 USDT notional, bracket 50,000–600,000, maximum 100x.
        FluentActions.Invoking(() => Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 1m, 100_000m, MarginMode.Cross, 101m))
            .ShouldRefuse("leverage", "101").Which.Message.Should().Contain("100x");

        // …while 0.4 BTC (40,000 USDT, first bracket) may use 125x.
        Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 0.4m, 100_000m, MarginMode.Cross, 125m).Leverage.Should().Be(125m);
    }

    [Fact]
    public void Opening_a_position_refuses_bad_side_mode_and_margin()
    {
        FluentActions.Invoking(() => Position.Open(_linear, (PositionSide)0, 1m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("side", "0");
        FluentActions.Invoking(() => Position.Open(_linear, PositionSide.Long, 1m, 100m, (MarginMode)7, 10m)).ShouldRefuse("marginMode", "7");
        FluentActions.Invoking(() => Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Isolated, 10m, -1m)).ShouldRefuse("isolatedMargin", "-1");
        FluentActions.Invoking(() => Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m, 5m)).ShouldRefuse("isolatedMargin", "5");
    }

    [Fact]
    public void Increase_and_reduce_refuse_bad_input_and_leave_the_position_unchanged()
    {
        Position p = Position.Open(_linear, PositionSide.Long, 2m, 100m, MarginMode.Isolated, 10m);
        Position before = p with { };

        FluentActions.Invoking(() => p.Increase(0.0005m, 100m, 0m)).ShouldRefuse("size", "0.0005");
        FluentActions.Invoking(() => p.Increase(1m, 0m, 0m)).ShouldRefuse("price", "0");
        FluentActions.Invoking(() => p.Increase(1m, 100m, -1m)).ShouldRefuse("addedMargin", "-1");
        FluentActions.Invoking(() => p.Reduce(0m, 100m)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => p.Reduce(1m, -100m)).ShouldRefuse("price", "-100");
        FluentActions.Invoking(() => p.Reduce(3m, 100m)).ShouldRefuse("size", "3");

        p.Should().Be(before);
    }

    [Fact]
    public void Position_valuations_refuse_a_non_positive_price()
    {
        Position p = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m);

        FluentActions.Invoking(() => p.UnrealizedPnl(0m)).ShouldRefuse("markPrice", "0");
        FluentActions.Invoking(() => p.Notional(-1m)).ShouldRefuse("price", "-1");
        FluentActions.Invoking(() => p.InitialMargin(0m)).ShouldRefuse("price", "0");
    }

    /// <summary>
    /// <c>Position.MaintenanceMargin(markPrice)</c> and <c>MarginMath.MaintenanceMargin(instrument, size, markPrice)</c>
    /// forward the mark to <c>Instrument.Notional(size, price)</c>, whose check reports the parameter as <c>price</c>,
    /// a name the caller never used.
    /// </summary>
    [Fact]
    public void Maintenance_margin_names_its_markPrice_argument()
    {
        Position p = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m);

        FluentActions.Invoking(() => p.MaintenanceMargin(0m)).ShouldRefuse("markPrice", "0");
        FluentActions.Invoking(() => MarginMath.MaintenanceMargin(_linear, 1m, 0m)).ShouldRefuse("markPrice", "0");
    }

    // ---------------------------------------------------------------------------------------------------------
    // MarginMath
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void MarginMath_refuses_bad_arguments()
    {
        FluentActions.Invoking(() => MarginMath.UnrealizedPnl(_linear, PositionSide.Long, 0m, 100m, 100m)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => MarginMath.UnrealizedPnl(_linear, PositionSide.Long, 1m, -1m, 100m)).ShouldRefuse("entryPrice", "-1");
        FluentActions.Invoking(() => MarginMath.UnrealizedPnl(_inverse, PositionSide.Short, 1m, 100m, 0m)).ShouldRefuse("markPrice", "0");
        FluentActions.Invoking(() => MarginMath.UnrealizedPnl(_linear, (PositionSide)3, 1m, 100m, 100m)).ShouldRefuse("side", "3");
        FluentActions.Invoking(() => MarginMath.InitialMargin(_linear, 1m, 100m, 0m)).ShouldRefuse("leverage", "0");
        FluentActions.Invoking(() => MarginMath.InitialMargin(_linear, 1m, 0m, 10m)).ShouldRefuse("price", "0");
        FluentActions.Invoking(() => MarginMath.MaintenanceMargin(_linear, -1m, 100m)).ShouldRefuse("size", "-1");
        FluentActions.Invoking(() => MarginMath.MarginRatio(-1m, 10m)).ShouldRefuse("maintenanceMargin", "-1");
        Position p = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Isolated, 10m);
        FluentActions.Invoking(() => MarginMath.RemovableIsolatedMargin(p, 0m)).ShouldRefuse("markPrice", "0");
    }

    [Fact]
    public void Margin_ratio_is_undefined_not_infinite_when_the_balance_is_gone()
    {
        MarginMath.MarginRatio(5m, 0m).Should().BeNull();
        MarginMath.MarginRatio(5m, -1m).Should().BeNull();
        MarginMath.MarginRatio(5m, 10m).Should().Be(0.5m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accounts
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Account_creation_refuses_bad_arguments()
    {
        FluentActions.Invoking(() => Account.Create("USDT", -1m)).ShouldRefuse("walletBalance", "-1");
        FluentActions.Invoking(() => Account.Create(" ", 1m)).ShouldRefuse("settlementAsset", "\" \"");
        FluentActions.Invoking(() => Account.Create("USDT", 1m, (PositionMode)5)).ShouldRefuse("positionMode", "5");
    }

    [Fact]
    public void Fills_refuse_bad_input_and_leave_the_account_unchanged()
    {
        Account a = Account.Create("USDT", 1_000m).ApplyFill(_linear, OrderSide.Buy, 1m, 100m, MarginMode.Isolated, 10m).Account;
        AccountState before = AccountState.Of(a);

        FluentActions.Invoking(() => a.ApplyFill(_linear, OrderSide.Buy, 0m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => a.ApplyFill(_linear, OrderSide.Sell, -1m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("size", "-1");
        FluentActions.Invoking(() => a.ApplyFill(_linear, OrderSide.Buy, 0.0001m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("size", "0.0001");
        FluentActions.Invoking(() => a.ApplyFill(_linear, OrderSide.Buy, 1m, 0m, MarginMode.Cross, 10m)).ShouldRefuse("price", "0");
        FluentActions.Invoking(() => a.ApplyFill(_linear, (OrderSide)0, 1m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("side", "0");
        FluentActions.Invoking(() => a.ApplyFill(_inverse, OrderSide.Buy, 1m, 100m, MarginMode.Cross, 10m)).ShouldRefuse("instrument", "\"BTCUSD\"");

        // The existing isolated 10x position is increased: 1 × 100 / 10 = 10 more margin is fine, but at 100.5x the
        // leverage of a new position in another symbol is above the 100x maximum.
        Instrument other = Instrument.Linear("OTHERUSDT", "OTHER", "USDT", TestInstruments.Flat(0.005m, 100m), 0.01m, 0.001m);
        FluentActions.Invoking(() => a.ApplyFill(other, OrderSide.Buy, 1m, 100m, MarginMode.Cross, 100.5m)).ShouldRefuse("leverage", "100.5");
        FluentActions.Invoking(() => a.ApplyFill(other, OrderSide.Buy, 1m, 100m, MarginMode.Isolated, 0m)).ShouldRefuse("leverage", "0");

        // An isolated position needing more margin than the wallet holds: 100 × 100 / 10 = 1,000 > 990.
        FluentActions.Invoking(() => a.ApplyFill(other, OrderSide.Buy, 100m, 100m, MarginMode.Isolated, 10m)).ShouldRefuse("size", "100")
            .Which.Message.Should().Contain("990");

        AccountState.Of(a).Should().Be(before);
    }

    [Fact]
    public void A_flip_whose_new_side_is_refused_leaves_the_old_position_in_place()
    {
        // Long 1 @ 100 isolated 10x in a 100 USDT wallet (90 left). Selling 101 closes the long (+0, 10 released →
        // 100) and would open a 100 short needing 100 × 100 / 10 = 1,000 of margin: refused as a whole.
        Account a = Account.Create("USDT", 100m).ApplyFill(_linear, OrderSide.Buy, 1m, 100m, MarginMode.Isolated, 10m).Account;
        AccountState before = AccountState.Of(a);

        FluentActions.Invoking(() => a.ApplyFill(_linear, OrderSide.Sell, 101m, 100m, MarginMode.Isolated, 10m)).ShouldRefuse("size", "100");

        AccountState.Of(a).Should().Be(before);
    }

    [Fact]
    public void Transfers_refuse_bad_input_and_leave_the_account_unchanged()
    {
        Account a = Account.Create("USDT", 1_000m).ApplyFill(_linear, OrderSide.Buy, 1m, 100m, MarginMode.Isolated, 10m).Account;
        AccountState before = AccountState.Of(a);
        Dictionary<string, decimal> marks = Marks((_linear.Symbol, 100m));

        FluentActions.Invoking(() => a.AddIsolatedMargin(_linear.Symbol, PositionSide.Long, 0m, marks)).ShouldRefuse("amount", "0");
        FluentActions.Invoking(() => a.AddIsolatedMargin(_linear.Symbol, PositionSide.Long, -5m, marks)).ShouldRefuse("amount", "-5");
        FluentActions.Invoking(() => a.AddIsolatedMargin("NOPEUSDT", PositionSide.Long, 5m, marks)).ShouldRefuse("symbol", "\"NOPEUSDT\"");
        FluentActions.Invoking(() => a.AddIsolatedMargin(_linear.Symbol, PositionSide.Short, 5m, marks)).ShouldRefuse("symbol", "\"TESTUSDT\"");
        FluentActions.Invoking(() => a.AddIsolatedMargin(_linear.Symbol, PositionSide.Long, 5m, Marks())).ShouldRefuse("markPrices", "\"TESTUSDT\"");
        FluentActions.Invoking(() => a.RemoveIsolatedMargin(_linear.Symbol, PositionSide.Long, 1m, 0m)).ShouldRefuse("markPrice", "0");
        FluentActions.Invoking(() => a.RemoveIsolatedMargin(_linear.Symbol, PositionSide.Long, -1m, 100m)).ShouldRefuse("amount", "-1");
        FluentActions.Invoking(() => a.Deposit(0m)).ShouldRefuse("amount", "0");

        AccountState.Of(a).Should().Be(before);
    }

    [Fact]
    public void WithPosition_refuses_duplicates_foreign_assets_and_unfunded_margin()
    {
        Position held = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m);
        Account a = Account.Create("USDT", 50m).WithPosition(held);
        AccountState before = AccountState.Of(a);

        FluentActions.Invoking(() => a.WithPosition(Position.Open(_linear, PositionSide.Short, 1m, 100m, MarginMode.Cross, 10m)))
            .Should().Throw<ArgumentException>().WithParameterName("position");
        FluentActions.Invoking(() => a.WithPosition(Position.Open(_inverse, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m)))
            .ShouldRefuse("instrument", "\"BTCUSD\"");

        // Isolated margin 1 × 100 / 1 = 100 > the 50 in the wallet.
        Instrument other = Instrument.Linear("OTHERUSDT", "OTHER", "USDT", TestInstruments.Flat(0.005m, 100m), 0.01m, 0.001m);
        FluentActions.Invoking(() => a.WithPosition(Position.Open(other, PositionSide.Long, 1m, 100m, MarginMode.Isolated, 1m)))
            .ShouldRefuse("position", "100");

        AccountState.Of(a).Should().Be(before);
    }

    [Fact]
    public void Evaluating_an_account_needs_a_positive_mark_for_every_held_symbol()
    {
        Account a = Account.Create("USDT", 1_000m).ApplyFill(_linear, OrderSide.Buy, 1m, 100m, MarginMode.Cross, 10m).Account;

        FluentActions.Invoking(() => AccountMargin.Calculate(a, Marks())).ShouldRefuse("markPrices", "\"TESTUSDT\"");
        FluentActions.Invoking(() => AccountMargin.Calculate(a, Marks((_linear.Symbol, 0m)))).ShouldRefuse("markPrices[TESTUSDT]", "0");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Liquidation-price solver, models, rounding
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Solver_refuses_bad_arguments()
    {
        MarginModel m = MarginModel.Binance;
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 0m, 100m, 10m, m)).ShouldRefuse("size", "0");
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 1m, -100m, 10m, m)).ShouldRefuse("entryPrice", "-100");

        // A negative isolated margin is refused as an argument (issue 15); it stays a state the engine solves through
        // IsolatedUnchecked (and ForPosition for a held position): by hand, margin −10 on 1 long @ 100 gives equity
        // P − 110, so with a flat rate r the position is liquidatable below 110 ÷ (1 − r), above its own entry.
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 1m, 100m, -10m, m)).ShouldRefuse("isolatedMargin", "-10");
        LiquidationPriceSolver.IsolatedUnchecked(_linear, PositionSide.Long, 1m, 100m, -10m, m).LiquidationPrice.Should().BeGreaterThan(100m);
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, (PositionSide)2, 1m, 100m, 10m, m)).ShouldRefuse("side", "2");
        FluentActions.Invoking(() => LiquidationPriceSolver.Cross(_linear, PositionSide.Short, 1m, 100m, new CrossMarginContext(10m, -1m, 0m), m))
            .ShouldRefuse("context.OtherMaintenanceMargin", "-1");
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 1m, 100m, 10m, new MaintenanceBracket(1m, 0m), m))
            .ShouldRefuse("bracket.Rate", "1");
        FluentActions.Invoking(() => LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 1m, 100m, 10m, new MaintenanceBracket(0.01m, -5m), m))
            .ShouldRefuse("bracket.Amount", "-5");
    }

    [Fact]
    public void Hedge_solver_refuses_bad_legs()
    {
        CrossMarginContext ctx = CrossMarginContext.WalletOnly(1_000m);
        MarginModel m = MarginModel.Binance;

        FluentActions.Invoking(() => LiquidationPriceSolver.CrossHedge(_linear, null, null, ctx, m)).ShouldRefuse("longLeg", "null");
        FluentActions.Invoking(() => LiquidationPriceSolver.CrossHedge(_linear, new PositionLeg(0m, 100m), null, ctx, m)).ShouldRefuse("longLeg.Size", "0");
        FluentActions.Invoking(() => LiquidationPriceSolver.CrossHedge(_linear, null, new PositionLeg(1m, -1m), ctx, m)).ShouldRefuse("shortLeg.EntryPrice", "-1");
    }

    [Fact]
    public void ForPosition_refuses_a_position_the_account_does_not_hold()
    {
        Account a = Account.Create("USDT", 1_000m).ApplyFill(_linear, OrderSide.Buy, 1m, 100m, MarginMode.Cross, 10m).Account;
        Position stranger = Position.Open(_linear, PositionSide.Short, 2m, 100m, MarginMode.Cross, 10m);

        FluentActions.Invoking(() => LiquidationPriceSolver.ForPosition(a, stranger, Marks((_linear.Symbol, 100m)), MarginModel.Binance))
            .Should().Throw<ArgumentException>().WithParameterName("position").WithMessage("*Short 2 TESTUSDT*");
    }

    [Fact]
    public void Margin_models_refuse_bad_fee_rates_and_bases_and_stay_unchanged()
    {
        MarginModel before = MarginModel.Binance with { };

        FluentActions.Invoking(() => MarginModel.Binance.WithClosingFeeRate(1m)).ShouldRefuse("closingFeeRate", "1");
        FluentActions.Invoking(() => MarginModel.Binance.WithClosingFeeRate(-0.0001m)).ShouldRefuse("closingFeeRate", "-0.0001");
        FluentActions.Invoking(() => MarginModel.Binance.WithBasis((MaintenanceBasis)7)).ShouldRefuse("basis", "7");
        FluentActions.Invoking(() => MarginModel.Create(" ", MaintenanceBasis.MarkValue, 0m, SourceReference.UserSupplied(TestInstruments.AsOf))).ShouldRefuse("name", "\" \"");

        MarginModel.Binance.Should().Be(before);
        MarginModel.Binance.ClosingFeeRate.Should().Be(0m);
    }

    [Fact]
    public void Rounding_refuses_a_non_positive_tick()
    {
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(_linear, PositionSide.Long, 1m, 100m, 10m, MarginModel.Binance);

        FluentActions.Invoking(() => PriceRounding.ToTick(100m, 0m, MidpointRounding.ToEven)).ShouldRefuse("tickSize", "0");
        FluentActions.Invoking(() => PriceRounding.VenueSafe(100m, -0.5m, PositionSide.Long)).ShouldRefuse("tickSize", "-0.5");
        FluentActions.Invoking(() => e.RoundToTick(0m)).ShouldRefuse("tickSize", "0");
    }
}
