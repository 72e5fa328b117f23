using System.Collections.Immutable;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// One keeper with unlimited DAI and no gas behaves as <see cref="MakerKeeperRun"/>'s keeper (whole lot at ≤ 0.9 ×
/// feed), so the simulation, whose bark pass is indexed, must bark, kick and take exactly what the plain vault-by-vault
/// reference loop does.
/// </summary>
public sealed class AuctionSimulationReferenceTests
{
    private const string Ilk = "ETH-B";

    [Theory]
    [InlineData("1000000e45")]
    [InlineData("60000e45")]
    public void Matches_the_plain_keeper_run_on_an_eth_b_crash(string hole)
    {
        ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, 10).Select(k => new MakerVault($"urn{k}", U("10e18"), (9_000UL + (500UL * (ulong)k)) * MakerMath.Wad))];
        int[] prices = [.. Enumerable.Range(0, 200).Select(i => i < 100 ? 2_000 - (9 * i) : 1_100 + (4 * (i - 100)))];
        ClipperConfig config = MakerAuctionProfile.EthB.ToClipperConfig(UInt256.Zero) with { Ilk = Ilk };
        Dog dog = new Dog(U("1000000e45")).WithIlk(Ilk, U("1.13e18"), U(hole));
        var vat = new VatIlk(U("1e27"), UInt256.Zero, UInt256.Zero);

        MakerKeeperRun reference = MakerKeeperRun.Run(new MakerKeeperScenario
        {
            Dog = dog,
            Clipper = new Clipper(config),
            Vat = vat,
            Mat = U("1.5e27"),
            Vaults = vaults,
            FeedPrices = [.. prices.Select(p => (ulong)p * MakerMath.Ray)],
            StartTime = 0,
            TickSeconds = 60,
            KeeperThreshold = U("0.9e27"),
        });
        AuctionSimulationResult run = AuctionSimulation.Run(
            new AuctionSimulationScenario
            {
                Dog = dog,
                Clipper = new Clipper(config),
                Vat = vat,
                Mat = U("1.5e27"),
                Vaults = vaults,
                PriceProcess = new ScriptedPath(prices.Select((p, i) => new PricePoint(TimeSpan.FromSeconds(60 * i), p))),
                StartPrice = prices[0],
                StepSeconds = 60,
                Steps = prices.Length,
                Keepers = [new AuctionKeeper("keeper", U("1000000000e45"), U("0.1e27"), UInt256.Zero)],
                Barker = "keeper",
            },
            new SeededRandom(3));

        static IEnumerable<MakerLoggedEvent> Of<T>(ImmutableArray<MakerLoggedEvent> log) => log.Where(e => e.Event is T);
        run.Events.Where(e => e.Event is Barked or Kicked).Select(e => (e.Time, e.Event))
            .Should().Equal(reference.Events.Where(e => e.Event is Barked or Kicked).Select(e => (e.Time, e.Event)));
        Of<Taken>(run.Events).Select(e => (e.Time, e.Event)).Should().Equal(Of<Taken>(reference.Events).Select(e => (e.Time, e.Event)));
        Of<Redone>(run.Events).Select(e => (e.Time, e.Event)).Should().Equal(Of<Redone>(reference.Events).Select(e => (e.Time, e.Event)));
        Of<Taken>(run.Events).Should().NotBeEmpty();
        run.Outcome.TabTotal.Should().Be(reference.TabTotal);
        run.Outcome.DaiRaised.Should().Be(reference.DaiRaised);
        run.Outcome.TabWrittenOff.Should().Be(reference.TabWrittenOff);
        run.Outcome.CollateralSold.Should().Be(reference.CollateralSold);
        run.Outcome.CollateralReturned.Should().Be(reference.CollateralReturned);
        run.Outcome.Incentives.Should().Be(reference.KeeperIncentives);
        run.Vaults.Should().Equal(reference.Vaults);
        run.Dog.Dirt.Should().Be(reference.Dog.Dirt);
        run.Dog.Ilks[Ilk].Should().Be(reference.Dog.Ilks[Ilk]);
    }
}
