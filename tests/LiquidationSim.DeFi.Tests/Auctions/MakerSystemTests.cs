using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// Liquidations that move Vat balances, worked from makerdao/dss commit fa4f663 <c>src/test/clip.t.sol</c>. Its
/// <c>setUp</c>: gold at 4 DAI with mat 2 gives spot 2 ray; the urn <c>me</c> locks 40 gold against 100 DAI (so
/// 40 · 2 = 80 &lt; 100: unsafe) and keeps 960 gold free; dust 20 rad, chop 1.1, Hole = hole = 1000 rad, so
/// chost = wmul(20 rad, 1.1) = 22 rad; <c>ali</c> and <c>bob</c> hold 1000 DAI each. Its <c>takeSetup</c> files
/// buf 1.25, a 1 % per second stair-step, cusp 0.3, tail 3600 and barks <c>me</c>: tab = 100 · 1.1 = 110 rad,
/// lot 40, top = 4 · 1.25 = 5 ray. The Vat here holds no urns, so <c>me</c>'s 100 drawn DAI are sucked from "zero".
/// </summary>
public sealed class MakerSystemTests
{
    private const string Ilk = "gold";
    private const ulong T0 = 604_411_200;
    private static readonly UInt256 s_feed = U("4e27");
    private static readonly VatIlk s_vatIlk = new(U("1e27"), U("2e27"), U("20e45"));
    private static readonly MakerVault s_urn = new("me", U("40e18"), U("100e18"));

    private static MakerSystem SetUp(ulong wait = 0)
    {
        Vat vat = new Vat().Slip(Ilk, "me", U("960e18"))
            .Suck("zero", "me", U("1100e45"))
            .Suck("zero", "ali", U("1000e45"))
            .Suck("zero", "bob", U("1000e45"))
            .Suck("zero", "daiJoin", U("1000e45"));
        Dog dog = new Dog(U("1000e45")).WithIlk(Ilk, U("1.1e18"), U("1000e45"));
        var config = new ClipperConfig(
            Ilk, new StairstepExponentialDecrease(1, U("0.99e27")), Buf: U("1e27"), Tail: 3600, Cusp: U("0.3e27"),
            Chip: UInt256.Zero, Tip: UInt256.Zero, Chost: ClipperConfig.ChostOf(U("20e45"), U("1.1e18")));
        return new MakerSystem(vat, new Vow("vow", wait), dog, new Clipper(config));
    }

    private static MakerSystem TakeSetUp(ulong wait = 0)
    {
        MakerSystem s = SetUp(wait);
        s = s with { Clipper = s.Clipper.File("buf", U("1.25e27")) };
        MakerSystemResult bark = s.Bark(s_vatIlk, s_urn, "me", T0, s_feed);
        bark.IsRefused.Should().BeFalse();
        bark.Vault.Should().Be(new MakerVault("me", UInt256.Zero, UInt256.Zero));
        ClipperSale sale = bark.System.Clipper.Sales[1];
        (sale.Pos, sale.Tab, sale.Lot, sale.Usr, sale.Tic, sale.Top).Should().Be((0UL, U("110e45"), U("40e18"), "me", T0, U("5e27")));
        return bark.System;
    }

    [Fact]
    public void Bark_seizes_the_collateral_into_the_clipper_and_books_the_debt_at_the_vow()
    {
        MakerSystem s = TakeSetUp();

        // grab: 40 gold to the Clipper's gem, due = 100 · 1 = 100 rad to sin[vow] and vice; fess queues 100 rad.
        s.Vat.GemOf(Ilk, "clip").Should().Be(U("40e18"));
        s.Vat.GemOf(Ilk, "me").Should().Be(U("960e18"));
        s.Vat.SinOf("vow").Should().Be(U("100e45"));
        s.Vow.Sin.Should().Be(U("100e45"));
        s.Vow.Queue.Select(p => (p.Key, p.Value)).Should().Equal((T0, U("100e45")));
        s.Dog.Dirt.Should().Be(U("110e45"));
        s.Clipper.Active.Should().Equal(1UL);
    }

