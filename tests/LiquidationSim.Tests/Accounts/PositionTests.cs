using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Accounts;

public class PositionTests
{
    private static readonly Instrument _linear = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);

    /// <summary>XBTUSD: 1 USD per contract, BitMEX risk-limit steps (100x at the base step).</summary>
    private static readonly Instrument _xbtUsd = Instrument.Inverse("XBTUSD", "XBT", "USD", BitMexTiers.XbtUsd, 0.5m, 1m, 1m);

    // ---------------------------------------------------------------------------------------------------------
    // Opening
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Isolated_margin_defaults_to_the_initial_margin_at_entry()
    {
        // 2 × 30,000 = 60,000 USDT notional at 20x → 3,000 USDT.
        Position p = Position.Open(_linear, PositionSide.Long, 2m, 30_000m, MarginMode.Isolated, 20m);

        p.IsolatedMargin.Should().Be(3_000m);
        p.EntryNotional.Should().Be(60_000m);
    }

    [Fact]
    public void Cross_position_holds_no_margin_of_its_own()
    {
        Position.Open(_linear, PositionSide.Short, 2m, 30_000m, MarginMode.Cross, 20m).IsolatedMargin.Should().Be(0m);
    }

    [Fact]
    public void Inverse_notional_is_contracts_times_contract_size_over_price()
    {
        // 1,000 contracts × 1 USD ÷ 1,000 USD/XBT = 1 XBT; at 1,250: 0.8 XBT.
        Position p = Position.Open(_xbtUsd, PositionSide.Long, 1_000m, 1_000m, MarginMode.Cross, 10m);

        p.EntryNotional.Should().Be(1m);
        p.Notional(1_250m).Should().Be(0.8m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Re-averaging on increase
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(PositionSide.Long)]
    [InlineData(PositionSide.Short)]
    public void Linear_increase_averages_the_entry_arithmetically(PositionSide side)
    {
        // (1 × 20,000 + 3 × 24,000) / 4 = 92,000 / 4 = 23,000: the same for either side.
        Position p = Position.Open(_linear, side, 1m, 20_000m, MarginMode.Cross, 10m).Increase(3m, 24_000m, 0m);

        p.Size.Should().Be(4m);
        p.EntryPrice.Should().Be(23_000m);
        p.Side.Should().Be(side);
    }

    [Fact]
    public void Inverse_increase_averages_the_entry_harmonically()
    {
        // 100 contracts × 100 USD at 20,000 = 0.5 BTC; 300 × 100 at 60,000 = 0.5 BTC. 40,000 USD of contracts for
        // 1 BTC → entry 40,000 (the arithmetic mean would be 50,000), and the entry value is preserved: 1 BTC.
        Instrument btcUsd = TestInstruments.InverseFlat(0.005m, contractSize: 100m);
        Position p = Position.Open(btcUsd, PositionSide.Long, 100m, 20_000m, MarginMode.Cross, 10m).Increase(300m, 60_000m, 0m);

        p.Size.Should().Be(400m);
        p.EntryPrice.Should().Be(40_000m);
        p.EntryNotional.Should().Be(1m);
    }

    [Fact]
    public void Increase_of_an_isolated_position_adds_the_margin_moved_into_it()
    {
        // 1 × 100 at 10x → 10; add 1 at 120 with 12 more.
        Position p = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Isolated, 10m).Increase(1m, 120m, 12m);

        p.IsolatedMargin.Should().Be(22m);
        p.EntryPrice.Should().Be(110m);
    }

    [Fact]
    public void Increase_is_refused_when_the_new_notional_bracket_does_not_allow_the_leverage()
    {
        // Binance BTCUSDT: below 50,000 USDT 125x is allowed; 0.5 + 0.5 BTC at 80,000 = 80,000 USDT is in the
        // 50,000–600,000 bracket whose maximum is 100x.
        Position p = Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 0.5m, 80_000m, MarginMode.Cross, 125m);
        Position before = p with { };

        Action act = () => p.Increase(0.5m, 80_000m, 0m);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("leverage")
            .Which.Message.Should().Contain("125").And.Contain("100");
        p.Should().Be(before);
    }

    [Fact]
    public void Increase_of_a_cross_position_refuses_added_margin()
    {
        Position p = Position.Open(_linear, PositionSide.Long, 1m, 100m, MarginMode.Cross, 10m);
        Position before = p with { };

        Action act = () => p.Increase(1m, 100m, 5m);

        act.Should().Throw<ArgumentException>().WithParameterName("addedMargin").WithMessage("*5*");
        p.Should().Be(before);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Realised PnL on reduce
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(PositionSide.Long, 10)]
    [InlineData(PositionSide.Short, -10)]
    public void Linear_reduce_realises_pnl_on_the_closed_part_and_releases_its_share_of_margin(PositionSide side, int expectedPnl)
    {
        // 2 @ 100 with 40 margin; close 0.5 @ 120: PnL ±0.5 × 20 = ±10; a quarter of the size releases a quarter
        // of the margin (10); 1.5 remain at the same entry with 30.
        Position p = Position.Open(_linear, side, 2m, 100m, MarginMode.Isolated, 10m, isolatedMargin: 40m);

        PositionReduction r = p.Reduce(0.5m, 120m);

        r.RealizedPnl.Should().Be(expectedPnl);
        r.ReleasedMargin.Should().Be(10m);
        r.Remaining!.Size.Should().Be(1.5m);
        r.Remaining.EntryPrice.Should().Be(100m);
        r.Remaining.IsolatedMargin.Should().Be(30m);
        r.Remaining.Side.Should().Be(side);
    }

    [Fact]
    public void Closing_the_whole_position_leaves_nothing_and_releases_all_margin()
    {
        Position p = Position.Open(_linear, PositionSide.Short, 2m, 100m, MarginMode.Isolated, 10m, isolatedMargin: 40m);

        PositionReduction r = p.Reduce(2m, 90m);

        r.Remaining.Should().BeNull();
        r.RealizedPnl.Should().Be(20m); // short: 2 × (100 − 90)
        r.ReleasedMargin.Should().Be(40m);
    }

    /// <summary>BitMEX guide X2: "Unrealised Profit = ($1/$1,000 − $1/$1,250) × 1,000 = 0.20 XBT".</summary>
    [Fact]
    public void BitMex_X2_inverse_unrealised_pnl()
    {
        Position p = Position.Open(_xbtUsd, PositionSide.Long, 1_000m, 1_000m, MarginMode.Cross, 10m);

        // 1,000 × (0.001 − 0.0008) = 0.2 exactly.
        p.UnrealizedPnl(1_250m).Should().Be(0.2m);
    }

    /// <summary>BitMEX guide X3: "Realised Profit = ($1/1,000 − $1/$1,500) × 500 = 0.17 XBT".</summary>
    [Fact]
    public void BitMex_X3_inverse_realised_pnl_on_a_partial_close()
    {
        Position p = Position.Open(_xbtUsd, PositionSide.Long, 1_000m, 1_000m, MarginMode.Cross, 10m);

        PositionReduction r = p.Reduce(500m, 1_500m);

        // 500 × (1/1,000 − 1/1,500) = 500 × 1/3,000 = 1/6 = 0.1666… ≈ 0.17 XBT, booked to 8 places (satoshis): 0.16666667.
        r.RealizedPnl.Should().Be(0.16666667m);
        Math.Round(r.RealizedPnl, 2).Should().Be(0.17m);
        r.Remaining!.Size.Should().Be(500m);
        r.Remaining.EntryPrice.Should().Be(1_000m);
    }

    [Fact]
    public void Inverse_short_loses_what_the_long_gains()
    {
        Position p = Position.Open(_xbtUsd, PositionSide.Short, 1_000m, 1_000m, MarginMode.Cross, 10m);

        p.Reduce(500m, 1_500m).RealizedPnl.Should().Be(-0.16666667m, "−1/6 booked to 8 places, the exact opposite of the long's");
        p.UnrealizedPnl(1_250m).Should().Be(-0.2m);
    }

    [Fact]
    public void Reducing_more_than_the_position_is_refused_and_nothing_changes()
    {
        Position p = Position.Open(_linear, PositionSide.Long, 2m, 100m, MarginMode.Isolated, 10m);
        Position before = p with { };

        Action act = () => p.Reduce(2.5m, 100m);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size")
            .Which.Message.Should().Contain("2.5").And.Contain("2");
        p.Should().Be(before);
    }
}
