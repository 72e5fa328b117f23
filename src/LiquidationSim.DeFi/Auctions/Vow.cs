using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// The parts of MakerDAO's <c>Vow</c> that liquidations touch (makerdao/dss commit fa4f663, <c>src/vow.sol</c>): the
/// bad-debt queue that <c>Dog.bark</c> feeds with <c>fess</c>, <c>flog</c> to release a queue entry after
/// <see cref="Wait"/>, and <c>heal</c> to cancel the Vow's DAI (what auctions raised) against its unqueued bad debt.
/// </summary>
/// <remarks>
/// The Vow's balances live in the <see cref="Vat"/> under <see cref="Address"/>: <c>sin[vow]</c> is all its bad debt
/// (each bark's <c>due</c> and each incentive paid), <c>dai[vow]</c> what takes paid in. <see cref="Sin"/> is the part
/// still queued. Flop and flap auctions are not modelled, so <see cref="Ash"/> (debt on flop auction) stays zero and
/// <c>kiss</c> is absent. Immutable; thread safe.
/// </remarks>
public sealed record Vow
{
    /// <summary>Creates a Vow with an empty queue.</summary>
    /// <param name="address">Its address in the Vat, not empty.</param>
    /// <param name="wait">Seconds a queue entry stays before <c>flog</c> may release it.</param>
    /// <exception cref="ArgumentException"><paramref name="address"/> is empty.</exception>
    public Vow(string address, ulong wait)
    {
        if (string.IsNullOrEmpty(address))
        {
            ThrowHelper.Argument(nameof(address), address, "must be a non-empty address");
        }

        Address = address;
        Wait = wait;
        Queue = ImmutableSortedDictionary<ulong, UInt256>.Empty;
    }

    /// <summary>The Vow's address in the Vat.</summary>
    public string Address { get; }

    /// <summary>Seconds before a queue entry may be flogged (dss <c>wait</c>).</summary>
    public ulong Wait { get; }

    /// <summary>Bad debt queued, by the time it was fessed (rad); dss <c>sin[era]</c>.</summary>
    public ImmutableSortedDictionary<ulong, UInt256> Queue { get; private init; }

    /// <summary>Total queued bad debt (rad); dss <c>Sin</c>.</summary>
    public UInt256 Sin { get; private init; }

    /// <summary>Bad debt on flop auction (rad); dss <c>Ash</c>. Always zero here.</summary>
    public UInt256 Ash { get; private init; }

    /// <summary><c>fess</c>: queues <paramref name="tab"/> of bad debt at <paramref name="now"/>.</summary>
    /// <param name="tab">The debt (rad).</param>
    /// <param name="now">The time (seconds).</param>
    /// <returns>The new Vow.</returns>
    public Vow Fess(UInt256 tab, ulong now)
    {
        UInt256 at = Queue.TryGetValue(now, out UInt256 existing) ? existing : UInt256.Zero;
        return this with { Queue = Queue.SetItem(now, at + tab), Sin = Sin + tab };
    }

    /// <summary><c>flog</c>: releases the queue entry of <paramref name="era"/> once <c>era + wait ≤ now</c>.</summary>
    /// <param name="era">The entry's time.</param>
    /// <param name="now">The time (seconds).</param>
    /// <returns>The new Vow and the amount released (rad), or <see cref="MakerRefusal.WaitNotFinished"/> with this Vow.</returns>
    /// <exception cref="OverflowException"><c>era + wait</c> overflows (the contract's <c>add</c> reverts).</exception>
    public (Vow Vow, UInt256 Released, MakerRefusal Refusal) Flog(ulong era, ulong now)
    {
        if (checked(era + Wait) > now)
        {
            return (this, UInt256.Zero, MakerRefusal.WaitNotFinished);
        }

        UInt256 released = Queue.TryGetValue(era, out UInt256 q) ? q : UInt256.Zero;
        return (this with { Queue = Queue.Remove(era), Sin = Sin - released }, released, MakerRefusal.None);
    }

    /// <summary>
    /// <c>heal</c>: cancels <paramref name="rad"/> of the Vow's DAI against as much of its bad debt; needs
    /// <c>rad ≤ dai[vow]</c> (<c>Vow/insufficient-surplus</c>) and <c>rad ≤ sin[vow] − Sin − Ash</c>
    /// (<c>Vow/insufficient-debt</c>: queued debt cannot be healed until flogged).
    /// </summary>
    /// <param name="vat">The Vat holding the Vow's balances.</param>
    /// <param name="rad">The amount (rad).</param>
    /// <returns>The new Vat, or the refusal with <paramref name="vat"/> unchanged.</returns>
    /// <exception cref="OverflowException"><c>Sin + Ash</c> exceeds <c>sin[vow]</c> (the contract's <c>sub</c> reverts; cannot happen when every fess has its grab).</exception>
    public VatResult Heal(Vat vat, UInt256 rad)
    {
        ArgumentNullException.ThrowIfNull(vat);
        if (rad > vat.DaiOf(Address))
        {
            return new VatResult(vat, MakerRefusal.InsufficientSurplus);
        }

        if (rad > vat.SinOf(Address) - Sin - Ash)
        {
            return new VatResult(vat, MakerRefusal.InsufficientDebt);
        }

        return new VatResult(vat.Heal(Address, rad), MakerRefusal.None);
    }
}
