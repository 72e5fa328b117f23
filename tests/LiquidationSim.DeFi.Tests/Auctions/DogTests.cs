using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// <c>Dog.bark</c> rule by rule (reference §4.2, dss <c>dog.sol</c>). Every case uses rate = 1 ray and spot = 2 ray
/// unless it says otherwise, a vault of ink = 10 wad and art = 25 wad (debt 25 rad against a collateral value of
/// 10 · 2 = 20 rad, so unsafe), chop = 1.1 wad and dust = 5 rad.
/// </summary>
public sealed class DogTests
{
    private const string Ilk = "ETH-A";
    private static readonly VatIlk s_vat = new(U("1e27"), U("2e27"), U("5e45"));
    private static readonly MakerVault s_vault = new("urn", U("10e18"), U("25e18"));

    private static Dog NewDog(string globalHole = "1000e45", string ilkHole = "1000e45") =>
        new Dog(U(globalHole)).WithIlk(Ilk, U("1.1e18"), U(ilkHole));

    [Fact]
    public void Whole_vault_when_room_suffices()
    {
        // room = 1000 rad; room·WAD/rate/chop = 1000e45·1e18/1e27/1.1e18 = 909.09e18 > art, so dart = art = 25 wad,
        // dink = ink = 10 wad, due = 25e18 · 1e27 = 25 rad, tab = due · 1.1 = 27.5 rad.
        BarkResult r = NewDog().Bark(Ilk, s_vat, s_vault, "keeper");

        r.IsRefused.Should().BeFalse();
        r.Event.Should().Be(new Barked(Ilk, "urn", "keeper", U("10e18"), U("25e18"), U("25e45"), U("27.5e45"), Partial: false));
        r.Vault.Should().Be(new MakerVault("urn", UInt256.Zero, UInt256.Zero));
        r.Dog.Dirt.Should().Be(U("27.5e45"));
        r.Dog.Ilks[Ilk].Dirt.Should().Be(U("27.5e45"));
    }

    [Fact]
    public void Safe_vault_is_refused_and_the_inequality_is_strict()
    {
        // ink = 12.5: 12.5 · 2 = 25 = art·rate, not below it, so not unsafe.
        Dog dog = NewDog();
        MakerVault vault = s_vault with { Ink = U("12.5e18") };
        BarkResult r = dog.Bark(Ilk, s_vat, vault, "keeper");
        r.Refusal.Should().Be(MakerRefusal.NotUnsafe);
        r.Dog.Should().BeSameAs(dog);
        r.Vault.Should().Be(vault);
        r.Event.Should().BeNull();

        // spot = 0 (no price) is never liquidatable, even with debt.
        dog.Bark(Ilk, s_vat with { Spot = UInt256.Zero }, s_vault, "keeper").Refusal.Should().Be(MakerRefusal.NotUnsafe);
    }

    [Fact]
    public void Partial_when_the_ilk_room_is_short()
    {
        // ilk hole = 11 rad: dart = 11e45·1e18/1e27/1.1e18 = 10 wad; remnant (25 − 10)·rate = 15 rad ≥ dust 5 and
        // dart·rate = 10 rad ≥ dust, so partial. dink = 10 · 10 / 25 = 4 wad; due = 10 rad; tab = 11 rad = the room.
        BarkResult r = NewDog(ilkHole: "11e45").Bark(Ilk, s_vat, s_vault, "keeper");

        r.Event!.Partial.Should().BeTrue();
        r.Event.Lot.Should().Be(U("4e18"));
        r.Event.Art.Should().Be(U("10e18"));
        r.Event.Tab.Should().Be(U("11e45"));
        r.Vault.Should().Be(new MakerVault("urn", U("6e18"), U("15e18")));
        r.Dog.Ilks[Ilk].Dirt.Should().Be(U("11e45"));
    }

    [Fact]
    public void Room_is_the_smaller_of_the_global_and_ilk_rooms()
    {
        // Hole = 5.5 rad (ilk hole 1000): dart = 5.5e45·1e18/1e27/1.1e18 = 5 wad; remnant 20 rad ≥ dust and
        // dart·rate = 5 rad ≥ dust 5 (not strict), so partial: dink = 10 · 5 / 25 = 2 wad, tab = 5.5 rad.
        BarkResult r = NewDog(globalHole: "5.5e45").Bark(Ilk, s_vat, s_vault, "keeper");

        r.Event!.Lot.Should().Be(U("2e18"));
        r.Event.Tab.Should().Be(U("5.5e45"));
        r.Dog.Dirt.Should().Be(U("5.5e45"));
    }

