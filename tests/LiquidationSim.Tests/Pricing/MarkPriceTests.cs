using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Pricing;

/// <summary>Mark-price methods against the published vectors M1 and G1 and hand-worked medians.</summary>
public sealed class MarkPriceTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);

    private static MarkPriceInputs Inputs(decimal index, decimal last, decimal bid, decimal ask, decimal rate, int secondsLater = 0) => new()
    {
        Time = s_t0.AddSeconds(secondsLater),
        IndexPrice = index,
        LastPrice = last,
        BestBid = bid,
        BestAsk = ask,
        FundingRate = rate,
        TimeToFunding = TimeSpan.FromHours(4),
        FundingInterval = TimeSpan.FromHours(8),
    };

    /// <summary>
    /// M1 (Binance 2019/2020 USDⓈ-M page; reference cefi.md §1.6): funding rate 0.03%, 4 hours until funding of 8,
    /// index 10,000 → basis 0.015%, mark 10,001.5. The same formula is BitMEX's perpetual fair price.
    /// </summary>
    [Fact]
    public void M1_funding_basis_mark_price() =>
        new BitMexPerpetualFairPrice().Update(Inputs(10_000m, 0m, 0m, 0m, 0.0003m)).Should().Be(10_001.5m);

    /// <summary>
    /// G1 (Gate clone of BitMEX fair price marking, gate.com/help/futures/delivery/17601; reference cefi.md §4.1):
    /// index 10,000, impact bid 10,049, ask 10,051, 30 days to expiry → basis rate 6.0833%, basis 50, fair price 10,050.
    /// </summary>
    [Fact]
    public void G1_dated_future_fair_price()
    {
        var method = new BitMexFuturesFairPrice(basisWindow: 1);
        var inputs = new MarkPriceInputs { Time = s_t0, IndexPrice = 10_000m, ImpactBid = 10_049m, ImpactAsk = 10_051m, TimeToExpiry = TimeSpan.FromDays(30) };

        decimal fair = method.Update(inputs);

        fair.Should().BeApproximately(10_050m, 1e-20m);
        decimal annualised = ((10_050m / 10_000m) - 1m) / (30m / 365m);
        Math.Round(annualised * 100m, 4).Should().Be(6.0833m);
    }

    /// <summary>
    /// Binance: "If Price 1 &lt; Price 2 &lt; Contract Price, then take Price 2". Index 10,000, rate 0.01%, 4 of 8 hours:
    /// Price 1 = 10,000.5; book 10,009 / 10,011 → basis 10 → Price 2 = 10,010; last 10,020 → mark 10,010.
    /// </summary>
    [Fact]
    public void Binance_mark_is_the_median_of_the_three_prices()
    {
        var method = new BinanceMarkPrice(basisWindow: 60);
        method.Update(Inputs(10_000m, 10_020m, 10_009m, 10_011m, 0.0001m)).Should().Be(10_010m);

        // With the last price below both, the median is Price 1: last 9,990 < Price 1 10,000.5 < Price 2 (10 + 10) ÷ 2 above index.
        var other = new BinanceMarkPrice(basisWindow: 60);
        other.Update(Inputs(10_000m, 9_990m, 10_009m, 10_011m, 0.0001m)).Should().Be(10_000.5m);
    }

    /// <summary>
    /// The basis moving average covers the last N samples: basis 10, 20, 40 with a window of 2 → average 30, so
    /// Price 2 = index + 30 (the last price 20,000 and Price 1 = index keep Price 2 the median).
    /// </summary>
    [Fact]
    public void Binance_basis_average_is_a_rolling_window()
    {
        var method = new BinanceMarkPrice(basisWindow: 2);
        method.Update(Inputs(10_000m, 20_000m, 10_000m, 10_020m, 0m, 0));
        method.Update(Inputs(10_000m, 20_000m, 10_010m, 10_030m, 0m, 5));
        method.Update(Inputs(10_000m, 20_000m, 10_030m, 10_050m, 0m, 10)).Should().Be(10_030m);
    }

    /// <summary>EMA of the basis: smoothing 0.5, basis 10 then 30 → 10, then 10 + 0.5 × (30 − 10) = 20.</summary>
    [Fact]
    public void Ema_basis_mark()
    {
        var method = new EmaBasisMarkPrice(0.5m);
        method.Update(Inputs(100m, 0m, 109m, 111m, 0m, 0)).Should().Be(110m);
        method.Update(Inputs(100m, 0m, 129m, 131m, 0m, 1)).Should().Be(120m);
        method.Fresh().Update(Inputs(100m, 0m, 129m, 131m, 0m, 1)).Should().Be(130m, "a fresh instance has no history");
    }

    [Fact]
    public void Last_price_mark_is_the_last_price() =>
        new LastPriceMark().Update(Inputs(100m, 97.5m, 0m, 0m, 0m)).Should().Be(97.5m);

    [Fact]
    public void Time_going_backwards_is_refused_and_changes_nothing()
    {
        var method = new BinanceMarkPrice(basisWindow: 2);
        method.Update(Inputs(10_000m, 20_000m, 10_000m, 10_020m, 0m, 10));

        method.Invoking(m => m.Update(Inputs(10_000m, 20_000m, 10_090m, 10_110m, 0m, 5)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inputs.Time");

        // The refused observation left no trace: the window still holds only basis 10.
        method.Update(Inputs(10_000m, 20_000m, 10_000m, 10_020m, 0m, 15)).Should().Be(10_010m);
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        FluentActions.Invoking(() => new BinanceMarkPrice(0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("basisWindow");
        FluentActions.Invoking(() => new BitMexFuturesFairPrice(0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("basisWindow");
        FluentActions.Invoking(() => new EmaBasisMarkPrice(0m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("smoothing");

        var binance = new BinanceMarkPrice(10);
        binance.Invoking(m => m.Update(Inputs(0m, 1m, 1m, 1m, 0m))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inputs.IndexPrice");
        binance.Invoking(m => m.Update(Inputs(100m, 100m, 101m, 99m, 0m))).Should().Throw<ArgumentException>().WithParameterName("inputs.BestAsk");
        binance.Invoking(m => m.Update(Inputs(100m, 100m, 99m, 101m, 0m) with { TimeToFunding = TimeSpan.FromHours(9) }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inputs.TimeToFunding");
        new BitMexFuturesFairPrice(1).Invoking(m => m.Update(new MarkPriceInputs { IndexPrice = 1m, ImpactBid = 1m, ImpactAsk = 1m }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("inputs.TimeToExpiry");
    }
}
