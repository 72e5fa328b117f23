using LiquidationSim.Instruments;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Pricing;

/// <summary>
/// Binance's index rules (reference cefi.md §1.7): a source more than 5% from the median gets weight 0; if more
/// than one deviates the index is the median; a source with no update for 10 seconds gets weight 0.
/// </summary>
public sealed class IndexPriceTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static SourceQuote Fresh(decimal price) => new(price, s_now.AddSeconds(-1));

    [Fact]
    public void Weighted_average_of_agreeing_sources()
    {
        // Median of 100 and 104 is 102; both within 5%. (1 × 100 + 3 × 104) ÷ 4 = 103.
        var index = new IndexPriceCalculator([new("A", 1m), new("B", 3m)], IndexPriceRules.Binance);

        IndexPriceResult r = index.Calculate([Fresh(100m), Fresh(104m)], s_now);

        r.Should().Be(new IndexPriceResult(103m, IndexPriceMethod.WeightedAverage, false, 2));
    }

    [Fact]
    public void A_single_outlier_gets_weight_zero_and_the_rest_renormalise()
    {
        // Median of 100, 101, 120 is 101; 120 is 18.8% away. Remaining (1 × 100 + 1 × 101) ÷ 2 = 100.5.
        var index = new IndexPriceCalculator([new("A", 1m), new("B", 1m), new("C", 2m)], IndexPriceRules.Binance);

        IndexPriceResult r = index.Calculate([Fresh(100m), Fresh(101m), Fresh(120m)], s_now);

        r.Should().Be(new IndexPriceResult(100.5m, IndexPriceMethod.WeightedAverage, false, 2));
    }

    [Fact]
    public void More_than_one_outlier_falls_back_to_the_median()
    {
        // Median of 80, 100, 100.5, 101, 120 is 100.5; 80 and 120 are both about 20% away.
        var index = new IndexPriceCalculator([new("A", 1m), new("B", 1m), new("C", 1m), new("D", 1m), new("E", 1m)], IndexPriceRules.Binance);

        IndexPriceResult r = index.Calculate([Fresh(100m), Fresh(101m), Fresh(120m), Fresh(80m), Fresh(100.5m)], s_now);

        r.Price.Should().Be(100.5m);
        r.Method.Should().Be(IndexPriceMethod.Median);
    }

    [Fact]
    public void The_threshold_is_strict_a_source_exactly_at_five_percent_counts()
    {
        // Median of 100, 100, 105 is 100; 105 is exactly 5% away: not "more than 5%", so it keeps its weight.
        var index = new IndexPriceCalculator([new("A", 1m), new("B", 1m), new("C", 1m)], IndexPriceRules.Binance);

        index.Calculate([Fresh(100m), Fresh(100m), Fresh(105m)], s_now).Price.Should().Be(305m / 3m);
    }

    [Fact]
    public void A_stale_source_gets_weight_zero_and_is_not_counted_as_an_outlier()
    {
        // B last updated 11 s ago (window 10 s): only A counts, even though B's 200 would be an outlier.
        var index = new IndexPriceCalculator([new("A", 1m), new("B", 5m)], IndexPriceRules.Binance);

        IndexPriceResult r = index.Calculate([Fresh(100m), new SourceQuote(200m, s_now.AddSeconds(-11))], s_now);

        r.Should().Be(new IndexPriceResult(100m, IndexPriceMethod.WeightedAverage, false, 1));
    }

    [Fact]
    public void When_every_source_is_stale_the_policy_decides()
    {
        var sources = new IndexSource[] { new("A", 1m), new("B", 1m) };
        SourceQuote[] stale = [new(100m, s_now.AddMinutes(-1)), new(101m, s_now.AddMinutes(-2))];

        var lenient = new IndexPriceCalculator(sources, IndexPriceRules.Binance);
        lenient.Calculate(stale, s_now, lastGoodIndex: 99m).Should().Be(new IndexPriceResult(99m, IndexPriceMethod.LastGood, true, 0));
        lenient.Invoking(i => i.Calculate(stale, s_now)).Should().Throw<StaleIndexException>().WithMessage("*no last good index*");

        var strict = new IndexPriceCalculator(sources, IndexPriceRules.Binance.WithStalePolicy(StaleIndexPolicy.Throw));
        strict.Invoking(i => i.Calculate(stale, s_now, 99m)).Should().Throw<StaleIndexException>();
    }

    [Fact]
    public void Bad_input_is_refused_with_the_parameter_named()
    {
        IndexPriceRules rules = IndexPriceRules.Binance;
        FluentActions.Invoking(() => new IndexPriceCalculator([], rules)).Should().Throw<ArgumentException>().WithParameterName("sources");
        FluentActions.Invoking(() => new IndexPriceCalculator([new("A", 0m)], rules))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("sources[0].Weight").WithMessage("*0*");
        FluentActions.Invoking(() => new IndexPriceCalculator([new("A", -1m)], rules)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new IndexPriceCalculator([new("A", 1m), new("A", 1m)], rules)).Should().Throw<ArgumentException>().WithParameterName("sources[1].Name");

        var index = new IndexPriceCalculator([new("A", 1m), new("B", 1m)], rules);
        index.Invoking(i => i.Calculate([Fresh(100m), Fresh(-5m)], s_now))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("quotes[1].Price").WithMessage("*-5*");
        index.Invoking(i => i.Calculate([Fresh(100m)], s_now)).Should().Throw<ArgumentException>().WithParameterName("quotes");
        index.Invoking(i => i.Calculate([Fresh(100m), new SourceQuote(100m, s_now.AddSeconds(1))], s_now))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("quotes[1].Time");

        FluentActions.Invoking(() => IndexPriceRules.Create(0m, TimeSpan.FromSeconds(10), StaleIndexPolicy.Throw, SourceReference.UserSupplied(TestInstruments.AsOf)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("deviationThreshold");
        FluentActions.Invoking(() => IndexPriceRules.Create(0.05m, TimeSpan.Zero, StaleIndexPolicy.Throw, SourceReference.UserSupplied(TestInstruments.AsOf)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("stalenessWindow");
    }
}
