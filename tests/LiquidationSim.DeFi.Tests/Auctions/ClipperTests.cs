using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// Clipper kick/take/redo/yank rule by rule (reference §4.3, dss <c>clip.sol</c>). The base setup: linear decrease
/// over tau = 100 s, buf = 1.25 ray, tail = 50 s, cusp = 0.3 ray, chip = 1% (0.01 wad), tip = 2 rad,
/// chost = wmul(2.5 rad dust, 1.2 wad chop) = 3 rad. Kicked at t = 1000 with feed price 4 ray, so
/// top = rmul(4, 1.25) = 5 ray, and the price at age a is 5 · (100 − a)/100 ray (4 ray at a = 20).
/// The Dog starts with dirt equal to the kicked tab, as after the bark that fed the kick.
/// </summary>
public sealed class ClipperTests
{
    private const string Ilk = "ETH-A";
    private const ulong T0 = 1000;

    private static readonly ClipperConfig s_config = new(
        Ilk, new LinearDecrease(100), U("1.25e27"), Tail: 50, Cusp: U("0.3e27"), Chip: U("0.01e18"), Tip: U("2e45"),
        Chost: ClipperConfig.ChostOf(U("2.5e45"), U("1.2e18")));

    private static (Clipper Clipper, Dog Dog) Kicked(string tab = "50e45", string lot = "20e18", ClipperConfig? config = null)
    {
        KickResult kick = new Clipper(config ?? s_config).Kick(U(tab), U(lot), "urn", "kicker", T0, U("4e27"));
        Dog dog = new Dog(U("1000e45")).WithIlk(Ilk, U("1.2e18"), U("1000e45"));
        dog = dog with { Dirt = U(tab), Ilks = dog.Ilks.SetItem(Ilk, dog.Ilks[Ilk] with { Dirt = U(tab) }) };
        return (kick.Clipper, dog);
    }

    [Fact]
    public void Chost_is_dust_times_chop()
    {
        // wmul(2.5e45, 1.2e18) = 3e63 / 1e18 = 3e45.
        s_config.Chost.Should().Be(U("3e45"));
    }

    [Fact]
    public void Kick_sets_top_from_feed_and_buf_and_pays_tip_plus_chip()
    {
        // top = rmul(4e27, 1.25e27) = 5e27; coin = 2 rad + wmul(50 rad, 0.01 wad) = 2 + 0.5 = 2.5 rad.
        KickResult r = new Clipper(s_config).Kick(U("50e45"), U("20e18"), "urn", "kicker", T0, U("4e27"));

        r.Event.Should().Be(new Kicked(1, U("5e27"), U("50e45"), U("20e18"), "urn", "kicker", U("2.5e45"), T0));
        r.Clipper.Kicks.Should().Be(1);
        r.Clipper.Sales[1].Should().Be(new ClipperSale(1, U("50e45"), U("20e18"), "urn", T0, U("5e27")));
        r.Clipper.Kick(U("1e45"), U("1e18"), "urn2", "k", T0, U("4e27")).Event!.Id.Should().Be(2);
    }

    [Fact]
    public void Kick_pays_nothing_when_tip_and_chip_are_zero_and_refuses_a_zero_top()
    {
        var clipper = new Clipper(s_config with { Tip = UInt256.Zero, Chip = UInt256.Zero });
        clipper.Kick(U("50e45"), U("20e18"), "urn", "k", T0, U("4e27")).Event!.Coin.Should().Be(UInt256.Zero);
        // rmul(1, 1.25e27) = 1.25 floored to 1: not zero; rmul(0, buf) = 0 is.
        clipper.Kick(U("50e45"), U("20e18"), "urn", "k", T0, UInt256.Zero).Refusal.Should().Be(MakerRefusal.ZeroTopPrice);
    }

