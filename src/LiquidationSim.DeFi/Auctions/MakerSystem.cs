using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>Collateral moved in the Vat (<c>vat.flux</c>).</summary>
/// <param name="Ilk">The collateral type.</param>
/// <param name="Src">From.</param>
/// <param name="Dst">To.</param>
/// <param name="Wad">The amount (wad).</param>
public sealed record GemMoved(string Ilk, string Src, string Dst, UInt256 Wad) : IMakerAuctionEvent;

/// <summary>Internal DAI moved in the Vat (<c>vat.move</c>).</summary>
/// <param name="Src">From.</param>
/// <param name="Dst">To.</param>
/// <param name="Rad">The amount (rad).</param>
public sealed record DaiMoved(string Src, string Dst, UInt256 Rad) : IMakerAuctionEvent;

/// <summary>DAI minted against bad debt (<c>vat.suck</c>), e.g. a kick or redo incentive.</summary>
/// <param name="SinTo">Took the bad debt (the Vow).</param>
/// <param name="DaiTo">Received the DAI (the keeper).</param>
/// <param name="Rad">The amount (rad).</param>
public sealed record Sucked(string SinTo, string DaiTo, UInt256 Rad) : IMakerAuctionEvent;

/// <summary>A vault's collateral and debt seized for an auction (<c>vat.grab</c> in <c>Dog.bark</c>).</summary>
/// <param name="Ilk">The collateral type.</param>
/// <param name="Urn">The vault.</param>
/// <param name="GemTo">Received the collateral (the Clipper).</param>
/// <param name="SinTo">Took the debt as bad debt (the Vow).</param>
/// <param name="Dink">Collateral seized (wad).</param>
/// <param name="Dart">Normalised debt removed (wad).</param>
/// <param name="Dtab">Bad debt added, <c>dart·rate</c> (rad).</param>
public sealed record Grabbed(string Ilk, string Urn, string GemTo, string SinTo, UInt256 Dink, UInt256 Dart, UInt256 Dtab) : IMakerAuctionEvent;

/// <summary>Bad debt queued in the Vow (<c>vow.fess</c>).</summary>
/// <param name="Era">The queue entry's time.</param>
/// <param name="Tab">The amount (rad).</param>
public sealed record DebtQueued(ulong Era, UInt256 Tab) : IMakerAuctionEvent;

/// <summary>A queue entry released (<c>vow.flog</c>).</summary>
/// <param name="Era">The entry's time.</param>
/// <param name="Rad">The amount released (rad).</param>
public sealed record DebtReleased(ulong Era, UInt256 Rad) : IMakerAuctionEvent;

/// <summary>The Vow's DAI cancelled against its bad debt (<c>vow.heal</c>).</summary>
/// <param name="Rad">The amount (rad).</param>
public sealed record Healed(UInt256 Rad) : IMakerAuctionEvent;

/// <summary>A take's callback ran (<c>ClipperCallee(who).clipperCall(sender, owe, slice, data)</c>).</summary>
/// <param name="Who">The callee (received the collateral first).</param>
/// <param name="Sender">The taker, who pays the DAI after the call.</param>
/// <param name="Owe">DAI the taker will pay (rad).</param>
/// <param name="Slice">Collateral the callee received (wad).</param>
/// <param name="DataLength">Bytes of data passed.</param>
public sealed record ClipperCalled(string Who, string Sender, UInt256 Owe, UInt256 Slice, int DataLength) : IMakerAuctionEvent;

/// <summary>
/// A take's flash-sale callback (dss <c>clip.sol</c> <c>ClipperCallee</c>, commit fa4f663): it runs after the collateral
/// reached <c>who</c> and before the taker's DAI is moved, so it may sell the collateral and pay the taker.
/// </summary>
public interface IClipperCallee
{
    /// <summary><c>clipperCall(sender, owe, slice, data)</c>: acts on the Vat and returns it.</summary>
    /// <param name="vat">The Vat, with <paramref name="slice"/> already credited to the callee.</param>
    /// <param name="sender">The taker, who must hold <paramref name="owe"/> DAI when the call returns.</param>
    /// <param name="owe">DAI the taker pays next (rad).</param>
    /// <param name="slice">Collateral the callee received (wad).</param>
    /// <param name="data">The take's data (not empty).</param>
    /// <returns>The Vat after the callee's moves.</returns>
    Vat ClipperCall(Vat vat, string sender, UInt256 owe, UInt256 slice, ReadOnlyMemory<byte> data);
}

