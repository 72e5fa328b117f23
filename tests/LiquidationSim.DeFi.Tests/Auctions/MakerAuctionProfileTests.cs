using LiquidationSim.DeFi.Auctions;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>The ETH-B profile carries the poll's numbers (reference §4.8) in dss units, and drives a Clipper.</summary>
public sealed class MakerAuctionProfileTests
{
    [Fact]
    public void Eth_b_matches_the_poll()
    {
        MakerAuctionProfile p = MakerAuctionProfile.EthB;
        p.Step.Should().Be(U("90"));
        p.Cut.Should().Be(U("0.99e27"));
        p.Buf.Should().Be(U("1.3e27"));
        p.IlkHole.Should().Be(U("8000000e45"));
        p.Cusp.Should().Be(U("0.4e27"));
        p.Tail.Should().Be(8_400UL);
        p.Chip.Should().Be(U("0.001e18"));
        p.Tip.Should().Be(U("0"));
        p.BreakerTolerance.Should().Be(U("0.5e27"));
    }

    [Fact]
    public void Eth_b_auction_start_and_first_step()
    {
        // Feed 2000 ray: top = 2000 · 1.3 = 2600 ray; after 90 s one 1% step: 2574 ray. Keeper: wmul(10000 rad, 0.001) = 10 rad.
        var clipper = new Clipper(MakerAuctionProfile.EthB.ToClipperConfig(U("0")));
        KickResult kick = clipper.Kick(U("10000e45"), U("5e18"), "urn", "kpr", 0, U("2000e27"));
        kick.Event!.Top.Should().Be(U("2600e27"));
        kick.Event.Coin.Should().Be(U("10e45"));
        kick.Clipper.Status(1, 90).Price.Should().Be(U("2574e27"));
    }
}
