using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// Properties of one auction driven by random keepers (random takes, prices limits, waits and resets on a random
/// curve, tab, lot, feed and chost): it never raises more than its tab; collateral bought + returned to the vault +
/// still for sale = the starting lot; the Dog's dirt always equals the running auction's tab; a refused take returns
/// the very same Clipper and Dog.
/// </summary>
public sealed class ClipperPropertyTests
{
    private const int Cases = 300;
    private const string Ilk = "ETH-A";

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 48).ToArbitrary();

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    [CiProperty(MaxTest = Cases)]
    public Property Random_keepers_conserve_the_lot_never_overraise_and_refusals_change_nothing() => Run(v =>
    {
        UInt256 wad = MakerMath.Wad;
        UInt256 ray = MakerMath.Ray;
        UInt256 tab = ((ulong)(v[0] % 1000) + 1) * MakerMath.Rad + (ulong)v[1];
        UInt256 lot = ((ulong)(v[2] % 100) + 1) * wad + ((ulong)v[3] * 1_000_000_000UL);
        UInt256 feed = ((ulong)(v[4] % 5000) + 1) * ray / 100UL;
        IAuctionPriceCurve calc = (v[6] % 3) switch
        {
            0 => (IAuctionPriceCurve)new LinearDecrease(1000),
            1 => new StairstepExponentialDecrease(10, 990_000_000UL * UInt256.Pow10(18)),
            _ => new ExponentialDecrease(999_000_000UL * UInt256.Pow10(18)),
        };
        var config = new ClipperConfig(Ilk, calc, 13UL * ray / 10UL, Tail: 600, Cusp: 4UL * ray / 10UL,
            Chip: wad / 1000UL, Tip: UInt256.Zero, Chost: (ulong)(v[5] % 20) * MakerMath.Rad);

        Dog dog = new Dog(tab).WithIlk(Ilk, wad, tab);
        dog = dog with { Dirt = tab, Ilks = dog.Ilks.SetItem(Ilk, dog.Ilks[Ilk] with { Dirt = tab }) };
        ulong now = 1_000;
        Clipper clipper = new Clipper(config).Kick(tab, lot, "urn", "kicker", now, feed).Clipper;

        UInt256 raised = UInt256.Zero;
        UInt256 bought = UInt256.Zero;
        UInt256 returned = UInt256.Zero;
        for (int i = 7; i + 1 < v.Length && clipper.Sales.ContainsKey(1); i += 2)
        {
            now += (ulong)(v[i] % 120);
            ClipperStatus status = clipper.Status(1, now);
            if (status.NeedsRedo)
            {
                RedoResult redo = clipper.Redo(1, "keeper", now, feed);
                redo.IsRefused.Should().BeFalse();
                clipper = redo.Clipper;
                continue;
            }

            UInt256 amt = ((ulong)(v[i + 1] % 50) + 1) * wad / 10UL;
            UInt256 max = v[i + 1] % 7 == 0 && !status.Price.IsZero ? status.Price - UInt256.One : status.Price;
            TakeResult take;
            try
            {
                take = clipper.Take(dog, 1, amt, max, "buyer", now);
            }
            catch (DivideByZeroException)
            {
                // A zero price where a slice must be recomputed reverts on chain too; nothing changed.
                continue;
            }

            if (take.IsRefused)
            {
                take.Clipper.Should().BeSameAs(clipper);
                take.Dog.Should().BeSameAs(dog);
                take.Event.Should().BeNull();
                continue;
            }

            Taken e = take.Event!;
            raised += e.Owe;
            bought += e.Slice;
            returned += e.ReturnedToUsr;
            clipper = take.Clipper;
            dog = take.Dog;

            UInt256 running = clipper.Sales.TryGetValue(1, out ClipperSale s) ? s.Tab : UInt256.Zero;
            dog.Dirt.Should().Be(running);
            dog.Ilks[Ilk].Dirt.Should().Be(running);
        }

        UInt256 remaining = clipper.Sales.TryGetValue(1, out ClipperSale sale) ? sale.Lot : UInt256.Zero;
        (bought + returned + remaining).Should().Be(lot);
        raised.Should().BeLessThanOrEqualTo(tab);
        if (clipper.Sales.ContainsKey(1))
        {
            (raised + sale.Tab).Should().Be(tab);
        }
    });
}
