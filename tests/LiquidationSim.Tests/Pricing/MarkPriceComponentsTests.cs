using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Pricing;

/// <summary>
/// Why the mark is where it is (issue 16): each method reports the figures it combined at its last update, derived
/// here by hand from the methods' published formulas (reference cefi.md §1.6, §4.1, §6).
/// </summary>
public sealed class MarkPriceComponentsTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Index 100, book 99 / 103 (mid 101, basis +1), last 102, rate 0.01 % with half the 8 h interval to go.</summary>
    private static MarkPriceInputs Inputs => new()
    {
        Time = s_t0,
        IndexPrice = 100m,
        LastPrice = 102m,
        BestBid = 99m,
        BestAsk = 103m,
        FundingRate = 0.0001m,
        TimeToFunding = TimeSpan.FromHours(4),
        FundingInterval = TimeSpan.FromHours(8),
    };

    [Fact]
    public void Binance_reports_its_three_candidates_and_the_terms_behind_them()
    {
        var method = new BinanceMarkPrice(60);
        method.LastComponents.Should().BeNull("nothing has been observed yet");

        decimal mark = method.Update(Inputs);

        // Price 1 = 100 × (1 + 0.0001 × 4 ÷ 8) = 100.005; Price 2 = 100 + MA(+1) = 101; last 102: median 101.
        MarkPriceComponents c = method.LastComponents!.Value;
        mark.Should().Be(101m);
        (c.MarkPrice, c.IndexPrice, c.FundingBasis, c.BasisAverage).Should().Be((101m, 100m, 0.00005m, 1m));
        c.Candidates.Should().Equal(100.005m, 101m, 102m);
    }

    [Fact]
    public void The_bitmex_fair_price_reports_its_funding_basis()
    {
        // Binance's 2019/2020 example of the same formula: 10,000 × (1 + 0.03 % × 4 ÷ 8) = 10,001.5.
        var method = new BitMexPerpetualFairPrice();
        decimal mark = method.Update(Inputs with { IndexPrice = 10_000m, FundingRate = 0.0003m });

        mark.Should().Be(10_001.5m);
        MarkPriceComponents c = method.LastComponents!.Value;
        (c.IndexPrice, c.FundingBasis, c.BasisAverage).Should().Be((10_000m, 0.00015m, (decimal?)null));
        c.Candidates.Should().Equal(10_001.5m);
    }

    [Fact]
    public void Hyperliquid_reports_the_oracle_the_book_median_and_the_smoothed_basis()
    {
        var method = new HyperliquidMarkPrice(0.1m);

        decimal mark = method.Update(Inputs);

        // First EMA of the basis is the basis, +1: oracle + EMA = 101; median(99, 103, 102) = 102; oracle 100 → 101.
        mark.Should().Be(101m);
        MarkPriceComponents c = method.LastComponents!.Value;
        (c.IndexPrice, c.FundingBasis, c.BasisAverage).Should().Be((100m, (decimal?)null, 1m));
        c.Candidates.Should().Equal(101m, 102m, 100m);
    }

    [Fact]
    public void The_last_price_method_uses_no_index()
    {
        var method = new LastPriceMark();
        _ = method.Update(Inputs);

        MarkPriceComponents c = method.LastComponents!.Value;
        (c.MarkPrice, c.IndexPrice).Should().Be((102m, (decimal?)null));
        c.Candidates.Should().Equal(102m);
    }

    [Fact]
    public void A_refused_update_leaves_the_last_components_as_they_were()
    {
        var method = new BinanceMarkPrice(60);
        _ = method.Update(Inputs);
        MarkPriceComponents before = method.LastComponents!.Value;

        Action bad = () => method.Update(Inputs with { Time = s_t0.AddSeconds(5), IndexPrice = 0m });

        bad.Should().Throw<ArgumentOutOfRangeException>();
        method.LastComponents!.Value.Should().Be(before);
    }
}