    [Fact]
    public void Kick_incentives_are_paid_to_the_keeper_in_the_vat_dss_test_kick()
    {
        // dss test_kick: tip 100 DAI, chip 0, buf still 1 ray: top = 4 ray, ali gets 1000 + 100 = 1100 DAI.
        MakerSystem s = SetUp();
        s = s with { Clipper = s.Clipper.File("tip", U("100e45")).File("chip", UInt256.Zero) };
        MakerSystemResult first = s.Bark(s_vatIlk, s_urn, "ali", T0, s_feed);
        first.System.Clipper.Sales[1].Top.Should().Be(U("4e27"));
        first.System.Vat.DaiOf("ali").Should().Be(U("1100e45"));

        // Second vault, buf 1.25, chip 2 %: bob gets 1000 + 100 + 110 · 0.02 = 1102.2 DAI; the sale sits at pos 1.
        s = first.System with { Clipper = first.System.Clipper.File("buf", U("1.25e27")).File("chip", U("0.02e18")) };
        MakerSystemResult second = s.Bark(s_vatIlk, s_urn, "bob", T0 + 100, s_feed);
        ClipperSale sale = second.System.Clipper.Sales[2];
        (sale.Pos, sale.Tab, sale.Lot, sale.Top).Should().Be((1UL, U("110e45"), U("40e18"), U("5e27")));
        second.System.Vat.DaiOf("bob").Should().Be(U("1102.2e45"));
        second.Events.OfType<Sucked>().Should().Equal(new Sucked("vow", "bob", U("102.2e45")));

        // Every incentive is the Vow's bad debt too: 100 + 100 (two dues) + 100 + 102.2 (two incentives).
        second.System.Vat.SinOf("vow").Should().Be(U("402.2e45"));
    }

    [Theory]
    [InlineData("25e18", "22e18", "890e45", "978e18")] // dss test_take_over_tab: owe 125 > tab 110, slice = 110/5 = 22
    [InlineData("22e18", "22e18", "890e45", "978e18")] // dss test_take_at_tab: owe = tab = 110
    public void Take_that_covers_the_tab_returns_the_rest_to_the_vault(string amt, string aliGem, string aliDai, string meGem)
    {
        MakerSystem s = TakeSetUp();

        MakerSystemResult r = s.Take(1, U(amt), U("5e27"), "ali", "ali", T0);

        r.IsRefused.Should().BeFalse();
        r.System.Vat.GemOf(Ilk, "ali").Should().Be(U(aliGem));
        r.System.Vat.DaiOf("ali").Should().Be(U(aliDai));
        r.System.Vat.GemOf(Ilk, "me").Should().Be(U(meGem)); // 960 + (40 − 22)
        r.System.Vat.GemOf(Ilk, "clip").Should().Be(UInt256.Zero);
        r.System.Vat.DaiOf("vow").Should().Be(U("110e45"));
        r.System.Clipper.Sales.Should().BeEmpty();
        r.System.Clipper.Active.Should().BeEmpty();
        r.System.Dog.Dirt.Should().Be(UInt256.Zero);
        r.System.Dog.Ilks[Ilk].Dirt.Should().Be(UInt256.Zero);
        r.Events.Select(e => e.GetType()).Should().Equal(typeof(Taken), typeof(GemMoved), typeof(DaiMoved), typeof(GemMoved));
    }

    [Fact]
    public void Take_under_the_tab_keeps_the_auction_dss_test_take_under_tab()
    {
        // 11 · 5 = 55 rad < 110: ali holds 11 gold and 945 DAI; tab 55, lot 29; Dirt = 55.
        MakerSystemResult r = TakeSetUp().Take(1, U("11e18"), U("5e27"), "ali", "ali", T0);

        r.System.Vat.GemOf(Ilk, "ali").Should().Be(U("11e18"));
        r.System.Vat.DaiOf("ali").Should().Be(U("945e45"));
        r.System.Vat.GemOf(Ilk, "me").Should().Be(U("960e18"));
        r.System.Vat.GemOf(Ilk, "clip").Should().Be(U("29e18"));
        r.System.Clipper.Sales[1].Tab.Should().Be(U("55e45"));
        r.System.Clipper.Sales[1].Lot.Should().Be(U("29e18"));
        r.System.Dog.Dirt.Should().Be(U("55e45"));
    }

    [Fact]
    public void A_taker_without_the_dai_is_refused_and_nothing_moves_dss_testFail_not_enough_dai()
    {
        MakerSystem s = TakeSetUp();

        MakerSystemResult r = s.Take(1, U("25e18"), U("5e27"), "che", "che", T0);

        r.Refusal.Should().Be(MakerRefusal.NotEnoughDai);
        r.System.Should().BeSameAs(s);
        r.Events.Should().BeEmpty();
    }

    /// <summary>dss <c>Trader</c>: exits the gold, sells it at 5.5 DAI on an exchange, joins <c>owe</c> DAI for the sender and keeps the rest.</summary>
    private sealed class Trader : IClipperCallee
    {
        public UInt256 DaiTokens { get; private set; }

