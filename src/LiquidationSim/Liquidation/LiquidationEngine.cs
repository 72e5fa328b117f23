using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>
/// A venue's liquidation engine over a set of accounts: detection on every price tick, the venue's
/// partial-liquidation policy, execution against the order book, clearance fees and the insurance fund, and
/// auto-deleveraging, with every change recorded as an event.
/// </summary>
/// <remarks>
/// <para>
/// <b>Detection.</b> Each isolated position, and each cross account per symbol, is indexed by its liquidation
/// price (<see cref="LiquidationPriceSolver"/> under the profile's margin model) in two sorted sets per symbol:
/// longs by price descending, shorts ascending. A tick reads only the entries it crosses, so a tick that crosses
/// nothing costs O(log n). Isolated prices change only with their own position's events; cross accounts that hold
/// several symbols are re-indexed when any of their symbols ticks.
/// </para>
/// <para>
/// <b>The waterfall.</b> A liquidatable account's resting orders are cancelled; then the policy sizes liquidation
/// orders (<see cref="LiquidationPolicy"/>). Orders are limited to the bankruptcy price (dYdX: the fillable
/// price), so the user's part never fills worse. What a policy cannot restore is taken over at the bankruptcy price:
/// the user's position closes there and the insurance fund works it on the book, paying for fills beyond
/// bankruptcy while it can; the rest is auto-deleveraged against opposite positions in the profile's ranking
/// order, at the bankruptcy price (Hyperliquid: the mark); anything still left is absorbed by the venue at the
/// worse of mark and bankruptcy. A loss the fund cannot cover is recorded as bad debt.
/// </para>
/// <para>
/// <b>Order within a tick.</b> Longs are processed from the highest liquidation price down, then shorts from the
/// lowest up; ties by account id. Each liquidation sees the book and fund the previous ones left. Passes repeat
/// until one liquidates nobody new (an ADL fill can push a counterparty past its own liquidation price); each
/// account is liquidated at most once per tick, as venues liquidate once per block.
/// </para>
/// <para>
/// <b>Events and replay.</b> State changes only by applying events, live or in <see cref="Replay"/>, so the log
/// reproduces the final state exactly. Value is conserved: Σ account value + fund − bad debt changes only by
/// realised PnL (of liquidation closes and of traders' own fills), fund trading PnL, funding payments and deposits.
/// </para>
/// <para>
/// <b>Traders.</b> Between ticks, traders act by themselves: market orders against the book
/// (<see cref="PlaceMarketOrder"/>), deposits, isolated margin top-ups; the book is re-quoted with
/// <see cref="OnBookUpdate"/>. These calls liquidate nobody; the next tick does. <see cref="OpenInterest"/>,
/// <see cref="NearestToLiquidation"/> and <see cref="DistanceToLiquidation"/> read the state without changing it.
/// </para>
/// <para>Not thread-safe: one engine per simulation path. A call that throws leaves the state unchanged.</para>
/// </remarks>
public sealed partial class LiquidationEngine
{
    private readonly EngineState _state;
    private readonly LiquidationWaterfall _waterfall;
    private readonly EngineSnapshot? _initial;
    private readonly List<IndexEntry> _crossed = [];
    private readonly HashSet<AccountId> _done = [];
    private readonly List<AccountId> _liquidated = [];

    /// <summary>
    /// Starts building an engine for a venue: add instruments (with book and mark) and accounts, then
    /// <see cref="LiquidationEngineBuilder.Build"/>.
    /// </summary>
    /// <param name="profile">The venue's rules; validated now.</param>
    /// <param name="startTime">The engine clock at the start.</param>
    /// <returns>A new builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">The profile is inconsistent.</exception>
    public static LiquidationEngineBuilder CreateBuilder(VenueProfile profile, DateTimeOffset startTime) => new(profile, startTime);

