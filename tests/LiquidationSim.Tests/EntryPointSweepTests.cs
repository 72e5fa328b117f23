using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests;

/// <summary>
/// Issue 15, "Library entry points": the sweep of the public entry points of Accounts, Margin, Pricing and Instruments
/// for the input classes the issue names. Each case is a gap the sweep found: an argument whose sum or product leaves
/// the decimal range threw <see cref="OverflowException"/>, a leverage below 1 was accepted, or a nonsense input gave a
/// wrong answer. Each is now an <see cref="ArgumentException"/> naming the parameter and the value, and the in-range
/// answer next to it is unchanged (checked against the formula).
/// </summary>
public sealed class EntryPointSweepTests
{
    private static readonly Instrument s_btc = TestInstruments.BtcUsdt;

    private static Position Long10Isolated => Position.Open(s_btc, PositionSide.Long, 10m, 50_000m, MarginMode.Isolated, 10m);

    private static Dictionary<string, decimal> Marks(decimal btc) => new() { [s_btc.Symbol] = btc };

    /// <summary>A call that must be refused, the parameter it must name and the value it must carry.</summary>
    public static TheoryData<string, string, decimal> OutOfDecimalRange => new()
    {
        { "Position.UnrealizedPnl", "markPrice", decimal.MaxValue },
        { "Position.MaintenanceMargin", "markPrice", decimal.MaxValue },
        { "Position.Increase", "price", decimal.MaxValue },
        { "Position.Reduce", "price", decimal.MaxValue },
        { "MarginMath.RemovableIsolatedMargin", "markPrice", decimal.MaxValue },
        { "MarginMath.MarginBalance", "unrealizedPnl", decimal.MaxValue },
        { "Account.Deposit", "amount", decimal.MaxValue },
        { "Account.PlaceOrder", "price", decimal.MaxValue },
        { "Funding.Settle markPrice", "markPrice", decimal.MaxValue },
        { "Funding.Settle fundingRate", "fundingRate", 1e25m },
        { "Funding.ImpactPrice", "levels[0].Size", 10m },
        { "IndexPriceCalculator.Calculate", "quotes[0].Price", decimal.MaxValue / 2 },
        { "PriceRounding.ToTick", "price", decimal.MaxValue },
        { "AccountMargin.Calculate", "markPrices[BTCUSDT]", decimal.MaxValue },
        { "LiquidationPriceSolver.ForPosition", "markPrices[ETHUSDT]", decimal.MaxValue },
        { "BitMexPerpetualFairPrice.Update", "inputs.FundingRate", decimal.MaxValue / 2 },
        { "LiquidationTrigger.IsLiquidatable", "triggerPrice", decimal.MaxValue },
        { "RiskTierTable.NextMaintenanceAmount", "previousAmount", decimal.MaxValue },
    };

    [Theory]
    [MemberData(nameof(OutOfDecimalRange))]
    public void A_value_whose_sum_or_product_leaves_the_decimal_range_is_refused_naming_it(string entryPoint, string parameter, decimal value)
    {
        Action act = entryPoint switch
        {
            "Position.UnrealizedPnl" => () => Long10Isolated.UnrealizedPnl(value),
            "Position.MaintenanceMargin" => () => Long10Isolated.MaintenanceMargin(value),
            "Position.Increase" => () => Long10Isolated.Increase(10m, value, 0m),
            "Position.Reduce" => () => Long10Isolated.Reduce(10m, value),
            "MarginMath.RemovableIsolatedMargin" => () => MarginMath.RemovableIsolatedMargin(Long10Isolated, value),
            "MarginMath.MarginBalance" => () => MarginMath.MarginBalance(decimal.MaxValue, value),
            "Account.Deposit" => () => Account.Create("USDT", 1m).Deposit(value),
            "Account.PlaceOrder" => () => Account.Create("USDT", 1_000m).PlaceOrder(s_btc, OrderSide.Buy, 10m, value, 10m, 1),
            "Funding.Settle markPrice" => () => Funding.Settle(Account.Create("USDT", 100_000m).WithPosition(Long10Isolated), s_btc.Symbol, 0.0001m, value),
            "Funding.Settle fundingRate" => () => Funding.Settle(Account.Create("USDT", 100_000m).WithPosition(Long10Isolated), s_btc.Symbol, value, 50_000m),
            "Funding.ImpactPrice" => () => Funding.ImpactPrice([new PriceLevel(decimal.MaxValue / 2, value)], 1_000m),
            "IndexPriceCalculator.Calculate" => () => new IndexPriceCalculator([new IndexSource("a", 10m)], IndexPriceRules.Binance)
                .Calculate([new SourceQuote(value, TestTime.T0)], TestTime.T0),
            "PriceRounding.ToTick" => () => PriceRounding.ToTick(value, 0.1m, MidpointRounding.ToEven),
            "AccountMargin.Calculate" => () => AccountMargin.Calculate(Account.Create("USDT", 100_000m).WithPosition(Long10Isolated), Marks(value)),
            "LiquidationPriceSolver.ForPosition" => () => ForPositionWithAnEthMarkOf(value),
            "BitMexPerpetualFairPrice.Update" => () => new BitMexPerpetualFairPrice().Update(Funded(value)),
            "LiquidationTrigger.IsLiquidatable" => () => LiquidationTrigger.IsLiquidatable(Long10Isolated, value),
            "RiskTierTable.NextMaintenanceAmount" => () => RiskTierTable.NextMaintenanceAmount(value, 0.004m, 1_000_000m, 0.005m),
            _ => throw new ArgumentOutOfRangeException(nameof(entryPoint), entryPoint, "no such case"),
        };

        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be(parameter);
        e.ActualValue.Should().Be(value);
        e.Message.Should().Contain(parameter).And.Contain("decimal range");
    }

