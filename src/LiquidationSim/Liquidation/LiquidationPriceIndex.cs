using LiquidationSim.Accounts;
using LiquidationSim.Margin;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Detection: every isolated position, and every cross account per symbol, indexed by its liquidation price in
/// two sorted sets per symbol (<see cref="SortedIndexEntries"/>; longs by price descending, shorts ascending, ties by account id), so a tick reads
/// only the entries it crosses.
/// </summary>
/// <remarks>
/// Isolated prices change only with their own position's events; cross accounts that hold several symbols are
/// kept in a per-symbol set and re-indexed when any of their symbols ticks (see <see cref="EngineState.Apply"/>).
/// Positions liquidatable at any price are stored at a sentinel (<see cref="decimal.MaxValue"/> for longs, 0 for
/// shorts) so they come first. The vault is never indexed. Not thread-safe.
/// </remarks>
internal sealed class LiquidationPriceIndex
{
    private static readonly IComparer<IndexEntry> s_longOrder = new EntryOrder(descending: true);
    private static readonly IComparer<IndexEntry> s_shortOrder = new EntryOrder(descending: false);

    /// <summary>The order of a side's entries: longs from the highest liquidation price, shorts from the lowest, then account id.</summary>
    internal static IComparer<IndexEntry> OrderOf(PositionSide side) => side == PositionSide.Long ? s_longOrder : s_shortOrder;

    private readonly EngineState _state;
    private readonly Dictionary<string, SymbolEntries> _bySymbol = new(StringComparer.Ordinal);
    // Each account's current entries by slot: the first inline (most accounts have one), the rest in a side table.
    private readonly (string? Symbol, IndexEntry Entry)[] _first;
    private readonly Dictionary<int, List<(string Symbol, IndexEntry Entry)>> _more = [];
    private readonly Dictionary<string, SortedSet<AccountId>> _multiSymbolCross = new(StringComparer.Ordinal);
    private readonly HashSet<AccountId> _multiAccounts = [];
    private readonly HashSet<AccountId> _dirty = [];
    private readonly List<(string Symbol, IndexEntry Entry)> _scratch = [];
    private readonly List<string> _crossSymbols = [];

    public LiquidationPriceIndex(EngineState state)
    {
        _state = state;
        _first = new (string? Symbol, IndexEntry Entry)[state.Accounts.Count];
        foreach (string symbol in state.Instruments.Keys)
        {
            _bySymbol[symbol] = new SymbolEntries(new SortedIndexEntries(s_longOrder), new SortedIndexEntries(s_shortOrder));
        }
    }

    /// <summary>An independent copy for <paramref name="state"/>, which must hold the same accounts and marks as this index's.</summary>
    public LiquidationPriceIndex Clone(EngineState state)
    {
        Flush();
        var copy = new LiquidationPriceIndex(state);
        foreach ((string symbol, SymbolEntries entries) in _bySymbol)
        {
            copy._bySymbol[symbol] = new SymbolEntries(entries.Longs.Clone(), entries.Shorts.Clone());
        }

        Array.Copy(_first, copy._first, _first.Length);
        foreach ((int slot, List<(string Symbol, IndexEntry Entry)> more) in _more)
        {
            copy._more.Add(slot, [.. more]);
        }

        foreach ((string symbol, SortedSet<AccountId> multi) in _multiSymbolCross)
        {
            copy._multiSymbolCross.Add(symbol, new SortedSet<AccountId>(multi));
        }

        copy._multiAccounts.UnionWith(_multiAccounts);
        return copy;
    }

    /// <summary>Cross accounts holding several symbols, one of them <paramref name="symbol"/>, or null.</summary>
    public SortedSet<AccountId>? MultiSymbolCross(string symbol)
    {
        Flush();
        return _multiSymbolCross.GetValueOrDefault(symbol);
    }

    /// <summary>
    /// Whether a tick at <paramref name="triggerPrice"/> could liquidate anyone in <paramref name="symbol"/>: an
    /// entry it crosses, or a cross account in several symbols, which every tick checks as a whole. O(log n); a
    /// false answer is exact.
    /// </summary>
    public bool MayLiquidate(string symbol, decimal triggerPrice)
    {
        Flush();
        if (_multiSymbolCross.TryGetValue(symbol, out SortedSet<AccountId>? multi) && multi.Count > 0)
        {
            return true;
        }

        SymbolEntries si = _bySymbol[symbol];
        return (si.Longs.Count > 0 && si.Longs.Min.Price >= triggerPrice) || (si.Shorts.Count > 0 && si.Shorts.Min.Price <= triggerPrice);
    }