    /// <summary>Creates an engine (the builder's and the scenario simulator's way in).</summary>
    /// <param name="profile">The venue's rules; validated.</param>
    /// <param name="instruments">Every instrument traded; symbols unique.</param>
    /// <param name="accounts">Accounts by id; every position's instrument must be among <paramref name="instruments"/>.</param>
    /// <param name="books">One order book per instrument.</param>
    /// <param name="markPrices">Opening mark price per symbol; positive.</param>
    /// <param name="insuranceFund">Opening insurance-fund balance; not negative.</param>
    /// <param name="startTime">Engine clock at the start.</param>
    /// <param name="vault">Liquidator vault account for backstop transfers (Hyperliquid); created empty in hedge mode if absent.</param>
    /// <param name="retainEventLog">
    /// Keep every event in <see cref="Events"/> (needed for <see cref="Replay"/>). Long simulations that stream each
    /// tick's events elsewhere pass false: <see cref="Events"/> then holds only the last tick's.
    /// </param>
    /// <param name="makers">Market makers per symbol, in level order (<see cref="LiquidationEngineBuilder.AddMarketMaker"/>); none when null.</param>
    /// <exception cref="ArgumentException">An inconsistent profile, a duplicate or unknown symbol, a missing book or mark, a negative fund, a maker that cannot make its market.</exception>
    internal LiquidationEngine(
        VenueProfile profile,
        IEnumerable<Instrument> instruments,
        IEnumerable<KeyValuePair<AccountId, Account>> accounts,
        IEnumerable<OrderBook> books,
        IReadOnlyDictionary<string, decimal> markPrices,
        decimal insuranceFund,
        DateTimeOffset startTime,
        AccountId? vault = null,
        bool retainEventLog = true,
        IReadOnlyDictionary<string, ImmutableArray<AccountId>>? makers = null)
    {
        Preconditions.NotNull(profile);
        profile.Validate();
        Profile = profile;
        Preconditions.NonNegative(insuranceFund);
        Preconditions.NotNull(markPrices);
        var byId = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        var marks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (Instrument i in Preconditions.NotNull(instruments))
        {
            if (!byId.TryAdd(Preconditions.NotNull(i, "instruments[]").Symbol, i))
            {
                ThrowHelper.Argument(nameof(instruments), i.Symbol, "lists a symbol twice");
            }

            if (!markPrices.TryGetValue(i.Symbol, out decimal mark) || mark <= 0m)
            {
                ThrowHelper.Argument(nameof(markPrices), i.Symbol, "must hold a positive mark price for every instrument");
            }

            marks[i.Symbol] = mark;
        }

        if (profile.Policy is DydxFillablePricePolicy && byId.Values.FirstOrDefault(i => i.Kind == ContractKind.Inverse) is Instrument inverse)
        {
            ThrowHelper.Argument(nameof(instruments), inverse.Symbol, "is inverse; the dYdX policy works in quote quantums of linear contracts only");
        }

        var bookBySymbol = new Dictionary<string, OrderBook>(StringComparer.Ordinal);
        foreach (OrderBook b in Preconditions.NotNull(books))
        {
            if (!byId.ContainsKey(b.Symbol))
            {
                ThrowHelper.Argument(nameof(books), b.Symbol, "is a book for an unknown symbol");
            }

            if (!bookBySymbol.TryAdd(b.Symbol, b))
            {
                ThrowHelper.Argument(nameof(books), b.Symbol, "lists a symbol twice");
            }
        }

        foreach (string symbol in byId.Keys)
        {
            if (!bookBySymbol.ContainsKey(symbol))
            {
                ThrowHelper.Argument(nameof(books), symbol, "has no book for this instrument");
            }
        }

        var byAccount = new Dictionary<AccountId, Account>(accounts is ICollection<KeyValuePair<AccountId, Account>> sized ? sized.Count + 1 : 0);
        foreach (KeyValuePair<AccountId, Account> pair in Preconditions.NotNull(accounts))
        {
            if (pair.Value is null)
            {
                ThrowHelper.Null(FormattableString.Invariant($"accounts[{pair.Key}]"));
            }

            foreach (Position p in pair.Value.Positions)
            {
                if (!byId.TryGetValue(p.Symbol, out Instrument? known) || !known.Equals(p.Instrument))
                {
                    ThrowHelper.Argument($"accounts[{pair.Key}]", p.Symbol, "holds a position in an instrument the engine does not list");
                }
            }

            if (!byAccount.TryAdd(pair.Key, pair.Value))
            {
                ThrowHelper.Argument(nameof(accounts), pair.Key, "lists an account id twice");
            }
        }

        Vault = vault ?? new AccountId(long.MinValue);
        if (!byAccount.ContainsKey(Vault))
        {
            string asset = byAccount.Count > 0 ? byAccount[byAccount.Keys.Min()].SettlementAsset : byId.Values.First().SettlementAsset;
            byAccount.Add(Vault, Account.Create(asset, 0m, PositionMode.Hedge));
        }

        CheckMakers(makers, byId, byAccount, Vault);
        _state = new EngineState(profile, byId, byAccount, bookBySymbol, marks, Vault, insuranceFund, startTime, retainEventLog, makers);
        _waterfall = new LiquidationWaterfall(_state);
        _initial = !retainEventLog ? null : new EngineSnapshot(
            byAccount.ToImmutableSortedDictionary(),
            bookBySymbol.ToImmutableDictionary(StringComparer.Ordinal),
            marks.ToImmutableDictionary(StringComparer.Ordinal),
            insuranceFund,
            startTime);
    }

