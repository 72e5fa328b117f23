using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// Why a Dog or Clipper call was refused: one value per dss <c>require</c> that a simulation can reach with valid
/// arguments (makerdao/dss commit fa4f663, <c>dog.sol</c> and <c>clip.sol</c>). A refused call returns the input state
/// unchanged and no event; arguments that no valid call could have (an unknown auction id, a zero amount, an empty
/// address) throw <see cref="ArgumentException"/> instead.
/// </summary>
public enum MakerRefusal
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary><c>Dog/not-unsafe</c>: <c>spot</c> is zero or <c>ink·spot ≥ art·rate</c>.</summary>
    NotUnsafe,

    /// <summary><c>Dog/liquidation-limit-hit</c>: <c>Hole ≤ Dirt</c> or the ilk's <c>hole ≤ dirt</c>.</summary>
    LiquidationLimitHit,

    /// <summary><c>Dog/dusty-auction-from-partial-liquidation</c>: the partial debt taken would be below <c>dust</c>.</summary>
    DustyAuctionFromPartialLiquidation,

    /// <summary><c>Dog/null-auction</c>: the collateral to auction rounds to zero.</summary>
    NullAuction,

    /// <summary><c>Clipper/stopped-incorrect</c>: the circuit breaker level forbids this call.</summary>
    Stopped,

    /// <summary><c>Clipper/zero-top-price</c>: <c>rmul(feedPrice, buf)</c> is zero.</summary>
    ZeroTopPrice,

    /// <summary><c>Clipper/needs-reset</c>: the auction is too old or its price fell below <c>cusp·top</c>; call redo.</summary>
    NeedsReset,

    /// <summary><c>Clipper/too-expensive</c>: the current price is above the taker's <c>max</c>.</summary>
    TooExpensive,

    /// <summary><c>Clipper/no-partial-purchase</c>: the tab is already at or below <c>chost</c>, so only the whole lot may be bought.</summary>
    NoPartialPurchase,

    /// <summary><c>Clipper/cannot-reset</c>: redo of an auction that does not need it.</summary>
    CannotReset,

    /// <summary>
    /// The payer's Vat <c>dai</c> is below the amount moved (<c>vat.move</c>'s checked subtraction; dss
    /// <c>vat.sol</c> reverts with no message, dss <c>clip.t.sol</c> <c>testFail_not_enough_dai</c>).
    /// </summary>
    NotEnoughDai,

    /// <summary>The source's Vat <c>gem</c> is below the amount moved (<c>vat.flux</c>'s checked subtraction, no revert message).</summary>
    NotEnoughGem,

    /// <summary><c>Vow/wait-not-finished</c>: <c>flog</c> of a queue entry younger than <c>wait</c>.</summary>
    WaitNotFinished,

    /// <summary><c>Vow/insufficient-surplus</c>: <c>heal</c> of more than the Vow's Vat <c>dai</c>.</summary>
    InsufficientSurplus,

    /// <summary><c>Vow/insufficient-debt</c>: <c>heal</c> of more than the Vow's unqueued bad debt, <c>sin − Sin − Ash</c>.</summary>
    InsufficientDebt,
}

/// <summary>A Vat urn: its owner and its locked collateral and normalised debt.</summary>
/// <param name="Owner">The urn address (receives any collateral left when an auction's tab is covered).</param>
/// <param name="Ink">Locked collateral (wad).</param>
/// <param name="Art">Normalised debt (wad); the debt in DAI is <c>art·rate</c> (rad).</param>
public readonly record struct MakerVault(string Owner, UInt256 Ink, UInt256 Art);

/// <summary>The Vat's per-ilk numbers that <c>Dog.bark</c> reads.</summary>
/// <param name="Rate">Accumulated stability fee (ray); debt = <c>art·rate</c>.</param>
/// <param name="Spot">Collateral price divided by the liquidation ratio (ray), as the Spotter pokes it.</param>
/// <param name="Dust">Minimum debt of a vault (rad).</param>
public readonly record struct VatIlk(UInt256 Rate, UInt256 Spot, UInt256 Dust);

/// <summary>
/// The Clipper's circuit breaker (dss <c>clip.sol</c> <c>stopped</c>, set with <c>file("stopped", n)</c>, commit
/// fa4f663): each level adds a call that reverts with <c>Clipper/stopped-incorrect</c>. The numeric values are the
/// contract's.
/// </summary>
public enum ClipperBreaker
{
    /// <summary>0: every call allowed.</summary>
    None = 0,

    /// <summary>1: no new <c>kick</c>.</summary>
    NoKick = 1,

    /// <summary>2: no new <c>kick</c> or <c>redo</c>.</summary>
    NoKickOrRedo = 2,

    /// <summary>3: no new <c>kick</c>, <c>redo</c> or <c>take</c>.</summary>
    NoKickRedoOrTake = 3,
}
