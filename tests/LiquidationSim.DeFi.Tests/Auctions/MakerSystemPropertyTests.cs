using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// Random barks, takes, redos and yanks on a <see cref="MakerSystem"/> (three vaults, two takers with random DAI, a
/// Hole small enough for partial barks, random tip, chip and dust) keep, after every call, to the wei: collateral in
/// the vaults plus every Vat gem is the starting collateral, and the Clipper's gem is the running lots; <c>Σ dai =
/// debt</c> and <c>Σ sin = vice</c>; <c>vice − debt</c> grows by exactly the debt seized from the vaults; the Vow's
/// DAI is what takes paid, its sin the dues plus the incentives paid, its queue the dues; the Dog's dirt is the running
/// tabs; the active list holds exactly the running auctions, each at its own <c>pos</c>. A refused call returns the
/// very same system.
/// </summary>
public sealed class MakerSystemPropertyTests
{
    private const int Cases = 200;
    private const string Ilk = "ETH-A";

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 80).ToArbitrary();

    [Fact]
    public void Balances_are_conserved_and_the_active_list_tracks_the_live_auctions()
    {
        var seen = new Dictionary<Type, int>();
        Check.One(PropertyConfig.For(Cases), Prop.ForAll(s_cases, v =>
        {
            UInt256 wad = MakerMath.Wad, ray = MakerMath.Ray, rad = MakerMath.Rad;
            UInt256 rate = ray + ((ulong)(v[0] % 300) * ray / 1000UL); // 1.000 … 1.299
            UInt256 chop = 11UL * wad / 10UL;
            UInt256 dust = (ulong)(v[1] % 50) * rad;
            var config = new ClipperConfig(Ilk, new LinearDecrease(600), 12UL * ray / 10UL, Tail: 400, Cusp: 5UL * ray / 10UL,
                Chip: (ulong)(v[2] % 3) * wad / 100UL, Tip: (ulong)(v[3] % 3) * rad, Chost: ClipperConfig.ChostOf(dust, chop));
            UInt256 hole = ((ulong)(v[4] % 4000) + 500UL) * rad;
            var system = new MakerSystem(
                new Vat().Suck("zero", "t0", (ulong)(v[5] % 3000) * rad).Suck("zero", "t1", (ulong)(v[6] % 3000) * rad),
                new Vow("vow", 0),
                new Dog(hole).WithIlk(Ilk, chop, hole),
                new Clipper(config));
            var vaults = new MakerVault[3];
            for (int k = 0; k < vaults.Length; k++)
            {
                vaults[k] = new MakerVault($"u{k}", ((ulong)(v[7 + k] % 40) + 1) * wad, ((ulong)(v[10 + k] % 2000) + 100) * wad);
            }

            UInt256 inkStart = vaults.Aggregate(UInt256.Zero, (a, x) => a + x.Ink);
            UInt256 debtStart = vaults.Aggregate(UInt256.Zero, (a, x) => a + (x.Art * rate));
            UInt256 paidIn = UInt256.Zero, dues = UInt256.Zero, coins = UInt256.Zero;
            ulong now = 1_000;
            for (int i = 13; i + 2 < v.Length; i += 3)
            {
                now += (ulong)(v[i] % 150);
                UInt256 feed = ((ulong)(v[i + 1] % 300) + 1) * ray;
                ulong[] ids = [.. system.Clipper.Sales.Keys];
                MakerSystemResult r;
                switch (v[i + 2] % 5)
                {
                    case 0:
                    case 1:
                        int k = v[i + 2] % 3;
                        var vat = new VatIlk(rate, MakerMath.Rdiv(feed, 15UL * ray / 10UL), dust);
                        r = system.Bark(vat, vaults[k], "barker", now, feed);
                        if (!r.IsRefused)
                        {
                            vaults[k] = r.Vault!.Value;
                        }

                        break;
                    case 2 when ids.Length > 0:
                        ulong id = ids[v[i + 1] % ids.Length];
                        ClipperStatus status = system.Clipper.Status(id, now);
                        UInt256 amt = ((ulong)(v[i] % 30) + 1) * wad / 2UL;
                        string taker = v[i] % 2 == 0 ? "t0" : "t1";
                        try
                        {
                            r = system.Take(id, amt, status.Price, taker, taker, now);
                        }
                        catch (DivideByZeroException)
                        {
                            continue; // a zero price where a slice is recomputed reverts on chain too
                        }

                        break;
                    case 3 when ids.Length > 0:
                        r = system.Redo(ids[v[i + 1] % ids.Length], "redoer", now, feed);
                        break;
                    case 4 when ids.Length > 0 && v[i] % 4 == 0:
                        r = system.Yank(ids[v[i + 1] % ids.Length], "end");
                        break;
                    default:
                        continue;
                }

                if (r.IsRefused)
                {
                    r.System.Should().BeSameAs(system);
                    r.Events.Should().BeEmpty();
                    continue;
                }

                foreach (IMakerAuctionEvent e in r.Events)
                {
                    seen[e.GetType()] = seen.GetValueOrDefault(e.GetType()) + 1;
                    switch (e)
                    {
                        case Barked b: dues += b.Due; break;
                        case Sucked s: coins += s.Rad; break;
                        case DaiMoved m: paidIn += m.Rad; break;
                    }
                }

                system = r.System;
                Vat vatNow = system.Vat;
                UInt256 gems = vatNow.Gems.TryGetValue(Ilk, out var byUsr) ? byUsr.Values.Aggregate(UInt256.Zero, (a, x) => a + x) : UInt256.Zero;
                UInt256 inks = vaults.Aggregate(UInt256.Zero, (a, x) => a + x.Ink);
                (gems + inks).Should().Be(inkStart);
                UInt256 lots = system.Clipper.Sales.Values.Aggregate(UInt256.Zero, (a, s) => a + s.Lot);
                UInt256 tabs = system.Clipper.Sales.Values.Aggregate(UInt256.Zero, (a, s) => a + s.Tab);
                vatNow.GemOf(Ilk, "clip").Should().Be(lots);
                vatNow.Dai.Values.Aggregate(UInt256.Zero, (a, x) => a + x).Should().Be(vatNow.Debt);
                vatNow.Sin.Values.Aggregate(UInt256.Zero, (a, x) => a + x).Should().Be(vatNow.Vice);
                UInt256 debtNow = vaults.Aggregate(UInt256.Zero, (a, x) => a + (x.Art * rate));
                (vatNow.Vice - vatNow.Debt).Should().Be(debtStart - debtNow);
                vatNow.DaiOf("vow").Should().Be(paidIn);
                vatNow.SinOf("vow").Should().Be(dues + coins);
                system.Vow.Sin.Should().Be(dues);
                system.Dog.Dirt.Should().Be(tabs);
                system.Dog.Ilks[Ilk].Dirt.Should().Be(tabs);
                system.Clipper.Active.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(system.Clipper.Sales.Keys);
                for (int p = 0; p < system.Clipper.Active.Count; p++)
                {
                    system.Clipper.Sales[system.Clipper.Active[p]].Pos.Should().Be((ulong)p);
                }
            }
        }));

        // The runs reached every kind of call, partial takes and returned lots included.
        seen.Keys.Should().Contain([typeof(Barked), typeof(Kicked), typeof(Taken), typeof(Redone), typeof(Yanked), typeof(Sucked), typeof(DaiMoved)]);
        seen[typeof(GemMoved)].Should().BeGreaterThan(seen[typeof(Taken)] + seen[typeof(Yanked)]);
    }
}