    private LiquidationEngine(LiquidationEngine start)
    {
        Profile = start.Profile;
        Vault = start.Vault;
        _state = new EngineState(start._state, start._state.RetainLog);
        _waterfall = new LiquidationWaterfall(_state);
        _initial = start._initial;
    }

    /// <summary>
    /// A new engine in exactly the state <paramref name="start"/> was built in, which must have applied no event: what a
    /// Monte Carlo path needs, without drawing the accounts or solving their liquidation prices again. Reads
    /// <paramref name="start"/> only, so several threads may copy one start at once.
    /// </summary>
    internal static LiquidationEngine CopyOfStart(LiquidationEngine start) => new(Preconditions.NotNull(start));

    /// <summary>The venue's rules.</summary>
    public VenueProfile Profile { get; }

    /// <summary>The liquidator vault account (receives Hyperliquid backstop transfers; never liquidated).</summary>
    public AccountId Vault { get; }

    /// <summary>Insurance-fund balance; never negative.</summary>
    public decimal InsuranceFund => _state.InsuranceFund;

    /// <summary>
    /// Losses nobody could cover, written off by the venue: account deficits beyond the insurance fund
    /// (<see cref="BadDebtRecorded"/>) and fund trading losses beyond its balance.
    /// </summary>
    public decimal BadDebt => _state.BadDebt;

    /// <summary>Engine time: the time of the last event (a tick, a funding round, a trader's call that changed something).</summary>
    public DateTimeOffset Time => _state.Time;

    /// <summary>Every event so far, in sequence order.</summary>
    public IReadOnlyList<LiquidationEvent> Events => _state.Log;

    /// <summary>Account ids in ascending order.</summary>
    public IEnumerable<AccountId> AccountIds => _state.Accounts.Ids.AsReadOnly();

    /// <summary>The current state of an account.</summary>
    /// <param name="id">Account id.</param>
    public Account GetAccount(AccountId id) =>
        _state.Accounts.Find(id) ?? ThrowHelper.Argument<Account>(nameof(id), id, "is not an account of this engine");

    /// <summary>The current order book of a symbol.</summary>
    /// <param name="symbol">Symbol.</param>
    public OrderBook Book(string symbol) => _state.Books[KnownSymbol(symbol)];

    /// <summary>The current mark price of a symbol.</summary>
    /// <param name="symbol">Symbol.</param>
    public decimal MarkPrice(string symbol) => _state.Marks[KnownSymbol(symbol)];

    /// <summary>
    /// Total value held inside the engine: every account's wallet, isolated margins and order margin, plus the
    /// insurance fund, less recorded bad debt (which the fund was not charged).
    /// </summary>
    public decimal TotalValue
    {
        get
        {
            decimal total = InsuranceFund - BadDebt;
            AccountStore accounts = _state.Accounts;
            for (int slot = 0; slot < accounts.Count; slot++)
            {
                total += accounts[slot].TotalWalletBalance;
            }

            return total;
        }
    }

