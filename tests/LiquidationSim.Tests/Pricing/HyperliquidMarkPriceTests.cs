using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Pricing;

/// <summary>
/// <see cref="HyperliquidMarkPrice"/>: Median(oracle + basis EMA, Median(bid, ask, last), oracle), worked by hand.
/// </summary>
public sealed class HyperliquidMarkPriceTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static MarkPriceInputs Inputs(decimal oracle, decimal last, decimal bid, decimal ask, int secondsLater) => new()
    {
        Time = s_t0.AddSeconds(secondsLater),
        IndexPrice = oracle,
        LastPrice = last,
        BestBid = bid,
        BestAsk = ask,
    };

    [Fact]
    public void The_mark_is_the_median_of_the_ema_term_the_book_and_the_oracle()
    {
        var method = new HyperliquidMarkPrice(0.5m);

        // Oracle 10,000, book 10,005 / 10,015, last 10,010: basis 10 seeds the EMA, so the terms are 10,010, 10,010 and
        // 10,000, and the mark 10,010.
        method.Update(Inputs(10_000m, 10_010m, 10_005m, 10_015m, 0)).Should().Be(10_010m);

        // The book falls to 9,000 / 9,010, last 9,005: basis −995, EMA 10 + 0.5 × (−995 − 10) = −492.5; terms 9,507.5,
        // Median(9,000, 9,010, 9,005) = 9,005 and 10,000: the mark is 9,507.5.
        method.Update(Inputs(10_000m, 9_005m, 9_000m, 9_010m, 3)).Should().Be(9_507.5m);

        // A 99.9 % fall: oracle 10, book 9.99 / 10.01, last 10: basis 0, EMA −246.25, so the EMA term is −236.25 — far
        // below zero. The book and the oracle are both 10, so the median is 10: the EMA's lag cannot carry the mark.
        method.Update(Inputs(10m, 10m, 9.99m, 10.01m, 6)).Should().Be(10m);

        method.Fresh().Update(Inputs(10m, 10m, 9.99m, 10.01m, 6)).Should().Be(10m, "a fresh instance has no history");
    }

    [Fact]
    public void Bad_inputs_are_refused_and_change_nothing()
    {
        FluentActions.Invoking(() => new HyperliquidMarkPrice(0m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("smoothing");
        FluentActions.Invoking(() => new HyperliquidMarkPrice(1.5m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("smoothing");

        var method = new HyperliquidMarkPrice(0.5m);
        method.Update(Inputs(100m, 101m, 100m, 102m, 0)).Should().Be(101m);
        method.Invoking(m => m.Update(Inputs(100m, 0m, 100m, 102m, 1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inputs.LastPrice");
        method.Invoking(m => m.Update(Inputs(100m, 101m, 103m, 102m, 1))).Should().Throw<ArgumentException>().WithParameterName("inputs.BestAsk");

        // The EMA still holds only basis 1: with the same book the mark is 101 again.
        method.Update(Inputs(100m, 101m, 100m, 102m, 2)).Should().Be(101m);
    }
}