        public Vat ClipperCall(Vat vat, string sender, UInt256 owe, UInt256 slice, ReadOnlyMemory<byte> data)
        {
            Vat exited = vat.Flux(Ilk, "che", "goldJoin", slice).Vat;
            DaiTokens += slice * U("5.5e18") / MakerMath.Wad;
            UInt256 join = owe / MakerMath.Ray;
            DaiTokens -= join;
            return exited.Move("daiJoin", sender, join * MakerMath.Ray).Vat;
        }
    }

    [Fact]
    public void Flash_sale_pays_the_callee_in_collateral_before_taking_its_dai_dss_test_flashsale()
    {
        // che holds no DAI; it takes 25 (cut to 22 for 110 DAI), sells the 22 gold at 5.5 = 121 DAI inside the callback,
        // pays 110 and keeps 11 DAI outside the Vat.
        var trader = new Trader();
        MakerSystemResult r = TakeSetUp().Take(1, U("25e18"), U("5e27"), "che", "che", T0, "hey"u8.ToArray(), trader);

        r.IsRefused.Should().BeFalse();
        r.System.Vat.DaiOf("che").Should().Be(UInt256.Zero);
        trader.DaiTokens.Should().Be(U("11e18"));
        r.System.Vat.DaiOf("vow").Should().Be(U("110e45"));
        r.Events.OfType<ClipperCalled>().Should().Equal(new ClipperCalled("che", "che", U("110e45"), U("22e18"), 3));
    }

    [Fact]
    public void No_callback_to_the_vat_or_the_dog_and_none_without_code()
    {
        MakerSystem s = TakeSetUp();
        byte[] data = [1];

        // who = "dog": the contract skips the call; ali pays as usual. A callback due with no callee cannot run.
        s.Take(1, U("11e18"), U("5e27"), "dog", "ali", T0, data).Events.OfType<ClipperCalled>().Should().BeEmpty();
        s.Invoking(x => x.Take(1, U("11e18"), U("5e27"), "bob", "ali", T0, data)).Should().Throw<ArgumentException>().WithParameterName("callee");
    }

    [Fact]
    public void Redo_incentives_follow_tip_chip_and_the_dusty_rules_dss_test_redo_incentive()
    {
        MakerSystem s = TakeSetUp();
        s = s with { Clipper = s.Clipper.File("tip", U("100e45")).File("chip", UInt256.Zero) };
        ulong now = T0;

        MakerSystem Redo(MakerSystem x, string kpr, string expected)
        {
            now += 300; // 5 · 0.99^300 ≈ 0.25 < cusp · top = 1.5: the auction needs a reset
            MakerSystemResult r = x.Redo(1, kpr, now, s_feed);
            r.IsRefused.Should().BeFalse();
            r.System.Vat.DaiOf(kpr).Should().Be(U(expected));
            return r.System;
        }

        s = Redo(s, "123", "100e45");
        s = Redo(s with { Clipper = s.Clipper.File("chip", U("0.02e18")) }, "234", "102.2e45"); // 100 + 110 · 0.02
        s = Redo(s with { Clipper = s.Clipper.File("tip", UInt256.Zero) }, "345", "2.2e45");

        // chost = wmul(100 rad + 1, 1.1) = 110 rad + 1 > tab 110: no incentive.
        s = s with { Clipper = s.Clipper.WithConfig(s.Clipper.Config with { Chost = ClipperConfig.ChostOf(U("100e45") + UInt256.One, U("1.1e18")) }) };
        s.Clipper.Config.Chost.Should().Be(U("110e45") + UInt256.One);
        s = Redo(s, "456", "0");

        s = s with { Clipper = s.Clipper.WithConfig(s.Clipper.Config with { Chost = U("22e45") }) };
        now += 100;
        UInt256 price = s.Clipper.Status(1, now).Price;
        price.Should().Be(U("1830161706366147524653080130"));
        s = s.Take(1, U("38e18"), U("5e27"), "me", "me", now).System;
        s.Clipper.Sales[1].Tab.Should().Be(U("110e45") - (U("38e18") * price));
        s.Clipper.Sales[1].Lot.Should().Be(U("2e18"));

        // lot · feed = 2 · 4 = 8 rad < chost 22: a dusty lot earns nothing.
        Redo(s, "567", "0");
    }