    /// <summary>
    /// Rebuilds an engine's state from its starting state and an event log, by applying each event as the live
    /// engine did. The result equals the live engine's state after the same events.
    /// </summary>
    /// <param name="source">An engine whose starting state and profile to use.</param>
    /// <param name="events">The log to apply, from sequence 1 without gaps.</param>
    public static LiquidationEngine Replay(LiquidationEngine source, IEnumerable<LiquidationEvent> events)
    {
        Preconditions.NotNull(source);
        Preconditions.NotNull(events);
        if (source._initial is not EngineSnapshot s)
        {
            return ThrowHelper.Argument<LiquidationEngine>(nameof(source), source.Profile.Name, "was built without an event log, so it cannot be replayed");
        }

        var engine = new LiquidationEngine(
            source.Profile, source._state.Instruments.Values.OrderBy(i => i.Symbol, StringComparer.Ordinal), s.Accounts, s.Books.Values, s.Marks, s.InsuranceFund, s.Time, source.Vault, makers: source._state.Makers);
        EngineState state = engine._state;
        foreach (LiquidationEvent e in events)
        {
            if (e.Sequence != state.NextSequence)
            {
                ThrowHelper.Argument(nameof(events), e.Sequence, "must continue the sequence without gaps");
            }

            state.Apply(e);
        }

        state.Index.Flush();
        state.EndJournal();
        return engine;
    }

    /// <summary>
    /// Feeds a price tick for one symbol and runs every liquidation it triggers.
    /// </summary>
    /// <param name="symbol">A symbol of the engine.</param>
    /// <param name="markPrice">New mark price; positive.</param>
    /// <param name="time">Tick time; not before the previous tick.</param>
    /// <param name="lastPrice">New last price, required when the profile triggers on the last price.</param>
    /// <exception cref="ArgumentException">Unknown symbol, non-positive price, time going backwards, or a missing last price.</exception>
    public EngineResult OnPriceTick(string symbol, decimal markPrice, DateTimeOffset time, decimal? lastPrice = null)
    {
        KnownSymbol(symbol);
        Preconditions.Positive(markPrice);
        NotBeforeEngineTime(time);

        if (lastPrice is decimal lp)
        {
            Preconditions.Positive(lp, nameof(lastPrice));
        }
        else if (Profile.TriggerPrice == TriggerPriceSource.Last)
        {
            ThrowHelper.Argument(nameof(lastPrice), null, "is required when the profile triggers on the last price");
        }

        // The hot path, written out rather than through Atomically: no closure per tick.
        int firstEvent = _state.Begin(symbol);
        _waterfall.BeginCall();
        try
        {
            EngineResult result = Tick(symbol, markPrice, time, lastPrice, firstEvent);
            _state.Index.Flush();
            return result;
        }
        catch
        {
            _state.Rollback();
            throw;
        }
    }

    /// <summary>
    /// Settles a funding round for <paramref name="symbol"/> at its current mark: every position pays
    /// <c>side × notional × rate</c> (longs pay a positive rate) into or out of its isolated margin or the cross
    /// wallet, booked at the settlement precision (see <see cref="Funding.Settle"/>), one
    /// <see cref="FundingPaid"/> event per position; then any position the payments made liquidatable is
    /// liquidated at once (Bybit Y3: funding moves the liquidation price).
    /// </summary>
    /// <param name="symbol">A symbol of the engine.</param>
    /// <param name="fundingRate">Rate for this interval, as a fraction; its magnitude below 1.</param>
    /// <param name="time">Funding time; not before the engine time.</param>
    /// <exception cref="ArgumentException">Unknown symbol, a rate of magnitude 1 or more, or time going backwards.</exception>
    public EngineResult OnFunding(string symbol, decimal fundingRate, DateTimeOffset time)
    {
        KnownSymbol(symbol);
        if (Math.Abs(fundingRate) >= 1m)
        {
            ThrowHelper.OutOfRange(nameof(fundingRate), fundingRate, "must have a magnitude below 1");
        }

        NotBeforeEngineTime(time);

        return Atomically(symbol, firstEvent =>
        {
            decimal mark = _state.Marks[symbol];
            _state.Apply(new FundingRound(_state.NextSequence, time, symbol, fundingRate, mark));
            foreach (int slot in HolderSlots(symbol))
            {
                AccountId id = _state.Accounts.Ids[slot];
                foreach (Position p in _state.Accounts[slot].Positions)
                {
                    if (p.Symbol != symbol)
                    {
                        continue;
                    }

                    decimal amount = Funding.Payment(p, mark, fundingRate);
                    if (amount != 0m)
                    {
                        _state.Apply(new FundingPaid(_state.NextSequence, time, id, symbol, p.Side, amount));
                    }
                }
            }

            return RunLiquidations(symbol, firstEvent);
        });
    }

