using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>One running Clipper auction (dss <c>clip.sol</c> <c>Sale</c>).</summary>
/// <param name="Id">The auction id (1, 2, … in kick order).</param>
/// <param name="Tab">DAI still to raise (rad).</param>
/// <param name="Lot">Collateral still for sale (wad).</param>
/// <param name="Usr">The liquidated vault, which gets any collateral left when the tab is covered.</param>
/// <param name="Tic">When the auction was kicked or last reset (seconds).</param>
/// <param name="Top">The starting price (ray).</param>
public readonly record struct ClipperSale(ulong Id, UInt256 Tab, UInt256 Lot, string Usr, ulong Tic, UInt256 Top)
{
    /// <summary>The sale's index in <see cref="Clipper.Active"/> (dss <c>Sale.pos</c>).</summary>
    public ulong Pos { get; init; }
}

/// <summary>An auction's state at a moment (dss <c>clip.sol</c> <c>getStatus</c>).</summary>
/// <param name="NeedsRedo">True when <c>now − tic &gt; tail</c> or <c>rdiv(price, top) &lt; cusp</c> (both strict).</param>
/// <param name="Price">The current price (ray).</param>
/// <param name="Lot">Collateral for sale (wad).</param>
/// <param name="Tab">DAI to raise (rad).</param>
public readonly record struct ClipperStatus(bool NeedsRedo, UInt256 Price, UInt256 Lot, UInt256 Tab);

/// <summary>An auction started (dss <c>Kick</c> event).</summary>
/// <param name="Id">The new auction id.</param>
/// <param name="Top">Starting price, <c>rmul(feedPrice, buf)</c> (ray).</param>
/// <param name="Tab">DAI to raise (rad).</param>
/// <param name="Lot">Collateral for sale (wad).</param>
/// <param name="Usr">The liquidated vault.</param>
/// <param name="Kpr">The keeper paid the incentive.</param>
/// <param name="Coin">Keeper incentive, <c>tip + wmul(tab, chip)</c> (rad; zero when both are zero), minted by the Vow as bad debt.</param>
/// <param name="Tic">The kick time (seconds).</param>
public sealed record Kicked(ulong Id, UInt256 Top, UInt256 Tab, UInt256 Lot, string Usr, string Kpr, UInt256 Coin, ulong Tic) : IMakerAuctionEvent;

/// <summary>A purchase (dss <c>Take</c> event, plus what the Dog's <c>digs</c> released).</summary>
/// <param name="Id">The auction.</param>
/// <param name="Who">Receives the collateral.</param>
/// <param name="Max">The taker's price limit (ray).</param>
/// <param name="Price">The price paid (ray).</param>
/// <param name="Slice">Collateral bought (wad).</param>
/// <param name="Owe">DAI paid, <c>slice·price</c> or the adjusted amount (rad).</param>
/// <param name="Tab">DAI still to raise after (rad).</param>
/// <param name="Lot">Collateral left in the auction after (wad); zero when the auction ended.</param>
/// <param name="ReturnedToUsr">Collateral returned to the vault because the tab was covered (wad).</param>
/// <param name="Usr">The liquidated vault.</param>
/// <param name="Dug">DAI removed from the Dog's <c>Dirt</c> and ilk <c>dirt</c> (rad): <c>owe</c>, or <c>tab + owe</c> when the lot ran out.</param>
/// <param name="Finished">True when the auction was removed.</param>
/// <param name="Now">The take time (seconds).</param>
public sealed record Taken(
    ulong Id, string Who, UInt256 Max, UInt256 Price, UInt256 Slice, UInt256 Owe, UInt256 Tab, UInt256 Lot,
    UInt256 ReturnedToUsr, string Usr, UInt256 Dug, bool Finished, ulong Now) : IMakerAuctionEvent;

/// <summary>An auction reset (dss <c>Redo</c> event).</summary>
/// <param name="Id">The auction.</param>
/// <param name="Top">The new starting price (ray).</param>
/// <param name="Tab">DAI to raise (rad).</param>
/// <param name="Lot">Collateral for sale (wad).</param>
/// <param name="Usr">The liquidated vault.</param>
/// <param name="Kpr">The keeper.</param>
/// <param name="Coin">Incentive paid (rad): <c>tip + wmul(tab, chip)</c> only when <c>tab ≥ chost</c> and <c>lot·feedPrice ≥ chost</c>.</param>
/// <param name="Tic">The new start time (seconds).</param>
public sealed record Redone(ulong Id, UInt256 Top, UInt256 Tab, UInt256 Lot, string Usr, string Kpr, UInt256 Coin, ulong Tic) : IMakerAuctionEvent;

/// <summary>An auction cancelled by governance (dss <c>Yank</c> event): its tab is dug from the Dog and the lot goes to the caller.</summary>
/// <param name="Id">The auction.</param>
/// <param name="Tab">DAI that was still to raise, removed from <c>Dirt</c> (rad).</param>
/// <param name="Lot">Collateral sent to the caller (wad).</param>
/// <param name="Usr">The liquidated vault.</param>
/// <param name="To">Who received the lot (the caller, e.g. the End).</param>
public sealed record Yanked(ulong Id, UInt256 Tab, UInt256 Lot, string Usr, string To) : IMakerAuctionEvent;

/// <summary>The result of a kick: the new Clipper and event, or the refusal with the Clipper unchanged.</summary>
/// <param name="Clipper">The Clipper after.</param>
/// <param name="Event">What happened; null when refused.</param>
/// <param name="Refusal">Why refused, or <see cref="MakerRefusal.None"/>.</param>
public sealed record KickResult(Clipper Clipper, Kicked? Event, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>The result of a take: the new Clipper and Dog and event, or the refusal with both unchanged.</summary>
/// <param name="Clipper">The Clipper after.</param>
/// <param name="Dog">The Dog after (its <c>Dirt</c>/<c>dirt</c> dug).</param>
/// <param name="Event">What happened; null when refused.</param>
/// <param name="Refusal">Why refused, or <see cref="MakerRefusal.None"/>.</param>
public sealed record TakeResult(Clipper Clipper, Dog Dog, Taken? Event, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>The result of a redo: the new Clipper and event, or the refusal with the Clipper unchanged.</summary>
/// <param name="Clipper">The Clipper after.</param>
/// <param name="Event">What happened; null when refused.</param>
/// <param name="Refusal">Why refused, or <see cref="MakerRefusal.None"/>.</param>
public sealed record RedoResult(Clipper Clipper, Redone? Event, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>The result of a yank.</summary>
/// <param name="Clipper">The Clipper after.</param>
/// <param name="Dog">The Dog after.</param>
/// <param name="Event">What happened.</param>
public sealed record YankResult(Clipper Clipper, Dog Dog, Yanked Event);
