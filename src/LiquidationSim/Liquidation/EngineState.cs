using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The engine's mutable state and the one way it changes: <see cref="Apply"/>, live and in replay. Accounts,
/// books, marks, the insurance fund, bad debt, open interest, cooldowns, the clock and the log; every change made
/// after <see cref="Begin"/> can be undone by <see cref="Rollback"/>.
/// </summary>
/// <remarks>Not thread-safe: one state per engine.</remarks>
internal sealed class EngineState
{
    private readonly Dictionary<string, OrderBook> _undoBooks = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, DateTimeOffset?> _undoCooldowns = [];
    private readonly Dictionary<string, (decimal Long, decimal Short)> _undoOpenInterest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (decimal Long, decimal Short)> _openInterest = new(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<string, ImmutableArray<AccountId>> NoMakers =
        new Dictionary<string, ImmutableArray<AccountId>>(StringComparer.Ordinal);

    private Checkpoint _checkpoint;

    public EngineState(
        VenueProfile profile,
        Dictionary<string, Instrument> instruments,
        IReadOnlyDictionary<AccountId, Account> accounts,
        Dictionary<string, OrderBook> books,
        Dictionary<string, decimal> marks,
        AccountId vault,
        decimal insuranceFund,
        DateTimeOffset time,
        bool retainLog,
        IReadOnlyDictionary<string, ImmutableArray<AccountId>>? makers = null)
    {
        Profile = profile;
        Makers = makers ?? NoMakers;
        Instruments = instruments;
        Books = books;
        Marks = marks;
        Vault = vault;
        InsuranceFund = insuranceFund;
        Time = time;
        RetainLog = retainLog;
        Accounts = new AccountStore(accounts);
        Index = new LiquidationPriceIndex(this);
        foreach (string symbol in instruments.Keys)
        {
            _openInterest[symbol] = (0m, 0m);
        }

        Index.Build();
        for (int slot = 0; slot < Accounts.Count; slot++)
        {
            foreach (Position p in Accounts[slot].Positions)
            {
                AddOpenInterest(p.Symbol, p.Side, p.Size);
            }
        }
    }

    /// <summary>
    /// A copy of an engine state that has applied no event yet (a Monte Carlo path starting where every path starts):
    /// the same accounts, books, marks and index, sharing only what never changes.
    /// </summary>
    public EngineState(EngineState start, bool retainLog)
    {
        if (start.Sequence != 0)
        {
            ThrowHelper.InvalidOperation("Only an engine that has applied no event can be copied as a starting state.");
        }

        Profile = start.Profile;
        Makers = start.Makers;
        Instruments = start.Instruments;
        Books = new Dictionary<string, OrderBook>(start.Books, StringComparer.Ordinal);
        Marks = new Dictionary<string, decimal>(start.Marks, StringComparer.Ordinal);
        Vault = start.Vault;
        InsuranceFund = start.InsuranceFund;
        Time = start.Time;
        RetainLog = retainLog;
        Accounts = start.Accounts.Clone();
        Index = start.Index.Clone(this);
        foreach ((string symbol, (decimal Long, decimal Short) oi) in start._openInterest)
        {
            _openInterest[symbol] = oi;
        }
    }

    public VenueProfile Profile { get; }

    /// <summary>
    /// The market makers quoting each symbol's book, in the order they share its levels; a symbol without an entry has
    /// an anonymous book (fills need no counterparty account). Never changes.
    /// </summary>
    public IReadOnlyDictionary<string, ImmutableArray<AccountId>> Makers { get; }

    public Dictionary<string, Instrument> Instruments { get; }

    public AccountStore Accounts { get; }

    public Dictionary<string, OrderBook> Books { get; }

    public Dictionary<string, decimal> Marks { get; }

    public Dictionary<string, decimal> Lasts { get; } = new(StringComparer.Ordinal);

    public Dictionary<AccountId, DateTimeOffset> CooldownUntil { get; } = [];

    public LiquidationPriceIndex Index { get; }

    public AccountId Vault { get; }

    public decimal InsuranceFund { get; private set; }

    public decimal BadDebt { get; private set; }

    public DateTimeOffset Time { get; private set; }

    public long Sequence { get; private set; }

    public List<LiquidationEvent> Log { get; } = [];

    public bool RetainLog { get; }

    /// <summary>
    /// Test seam: called with each event before it is applied; a throw there is a fault in the middle of a call,
    /// which must leave the engine as it was.
    /// </summary>
    internal Action<LiquidationEvent>? BeforeApply { get; set; }

    /// <summary>The sequence number the next event takes.</summary>
    public long NextSequence => Sequence + 1;

    /// <summary>The price liquidation checks run on for a symbol: the last price when the profile says so and one is known, else the mark.</summary>
    public decimal TriggerOf(string symbol) =>
        Profile.TriggerPrice == TriggerPriceSource.Last && Lasts.TryGetValue(symbol, out decimal last) ? last : Marks[symbol];

    /// <summary>Open interest of a symbol: long and short contracts over all accounts, the vault included.</summary>
    public (decimal Long, decimal Short) OpenInterest(string symbol) => _openInterest[symbol];

    /// <summary>Starts an undoable call; <paramref name="symbol"/> is the symbol whose mark and last it may move.</summary>
    /// <returns>The index of the call's first event in <see cref="Log"/>.</returns>
    public int Begin(string? symbol)
    {
        if (!RetainLog)
        {
            Log.Clear();
        }

        _checkpoint = new Checkpoint(
            symbol,
            symbol is null ? 0m : Marks[symbol],
            symbol is not null && Lasts.TryGetValue(symbol, out decimal l) ? l : null,
            Time,
            Sequence,
            InsuranceFund,
            BadDebt,
            Log.Count);
        Accounts.BeginJournal();
        _undoBooks.Clear();
        _undoCooldowns.Clear();
        _undoOpenInterest.Clear();
        return Log.Count;
    }

    /// <summary>Undoes everything since <see cref="Begin"/>, then rebuilds the whole index (a rollback is rare).</summary>
    public void Rollback()
    {
        Checkpoint c = _checkpoint;
        if (c.Symbol is string symbol)
        {
            Marks[symbol] = c.Mark;
            if (c.Last is decimal last)
            {
                Lasts[symbol] = last;
            }
            else
            {
                Lasts.Remove(symbol);
            }
        }

        foreach ((string oiSymbol, (decimal Long, decimal Short) oi) in _undoOpenInterest)
        {
            _openInterest[oiSymbol] = oi;
        }

        (Time, Sequence, InsuranceFund, BadDebt) = (c.Time, c.Sequence, c.Fund, c.BadDebt);
        foreach ((string bookSymbol, OrderBook book) in _undoBooks)
        {
            Books[bookSymbol] = book;
        }

        foreach ((AccountId id, DateTimeOffset? until) in _undoCooldowns)
        {
            if (until is DateTimeOffset u)
            {
                CooldownUntil[id] = u;
            }
            else
            {
                CooldownUntil.Remove(id);
            }
        }

        Accounts.Rollback();
        Log.RemoveRange(c.LogCount, Log.Count - c.LogCount);
        Index.RebuildAll();
    }

    /// <summary>Forgets the undo journal (after a replay, which nothing will roll back).</summary>
    public void EndJournal()
    {
        Accounts.BeginJournal();
        _undoBooks.Clear();
        _undoCooldowns.Clear();
        _undoOpenInterest.Clear();
    }

    /// <summary>Applies an event to the state and appends it to the log: the only way the state changes.</summary>
    public void Apply(LiquidationEvent e)
    {
        BeforeApply?.Invoke(e);
        switch (e)
        {
            case PriceTicked t:
                Marks[t.Symbol] = t.MarkPrice;
                if (t.LastPrice is decimal last)
                {
                    Lasts[t.Symbol] = last;
                }

                Time = t.Time;

                // Cross accounts in several symbols are valued at every mark they hold: re-index them here, so that
                // replay rebuilds the same index.
                if (Index.MultiSymbolCross(t.Symbol) is SortedSet<AccountId> multi)
                {
                    foreach (AccountId id in multi)
                    {
                        Index.MarkDirty(id);
                    }
                }

                break;
            case FundingRound f:
                Time = f.Time;
                break;
            case FundingPaid f:
                {
                    Account a = Accounts[f.Account];
                    Position p = Held(a, f.Symbol, f.Side)!;
                    SetAccount(f.Account, a.CreditPosition(p, f.Amount));
                    break;
                }

            case OrderCancelled c:
                // The reserved margin returns to the wallet, which moves the account's cross liquidation prices.
                SetAccount(c.Account, Accounts[c.Account].CancelOrder(c.Order.Id));
                break;
            case LiquidationOrderPlaced o:
                if (o.IsSlice && Profile.Policy is HyperliquidSlicesPolicy slices)
                {
                    _undoCooldowns.TryAdd(o.Account, CooldownUntil.TryGetValue(o.Account, out DateTimeOffset until) ? until : null);
                    CooldownUntil[o.Account] = o.Time + slices.Rules.Cooldown;
                }

                break;
            case PositionClosed c:
                {
                    Account a = Accounts[c.Account];
                    Position p = Held(a, c.Symbol, c.Side)!;
                    (Account after, decimal realized, decimal released) = a.LiquidationClose(p, c.Size, c.Price);
                    if (realized != c.RealizedPnl || released != c.ReleasedMargin)
                    {
                        Mismatch(c);
                    }

                    Accounts.Set(c.Account, after);
                    AddOpenInterest(c.Symbol, c.Side, -c.Size);
                    if (c.ConsumesBook)
                    {
                        ConsumeBook(c.Symbol, c.Side, c.Size, c.Price);
                    }

                    Index.MarkDirty(c.Account);
                    break;
                }

            case CollateralTransfer t:
                {
                    Account a = Accounts[t.Account];
                    Position? p = Held(a, t.Symbol, t.Side);
                    Account after = p is { MarginMode: MarginMode.Isolated } ? a.CreditPosition(p, -t.Amount) : a.WithWalletDelta(-t.Amount);
                    InsuranceFund += t.Amount;
                    SetAccount(t.Account, after);
                    break;
                }

            case InsuranceFundTrade f:
                if (f.Kind == FillKind.Book)
                {
                    ConsumeBook(f.Symbol, f.PositionSide, f.Size, f.Price);
                }

                if (InsuranceFund + f.Pnl < 0m)
                {
                    BadDebt += -(InsuranceFund + f.Pnl);
                    InsuranceFund = 0m;
                }
                else
                {
                    InsuranceFund += f.Pnl;
                }

                break;
            case BadDebtRecorded b:
                {
                    Account a = Accounts[b.Account];
                    Position? p = Held(a, b.Symbol, b.Side);
                    Account after = p is { MarginMode: MarginMode.Isolated } ? a.CreditPosition(p, b.Amount) : a.WithWalletDelta(b.Amount);
                    BadDebt += b.Amount;
                    SetAccount(b.Account, after);
                    break;
                }

            case BackstopTransfer t:
                {
                    Position p = Held(Accounts[t.Account], t.Symbol, t.Side)!;
                    Account from = Accounts[t.Account].WithoutPosition(p);
                    if (p.MarginMode == MarginMode.Cross)
                    {
                        from = from.WithWalletDelta(-t.Margin);
                    }

                    Accounts.Set(t.Account, from);
                    Accounts.Set(t.Vault, Accounts[t.Vault].ReceivePosition(p, t.Margin));
                    Index.MarkDirty(t.Account);
                    break;
                }

            case BookUpdated b:
                _undoBooks.TryAdd(b.Book.Symbol, Books[b.Book.Symbol]);
                Books[b.Book.Symbol] = b.Book;
                Time = b.Time;
                break;
            case OrderFilled f:
                {
                    Account before = Accounts[f.Account];
                    FillResult r = f.IsMaker
                        ? before.ApplyMakerFill(Instruments[f.Symbol], f.Side, f.Size, f.Price)
                        : before.ApplyFill(Instruments[f.Symbol], f.Side, f.Size, f.Price, f.MarginMode, f.Leverage, f.HedgeSide);
                    if (r.RealizedPnl != f.RealizedPnl)
                    {
                        Mismatch(f);
                    }

                    Accounts.Set(f.Account, r.Account);
                    AddOpenInterest(f.Symbol, PositionSide.Long, HeldSize(r.Account, f.Symbol, PositionSide.Long) - HeldSize(before, f.Symbol, PositionSide.Long));
                    AddOpenInterest(f.Symbol, PositionSide.Short, HeldSize(r.Account, f.Symbol, PositionSide.Short) - HeldSize(before, f.Symbol, PositionSide.Short));
                    if (!f.IsMaker)
                    {
                        ConsumeBook(f.Symbol, f.Side, f.Size, f.Price);
                    }

                    Index.MarkDirty(f.Account);
                    Time = f.Time;
                    break;
                }

            case Deposited d:
                SetAccount(d.Account, Accounts[d.Account].Deposit(d.Amount));
                Time = d.Time;
                break;
            case IsolatedMarginAdded m:
                SetAccount(m.Account, Accounts[m.Account].AddIsolatedMargin(m.Symbol, m.Side, m.Amount, Marks));
                Time = m.Time;
                break;
            default:
                break;
        }

        Sequence = e.Sequence;
        Log.Add(e);
    }

    /// <summary>The position an account holds on a side (one-way accounts: the symbol's, if it is on that side), or null.</summary>
    public static Position? Held(Account account, string symbol, PositionSide side)
    {
        Position? p = account.Slot(symbol, side);
        return p is not null && p.Side == side ? p : null;
    }

    private void SetAccount(AccountId id, Account account)
    {
        Accounts.Set(id, account);
        Index.MarkDirty(id);
    }

    private static void Mismatch(LiquidationEvent e) =>
        ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture, $"Event {e.Sequence} does not match the state it is applied to."));

    private void ConsumeBook(string symbol, PositionSide closedSide, decimal size, decimal price) =>
        ConsumeBook(symbol, closedSide == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, size, price);

    private void ConsumeBook(string symbol, OrderSide taker, decimal size, decimal price)
    {
        _undoBooks.TryAdd(symbol, Books[symbol]);
        Books[symbol] = Books[symbol].Execute(taker, size, price, TimeInForce.ImmediateOrCancel).Book;
    }

    /// <summary>Moves a symbol's open interest, journalling the totals the call started with.</summary>
    private void AddOpenInterest(string symbol, PositionSide side, decimal delta)
    {
        if (delta == 0m)
        {
            return;
        }

        (decimal openLong, decimal openShort) = _openInterest[symbol];
        _undoOpenInterest.TryAdd(symbol, (openLong, openShort));
        _openInterest[symbol] = side == PositionSide.Long ? (openLong + delta, openShort) : (openLong, openShort + delta);
    }

    private static decimal HeldSize(Account account, string symbol, PositionSide side) => account.Find(symbol, side)?.Size ?? 0m;

    private readonly record struct Checkpoint(
        string? Symbol, decimal Mark, decimal? Last, DateTimeOffset Time, long Sequence, decimal Fund, decimal BadDebt, int LogCount);
}