    /// <summary>
    /// Replaces the order book of a symbol (a re-quote: market makers move their levels to a new price and refill
    /// depth). Emits <see cref="BookUpdated"/>; liquidates nobody (prices did not change).
    /// </summary>
    /// <param name="book">The new book; its symbol must be an instrument of the engine.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">Unknown symbol or time going backwards.</exception>
    public EngineResult OnBookUpdate(OrderBook book, DateTimeOffset time)
    {
        Preconditions.NotNull(book);
        if (!_state.Instruments.ContainsKey(book.Symbol))
        {
            ThrowHelper.Argument(nameof(book), book.Symbol, "is a book for a symbol that is not an instrument of this engine");
        }

        NotBeforeEngineTime(time);
        return Atomically(null, firstEvent =>
        {
            _state.Apply(new BookUpdated(_state.NextSequence, time, book));
            return Emitted(firstEvent);
        });
    }

    /// <summary>Open interest of a symbol: total long and total short contracts over all accounts (the vault included).</summary>
    /// <remarks>O(1): the totals are kept as events change positions.</remarks>
    /// <param name="symbol">A symbol of the engine.</param>
    public (decimal Long, decimal Short) OpenInterest(string symbol)
    {
        return _state.OpenInterest(KnownSymbol(symbol));
    }

    /// <summary>
    /// Every indexed position of <paramref name="symbol"/> with its distance to liquidation at the current mark,
    /// nearest first (longs and shorts merged by percent distance, ties by account), read from the liquidation
    /// index: taking the first k costs O(k log n).
    /// </summary>
    /// <remarks>
    /// Ties in percent distance are broken by account id, then long before short. A position liquidatable at any
    /// price is reported at the mark, distance 0; one already past its liquidation price (left open by a partial
    /// liquidation, or moved there by a trade) has a negative distance and comes first. The vault is not indexed.
    /// The sequence is lazy and reads the live index: finish (or abandon) an enumeration before the next call that
    /// changes the engine, which invalidates it.
    /// </remarks>
    /// <param name="symbol">A symbol of the engine.</param>
    public IEnumerable<LiquidationDistance> NearestToLiquidation(string symbol)
    {
        return _state.Index.NearestFirst(KnownSymbol(symbol), _state.Marks[symbol]);
    }

    /// <summary>The distance to liquidation of one account's position, or null when it has none or no liquidation price.</summary>
    /// <remarks>
    /// A cross position's price protects the account's net exposure in the symbol (a hedge-mode pair has one), so the
    /// result's <see cref="LiquidationDistance.Side"/> is that exposure's side. A position liquidatable at any price
    /// is reported at the mark, distance 0.
    /// </remarks>
    /// <param name="account">The account.</param>
    /// <param name="symbol">Symbol.</param>
    /// <param name="side">Side of the position (one-way accounts: the position's side).</param>
    /// <exception cref="ArgumentException">Unknown account or symbol, or an undefined side.</exception>
    public LiquidationDistance? DistanceToLiquidation(AccountId account, string symbol, PositionSide side)
    {
        KnownAccount(account, nameof(account));
        KnownSymbol(symbol);
        Position.ValidateSide(side);
        if (_waterfall.Held(account, symbol, side) is not Position p)
        {
            return null;
        }

        bool cross = p.MarginMode == MarginMode.Cross;
        LiquidationEstimate e = _waterfall.Estimate(account, p, cross);
        if (e.Exposure is not PositionSide exposure)
        {
            return null;
        }

        decimal mark = _state.Marks[symbol];
        return e.Status switch
        {
            LiquidationPriceStatus.Exists => LiquidationPriceIndex.Distance(account, symbol, exposure, cross, mark, e.LiquidationPrice!.Value),
            LiquidationPriceStatus.AtAnyPrice => LiquidationPriceIndex.Distance(account, symbol, exposure, cross, mark, mark),
            _ => null,
        };
    }