    [Fact]
    public void Whole_vault_when_the_remnant_would_be_dusty_even_beyond_the_hole()
    {
        // ilk hole 11 rad gives dart = 10 wad, but the remnant 15 rad is below dust = 16 rad, so dart = art = 25 wad:
        // tab = 27.5 rad, more than the 11 rad hole (as in dss).
        BarkResult r = NewDog(ilkHole: "11e45").Bark(Ilk, s_vat with { Dust = U("16e45") }, s_vault, "keeper");

        r.Event!.Partial.Should().BeFalse();
        r.Event.Tab.Should().Be(U("27.5e45"));
        r.Dog.Ilks[Ilk].Dirt.Should().Be(U("27.5e45"));
        r.Vault.Art.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Partial_that_would_be_a_dusty_auction_is_refused()
    {
        // dust = 12 rad: dart = 10 wad, remnant 15 rad ≥ 12 so the partial stands, but dart·rate = 10 rad < 12.
        Dog dog = NewDog(ilkHole: "11e45");
        BarkResult r = dog.Bark(Ilk, s_vat with { Dust = U("12e45") }, s_vault, "keeper");
        r.Refusal.Should().Be(MakerRefusal.DustyAuctionFromPartialLiquidation);
        r.Dog.Should().BeSameAs(dog);
        r.Vault.Should().Be(s_vault);
    }

    [Fact]
    public void Limit_hit_when_dirt_reaches_the_hole()
    {
        // First bark fills the 11 rad ilk hole exactly (see the partial case); the second finds hole = dirt.
        BarkResult first = NewDog(ilkHole: "11e45").Bark(Ilk, s_vat, s_vault, "keeper");
        first.Dog.Bark(Ilk, s_vat, first.Vault, "keeper").Refusal.Should().Be(MakerRefusal.LiquidationLimitHit);

        // Global: Hole = Dirt.
        Dog full = NewDog(globalHole: "5.5e45").Bark(Ilk, s_vat, s_vault, "keeper").Dog;
        full.Bark(Ilk, s_vat, s_vault, "keeper").Refusal.Should().Be(MakerRefusal.LiquidationLimitHit);
    }

    [Fact]
    public void Null_auction_when_the_collateral_share_rounds_to_zero()
    {
        // ink = 1 (one wei): 1 · 2 ray < 25 rad, unsafe. ilk hole 11 rad gives dart = 10 wad (partial), so
        // dink = 1 · 10e18 / 25e18 = 0.4, floored to 0.
        BarkResult r = NewDog(ilkHole: "11e45").Bark(Ilk, s_vat, s_vault with { Ink = UInt256.One }, "keeper");
        r.Refusal.Should().Be(MakerRefusal.NullAuction);
    }

    [Fact]
    public void Dart_floors_through_rate_then_chop()
    {
        // rate = 1.5 ray, spot 2 ray, ink 10, art 25 (debt 37.5 rad > 20). hole = 10 rad:
        // 10e45·1e18 / 1.5e27 = 6.666…e36 (floor 6666666666666666666666666666666666666),
        // / 1.1e18 = 6060606060606060606 (floor). dink = 10e18 · 6060606060606060606 / 25e18 = 2424242424242424242.
        // due = dart · 1.5e27; tab = due · 1.1e18 / 1e18.
        BarkResult r = NewDog(ilkHole: "10e45").Bark(Ilk, s_vat with { Rate = U("1.5e27") }, s_vault, "keeper");
        UInt256 dart = U("6060606060606060606");
        r.Event!.Art.Should().Be(dart);
        r.Event.Lot.Should().Be(U("2424242424242424242"));
        r.Event.Due.Should().Be(dart * U("1.5e27"));
        r.Event.Tab.Should().Be(dart * U("1.5e27") * U("1.1e18") / U("1e18"));
        r.Event.Tab.Should().BeLessThanOrEqualTo(U("10e45"));
    }

    [Fact]
    public void Digs_reduces_global_and_ilk_dirt()
    {
        Dog dog = NewDog().Bark(Ilk, s_vat, s_vault, "keeper").Dog.Digs(Ilk, U("7.5e45"));
        dog.Dirt.Should().Be(U("20e45"));
        dog.Ilks[Ilk].Dirt.Should().Be(U("20e45"));
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter()
    {
        Dog dog = NewDog();
        FluentActions.Invoking(() => dog.Bark("WBTC-A", s_vat, s_vault, "keeper")).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("ilk");
        FluentActions.Invoking(() => dog.Bark(Ilk, s_vat, s_vault, string.Empty)).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("keeper");
        FluentActions.Invoking(() => dog.WithIlk("X", U("0.9e18"), U("1e45"))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("chop");
        FluentActions.Invoking(() => dog.Digs(Ilk, UInt256.One)).Should().Throw<OverflowException>();
    }
}
