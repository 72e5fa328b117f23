using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// Conservation over random stress runs (random vaults, crash depth, curve, limits, chost, keepers, with and without a
/// pool): lot bought + returned + remaining = lot kicked; DAI raised never exceeds the tab and raised + written off +
/// remaining = tab; the Dog's dirt is the running tab; collateral in vaults + sold + in auctions = collateral at start.
/// </summary>
public sealed class AuctionSimulationPropertyTests
{
    private const int Cases = 60;
    private const string Ilk = "ETH-A";

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 40).ToArbitrary();

    private static AuctionSimulationScenario Build(int[] v)
    {
        UInt256 wad = MakerMath.Wad;
        UInt256 ray = MakerMath.Ray;
        UInt256 rad = MakerMath.Rad;
        int n = 1 + (v[0] % 6);
        ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, n).Select(j =>
        {
            UInt256 ink = ((ulong)(1 + (v[1 + j] % 20)) * wad) + ((ulong)v[7 + j] * 1_000_000UL);
            UInt256 art = ink * 2000UL * 100UL / (ulong)(120 + (v[13 + j] % 80));
            return new MakerVault($"urn{j}", ink, art);
        })];
        decimal low = 2000m * (30 + (v[19] % 60)) / 100m;
        var path = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2000m), new PricePoint(TimeSpan.FromSeconds(600), low)]);
        IAuctionPriceCurve calc = (v[20] % 3) switch
        {
            0 => (IAuctionPriceCurve)new LinearDecrease(1000),
            1 => new StairstepExponentialDecrease(10, 990_000_000UL * UInt256.Pow10(18)),
            _ => new ExponentialDecrease(999_000_000UL * UInt256.Pow10(18)),
        };
        var config = new ClipperConfig(Ilk, calc, 13UL * ray / 10UL, Tail: 600, Cusp: 4UL * ray / 10UL,
            Chip: wad / 1000UL, Tip: UInt256.Zero, Chost: (ulong)(v[21] % 20) * rad);
        int keepers = v[22] % 4;
        return new AuctionSimulationScenario
        {
            Dog = new Dog((ulong)(5_000 + (v[23] % 200_000)) * rad).WithIlk(Ilk, 113UL * wad / 100UL, (ulong)(5_000 + (v[24] % 200_000)) * rad),
            Clipper = new Clipper(config),
            Vat = new VatIlk(ray, UInt256.Zero, UInt256.Zero),
            Mat = 15UL * ray / 10UL,
            Vaults = vaults,
            PriceProcess = path,
            StartPrice = 2000m,
            StepSeconds = 30,
            Steps = 80,
            Keepers = [.. Enumerable.Range(0, keepers).Select(k => new AuctionKeeper(
                $"k{k}", (ulong)(v[25 + k] % 100_000) * rad, (ulong)(v[28 + k] % 200) * ray / 1000UL, (ulong)(v[31 + k] % 20) * rad))],
            Pool = v[34] % 2 == 0 ? new ConstantProductPool(1000UL * wad, 2_000_000UL * wad, 30) : null,
        };
    }

    [CiProperty(MaxTest = Cases)]
    public Property Stress_runs_conserve_collateral_and_debt() => Prop.ForAll(s_cases, v =>
    {
        AuctionSimulationScenario scenario = Build(v);
        AuctionSimulationResult run = AuctionSimulation.Run(scenario, new SeededRandom((ulong)v[35]));
        AuctionRunResult o = run.Outcome;

        (o.CollateralSold + o.CollateralReturned + o.LotRemaining).Should().Be(o.LotTotal);
        o.DaiRaised.Should().BeLessThanOrEqualTo(o.TabTotal);
        (o.DaiRaised + o.TabWrittenOff + o.TabRemaining).Should().Be(o.TabTotal);
        run.Dog.Dirt.Should().Be(o.TabRemaining);

        UInt256 inkBefore = scenario.Vaults.Aggregate(UInt256.Zero, (a, x) => a + x.Ink);
        UInt256 inkAfter = run.Vaults.Aggregate(UInt256.Zero, (a, x) => a + x.Ink);
        (inkAfter + o.CollateralSold + o.LotRemaining).Should().Be(inkBefore);

        UInt256 taken = run.Events.Select(e => e.Event).OfType<Taken>().Aggregate(UInt256.Zero, (a, t) => a + t.Slice);
        taken.Should().Be(o.CollateralSold);
        run.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(0, run.Events.Length).Select(i => (long)i));
    });
}