    /// <summary>
    /// Whether a tick at <paramref name="triggerPrice"/> could liquidate anyone in <paramref name="symbol"/>: an index
    /// entry it crosses (longs from the highest liquidation price, shorts from the lowest), or a cross account in
    /// several symbols, which every tick checks as a whole. O(log n); a false answer is exact.
    /// </summary>
    internal bool MayLiquidate(string symbol, decimal triggerPrice) => _state.Index.MayLiquidate(symbol, triggerPrice);

    /// <summary>Test seam: called with each event before it is applied, so a test can fault a call in its middle.</summary>
    internal Action<LiquidationEvent>? BeforeApply
    {
        get => _state.BeforeApply;
        set => _state.BeforeApply = value;
    }

    private void NotBeforeEngineTime(DateTimeOffset time, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(time))] string? paramName = null)
    {
        if (time < _state.Time)
        {
            ThrowHelper.OutOfRange(paramName, time, string.Create(CultureInfo.InvariantCulture, $"must not precede the engine time {_state.Time:O}"));
        }
    }

    /// <summary>
    /// Runs a state change; if it throws, the state rolls back to where the call began and the exception goes on. A
    /// call that does not tick passes no symbol (no mark or last price to restore).
    /// </summary>
    private EngineResult Atomically(string? symbol, Func<int, EngineResult> body)
    {
        int firstEvent = _state.Begin(symbol);
        _waterfall.BeginCall();
        try
        {
            EngineResult result = body(firstEvent);
            _state.Index.Flush();
            return result;
        }
        catch
        {
            _state.Rollback();
            throw;
        }
    }

    private EngineResult Tick(string symbol, decimal markPrice, DateTimeOffset time, decimal? lastPrice, int firstEvent)
    {
        _state.Apply(new PriceTicked(_state.NextSequence, time, symbol, markPrice, lastPrice));
        return RunLiquidations(symbol, firstEvent);
    }

    /// <summary>
    /// Liquidates every account the trigger price crosses, in index order, in passes until one liquidates nobody new:
    /// a liquidation can make another liquidatable (an ADL fill past a counterparty's own liquidation price). Each
    /// account is liquidated at most once per call (one block), so the passes end within the number of accounts.
    /// </summary>
    private EngineResult RunLiquidations(string symbol, int firstEvent)
    {
        if (!_state.Index.MayLiquidate(symbol, _state.TriggerOf(symbol)))
        {
            // Nothing crosses and no multi-symbol cross account needs a look: the passes below would find nobody.
            return Emitted(firstEvent);
        }

        List<AccountId> liquidated = _liquidated;
        liquidated.Clear();
        HashSet<AccountId> done = _done;
        done.Clear();
        while (true)
        {
            int before = liquidated.Count;
            decimal trigger = _state.TriggerOf(symbol);
            _state.Index.Crossed(symbol, trigger, _crossed);
            foreach (IndexEntry e in _crossed)
            {
                // An earlier liquidation in this call may have changed this one.
                if (e.Account == Vault || done.Contains(e.Account)
                    || _waterfall.EstimateFor(e.Account, symbol, e.Side, e.Cross) is not LiquidationEstimate est || !est.IsCrossedAt(e.Side, trigger))
                {
                    continue;
                }

                done.Add(e.Account);
                liquidated.Add(e.Account);
                _waterfall.Liquidate(e, symbol, trigger, est);
            }

            // A cross account in several symbols can become liquidatable without an entry crossing in the ticked
            // symbol (a flat hedge there, a position elsewhere): check such accounts as a whole.
            if (_state.Index.MultiSymbolCross(symbol) is SortedSet<AccountId> multi)
            {
                foreach (AccountId id in multi.ToArray())
                {
                    if (id != Vault && !done.Contains(id) && _waterfall.AccountShort(_state.Accounts[id])
                        && LiquidationPriceIndex.CrossLegIn(_state.Accounts[id], symbol) is Position leg)
                    {
                        done.Add(id);
                        liquidated.Add(id);
                        var entry = new IndexEntry(trigger, id, leg.Side, Cross: true);
                        _waterfall.Liquidate(entry, symbol, trigger, LiquidationPriceSolver.ForPosition(_state.Accounts[id], leg, _state.Marks, Profile.MarginModel));
                    }
                }
            }

            if (liquidated.Count == before)
            {
                break;
            }
        }

        return new EngineResult(EventsSince(firstEvent), [.. liquidated]);
    }

    private EngineResult Emitted(int firstEvent) =>
        firstEvent == _state.Log.Count ? EngineResult.Empty : new(EventsSince(firstEvent), []);

    private ImmutableArray<LiquidationEvent> EventsSince(int firstEvent) =>
        ImmutableArray.Create<LiquidationEvent>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_state.Log)[firstEvent..]);

    /// <summary>Slots of the accounts holding a position in <paramref name="symbol"/>, in account order.</summary>
    private int[] HolderSlots(string symbol)
    {
        AccountStore.HolderSet? longs = _state.Accounts.Holders(symbol, PositionSide.Long);
        AccountStore.HolderSet? shorts = _state.Accounts.Holders(symbol, PositionSide.Short);
        int[] a = new int[longs?.Count ?? 0], b = new int[shorts?.Count ?? 0];
        _ = longs?.CopyAscending(a);
        _ = shorts?.CopyAscending(b);

        // Merge the two ascending lists; an account holding both sides (hedge mode) appears once.
        var slots = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            int next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            slots.Add(next);
            while (i < a.Length && a[i] == next)
            {
                i++;
            }

            while (j < b.Length && b[j] == next)
            {
                j++;
            }
        }

        return [.. slots];
    }

    /// <summary>
    /// The market makers quoting a symbol's book, in the order they share its levels (see
    /// <see cref="LiquidationEngineBuilder.AddMarketMaker"/>); empty when the book is anonymous liquidity.
    /// </summary>
    /// <param name="symbol">A symbol of the engine.</param>
    /// <returns>The makers' account ids.</returns>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is not an instrument of the engine.</exception>
    public ImmutableArray<AccountId> MarketMakers(string symbol) =>
        _state.Makers.TryGetValue(KnownSymbol(symbol), out ImmutableArray<AccountId> makers) ? makers : [];

    /// <summary>
    /// A maker must be an account of the engine (not the vault) in one-way mode that settles in the instrument's
    /// asset and holds no isolated position, and quotes one symbol: its fills are one-way cross fills.
    /// </summary>
    private static void CheckMakers(
        IReadOnlyDictionary<string, ImmutableArray<AccountId>>? makers, Dictionary<string, Instrument> instruments, Dictionary<AccountId, Account> accounts, AccountId vault)
    {
        if (makers is null)
        {
            return;
        }

        var seen = new HashSet<AccountId>();
        foreach ((string symbol, ImmutableArray<AccountId> ids) in makers)
        {
            if (!instruments.TryGetValue(symbol, out Instrument? instrument))
            {
                ThrowHelper.Argument(nameof(makers), symbol, "names a market maker for a symbol that is not an instrument of this engine");
                return;
            }

            foreach (AccountId id in ids)
            {
                if (!accounts.TryGetValue(id, out Account? account) || id == vault)
                {
                    ThrowHelper.Argument(nameof(makers), id, "is not a trading account of this engine");
                    return;
                }

                if (!seen.Add(id))
                {
                    ThrowHelper.Argument(nameof(makers), id, "quotes more than one book; a market maker quotes one symbol");
                }

                if (account.PositionMode != PositionMode.OneWay || account.SettlementAsset != instrument.SettlementAsset
                    || account.Positions.Any(p => p.MarginMode == MarginMode.Isolated))
                {
                    ThrowHelper.Argument(
                        nameof(makers), id, $"must be a one-way account settling in {instrument.SettlementAsset} with no isolated position to make the {symbol} market");
                }
            }
        }
    }

    private string KnownSymbol(string symbol, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(symbol))] string? paramName = null)
    {
        Preconditions.NotBlank(symbol, paramName);
        if (!_state.Instruments.ContainsKey(symbol))
        {
            ThrowHelper.Argument(paramName, symbol, "is not an instrument of this engine");
        }

        return symbol;
    }

    private sealed record EngineSnapshot(
        ImmutableSortedDictionary<AccountId, Account> Accounts,
        ImmutableDictionary<string, OrderBook> Books,
        ImmutableDictionary<string, decimal> Marks,
        decimal InsuranceFund,
        DateTimeOffset Time);
}