/// <summary>The result of a <see cref="MakerSystem"/> call: the new system and the events that explain it, or the input system and the refusal.</summary>
/// <param name="System">The system after (the input system when refused).</param>
/// <param name="Vault">For <see cref="MakerSystem.Bark"/>: the vault after (the input vault when refused); otherwise null.</param>
/// <param name="Events">What happened, the contract call's own event first, then the Vat and Vow moves in the order the contract makes them; empty when refused.</param>
/// <param name="Refusal">Why refused, or <see cref="MakerRefusal.None"/>.</param>
public sealed record MakerSystemResult(MakerSystem System, MakerVault? Vault, ImmutableArray<IMakerAuctionEvent> Events, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>
/// One ilk's Liquidation 2.0 contracts with their balances: the <see cref="Auctions.Vat"/>, <see cref="Auctions.Vow"/>,
/// <see cref="Auctions.Dog"/> and <see cref="Auctions.Clipper"/> (makerdao/dss commit fa4f663: <c>dog.sol</c>,
/// <c>clip.sol</c>, <c>vat.sol</c>, <c>vow.sol</c>). Each call is one transaction: every balance it moves moves, or
/// it is refused and nothing does.
/// </summary>
/// <remarks>
/// Where the value goes: a bark seizes <c>dink</c> into <c>gem[clip]</c> and books <c>due = dart·rate</c> as
/// <c>sin[vow]</c> and in the Vow's queue; incentives are <c>suck</c>ed (DAI to the keeper, the same sin to the Vow);
/// a take sends the slice from <c>gem[clip]</c> to <c>who</c>, runs the callback, moves <c>owe</c> from the taker to
/// <c>dai[vow]</c> and returns any leftover lot to the vault's gem; a yank sends the lot to the caller. What auctions
/// raised is the Vow's DAI; what they wrote off is its sin that no DAI will heal. Immutable; thread safe.
/// </remarks>
/// <param name="Vat">The balances.</param>
/// <param name="Vow">The Vow (its address is the Vat account of the system's bad debt and surplus).</param>
/// <param name="Dog">The Dog, knowing the Clipper's ilk.</param>
/// <param name="Clipper">The ilk's Clipper.</param>
public sealed record MakerSystem(Vat Vat, Vow Vow, Dog Dog, Clipper Clipper)
{
    /// <summary>The Clipper's address in the Vat (holds the collateral for sale).</summary>
    /// <value>"clip".</value>
    public string ClipperAddress { get; init; } = "clip";

    /// <summary>The Vat's own address (a take with data to it makes no callback).</summary>
    /// <value>"vat".</value>
    public string VatAddress { get; init; } = "vat";

    /// <summary>The Dog's address (a take with data to it makes no callback).</summary>
    /// <value>"dog".</value>
    public string DogAddress { get; init; } = "dog";

    private string Ilk => Clipper.Config.Ilk;

    /// <summary>
    /// <c>Dog.bark</c> with its Clipper <c>kick</c>: the Dog's rules (<see cref="Dog.Bark"/>), then <c>vat.grab</c>
    /// (<c>dink</c> to the Clipper's gem, <c>due</c> to the Vow's sin), <c>vow.fess(due)</c> at <paramref name="now"/>,
    /// the kick, and the kick incentive <c>vat.suck(vow, keeper, tip + wmul(tab, chip))</c> when tip or chip is set.
    /// </summary>
    /// <param name="vat">The Vat's rate, spot and dust for the ilk.</param>
    /// <param name="vault">The vault.</param>
    /// <param name="keeper">Who barks (paid the incentive).</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The Clipper's feed price (ray).</param>
    /// <returns>The system and vault after with [<see cref="Barked"/>, <see cref="Grabbed"/>, <see cref="DebtQueued"/>, <see cref="Kicked"/>, <see cref="Sucked"/> when paid], or the refusal.</returns>
    /// <exception cref="ArgumentException">As <see cref="MakerLiquidation.BarkAndKick"/>.</exception>
    public MakerSystemResult Bark(VatIlk vat, MakerVault vault, string keeper, ulong now, UInt256 feedPrice)
    {
        BarkAndKickResult bk = MakerLiquidation.BarkAndKick(Dog, Clipper, vat, vault, keeper, now, feedPrice);
        if (bk.IsRefused)
        {
            return new MakerSystemResult(this, vault, [], bk.Refusal);
        }

        Barked barked = bk.Barked!;
        Kicked kicked = bk.Kicked!;
        Vat v = Vat.Grab(Ilk, ClipperAddress, Vow.Address, barked.Lot, barked.Due);
        var events = ImmutableArray.CreateBuilder<IMakerAuctionEvent>(5);
        events.Add(barked);
        events.Add(new Grabbed(Ilk, vault.Owner, ClipperAddress, Vow.Address, barked.Lot, barked.Art, barked.Due));
        events.Add(new DebtQueued(now, barked.Due));
        events.Add(kicked);
        if (!kicked.Coin.IsZero)
        {
            v = v.Suck(Vow.Address, keeper, kicked.Coin);
            events.Add(new Sucked(Vow.Address, keeper, kicked.Coin));
        }

        MakerSystem next = this with { Vat = v, Vow = Vow.Fess(barked.Due, now), Dog = bk.Dog, Clipper = bk.Clipper };
        return new MakerSystemResult(next, bk.Vault, events.ToImmutable(), MakerRefusal.None);
    }

    /// <summary>
    /// <c>take</c> with its balance moves, in the contract's order: the Clipper's rules (<see cref="Clipper.Take"/>);
    /// <c>slice</c> from the Clipper's gem to <paramref name="who"/>; when <paramref name="data"/> is not empty and
    /// <paramref name="who"/> is neither the Vat nor the Dog, <paramref name="callee"/>'s <c>clipperCall(sender, owe,
    /// slice, data)</c>; <c>owe</c> from <paramref name="sender"/> to the Vow (<see cref="MakerRefusal.NotEnoughDai"/>
    /// when the sender then holds less, undoing everything); the Dog dug; and, when the tab is covered, the lot left to
    /// the vault's owner.
    /// </summary>
    /// <param name="id">A running auction.</param>
    /// <param name="amt">Most collateral to buy (wad), not zero.</param>
    /// <param name="max">Highest acceptable price (ray).</param>
    /// <param name="who">Receives the collateral (and is called back), not empty.</param>
    /// <param name="sender">The taker (<c>msg.sender</c>), who pays, not empty.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="data">Data for the callback; empty (the default) for none.</param>
    /// <param name="callee">The code at <paramref name="who"/>; required when a callback is made.</param>
    /// <returns>The system after with [<see cref="Taken"/>, <see cref="GemMoved"/>, <see cref="ClipperCalled"/> when called, <see cref="DaiMoved"/>, <see cref="GemMoved"/> of a returned lot], or the refusal.</returns>
    /// <exception cref="ArgumentException">As <see cref="Clipper.Take"/>; an empty sender; or a callback due with no <paramref name="callee"/> (the call to an address without code reverts).</exception>
    public MakerSystemResult Take(
        ulong id, UInt256 amt, UInt256 max, string who, string sender, ulong now, ReadOnlyMemory<byte> data = default, IClipperCallee? callee = null)
    {
        if (string.IsNullOrEmpty(sender))
        {
            ThrowHelper.Argument(nameof(sender), sender, "must be a non-empty address");
        }

        bool call = !data.IsEmpty && !string.Equals(who, VatAddress, StringComparison.Ordinal) && !string.Equals(who, DogAddress, StringComparison.Ordinal);
        if (call && callee is null)
        {
            ThrowHelper.Argument(nameof(callee), who, "must be given when data is not empty and who is neither the Vat nor the Dog");
        }

        TakeResult take = Clipper.Take(Dog, id, amt, max, who, now);
        if (take.IsRefused)
        {
            return Refused(take.Refusal);
        }

        Taken e = take.Event!;
        var events = ImmutableArray.CreateBuilder<IMakerAuctionEvent>(5);
        events.Add(e);
        VatResult flux = Vat.Flux(Ilk, ClipperAddress, who, e.Slice);
        if (flux.IsRefused)
        {
            return Refused(flux.Refusal);
        }

        events.Add(new GemMoved(Ilk, ClipperAddress, who, e.Slice));
        Vat v = flux.Vat;
        if (call)
        {
            v = callee!.ClipperCall(v, sender, e.Owe, e.Slice, data);
            ArgumentNullException.ThrowIfNull(v, nameof(callee));
            events.Add(new ClipperCalled(who, sender, e.Owe, e.Slice, data.Length));
        }

        VatResult move = v.Move(sender, Vow.Address, e.Owe);
        if (move.IsRefused)
        {
            return Refused(move.Refusal);
        }

        events.Add(new DaiMoved(sender, Vow.Address, e.Owe));
        v = move.Vat;
        if (!e.ReturnedToUsr.IsZero)
        {
            VatResult back = v.Flux(Ilk, ClipperAddress, e.Usr, e.ReturnedToUsr);
            if (back.IsRefused)
            {
                return Refused(back.Refusal);
            }

            v = back.Vat;
            events.Add(new GemMoved(Ilk, ClipperAddress, e.Usr, e.ReturnedToUsr));
        }

        return new MakerSystemResult(this with { Vat = v, Dog = take.Dog, Clipper = take.Clipper }, null, events.ToImmutable(), MakerRefusal.None);
    }

    /// <summary><c>redo</c> with its incentive: the Clipper's rules (<see cref="Clipper.Redo"/>), then <c>vat.suck(vow, kpr, coin)</c> when the redo pays one.</summary>
    /// <param name="id">A running auction.</param>
    /// <param name="kpr">The keeper, not empty.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The feed price (ray).</param>
    /// <returns>The system after with [<see cref="Redone"/>, <see cref="Sucked"/> when paid], or the refusal.</returns>
    /// <exception cref="ArgumentException">As <see cref="Clipper.Redo"/>.</exception>
    public MakerSystemResult Redo(ulong id, string kpr, ulong now, UInt256 feedPrice)
    {
        RedoResult redo = Clipper.Redo(id, kpr, now, feedPrice);
        if (redo.IsRefused)
        {
            return Refused(redo.Refusal);
        }

        Redone e = redo.Event!;
        if (e.Coin.IsZero)
        {
            return new MakerSystemResult(this with { Clipper = redo.Clipper }, null, [e], MakerRefusal.None);
        }

        Vat v = Vat.Suck(Vow.Address, kpr, e.Coin);
        return new MakerSystemResult(this with { Vat = v, Clipper = redo.Clipper }, null, [e, new Sucked(Vow.Address, kpr, e.Coin)], MakerRefusal.None);
    }

    /// <summary><c>yank</c>: the Dog dug by the tab, the lot from the Clipper's gem to <paramref name="caller"/> (e.g. the End), the auction removed.</summary>
    /// <param name="id">A running auction.</param>
    /// <param name="caller">Receives the collateral, not empty.</param>
    /// <returns>The system after with [<see cref="Yanked"/>, <see cref="GemMoved"/>], or <see cref="MakerRefusal.NotEnoughGem"/> when the Clipper's gem does not hold the lot.</returns>
    /// <exception cref="ArgumentException">As <see cref="Clipper.Yank"/>.</exception>
    public MakerSystemResult Yank(ulong id, string caller)
    {
        YankResult yank = Clipper.Yank(Dog, id, caller);
        VatResult flux = Vat.Flux(Ilk, ClipperAddress, caller, yank.Event.Lot);
        if (flux.IsRefused)
        {
            return Refused(flux.Refusal);
        }

        MakerSystem next = this with { Vat = flux.Vat, Dog = yank.Dog, Clipper = yank.Clipper };
        return new MakerSystemResult(next, null, [yank.Event, new GemMoved(Ilk, ClipperAddress, caller, yank.Event.Lot)], MakerRefusal.None);
    }

    /// <summary><c>vow.flog(era)</c> (see <see cref="Vow.Flog"/>).</summary>
    /// <param name="era">The queue entry's time.</param>
    /// <param name="now">The time (seconds).</param>
    /// <returns>The system after with [<see cref="DebtReleased"/>], or <see cref="MakerRefusal.WaitNotFinished"/>.</returns>
    public MakerSystemResult Flog(ulong era, ulong now)
    {
        (Vow vow, UInt256 released, MakerRefusal refusal) = Vow.Flog(era, now);
        return refusal != MakerRefusal.None
            ? Refused(refusal)
            : new MakerSystemResult(this with { Vow = vow }, null, [new DebtReleased(era, released)], MakerRefusal.None);
    }

    /// <summary><c>vow.heal(rad)</c> (see <see cref="Vow.Heal"/>).</summary>
    /// <param name="rad">The amount (rad).</param>
    /// <returns>The system after with [<see cref="Healed"/>], or the refusal.</returns>
    public MakerSystemResult Heal(UInt256 rad)
    {
        VatResult heal = Vow.Heal(Vat, rad);
        return heal.IsRefused
            ? Refused(heal.Refusal)
            : new MakerSystemResult(this with { Vat = heal.Vat }, null, [new Healed(rad)], MakerRefusal.None);
    }

    private MakerSystemResult Refused(MakerRefusal refusal) => new(this, null, [], refusal);
}