    /// <summary>Fills <paramref name="crossed"/> with the entries a trigger price crosses: longs first, then shorts, each nearest first.</summary>
    public void Crossed(string symbol, decimal trigger, List<IndexEntry> crossed)
    {
        Flush();
        crossed.Clear();
        SymbolEntries index = _bySymbol[symbol];
        foreach (IndexEntry e in index.Longs)
        {
            if (e.Price < trigger)
            {
                break;
            }

            crossed.Add(e);
        }

        foreach (IndexEntry e in index.Shorts)
        {
            if (e.Price > trigger)
            {
                break;
            }

            crossed.Add(e);
        }
    }

    /// <summary>
    /// Builds the index for every account at once (the engine's start): entries are computed first and each set is
    /// built from its sorted entries, instead of a million rebalancing inserts.
    /// </summary>
    public void Build()
    {
        AccountStore accounts = _state.Accounts;

        // Holder counts size the lists (an exact fit for isolated and one-way cross accounts).
        var bySymbol = _bySymbol.Keys.ToDictionary(
            s => s,
            s => (Longs: new List<IndexEntry>(accounts.Holders(s, PositionSide.Long)?.Count ?? 0), Shorts: new List<IndexEntry>(accounts.Holders(s, PositionSide.Short)?.Count ?? 0)),
            StringComparer.Ordinal);
        for (int slot = 0; slot < accounts.Count; slot++)
        {
            AccountId id = accounts.Ids[slot];
            if (id == _state.Vault)
            {
                continue;
            }

            List<(string Symbol, IndexEntry Entry)>? entries = _scratch;
            entries.Clear();
            List<string> crossSymbols = Compute(id, accounts[slot], ref entries);
            UpdateMulti(id, crossSymbols);
            Store(slot, _scratch);
            foreach ((string symbol, IndexEntry entry) in _scratch)
            {
                (entry.Side == PositionSide.Long ? bySymbol[symbol].Longs : bySymbol[symbol].Shorts).Add(entry);
            }
        }

        foreach ((string symbol, (List<IndexEntry> longs, List<IndexEntry> shorts)) in bySymbol)
        {
            _bySymbol[symbol] = new SymbolEntries(SortedIndexEntries.Build(s_longOrder, longs), SortedIndexEntries.Build(s_shortOrder, shorts));
        }
    }

    /// <summary>
    /// Notes that an account changed; its entries are recomputed once, before the index is next read
    /// (<see cref="Flush"/>). An account touched by several events of one liquidation is re-indexed once.
    /// </summary>
    public void MarkDirty(AccountId id) => _dirty.Add(id);

    /// <summary>Re-indexes every account changed since the last flush. Every read of the index flushes first.</summary>
    public void Flush()
    {
        if (_dirty.Count == 0)
        {
            return;
        }

        // The order does not matter: each account's entries depend only on its own state and the marks.
        foreach (AccountId id in _dirty)
        {
            Reindex(id);
        }

        _dirty.Clear();
    }

    /// <summary>Recomputes every account's entries (after a rollback, which is rare).</summary>
    public void RebuildAll()
    {
        _dirty.Clear();
        foreach (AccountId id in _state.Accounts.Ids)
        {
            Reindex(id);
        }
    }

    /// <summary>Recomputes an account's entries from its current state and the current marks.</summary>
    private void Reindex(AccountId id)
    {
        int slot = _state.Accounts.SlotOf(id);
        List<(string Symbol, IndexEntry Entry)> entries = _scratch;
        entries.Clear();
        List<(string Symbol, IndexEntry Entry)>? filled = entries;
        List<string> crossSymbols = _crossSymbols;
        if (id == _state.Vault)
        {
            crossSymbols.Clear();
        }
        else
        {
            _ = Compute(id, _state.Accounts[slot], ref filled);
        }

        UpdateMulti(id, crossSymbols);

        // Most changes (a fee, a draw, a partial ADL fill at an unchanged liquidation price) leave the entries as they
        // were: then the sorted sets are not touched at all.
        if (SameAsStored(slot, entries))
        {
            return;
        }

        if (_first[slot].Symbol is string firstSymbol)
        {
            Remove(firstSymbol, _first[slot].Entry);
            if (_more.Remove(slot, out List<(string Symbol, IndexEntry Entry)>? more))
            {
                foreach ((string symbol, IndexEntry entry) in more)
                {
                    Remove(symbol, entry);
                }
            }
        }

        Store(slot, entries);
        foreach ((string symbol, IndexEntry entry) in entries)
        {
            SymbolEntries si = _bySymbol[symbol];
            _ = entry.Side == PositionSide.Long ? si.Longs.Add(entry) : si.Shorts.Add(entry);
        }
    }