    [Fact]
    public void The_in_range_answers_beside_those_cases_are_the_formulas()
    {
        Position p = Long10Isolated;
        // 10 × (51,000 − 50,000) = 10,000; maintenance on 510,000 of notional from the table; re-averaged entry (500,000 + 520,000) ÷ 20.
        p.UnrealizedPnl(51_000m).Should().Be(10_000m);
        p.MaintenanceMargin(51_000m).Should().Be(s_btc.RiskTiers.MaintenanceMargin(510_000m));
        p.Increase(10m, 52_000m, 0m).EntryPrice.Should().Be(51_000m);
        p.Reduce(10m, 51_000m).RealizedPnl.Should().Be(10_000m);
        MarginMath.MarginBalance(1_000m, -250m).Should().Be(750m);
        Account.Create("USDT", 1m).Deposit(2m).WalletBalance.Should().Be(3m);
        Account.Create("USDT", 1_000m).PlaceOrder(s_btc, OrderSide.Buy, 0.1m, 50_000m, 10m, 1).Orders.Should().ContainSingle().Which.ReservedMargin.Should().Be(500m);
        Funding.Settle(Account.Create("USDT", 100_000m).WithPosition(p), s_btc.Symbol, 0.0001m, 50_000m).Payments.Should().ContainSingle().Which.Amount.Should().Be(-50m);
        // 1,000 of notional from a level of 100 × 20: 10 contracts at 100.
        Funding.ImpactPrice([new PriceLevel(100m, 20m)], 1_000m).Should().Be(100m);
        new IndexPriceCalculator([new IndexSource("a", 10m)], IndexPriceRules.Binance).Calculate([new SourceQuote(90_000m, TestTime.T0)], TestTime.T0).Price.Should().Be(90_000m);
        PriceRounding.ToTick(100.05m, 0.1m, MidpointRounding.ToPositiveInfinity).Should().Be(100.1m);
        AccountMargin.Calculate(Account.Create("USDT", 100_000m).WithPosition(p), Marks(51_000m)).Positions[0].UnrealizedPnl.Should().Be(10_000m);
        // Isolated margin 50,000 on 10 @ 50,000: liquidatable well below the entry, not at it.
        LiquidationTrigger.IsLiquidatable(p, 50_000m).Should().BeFalse();
        LiquidationTrigger.IsLiquidatable(p, 45_000m).Should().BeTrue();
        // Half the interval to go at a −50% rate: 100 × (1 − 0.25).
        new BitMexPerpetualFairPrice().Update(Funded(-0.5m) with { TimeToFunding = TimeSpan.FromHours(4) }).Should().Be(75m);
    }

    // Were accepted: a leverage below 1 reserves or posts more margin than the order or position is worth.
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void An_order_or_an_opening_fill_refuses_a_leverage_below_1_naming_it(decimal leverage)
    {
        Account account = Account.Create("USDT", 1_000m);
        var order = () => account.PlaceOrder(s_btc, OrderSide.Buy, 0.01m, 50_000m, leverage, 1);
        // The wallet cannot fund 500 ÷ 0.5: this was refused as 'size needs more isolated margin', naming the size.
        var fill = () => account.ApplyFill(s_btc, OrderSide.Buy, 0.01m, 50_000m, MarginMode.Isolated, leverage);

        foreach (Action act in new Action[] { () => order(), () => fill() })
        {
            var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
            e.ParamName.Should().Be("leverage");
            e.ActualValue.Should().Be(leverage);
            e.Message.Should().Contain("at least 1");
        }

        account.PlaceOrder(s_btc, OrderSide.Buy, 0.01m, 50_000m, 1m, 1).Orders[0].ReservedMargin.Should().Be(500m);
        account.ApplyFill(s_btc, OrderSide.Buy, 0.01m, 50_000m, MarginMode.Isolated, 1m).Account.Positions[0].IsolatedMargin.Should().Be(500m);
    }

