using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Issue 16's smaller gaps in the liquidation estimate: the unclamped solution, a safety-buffer price from it, and
/// the liquidation and bankruptcy prices rounded at their own precisions. Flat 0.5 % maintenance, so every figure is
/// Bybit's line <c>LP = entry ∓ (margin − MM) ÷ size</c> (reference cefi.md §2.1) or Binance's
/// <c>LP = (N − C − cum) ÷ (size × (1 − MMR))</c> (§1.1).
/// </summary>
public sealed class RawLiquidationPriceTests
{
    private static readonly Instrument s_btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", TestInstruments.Flat(0.005m, 100m), 0.5m, 0.001m);

    [Fact]
    public void A_long_backed_by_more_than_its_notional_has_no_price_but_keeps_its_raw_solution()
    {
        // Bybit: 1 BTC @ 20,000 with 25,000 margin, MM 100: LP = 20,000 − (25,000 − 100) = −4,900.
        LiquidationEstimate bybit = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 25_000m, MarginModel.Bybit);
        (bybit.Status, bybit.LiquidationPrice, bybit.RawLiquidationPrice).Should().Be((LiquidationPriceStatus.None, (decimal?)null, -4_900m));

        // Binance (mark-valued): (20,000 − 25,000 − 0) ÷ (1 × 0.995) = −5,025.1256…
        LiquidationEstimate binance = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 25_000m, MarginModel.Binance);
        (binance.Status, binance.LiquidationPrice).Should().Be((LiquidationPriceStatus.None, (decimal?)null));
        binance.RawLiquidationPrice.Should().Be(-5_000m / 0.995m);
    }

    [CiProperty(MaxTest = 200)]
    public Property A_price_that_exists_is_its_own_raw_solution() =>
        Prop.ForAll(
            Gen.Choose(1, 1_000).Select(n => n / 100m).ToArbitrary(),
            Gen.Choose(2, 100).ToArbitrary(),
            Gen.Elements(PositionSide.Long, PositionSide.Short).ToArbitrary(),
            (decimal size, int leverage, PositionSide side) =>
            {
                decimal margin = size * 20_000m / leverage;
                LiquidationEstimate e = LiquidationPriceSolver.Isolated(s_btc, side, size, 20_000m, margin, MarginModel.Binance);
                return e.Status != LiquidationPriceStatus.Exists || e.RawLiquidationPrice == e.LiquidationPrice;
            });

    [Fact]
    public void The_buffer_keeps_a_fraction_of_the_distance_from_liquidation_to_entry()
    {
        // Bybit Example 1 (cefi.md Y1): long 1 @ 20,000, 50x (IM 400), MM 100 → LP 19,700; a 20 % buffer: 19,760.
        LiquidationEstimate y1 = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 400m, MarginModel.Bybit);
        y1.LiquidationPrice.Should().Be(19_700m);
        y1.BufferedPrice(20_000m, 0.2m).Should().Be(19_760m);
        y1.BufferedPrice(20_000m, 0m).Should().Be(19_700m);

        // The short twin: LP 20,300; 20 % of the 300 back toward entry: 20,240.
        LiquidationEstimate shortY1 = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Short, 1m, 20_000m, 400m, MarginModel.Bybit);
        shortY1.BufferedPrice(20_000m, 0.2m).Should().Be(20_240m);

        // Raw −4,900: half the way to 20,000 is −4,900 + 12,450 = 7,550, a real stop; a tenth (−2,410) is none.
        LiquidationEstimate deep = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 25_000m, MarginModel.Bybit);
        deep.BufferedPrice(20_000m, 0.5m).Should().Be(7_550m);
        deep.BufferedPrice(20_000m, 0.1m).Should().BeNull();
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("1")]
    public void A_buffer_outside_zero_to_one_is_refused_naming_it(string fraction)
    {
        LiquidationEstimate y1 = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 400m, MarginModel.Bybit);

        Action bad = () => y1.BufferedPrice(20_000m, decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture));

        bad.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "fraction" && e.Message.Contains(fraction, StringComparison.Ordinal));
    }

    [Fact]
    public void Liquidation_and_bankruptcy_prices_round_at_their_own_precisions()
    {
        // Long 1 @ 20,000.03, 50x: IM 400.0006, MM 100.00015. LP = 20,000.03 − 300.00045 = 19,700.02955, BP = 20,000.03 −
        // 400.0006 = 19,600.0294. Bybit shows the LP on the 0.5 tick and the BP at two decimals, both rounded up for a
        // long (the venue-safe side): 19,700.5 and 19,600.03.
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000.03m, 400.0006m, MarginModel.Bybit);
        (e.LiquidationPrice, e.BankruptcyPrice).Should().Be((19_700.02955m, 19_600.0294m));

        LiquidationEstimate shown = e.RoundToTick(0.5m, 0.01m);

        (shown.LiquidationPrice, shown.BankruptcyPrice).Should().Be((19_700.5m, 19_600.03m));
        shown.RawLiquidationPrice.Should().Be(19_700.02955m, "rounding is what the venue shows; the solution stays");
        e.RoundToTick(0.5m).Should().Be(e.RoundToTick(0.5m, 0.5m));
    }

    [Fact]
    public void A_tick_that_is_not_positive_is_refused_naming_it()
    {
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(s_btc, PositionSide.Long, 1m, 20_000m, 400m, MarginModel.Bybit);

        e.Invoking(x => x.RoundToTick(0.5m, 0m)).Should().Throw<ArgumentOutOfRangeException>().Where(ex => ex.ParamName == "bankruptcyTick");
        e.Invoking(x => x.RoundToTick(-1m, 0.01m)).Should().Throw<ArgumentOutOfRangeException>().Where(ex => ex.ParamName == "liquidationTick");
    }
}
