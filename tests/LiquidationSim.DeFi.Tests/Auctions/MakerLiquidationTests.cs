using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>Bark and kick as one transaction, then keepers take until the auction ends.</summary>
public sealed class MakerLiquidationTests
{
    private const string Ilk = "ETH-A";

    // Vault ink 10 wad, art 25 wad, rate 1 ray, spot 2 ray: unsafe (20 < 25). chop 1.1 → tab 27.5 rad.
    private static readonly VatIlk s_vat = new(U("1e27"), U("2e27"), U("5e45"));
    private static readonly MakerVault s_vault = new("urn", U("10e18"), U("25e18"));
    private static readonly ClipperConfig s_config = new(
        Ilk, new LinearDecrease(100), U("1.25e27"), 50, U("0.3e27"), U("0.01e18"), U("2e45"), U("5.5e45"));

    private static Dog NewDog() => new Dog(U("1000e45")).WithIlk(Ilk, U("1.1e18"), U("1000e45"));

    [Fact]
    public void Bark_then_kick_then_take_to_the_end()
    {
        // Feed 4 ray: top 5 ray; coin = 2 + wmul(27.5, 0.01) = 2.275 rad. At age 20 the price is 4 ray; buying the
        // whole lot (10 wad) would owe 40 rad > 27.5, so owe = 27.5 rad, slice = 27.5e45 / 4e27 = 6.875 wad and
        // 3.125 wad go back to the vault; Dirt returns to 0.
        BarkAndKickResult r = MakerLiquidation.BarkAndKick(NewDog(), new Clipper(s_config), s_vat, s_vault, "keeper", 1000, U("4e27"));
        r.Kicked!.Id.Should().Be(1);
        r.Kicked.Tab.Should().Be(U("27.5e45"));
        r.Kicked.Coin.Should().Be(U("2.275e45"));
        r.Dog.Dirt.Should().Be(U("27.5e45"));

        TakeResult take = r.Clipper.Take(r.Dog, 1, U("10e18"), U("4e27"), "buyer", 1020);
        take.Event!.Slice.Should().Be(U("6.875e18"));
        take.Event.ReturnedToUsr.Should().Be(U("3.125e18"));
        take.Dog.Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void A_stopped_clipper_undoes_the_bark()
    {
        Dog dog = NewDog();
        Clipper clipper = new Clipper(s_config).WithStopped(ClipperBreaker.NoKick);
        BarkAndKickResult r = MakerLiquidation.BarkAndKick(dog, clipper, s_vat, s_vault, "keeper", 1000, U("4e27"));
        r.Refusal.Should().Be(MakerRefusal.Stopped);
        r.Dog.Should().BeSameAs(dog);
        r.Clipper.Should().BeSameAs(clipper);
        r.Vault.Should().Be(s_vault);
    }
}