    // Was a mark of zero (rate −100% at a full interval to go) or below (beyond it): the fair price is index × (1 + basis).
    [Theory]
    [InlineData("-1")]
    [InlineData("-1.5")]
    [InlineData("-79228162514264337593543950335")]
    public void The_funding_adjusted_marks_refuse_a_rate_that_takes_the_index_to_zero_or_below(string rate)
    {
        decimal r = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture);
        foreach (IMarkPriceMethod method in new IMarkPriceMethod[] { new BitMexPerpetualFairPrice(), new BinanceMarkPrice(3) })
        {
            var act = () => method.Update(Funded(r));
            var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
            e.ParamName.Should().Be("inputs.FundingRate");
            e.ActualValue.Should().Be(r);
        }
    }

    // Were answered: a zero or negative price was rounded to a tick, and an exposure that is neither side was rounded as a short.
    [Theory]
    [InlineData(0)]
    [InlineData(-100.05)]
    public void Tick_rounding_refuses_a_price_that_is_not_positive(decimal price)
    {
        var act = () => PriceRounding.ToTick(price, 0.1m, MidpointRounding.ToEven);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("price");
        e.ActualValue.Should().Be(price);

        var venueSafe = () => PriceRounding.VenueSafe(100.05m, 0.1m, (PositionSide)0);
        venueSafe.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("exposure");
        PriceRounding.VenueSafe(100.05m, 0.1m, PositionSide.Short).Should().Be(100.0m);
    }

    // Were answered: the recurrence took any numbers (a negative floor or amount, a rate of 100 % or more) and the
    // funding rate a premium index of −100 % or below, which no positive impact price gives.
    [Theory]
    [InlineData("previousAmount", -1, 0.004, 50_000, 0.005)]
    [InlineData("previousRate", 0, 1, 50_000, 0.005)]
    [InlineData("floor", 0, 0.004, -50_000, 0.005)]
    [InlineData("rate", 0, 0.004, 50_000, -0.005)]
    public void The_maintenance_amount_recurrence_refuses_what_no_table_holds(string parameter, decimal previous, decimal previousRate, decimal floor, decimal rate)
    {
        var act = () => RiskTierTable.NextMaintenanceAmount(previous, previousRate, floor, rate);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(parameter);
        RiskTierTable.NextMaintenanceAmount(0m, 0.004m, 50_000m, 0.005m).Should().Be(50m);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-3)]
    public void The_funding_rate_refuses_a_premium_index_of_minus_100_percent_or_below(decimal premium)
    {
        var act = () => Funding.Rate(premium, FundingRateRules.Binance);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("premiumIndex");
        e.ActualValue.Should().Be(premium);
        // In range: −0.2% + clamp(0.01% + 0.2%, ±0.05%) = −0.15%.
        Funding.Rate(-0.002m, FundingRateRules.Binance).Should().Be(-0.0015m);
    }

    private static MarkPriceInputs Funded(decimal rate) => new()
    {
        Time = TestTime.T0,
        IndexPrice = 100m,
        LastPrice = 100m,
        BestBid = 99.9m,
        BestAsk = 100.1m,
        FundingRate = rate,
        TimeToFunding = TimeSpan.FromHours(8),
        FundingInterval = TimeSpan.FromHours(8),
    };

    private static LiquidationEstimate ForPositionWithAnEthMarkOf(decimal ethMark)
    {
        Position btc = Position.Open(s_btc, PositionSide.Long, 1m, 50_000m, MarginMode.Cross, 10m);
        Position eth = Position.Open(TestInstruments.EthUsdt, PositionSide.Long, 10m, 3_000m, MarginMode.Cross, 10m);
        Account account = Account.Create("USDT", 100_000m).WithPosition(btc).WithPosition(eth);
        var marks = new Dictionary<string, decimal> { [s_btc.Symbol] = 50_000m, [TestInstruments.EthUsdt.Symbol] = ethMark };
        return LiquidationPriceSolver.ForPosition(account, btc, marks, MarginModel.Binance);
    }

    private static class TestTime
    {
        public static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    }
}
