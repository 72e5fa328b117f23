using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// The Dog's answers that the keeper loop asks instead of restating dog.sol (issue 14): <see cref="Dog.IsUnsafe"/>,
/// <see cref="Dog.HasRoom"/> and <see cref="Dog.CheckBark"/>, which must say exactly what <see cref="Dog.Bark"/> does.
/// </summary>
public sealed class DogQueryTests
{
    private const string Ilk = "ETH-A";

    [Fact]
    public void Unsafe_is_strict_and_needs_a_spot()
    {
        // ink 12.5 · spot 2 = 25 = art 25 · rate 1: not unsafe; 12.4 · 2 = 24.8 < 25: unsafe; spot 0: never.
        var vat = new VatIlk(U("1e27"), U("2e27"), UInt256.Zero);
        Dog.IsUnsafe(vat, new MakerVault("u", U("12.5e18"), U("25e18"))).Should().BeFalse();
        Dog.IsUnsafe(vat, new MakerVault("u", U("12.4e18"), U("25e18"))).Should().BeTrue();
        Dog.IsUnsafe(vat with { Spot = UInt256.Zero }, new MakerVault("u", UInt256.Zero, U("25e18"))).Should().BeFalse();
    }

    [Fact]
    public void Room_needs_both_limits_above_their_dirt()
    {
        Dog dog = new Dog(U("100e45")).WithIlk(Ilk, U("1.1e18"), U("50e45"));
        dog.HasRoom(Ilk).Should().BeTrue();
        (dog with { Dirt = U("100e45") }).HasRoom(Ilk).Should().BeFalse();
        (dog with { Ilks = dog.Ilks.SetItem(Ilk, dog.Ilks[Ilk] with { Dirt = U("50e45") }) }).HasRoom(Ilk).Should().BeFalse();
    }

    [Fact]
    public void CheckBark_gives_the_refusal_Bark_gives()
    {
        var seen = new HashSet<MakerRefusal>();
        Check.One(PropertyConfig.For(500), Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 1_000_000), 8).ToArbitrary(), v =>
        {
            UInt256 rad = MakerMath.Rad, wad = MakerMath.Wad, ray = MakerMath.Ray;
            var vat = new VatIlk(ray + ((ulong)(v[0] % 500) * ray / 1000UL), (ulong)(v[1] % 5) * ray / 2UL, (ulong)(v[2] % 40) * rad);
            var vault = new MakerVault("u", (ulong)(v[3] % 30) * wad / 2UL, ((ulong)(v[4] % 100) + 1) * wad);
            UInt256 hole = (ulong)(v[5] % 80) * rad;
            Dog dog = new Dog(hole + ((ulong)(v[6] % 3) * rad)).WithIlk(Ilk, wad + ((ulong)(v[7] % 3) * wad / 10UL), hole);
            dog = dog with { Dirt = (ulong)(v[6] % 20) * rad };

            MakerRefusal expected = dog.Bark(Ilk, vat, vault, "k").Refusal;
            seen.Add(expected);
            dog.CheckBark(Ilk, vat, vault).Should().Be(expected);
            if (!Dog.IsUnsafe(vat, vault))
            {
                expected.Should().Be(MakerRefusal.NotUnsafe);
            }
            else if (!dog.HasRoom(Ilk))
            {
                expected.Should().Be(MakerRefusal.LiquidationLimitHit);
            }
        }));

        seen.Should().BeEquivalentTo([MakerRefusal.None, MakerRefusal.NotUnsafe, MakerRefusal.LiquidationLimitHit,
            MakerRefusal.DustyAuctionFromPartialLiquidation, MakerRefusal.NullAuction]);
    }
}