    [Fact]
    public void Yank_sends_the_lot_to_the_caller_and_clears_the_dirt_dss_test_Clipper_yank()
    {
        MakerSystemResult r = TakeSetUp().Yank(1, "me");

        r.System.Vat.GemOf(Ilk, "me").Should().Be(U("1000e18"));
        r.System.Clipper.Sales.Should().BeEmpty();
        r.System.Dog.Dirt.Should().Be(UInt256.Zero);
        r.System.Dog.Ilks[Ilk].Dirt.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Vow_heals_raised_dai_only_against_flogged_debt()
    {
        // After a take at the tab: sin[vow] = 100 (the due), all of it queued; dai[vow] = 110 (tab with the 10 % chop).
        MakerSystem s = TakeSetUp(wait: 50).Take(1, U("22e18"), U("5e27"), "ali", "ali", T0).System;

        s.Heal(U("1e45")).Refusal.Should().Be(MakerRefusal.InsufficientDebt);
        s.Flog(T0, T0 + 49).Refusal.Should().Be(MakerRefusal.WaitNotFinished);
        s = s.Flog(T0, T0 + 50).System;
        s.Vow.Sin.Should().Be(UInt256.Zero);
        s.Heal(U("111e45")).Refusal.Should().Be(MakerRefusal.InsufficientSurplus);
        s.Heal(U("101e45")).Refusal.Should().Be(MakerRefusal.InsufficientDebt);

        UInt256 debt = s.Vat.Debt, vice = s.Vat.Vice;
        MakerSystemResult healed = s.Heal(U("100e45"));
        healed.System.Vat.SinOf("vow").Should().Be(UInt256.Zero);
        healed.System.Vat.DaiOf("vow").Should().Be(U("10e45")); // the penalty is the Vow's surplus
        healed.System.Vat.Debt.Should().Be(debt - U("100e45"));
        healed.System.Vat.Vice.Should().Be(vice - U("100e45"));
    }

    [Fact]
    public void Active_list_swaps_the_last_id_into_a_removed_slot_dss_test_remove_id()
    {
        Clipper clip = SetUp().Clipper;
        for (int i = 0; i < 5; i++)
        {
            clip = clip.Kick(U("1e45"), U("1e18"), "urn", "k", T0, s_feed).Clipper;
        }

        Dog dog = new Dog(U("5e45")).WithIlk(Ilk, U("1e18"), U("5e45"));
        dog = dog with { Dirt = U("5e45"), Ilks = dog.Ilks.SetItem(Ilk, dog.Ilks[Ilk] with { Dirt = U("5e45") }) };
        clip.Active.Should().Equal(1UL, 2UL, 3UL, 4UL, 5UL);

        YankResult three = clip.Yank(dog, 3, "end");
        three.Clipper.Active.Should().Equal(1UL, 2UL, 5UL, 4UL);
        three.Clipper.Sales[5].Pos.Should().Be(2);

        Clipper after = three.Clipper.Yank(three.Dog, 4, "end").Clipper;
        after.Active.Should().Equal(1UL, 2UL, 5UL);
        after.Sales.Select(p => (p.Key, p.Value.Pos)).Should().Equal((1UL, 0UL), (2UL, 1UL), (5UL, 2UL));
    }

    [Fact]
    public void File_narrows_chip_and_tip_to_their_storage_widths_dss_test_incentive_max_values()
    {
        Clipper clip = SetUp().Clipper;
        UInt256 two64 = U("18446744073709551616");
        UInt256 two192 = U("6277101735386680763835789423207666416102355444464034512896");

        Clipper max = clip.File("chip", two64 - UInt256.One).File("tip", two192 - UInt256.One);
        max.Config.Chip.Should().Be(U("18.446744073709551615e18"));
        max.Config.Tip.Should().Be(U("6277101735386.680763835789423207666416102355444464034512895e45"));

        Clipper wrapped = clip.File("chip", two64).File("tip", two192);
        wrapped.Config.Chip.Should().Be(UInt256.Zero);
        wrapped.Config.Tip.Should().Be(UInt256.Zero);

        clip.File("tail", 7).Config.Tail.Should().Be(7UL);
        clip.File("cusp", U("0.5e27")).Config.Cusp.Should().Be(U("0.5e27"));
        clip.File("stopped", 2).Stopped.Should().Be(ClipperBreaker.NoKickOrRedo);
        clip.Invoking(c => c.File("calc", 1)).Should().Throw<ArgumentException>().WithParameterName("what").WithMessage("*file-unrecognized-param*");
        clip.Invoking(c => c.File("stopped", 4)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("data");
    }
}