    [Fact]
    public void Kick_bark_inputs_flow_into_the_auction()
    {
        var barked = new Barked(Ilk, "urn", "keeper", U("4e18"), U("10e18"), U("10e45"), U("11e45"), Partial: true);
        KickResult r = new Clipper(s_config).Kick(barked, T0, U("4e27"));
        r.Event!.Tab.Should().Be(U("11e45"));
        r.Event.Lot.Should().Be(U("4e18"));
        r.Event.Usr.Should().Be("urn");
        r.Event.Kpr.Should().Be("keeper");
    }

    [Fact]
    public void Take_partial_pays_slice_times_price()
    {
        // Age 20: price = 5 · 80/100 = 4 ray. amt 5 wad: owe = 5e18 · 4e27 = 20 rad < tab 50; 50 − 20 = 30 ≥ chost 3.
        (Clipper clipper, Dog dog) = Kicked();
        TakeResult r = clipper.Take(dog, 1, U("5e18"), U("4e27"), "buyer", T0 + 20);

        r.Event.Should().Be(new Taken(1, "buyer", U("4e27"), U("4e27"), U("5e18"), U("20e45"), U("30e45"), U("15e18"),
            UInt256.Zero, "urn", U("20e45"), Finished: false, T0 + 20));
        r.Clipper.Sales[1].Tab.Should().Be(U("30e45"));
        r.Clipper.Sales[1].Lot.Should().Be(U("15e18"));
        r.Dog.Dirt.Should().Be(U("30e45"));
        r.Dog.Ilks[Ilk].Dirt.Should().Be(U("30e45"));
    }