    private void Remove(string symbol, IndexEntry entry)
    {
        SymbolEntries si = _bySymbol[symbol];
        _ = entry.Side == PositionSide.Long ? si.Longs.Remove(entry) : si.Shorts.Remove(entry);
    }

    /// <summary>Records a slot's entries (copied): the first inline, any others in the side table.</summary>
    private void Store(int slot, List<(string Symbol, IndexEntry Entry)> entries)
    {
        _first[slot] = entries.Count > 0 ? entries[0] : default;
        if (entries.Count > 1)
        {
            _more[slot] = entries.GetRange(1, entries.Count - 1);
        }
        else
        {
            _more.Remove(slot);
        }
    }

    private bool SameAsStored(int slot, List<(string Symbol, IndexEntry Entry)> entries)
    {
        (string? firstSymbol, IndexEntry firstEntry) = _first[slot];
        if (firstSymbol is null)
        {
            return entries.Count == 0;
        }

        List<(string Symbol, IndexEntry Entry)>? more = _more.GetValueOrDefault(slot);
        if (entries.Count != 1 + (more?.Count ?? 0) || !Same(firstSymbol, firstEntry, entries[0]))
        {
            return false;
        }

        for (int i = 1; i < entries.Count; i++)
        {
            if (!Same(more![i - 1].Symbol, more[i - 1].Entry, entries[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(string symbol, IndexEntry x, (string Symbol, IndexEntry Entry) b)
    {
        IndexEntry y = b.Entry;

        // Equal prices of different scales sort alike, but the stored entry is what the sets hold: keep it exact.
        return symbol == b.Symbol && x.Account == y.Account && x.Side == y.Side && x.Cross == y.Cross && x.Price == y.Price && x.Price.Scale == y.Price.Scale;
    }

    /// <summary>
    /// The entries of an account (into <paramref name="entries"/>, created if null) and the symbols it holds under
    /// cross margin, distinct and in ordinal order (a buffer reused by the next call).
    /// </summary>
    private List<string> Compute(AccountId id, Account a, ref List<(string Symbol, IndexEntry Entry)>? entries)
    {
        MarginModel model = _state.Profile.MarginModel;
        List<string> crossSymbols = _crossSymbols;
        crossSymbols.Clear();
        foreach (Position p in a.Positions)
        {
            if (p.MarginMode == MarginMode.Cross)
            {
                if (!crossSymbols.Contains(p.Symbol))
                {
                    crossSymbols.Add(p.Symbol);
                }

                continue;
            }

            LiquidationEstimate e = LiquidationPriceSolver.IsolatedUnchecked(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, model);
            AddEntry(ref entries, p.Symbol, e, p.Side, id, cross: false);
        }

        if (crossSymbols.Count > 1)
        {
            crossSymbols.Sort(StringComparer.Ordinal);
        }

        foreach (string symbol in crossSymbols)
        {
            Position leg = CrossLegIn(a, symbol)!;
            LiquidationEstimate e = LiquidationPriceSolver.ForPosition(a, leg, _state.Marks, model);
            if (e.Exposure is PositionSide side)
            {
                AddEntry(ref entries, symbol, e, side, id, cross: true);
            }
        }

        return crossSymbols;
    }

    /// <summary>Cross accounts in several symbols are re-indexed whenever any of their symbols ticks: keep their sets.</summary>
    private void UpdateMulti(AccountId id, List<string> crossSymbols)
    {
        bool multi = crossSymbols.Count > 1;
        if (multi || _multiAccounts.Contains(id))
        {
            foreach (string symbol in _state.Instruments.Keys)
            {
                if (multi && crossSymbols.Contains(symbol))
                {
                    GetMulti(symbol).Add(id);
                }
                else if (_multiSymbolCross.TryGetValue(symbol, out SortedSet<AccountId>? set))
                {
                    set.Remove(id);
                }
            }

            _ = multi ? _multiAccounts.Add(id) : _multiAccounts.Remove(id);
        }
    }

    /// <summary>The cross position an account holds in a symbol (the first, in hedge mode), or null.</summary>
    public static Position? CrossLegIn(Account account, string symbol)
    {
        foreach (Position p in account.Positions)
        {
            if (p.Symbol == symbol && p.MarginMode == MarginMode.Cross)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>
    /// Every indexed position of a symbol with its distance to liquidation at <paramref name="mark"/>, nearest
    /// first (see <see cref="LiquidationEngine.NearestToLiquidation"/>). Lazy over the live index.
    /// </summary>
    public IEnumerable<LiquidationDistance> NearestFirst(string symbol, decimal mark)
    {
        Flush();
        SymbolEntries si = _bySymbol[symbol];
        return Merge(
            Merge(Entries(symbol, si.Longs, mark, anyPrice: true), Entries(symbol, si.Longs, mark, anyPrice: false)),
            Merge(Entries(symbol, si.Shorts, mark, anyPrice: true), Entries(symbol, si.Shorts, mark, anyPrice: false)));
    }

    /// <summary>A distance to liquidation at a mark, in price and as a fraction of the mark.</summary>
    public static LiquidationDistance Distance(AccountId id, string symbol, PositionSide side, bool cross, decimal mark, decimal liquidationPrice)
    {
        decimal distance = side == PositionSide.Long ? mark - liquidationPrice : liquidationPrice - mark;
        return new LiquidationDistance(id, symbol, side, cross, mark, liquidationPrice, distance, distance / mark);
    }

    private SortedSet<AccountId> GetMulti(string symbol)
    {
        if (!_multiSymbolCross.TryGetValue(symbol, out SortedSet<AccountId>? set))
        {
            set = [];
            _multiSymbolCross[symbol] = set;
        }

        return set;
    }

    private static void AddEntry(ref List<(string Symbol, IndexEntry Entry)>? entries, string symbol, LiquidationEstimate e, PositionSide side, AccountId id, bool cross)
    {
        decimal? key = e.Status switch
        {
            LiquidationPriceStatus.Exists => e.LiquidationPrice,
            LiquidationPriceStatus.AtAnyPrice => side == PositionSide.Long ? decimal.MaxValue : 0m,
            _ => null,
        };
        if (key is not decimal price)
        {
            return;
        }

        (entries ??= new List<(string Symbol, IndexEntry Entry)>(2)).Add((symbol, new IndexEntry(price, id, side, cross)));
    }

    /// <summary>
    /// One side's entries in set order: those liquidatable at any price (stored first at the sentinel; all at
    /// distance 0, by account), or the others (by liquidation price, which on one side is by distance).
    /// </summary>
    private static IEnumerable<LiquidationDistance> Entries(string symbol, SortedIndexEntries set, decimal mark, bool anyPrice)
    {
        foreach (IndexEntry e in set)
        {
            bool sentinel = e.Side == PositionSide.Long ? e.Price == decimal.MaxValue : e.Price == 0m;
            if (sentinel != anyPrice)
            {
                if (anyPrice)
                {
                    yield break;
                }

                continue;
            }

            yield return Distance(e.Account, symbol, e.Side, e.Cross, mark, anyPrice ? mark : e.Price);
        }
    }

    private static IEnumerable<LiquidationDistance> Merge(IEnumerable<LiquidationDistance> first, IEnumerable<LiquidationDistance> second)
    {
        using IEnumerator<LiquidationDistance> a = first.GetEnumerator();
        using IEnumerator<LiquidationDistance> b = second.GetEnumerator();
        bool hasA = a.MoveNext(), hasB = b.MoveNext();
        while (hasA && hasB)
        {
            if (NearerFirst(a.Current, b.Current) <= 0)
            {
                yield return a.Current;
                hasA = a.MoveNext();
            }
            else
            {
                yield return b.Current;
                hasB = b.MoveNext();
            }
        }

        for (; hasA; hasA = a.MoveNext())
        {
            yield return a.Current;
        }

        for (; hasB; hasB = b.MoveNext())
        {
            yield return b.Current;
        }
    }

    /// <summary>By percent distance, then account id, then long before short.</summary>
    private static int NearerFirst(LiquidationDistance x, LiquidationDistance y)
    {
        int c = x.PercentDistance.CompareTo(y.PercentDistance);
        if (c == 0)
        {
            c = x.Account.CompareTo(y.Account);
        }

        return c != 0 ? c : (x.Side == PositionSide.Long ? 0 : 1) - (y.Side == PositionSide.Long ? 0 : 1);
    }

    /// <summary>Index order: by liquidation price (longs from the highest, shorts from the lowest), then account id.</summary>
    private sealed class EntryOrder(bool descending) : IComparer<IndexEntry>
    {
        public int Compare(IndexEntry a, IndexEntry b)
        {
            int c = descending ? b.Price.CompareTo(a.Price) : a.Price.CompareTo(b.Price);
            return c != 0 ? c : a.Account.CompareTo(b.Account);
        }
    }

    private sealed record SymbolEntries(SortedIndexEntries Longs, SortedIndexEntries Shorts);
}

/// <summary>One entry of the liquidation-price index: an isolated position, or a cross account's exposure in a symbol.</summary>
/// <param name="Price">Liquidation price (or the at-any-price sentinel).</param>
/// <param name="Account">Account.</param>
/// <param name="Side">Side of the position, or of the cross exposure.</param>
/// <param name="Cross">True for a cross account's entry.</param>
internal readonly record struct IndexEntry(decimal Price, AccountId Account, PositionSide Side, bool Cross);
