using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Issue 15, "Library entry points": <see cref="LiquidationPriceSolver.Isolated(Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/>
/// accepted a negative isolated margin and answered a price with status Exists. It now refuses it naming
/// <c>isolatedMargin</c> and the value; the engine's own positions, whose margin a gap or funding can take below zero,
/// are solved by the internal unchecked entry point with the same arithmetic, and so is a held position read through
/// <see cref="LiquidationPriceSolver.ForPosition"/>.
/// </summary>
public sealed class NegativeIsolatedMarginTests
{
    // Bybit Y1 (reference cefi.md §2.1): 1 BTC long at 20,000, MMR 0.5%, no fee, entry-valued maintenance margin of 100.
    private static readonly Instrument s_btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);

    [Theory]
    [InlineData(-0.00000001)]
    [InlineData(-1)]
    [InlineData(-200)]
    public void Isolated_refuses_a_negative_margin_naming_it_and_the_value(decimal margin)
    {
        var table = () => LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, margin, MarginModel.Bybit);
        var bracket = () => LiquidationPriceSolver.Isolated(s_btc, PositionSide.Short, 1m, 20_000m, margin, new MaintenanceBracket(0.005m, 0m), MarginModel.Bybit);

        foreach (Func<LiquidationEstimate> act in new[] { table, bracket })
        {
            var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
            e.ParamName.Should().Be("isolatedMargin");
            e.ActualValue.Should().Be(margin);
            e.Message.Should().Contain(margin.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("must not be negative");
        }
    }

    [Fact]
    public void Isolated_still_accepts_a_zero_margin_and_answers_as_before()
    {
        // C = 0: N* = (N_e + MM − C) ÷ 1 = 20,100 for the long; the short's mirror 19,900.
        LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 0m, MarginModel.Bybit).LiquidationPrice.Should().Be(20_100m);
        LiquidationPriceSolver.Isolated(s_btc, PositionSide.Short, 1m, 20_000m, 0m, MarginModel.Bybit).LiquidationPrice.Should().Be(19_900m);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(400)]
    [InlineData(25_000)]
    public void The_unchecked_entry_point_is_the_public_one_where_both_answer(decimal margin)
    {
        foreach (PositionSide side in new[] { PositionSide.Long, PositionSide.Short })
        {
            foreach (MarginModel model in new[] { MarginModel.Binance, MarginModel.Bybit, MarginModel.Hyperliquid })
            {
                LiquidationPriceSolver.IsolatedUnchecked(TestInstruments.BtcUsdt, side, 2m, 50_000m, margin, model)
                    .Should().Be(LiquidationPriceSolver.Isolated(TestInstruments.BtcUsdt, side, 2m, 50_000m, margin, model));
            }
        }
    }

    [Theory]
    // Long: (N_e + MM − C) = 20,000 + 100 + 200 = 20,300, above the entry; short: N_e − MM + C = 19,700, below it.
    [InlineData(PositionSide.Long, -200, LiquidationPriceStatus.Exists, "20300")]
    [InlineData(PositionSide.Short, -200, LiquidationPriceStatus.Exists, "19700")]
    // The short owes more than the whole notional: no positive price leaves it healthy.
    [InlineData(PositionSide.Short, -20_000, LiquidationPriceStatus.AtAnyPrice, null)]
    public void The_unchecked_entry_point_solves_a_negative_margin_with_the_same_equation(
        PositionSide side, decimal margin, LiquidationPriceStatus status, string? price)
    {
        LiquidationEstimate e = LiquidationPriceSolver.IsolatedUnchecked(s_btc, side, 1m, 20_000m, margin, MarginModel.Bybit);
        e.Status.Should().Be(status);
        e.LiquidationPrice.Should().Be(price is null ? null : decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ForPosition_answers_for_a_held_isolated_position_whose_margin_funding_took_below_zero()
    {
        // Y1's long with 400 of position margin pays 3% funding on 20,000 (600): its margin is then −200.
        Position position = Position.Open(s_btc, PositionSide.Long, 1m, 20_000m, MarginMode.Isolated, 50m);
        Account account = Account.Create("USDT", 1_000m).WithPosition(position);
        FundingSettlement settled = Funding.Settle(account, s_btc.Symbol, 0.03m, 20_000m);
        Position after = settled.Account.Positions[0];
        after.IsolatedMargin.Should().Be(-200m);
        var marks = new Dictionary<string, decimal> { [s_btc.Symbol] = 20_000m };

        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(settled.Account, after, marks, MarginModel.Bybit);

        // Not refused: the unchecked estimate, liquidatable at its entry, its liquidation price above it.
        e.Should().Be(LiquidationPriceSolver.IsolatedUnchecked(s_btc, PositionSide.Long, 1m, 20_000m, -200m, MarginModel.Bybit));
        e.Status.Should().Be(LiquidationPriceStatus.Exists);
        e.LiquidationPrice.Should().Be(20_300m);
        e.IsCrossedAt(PositionSide.Long, 20_000m).Should().BeTrue();

        // The same numbers handed to the public solver are refused.
        var direct = () => LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, after.IsolatedMargin, MarginModel.Bybit);
        direct.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("isolatedMargin");
    }
}
