using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>The Clipper's side of a replayed log: each logged event applied as the transition that made it left the Clipper.</summary>
public sealed partial record Clipper
{
    /// <summary>Applies a <see cref="Kicked"/>: the auction with the event's tab, lot, vault, time and top, last in <see cref="Active"/>.</summary>
    internal Clipper ApplyKick(Kicked e)
    {
        if (e.Id != checked(Kicks + 1))
        {
            ThrowHelper.Argument("events", e.Id, "must kick auctions in id order 1, 2, 3, …");
        }

        var sale = new ClipperSale(e.Id, e.Tab, e.Lot, e.Usr, e.Tic, e.Top) { Pos = (ulong)Active.Count };
        return this with { Kicks = e.Id, Sales = Sales.Add(e.Id, sale), Active = Active.Add(e.Id) };
    }

    /// <summary>Applies a <see cref="Redone"/>: the auction restarts at the event's time and top.</summary>
    internal Clipper ApplyRedo(Redone e)
    {
        ClipperSale sale = Running(e.Id);
        return this with { Sales = Sales.SetItem(e.Id, sale with { Tic = e.Tic, Top = e.Top }) };
    }

    /// <summary>
    /// Applies a <see cref="Taken"/>: the auction keeps the event's tab and lot, or leaves <see cref="Active"/> by
    /// swap-and-pop when finished. The lot before must be the slice plus the lot after plus what went back to the vault.
    /// </summary>
    internal Clipper ApplyTake(Taken e)
    {
        ClipperSale sale = Running(e.Id);
        if (sale.Lot != e.Slice + e.Lot + e.ReturnedToUsr || sale.Tab < e.Owe)
        {
            ThrowHelper.Argument("events", e.Id, "must take from the auction's lot and tab at that point");
        }

        return e.Finished ? Removed(e.Id) : this with { Sales = Sales.SetItem(e.Id, sale with { Tab = e.Tab, Lot = e.Lot }) };
    }

    private ClipperSale Running(ulong id)
    {
        if (!Sales.TryGetValue(id, out ClipperSale sale))
        {
            ThrowHelper.Argument("events", id, "must name a running auction");
        }

        return sale;
    }
}
