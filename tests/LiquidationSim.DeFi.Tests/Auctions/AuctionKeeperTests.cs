using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>The keeper's margin, capital and gas rules with hand-derived numbers, and its seeded acting order.</summary>
public sealed class AuctionKeeperTests
{
    private static AuctionKeeper Keeper(string capital, string gas) => new("k", U(capital), U("0.05e27"), U(gas));

    [Fact]
    public void Bids_only_at_or_below_market_less_the_margin()
    {
        // Margin 5%, market 1000: limit rmul(1000, 0.95) = 950 ray. At 951 no bid; at 950 it bids.
        AuctionKeeper k = Keeper("1000000e45", "0");
        k.BidLimit(U("1000e27")).Should().Be(U("950e27"));
        k.Request(U("951e27"), U("1000e27"), U("10e18")).Should().Be(UInt256.Zero);
        k.Request(U("950e27"), U("1000e27"), U("10e18")).Should().Be(U("10e18"));
    }

    [Fact]
    public void Buys_only_what_its_capital_after_gas_pays_for()
    {
        // Capital 1910 DAI, gas 10: (1910 − 10) / 950 = 2 wad of a 10 wad lot; upper-bound profit 2 · 50 = 100 > 10.
        Keeper("1910e45", "10e45").Request(U("950e27"), U("1000e27"), U("10e18")).Should().Be(U("2e18"));

        // Capital 1900 with no gas: 1900 / 950 = 2 wad.
        Keeper("1900e45", "0").Request(U("950e27"), U("1000e27"), U("10e18")).Should().Be(U("2e18"));

        // Capital not above gas buys nothing.
        Keeper("10e45", "10e45").Request(U("950e27"), U("1000e27"), U("10e18")).Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Skips_takes_whose_profit_after_gas_is_not_positive()
    {
        // Capital 2000, gas 100: (2000 − 100) / 950 = 2 wad; profit at most 2 · (1000 − 950) − 100 = 0: no bid.
        Keeper("2000e45", "100e45").Request(U("950e27"), U("1000e27"), U("10e18")).Should().Be(UInt256.Zero);

        // A settled take of 2 wad for 1900 DAI at market 1000: 2000 − 1900 − gas.
        Keeper("2000e45", "10e45").IsProfitable(U("2e18"), U("1900e45"), U("1000e27")).Should().BeTrue();
        Keeper("2000e45", "100e45").IsProfitable(U("2e18"), U("1900e45"), U("1000e27")).Should().BeFalse();
    }

    [Fact]
    public void A_zero_price_is_refused_clearly() =>
        FluentActions.Invoking(() => Keeper("1e45", "0").Request(UInt256.Zero, U("1e27"), U("1e18")))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("price");

    [Fact]
    public void Order_is_a_permutation_fixed_by_the_seed()
    {
        int[] a = AuctionKeeper.Order(5, new SeededRandom(42));
        int[] b = AuctionKeeper.Order(5, new SeededRandom(42));
        a.Should().Equal(b);
        a.Order().Should().Equal(0, 1, 2, 3, 4);

        var distinct = Enumerable.Range(0, 20)
            .Select(seed => string.Join(",", AuctionKeeper.Order(5, new SeededRandom((ulong)seed))))
            .Distinct(StringComparer.Ordinal)
            .Count();
        distinct.Should().BeGreaterThan(1, "different seeds may give different orders");
        AuctionKeeper.Order(0, new SeededRandom(1)).Should().BeEmpty();
        AuctionKeeper.Order(1, new SeededRandom(1)).Should().Equal(0);
    }
}