    [Fact]
    public void Take_caps_owe_at_the_tab_and_returns_the_rest_to_the_vault()
    {
        // amt = whole lot 20: owe = 80 rad > tab 50, so owe = 50 rad, slice = 50e45 / 4e27 = 12.5 wad; tab 0 and the
        // remaining 7.5 wad go back to the vault; the Dog is dug by owe = 50 rad.
        (Clipper clipper, Dog dog) = Kicked();
        TakeResult r = clipper.Take(dog, 1, U("20e18"), U("4e27"), "buyer", T0 + 20);

        r.Event!.Slice.Should().Be(U("12.5e18"));
        r.Event.Owe.Should().Be(U("50e45"));
        r.Event.ReturnedToUsr.Should().Be(U("7.5e18"));
        r.Event.Finished.Should().BeTrue();
        r.Clipper.Sales.Should().BeEmpty();
        r.Dog.Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Take_leaves_exactly_chost_when_a_partial_would_leave_less()
    {
        // amt 12: owe = 48 rad, tab − owe = 2 < chost 3 and tab 50 > 3, so owe = 50 − 3 = 47 rad and
        // slice = 47e45 / 4e27 = 11.75 wad. Left: tab 3 rad, lot 8.25 wad.
        (Clipper clipper, Dog dog) = Kicked();
        TakeResult r = clipper.Take(dog, 1, U("12e18"), U("4e27"), "buyer", T0 + 20);

        r.Event!.Owe.Should().Be(U("47e45"));
        r.Event.Slice.Should().Be(U("11.75e18"));
        r.Event.Tab.Should().Be(U("3e45"));
        r.Event.Lot.Should().Be(U("8.25e18"));
    }

    [Fact]
    public void Take_refuses_a_partial_when_the_tab_is_already_at_chost_but_sells_the_rest_whole()
    {
        // After the chost case the tab is 3 rad = chost. amt 0.5: owe = 2 rad < 3, 3 − 2 = 1 < chost, and tab ≤ chost:
        // refused. amt 8.25 (the lot): owe = 33 rad > 3, so owe = 3 rad, slice = 3e45 / 4e27 = 0.75 wad, 7.5 wad back.
        (Clipper clipper, Dog dog) = Kicked();
        TakeResult atChost = clipper.Take(dog, 1, U("12e18"), U("4e27"), "buyer", T0 + 20);

        TakeResult refused = atChost.Clipper.Take(atChost.Dog, 1, U("0.5e18"), U("4e27"), "buyer", T0 + 20);
        refused.Refusal.Should().Be(MakerRefusal.NoPartialPurchase);
        refused.Clipper.Should().BeSameAs(atChost.Clipper);
        refused.Dog.Should().BeSameAs(atChost.Dog);

        TakeResult rest = atChost.Clipper.Take(atChost.Dog, 1, U("8.25e18"), U("4e27"), "buyer", T0 + 20);
        rest.Event!.Slice.Should().Be(U("0.75e18"));
        rest.Event.ReturnedToUsr.Should().Be(U("7.5e18"));
        rest.Dog.Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Take_of_the_whole_lot_below_the_tab_writes_off_the_rest_of_the_tab_from_dirt()
    {
        // tab 100 rad, lot 20: owe = 80 rad < 100 but slice = lot, so no chost rule. lot 0: dug = tab 20 + owe 80.
        (Clipper clipper, Dog dog) = Kicked(tab: "100e45");
        TakeResult r = clipper.Take(dog, 1, U("20e18"), U("4e27"), "buyer", T0 + 20);

        r.Event!.Owe.Should().Be(U("80e45"));
        r.Event.Tab.Should().Be(U("20e45"));
        r.Event.Dug.Should().Be(U("100e45"));
        r.Event.Finished.Should().BeTrue();
        r.Event.ReturnedToUsr.Should().Be(UInt256.Zero);
        r.Dog.Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Take_above_max_is_refused_with_state_unchanged()
    {
        // Price 4 ray at age 20; max one unit lower.
        (Clipper clipper, Dog dog) = Kicked();
        TakeResult r = clipper.Take(dog, 1, U("5e18"), U("4e27") - UInt256.One, "buyer", T0 + 20);
        r.Refusal.Should().Be(MakerRefusal.TooExpensive);
        r.Clipper.Should().BeSameAs(clipper);
        r.Dog.Should().BeSameAs(dog);
        r.Event.Should().BeNull();
    }

    [Fact]
    public void Needs_reset_after_tail_strictly()
    {
        // Age 50 = tail: price 2.5 ray, price/top = 0.5 ≥ cusp 0.3: takeable. Age 51 > tail: needs reset.
        (Clipper clipper, Dog dog) = Kicked();
        clipper.Status(1, T0 + 50).Should().Be(new ClipperStatus(false, U("2.5e27"), U("20e18"), U("50e45")));
        clipper.Status(1, T0 + 51).NeedsRedo.Should().BeTrue();
        clipper.Take(dog, 1, U("1e18"), U("5e27"), "buyer", T0 + 51).Refusal.Should().Be(MakerRefusal.NeedsReset);
    }

    [Fact]
    public void Needs_reset_below_cusp_strictly()
    {
        // cusp 0.6, tail 1000: age 40 → price 3 ray, 3/5 = 0.6 not below cusp; age 41 → 2.95/5 = 0.59 < 0.6.
        (Clipper clipper, _) = Kicked(config: s_config with { Cusp = U("0.6e27"), Tail = 1000 });
        clipper.Status(1, T0 + 40).NeedsRedo.Should().BeFalse();
        clipper.Status(1, T0 + 41).NeedsRedo.Should().BeTrue();
    }

    [Fact]
    public void Redo_resets_top_and_tic_and_pays_the_incentive()
    {
        // Age 51: needs reset. feed 3 ray: top = 3.75 ray. tab 50 ≥ chost 3, lot · feed = 20e18 · 3e27 = 60 rad ≥ 3:
        // coin = 2 + wmul(50, 0.01) = 2.5 rad. Age 50 cannot be reset.
        (Clipper clipper, _) = Kicked();
        clipper.Redo(1, "keeper", T0 + 50, U("3e27")).Refusal.Should().Be(MakerRefusal.CannotReset);

        RedoResult r = clipper.Redo(1, "keeper", T0 + 51, U("3e27"));
        r.Event.Should().Be(new Redone(1, U("3.75e27"), U("50e45"), U("20e18"), "urn", "keeper", U("2.5e45"), T0 + 51));
        r.Clipper.Sales[1].Tic.Should().Be(T0 + 51);
        r.Clipper.Sales[1].Top.Should().Be(U("3.75e27"));
        r.Clipper.Status(1, T0 + 51).Price.Should().Be(U("3.75e27"));
    }

    [Fact]
    public void Redo_pays_nothing_for_a_dusty_tab_or_lot()
    {
        // tab 2 rad < chost 3: no incentive.
        (Clipper smallTab, _) = Kicked(tab: "2e45");
        smallTab.Redo(1, "keeper", T0 + 51, U("3e27")).Event!.Coin.Should().Be(UInt256.Zero);

        // lot 0.5 wad at feed 4 ray: lot · feed = 2 rad < chost 3: no incentive although tab 50 ≥ 3.
        (Clipper smallLot, _) = Kicked(lot: "0.5e18");
        smallLot.Redo(1, "keeper", T0 + 51, U("4e27")).Event!.Coin.Should().Be(UInt256.Zero);

        // lot 0.75 wad at feed 4: 3 rad = chost (not below): paid.
        (Clipper atChost, _) = Kicked(lot: "0.75e18");
        atChost.Redo(1, "keeper", T0 + 51, U("4e27")).Event!.Coin.Should().Be(U("2.5e45"));
    }

    [Fact]
    public void Circuit_breaker_levels()
    {
        (Clipper clipper, Dog dog) = Kicked();

        Clipper one = clipper.WithStopped(ClipperBreaker.NoKick);
        one.Kick(U("1e45"), U("1e18"), "u", "k", T0, U("4e27")).Refusal.Should().Be(MakerRefusal.Stopped);
        one.Redo(1, "k", T0 + 51, U("4e27")).IsRefused.Should().BeFalse();
        one.Take(dog, 1, U("1e18"), U("5e27"), "b", T0 + 20).IsRefused.Should().BeFalse();

        Clipper two = clipper.WithStopped(ClipperBreaker.NoKickOrRedo);
        two.Redo(1, "k", T0 + 51, U("4e27")).Refusal.Should().Be(MakerRefusal.Stopped);
        two.Take(dog, 1, U("1e18"), U("5e27"), "b", T0 + 20).IsRefused.Should().BeFalse();

        Clipper three = clipper.WithStopped(ClipperBreaker.NoKickRedoOrTake);
        three.Take(dog, 1, U("1e18"), U("5e27"), "b", T0 + 20).Refusal.Should().Be(MakerRefusal.Stopped);
        three.Yank(dog, 1, "end").Event.Lot.Should().Be(U("20e18"));

        FluentActions.Invoking(() => clipper.WithStopped((ClipperBreaker)4)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("level");
    }

    [Fact]
    public void Yank_digs_the_tab_and_hands_over_the_lot()
    {
        (Clipper clipper, Dog dog) = Kicked();
        YankResult r = clipper.Yank(dog, 1, "end");
        r.Event.Should().Be(new Yanked(1, U("50e45"), U("20e18"), "urn", "end"));
        r.Dog.Dirt.Should().Be(UInt256.Zero);
        r.Clipper.Sales.Should().BeEmpty();
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter_and_change_nothing()
    {
        (Clipper clipper, Dog dog) = Kicked();
        FluentActions.Invoking(() => clipper.Take(dog, 7, U("1e18"), U("5e27"), "b", T0)).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("id");
        FluentActions.Invoking(() => clipper.Take(dog, 1, UInt256.Zero, U("5e27"), "b", T0)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("amt");
        FluentActions.Invoking(() => clipper.Take(dog, 1, U("1e18"), U("5e27"), string.Empty, T0)).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("who");
        FluentActions.Invoking(() => clipper.Status(1, T0 - 1)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("now");
        FluentActions.Invoking(() => clipper.Kick(UInt256.Zero, U("1e18"), "u", "k", T0, U("4e27"))).Should()
            .Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("tab");

        // A finished auction is unknown.
        Clipper done = clipper.Take(dog, 1, U("20e18"), U("5e27"), "b", T0 + 20).Clipper;
        FluentActions.Invoking(() => done.Take(dog, 1, U("1e18"), U("5e27"), "b", T0 + 20)).Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("id").And.Contain("1");
        clipper.Sales[1].Lot.Should().Be(U("20e18"));
    }
}
