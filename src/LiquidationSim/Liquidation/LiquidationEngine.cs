using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>The events one price tick produced, and the accounts it liquidated.</summary>
/// <param name="Events">Events of this tick, in sequence order.</param>
/// <param name="LiquidatedAccounts">Accounts that entered liquidation in this tick, in processing order.</param>
public sealed record TickResult(ImmutableArray<LiquidationEvent> Events, ImmutableArray<AccountId> LiquidatedAccounts);

/// <summary>A price tick: the mark (and optionally last) price of one symbol moved.</summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="MarkPrice">New mark price.</param>
/// <param name="LastPrice">New last price, if given.</param>
public sealed record PriceTicked(long Sequence, DateTimeOffset Time, string Symbol, decimal MarkPrice, decimal? LastPrice)
    : LiquidationEvent(Sequence, Time);

/// <summary>
/// The insurance fund traded a taken-over position: against the book (fills worse than bankruptcy are the fund's
/// loss), against ADL counterparties, or against the venue when nothing else could take it.
/// </summary>
/// <param name="Sequence">Log position.</param>
/// <param name="Time">Time.</param>
/// <param name="Symbol">Symbol.</param>
/// <param name="PositionSide">Side of the taken-over position being closed.</param>
/// <param name="Size">Contracts.</param>
/// <param name="Price">Fill price.</param>
/// <param name="BankruptcyPrice">Price the fund took the position over at.</param>
/// <param name="Pnl">The fund's PnL on the fill (booked to the fund, floored at zero with the rest recorded as bad debt).</param>
/// <param name="Kind">Book, ADL or venue.</param>
public sealed record InsuranceFundTrade(
    long Sequence, DateTimeOffset Time, string Symbol, PositionSide PositionSide, decimal Size, decimal Price, decimal BankruptcyPrice, decimal Pnl, FillKind Kind)
    : LiquidationEvent(Sequence, Time);

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
/// orders (<see cref="PartialLiquidationPolicy"/>). Orders are limited to the bankruptcy price (dYdX: the fillable
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
public sealed class LiquidationEngine
{
    private static readonly IComparer<IndexEntry> s_longOrder = new EntryOrder(descending: true);
    private static readonly IComparer<IndexEntry> s_shortOrder = new EntryOrder(descending: false);

    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, Account> _accounts = [];
    private readonly AccountId[] _accountOrder;
    private readonly Dictionary<string, OrderBook> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _marks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lasts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SymbolIndex> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, List<(string Symbol, IndexEntry Entry)>> _entriesByAccount = [];
    private readonly Dictionary<string, SortedSet<AccountId>> _multiSymbolCross = new(StringComparer.Ordinal);
    private readonly HashSet<AccountId> _multiAccounts = [];
    private readonly Dictionary<AccountId, DateTimeOffset> _cooldownUntil = [];
    private readonly Dictionary<(string Symbol, PositionSide Side), AdlQueue> _adlQueues = [];
    private readonly List<AdlCandidate> _adlCandidates = [];
    private readonly Dictionary<AccountId, Account> _undoAccounts = [];
    private readonly Dictionary<string, OrderBook> _undoBooks = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, DateTimeOffset?> _undoCooldowns = [];
    private readonly Dictionary<string, (decimal Long, decimal Short)> _undoOpenInterest = new(StringComparer.Ordinal);
    private readonly List<LiquidationEvent> _log = [];
    private readonly EngineSnapshot? _initial;
    private readonly bool _retainLog;
    private long _sequence;
    private DateTimeOffset _time;

    /// <summary>Creates an engine.</summary>
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
    /// <exception cref="ArgumentException">An inconsistent profile, a duplicate or unknown symbol, a missing book or mark, a negative fund.</exception>
    public LiquidationEngine(
        VenueProfile profile,
        IEnumerable<Instrument> instruments,
        IEnumerable<KeyValuePair<AccountId, Account>> accounts,
        IEnumerable<OrderBook> books,
        IReadOnlyDictionary<string, decimal> markPrices,
        decimal insuranceFund,
        DateTimeOffset startTime,
        AccountId? vault = null,
        bool retainEventLog = true)
    {
        _retainLog = retainEventLog;
        Preconditions.NotNull(profile);
        profile.Validate();
        Profile = profile;
        Preconditions.NonNegative(insuranceFund);
        Preconditions.NotNull(markPrices);
        foreach (Instrument i in Preconditions.NotNull(instruments))
        {
            if (!_instruments.TryAdd(Preconditions.NotNull(i, "instruments[]").Symbol, i))
            {
                ThrowHelper.Argument(nameof(instruments), i.Symbol, "lists a symbol twice");
            }

            if (!markPrices.TryGetValue(i.Symbol, out decimal mark) || mark <= 0m)
            {
                ThrowHelper.Argument(nameof(markPrices), i.Symbol, "must hold a positive mark price for every instrument");
            }

            _marks[i.Symbol] = mark;
            _index[i.Symbol] = new SymbolIndex();
        }

        if (profile.PartialPolicy == PartialLiquidationPolicy.Dydx && _instruments.Values.FirstOrDefault(i => i.Kind == ContractKind.Inverse) is Instrument inverse)
        {
            ThrowHelper.Argument(nameof(instruments), inverse.Symbol, "is inverse; the dYdX policy works in quote quantums of linear contracts only");
        }

        foreach (OrderBook b in Preconditions.NotNull(books))
        {
            if (!_instruments.ContainsKey(b.Symbol))
            {
                ThrowHelper.Argument(nameof(books), b.Symbol, "is a book for an unknown symbol");
            }

            if (!_books.TryAdd(b.Symbol, b))
            {
                ThrowHelper.Argument(nameof(books), b.Symbol, "lists a symbol twice");
            }
        }

        foreach (string symbol in _instruments.Keys)
        {
            if (!_books.ContainsKey(symbol))
            {
                ThrowHelper.Argument(nameof(books), symbol, "has no book for this instrument");
            }
        }

        foreach (KeyValuePair<AccountId, Account> pair in Preconditions.NotNull(accounts))
        {
            Preconditions.NotNull(pair.Value, $"accounts[{pair.Key}]");
            foreach (Position p in pair.Value.Positions)
            {
                if (!_instruments.TryGetValue(p.Symbol, out Instrument? known) || !known.Equals(p.Instrument))
                {
                    ThrowHelper.Argument($"accounts[{pair.Key}]", p.Symbol, "holds a position in an instrument the engine does not list");
                }
            }

            if (!_accounts.TryAdd(pair.Key, pair.Value))
            {
                ThrowHelper.Argument(nameof(accounts), pair.Key, "lists an account id twice");
            }
        }

        Vault = vault ?? new AccountId(long.MinValue);
        if (!_accounts.ContainsKey(Vault))
        {
            string asset = _accounts.Count > 0 ? _accounts[_accounts.Keys.Min()].SettlementAsset : _instruments.Values.First().SettlementAsset;
            _accounts.Add(Vault, Account.Create(asset, 0m, PositionMode.Hedge));
        }

        InsuranceFund = insuranceFund;
        _time = startTime;
        _accountOrder = [.. _accounts.Keys.Order()];
        foreach (AccountId id in _accountOrder)
        {
            Reindex(id);
            foreach (Position p in _accounts[id].Positions)
            {
                AddOpenInterest(p.Symbol, p.Side, p.Size);
            }
        }

        _initial = !retainEventLog ? null : new EngineSnapshot(
            _accounts.ToImmutableSortedDictionary(),
            _books.ToImmutableDictionary(StringComparer.Ordinal),
            _marks.ToImmutableDictionary(StringComparer.Ordinal),
            insuranceFund,
            startTime);
    }

    /// <summary>The venue's rules.</summary>
    public VenueProfile Profile { get; }

    /// <summary>The liquidator vault account (receives Hyperliquid backstop transfers; never liquidated).</summary>
    public AccountId Vault { get; }

    /// <summary>Insurance-fund balance; never negative.</summary>
    public decimal InsuranceFund { get; private set; }

    /// <summary>
    /// Losses nobody could cover, written off by the venue: account deficits beyond the insurance fund
    /// (<see cref="BadDebtRecorded"/>) and fund trading losses beyond its balance.
    /// </summary>
    public decimal BadDebt { get; private set; }

    /// <summary>Engine time: the time of the last event (a tick, a funding round, a trader's call that changed something).</summary>
    public DateTimeOffset Time => _time;

    /// <summary>Every event so far, in sequence order.</summary>
    public IReadOnlyList<LiquidationEvent> Events => _log;

    /// <summary>Account ids in ascending order.</summary>
    public IEnumerable<AccountId> AccountIds => _accountOrder;

    /// <summary>The current state of an account.</summary>
    /// <param name="id">Account id.</param>
    public Account GetAccount(AccountId id) =>
        _accounts.TryGetValue(id, out Account? a) ? a : ThrowHelper.Argument<Account>(nameof(id), id, "is not an account of this engine");

    /// <summary>The current order book of a symbol.</summary>
    /// <param name="symbol">Symbol.</param>
    public OrderBook Book(string symbol) => _books[KnownSymbol(symbol)];

    /// <summary>The current mark price of a symbol.</summary>
    /// <param name="symbol">Symbol.</param>
    public decimal MarkPrice(string symbol) => _marks[KnownSymbol(symbol)];

    /// <summary>
    /// Total value held inside the engine: every account's wallet, isolated margins and order margin, plus the
    /// insurance fund, less recorded bad debt (which the fund was not charged).
    /// </summary>
    public decimal TotalValue
    {
        get
        {
            decimal total = InsuranceFund - BadDebt;
            foreach (AccountId id in _accountOrder)
            {
                total += _accounts[id].TotalWalletBalance;
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
            source.Profile, source._instruments.Values.OrderBy(i => i.Symbol, StringComparer.Ordinal), s.Accounts, s.Books.Values, s.Marks, s.InsuranceFund, s.Time, source.Vault);
        foreach (LiquidationEvent e in events)
        {
            if (e.Sequence != engine._sequence + 1)
            {
                ThrowHelper.Argument(nameof(events), e.Sequence, "must continue the sequence without gaps");
            }

            engine.Apply(e);
        }

        engine._undoAccounts.Clear();
        engine._undoBooks.Clear();
        engine._undoCooldowns.Clear();
        engine._undoOpenInterest.Clear();
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
    public TickResult OnPriceTick(string symbol, decimal markPrice, DateTimeOffset time, decimal? lastPrice = null)
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

        return Atomically(symbol, firstEvent => Tick(symbol, markPrice, time, lastPrice, firstEvent));
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
    public TickResult OnFunding(string symbol, decimal fundingRate, DateTimeOffset time)
    {
        KnownSymbol(symbol);
        if (Math.Abs(fundingRate) >= 1m)
        {
            ThrowHelper.OutOfRange(nameof(fundingRate), fundingRate, "must have a magnitude below 1");
        }

        NotBeforeEngineTime(time);

        return Atomically(symbol, firstEvent =>
        {
            decimal mark = _marks[symbol];
            Emit(new FundingRound(NextSequence(), time, symbol, fundingRate, mark));
            foreach (AccountId id in _accountOrder)
            {
                foreach (Position p in _accounts[id].Positions)
                {
                    if (p.Symbol != symbol)
                    {
                        continue;
                    }

                    decimal amount = Funding.Payment(p, mark, fundingRate);
                    if (amount != 0m)
                    {
                        Emit(new FundingPaid(NextSequence(), time, id, symbol, p.Side, amount));
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
    public TickResult OnBookUpdate(OrderBook book, DateTimeOffset time)
    {
        Preconditions.NotNull(book);
        if (!_instruments.ContainsKey(book.Symbol))
        {
            ThrowHelper.Argument(nameof(book), book.Symbol, "is a book for a symbol that is not an instrument of this engine");
        }

        NotBeforeEngineTime(time);
        return Atomically(null, firstEvent =>
        {
            Emit(new BookUpdated(NextSequence(), time, book));
            return Emitted(firstEvent);
        });
    }

    /// <summary>
    /// Executes a trader's market order immediate-or-cancel against the book: one <see cref="OrderFilled"/> per
    /// level taken, each applied to the account as <see cref="Account.ApplyFill"/> would and consuming the book.
    /// What the book cannot fill (or the limit refuses) is cancelled. Liquidates nobody; the next tick checks.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Reduce-only orders must shrink a held position: in one-way mode the order side is opposite to the symbol's
    /// position, in hedge mode <see cref="MarketOrder.HedgeSide"/> names the position and the order side closes it;
    /// the order size must not exceed the position's. Other orders may open, add to or (one-way) flip a position;
    /// an isolated opening must be funded from the wallet, which is checked by applying every fill to a copy of the
    /// account before anything is emitted. A cross opening is recorded like <see cref="Account.ApplyFill"/> records
    /// it, without a buying-power check: the next tick liquidates an account it leaves short.
    /// </para>
    /// <para>
    /// The order does not move the mark or the last price (the caller passes those with its ticks). An order the
    /// book cannot fill at all emits nothing and changes nothing, the engine time included. A fill that leaves the
    /// wallet below zero with no cross position to back it (a close beyond an isolated position's bankruptcy) is
    /// covered from the insurance fund, and what the fund cannot cover is recorded as bad debt, as after a
    /// liquidation.
    /// </para>
    /// </remarks>
    /// <param name="order">The order.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">
    /// Unknown account or symbol, the vault, a size that is not a positive whole number of lots, a reduce-only order
    /// larger than the position it reduces (or with no position), an opening order the wallet cannot margin, or time
    /// going backwards. The parameter named is the order's property, e.g. <c>order.Size</c>.
    /// </exception>
    public TickResult PlaceMarketOrder(MarketOrder order, DateTimeOffset time)
    {
        Preconditions.NotNull(order);
        AccountId id = TradingAccount(order.Account, "order.Account");
        string symbol = KnownSymbol(order.Symbol, "order.Symbol");
        Instrument instrument = _instruments[symbol];
        if (order.Side is not (OrderSide.Buy or OrderSide.Sell))
        {
            ThrowHelper.Argument("order.Side", order.Side, "must be Buy or Sell");
        }

        instrument.ValidateSize(order.Size, "order.Size");
        if (order.MarginMode is not (MarginMode.Isolated or MarginMode.Cross))
        {
            ThrowHelper.Argument("order.MarginMode", order.MarginMode, "must be Isolated or Cross");
        }

        if (order.Leverage < 1m)
        {
            ThrowHelper.OutOfRange("order.Leverage", order.Leverage, "must be at least 1");
        }

        if (order.LimitPrice is decimal limit)
        {
            Preconditions.Positive(limit, "order.LimitPrice");
        }

        Preconditions.NotBlank(order.Reason, "order.Reason");
        NotBeforeEngineTime(time);

        Account account = _accounts[id];
        Position? held = CheckOrderAgainstPosition(order, account);

        // The fills, and the PnL each realises, are found on a copy of the account: a fill it refuses (an isolated
        // opening the wallet cannot fund, a leverage above the bracket maximum) refuses the order before anything
        // is emitted. Apply books each fill again and checks it realises the same.
        BookExecution execution = _books[symbol].Execute(order.Side, order.Size, order.LimitPrice, TimeInForce.ImmediateOrCancel);
        var realized = new decimal[execution.Fills.Length];
        Account dry = account;
        for (int i = 0; i < realized.Length; i++)
        {
            BookFill f = execution.Fills[i];
            try
            {
                FillResult r = dry.ApplyFill(instrument, order.Side, f.Size, f.Price, order.MarginMode, order.Leverage, order.HedgeSide);
                (dry, realized[i]) = (r.Account, r.RealizedPnl);
            }
            catch (ArgumentException e)
            {
                string param = e.ParamName == "leverage" ? "order.Leverage" : "order.Size";
                object value = e.ParamName == "leverage" ? order.Leverage : order.Size;
                throw new ArgumentException(
                    ThrowHelper.Describe(param, value, string.Create(CultureInfo.InvariantCulture, $"cannot be filled: the fill of {f.Size} @ {f.Price} is refused ({e.Message})")),
                    param,
                    e);
            }
        }

        return Atomically(null, firstEvent =>
        {
            for (int i = 0; i < realized.Length; i++)
            {
                BookFill f = execution.Fills[i];
                Emit(new OrderFilled(
                    NextSequence(), time, id, symbol, order.Side, f.Size, f.Price, realized[i], order.MarginMode, order.Leverage, order.HedgeSide, order.Reason));
            }

            // A close past an isolated position's bankruptcy can leave the wallet short with nothing to liquidate.
            PositionSide closed = held?.Side ?? order.Side.Opens();
            if (realized.Length > 0 && Held(id, symbol, closed) is not { MarginMode: MarginMode.Isolated })
            {
                CoverWalletDeficit(id, symbol, closed);
            }

            return Emitted(firstEvent);
        });
    }

    /// <summary>Credits an account's wallet from outside the engine; emits <see cref="Deposited"/>.</summary>
    /// <remarks><see cref="TotalValue"/> rises by the amount; a cross account's liquidation prices move away.</remarks>
    /// <param name="account">The account; not the vault.</param>
    /// <param name="amount">Positive amount.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">Unknown account, the vault, a non-positive amount or time going backwards.</exception>
    public TickResult Deposit(AccountId account, decimal amount, DateTimeOffset time)
    {
        TradingAccount(account, nameof(account));
        Preconditions.Positive(amount);
        NotBeforeEngineTime(time);
        return Atomically(null, firstEvent =>
        {
            Emit(new Deposited(NextSequence(), time, account, amount));
            return Emitted(firstEvent);
        });
    }

    /// <summary>Moves margin from the wallet into an isolated position; emits <see cref="IsolatedMarginAdded"/>.</summary>
    /// <remarks>The position's liquidation price moves away from the mark; <see cref="TotalValue"/> is unchanged.</remarks>
    /// <param name="account">The account; not the vault.</param>
    /// <param name="symbol">Symbol of the isolated position.</param>
    /// <param name="side">Its side.</param>
    /// <param name="amount">Positive, at most the available balance.</param>
    /// <param name="time">Time; not before the engine time.</param>
    /// <exception cref="ArgumentException">
    /// Unknown account or symbol, the vault, no isolated position of that side, a non-positive amount or one above
    /// the available balance (<see cref="Account.AddIsolatedMargin"/>), or time going backwards.
    /// </exception>
    public TickResult AddIsolatedMargin(AccountId account, string symbol, PositionSide side, decimal amount, DateTimeOffset time)
    {
        TradingAccount(account, nameof(account));
        KnownSymbol(symbol);
        Position.ValidateSide(side);
        Preconditions.Positive(amount);
        NotBeforeEngineTime(time);

        // Refuses a missing or cross position and an amount above the available balance, naming symbol or amount.
        _ = _accounts[account].AddIsolatedMargin(symbol, side, amount, _marks);
        return Atomically(null, firstEvent =>
        {
            Emit(new IsolatedMarginAdded(NextSequence(), time, account, symbol, side, amount));
            return Emitted(firstEvent);
        });
    }

    /// <summary>Open interest of a symbol: total long and total short contracts over all accounts (the vault included).</summary>
    /// <remarks>O(1): the totals are kept as events change positions.</remarks>
    /// <param name="symbol">A symbol of the engine.</param>
    public (decimal Long, decimal Short) OpenInterest(string symbol)
    {
        SymbolIndex si = _index[KnownSymbol(symbol)];
        return (si.OpenLong, si.OpenShort);
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
        SymbolIndex si = _index[KnownSymbol(symbol)];
        return NearestFirst(symbol, si, _marks[symbol]);
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
        if (Held(account, symbol, side) is not Position p)
        {
            return null;
        }

        bool cross = p.MarginMode == MarginMode.Cross;
        LiquidationEstimate e = Estimate(account, p, cross);
        if (e.Exposure is not PositionSide exposure)
        {
            return null;
        }

        decimal mark = _marks[symbol];
        return e.Status switch
        {
            LiquidationPriceStatus.Exists => Distance(account, symbol, exposure, cross, mark, e.LiquidationPrice!.Value),
            LiquidationPriceStatus.AtAnyPrice => Distance(account, symbol, exposure, cross, mark, mark),
            _ => null,
        };
    }

    /// <summary>An account of the engine that may trade and deposit: any but the vault.</summary>
    private AccountId TradingAccount(AccountId id, string paramName)
    {
        KnownAccount(id, paramName);
        if (id == Vault)
        {
            ThrowHelper.Argument(paramName, id, "is the liquidator vault, which neither trades nor takes deposits");
        }

        return id;
    }

    private void KnownAccount(AccountId id, string paramName)
    {
        if (!_accounts.ContainsKey(id))
        {
            ThrowHelper.Argument(paramName, id, "is not an account of this engine");
        }
    }

    /// <summary>
    /// Checks an order against the position it acts on and returns that position (one-way: the symbol's; hedge: the
    /// side <see cref="MarketOrder.HedgeSide"/> names), or null.
    /// </summary>
    private static Position? CheckOrderAgainstPosition(MarketOrder order, Account account)
    {
        if (account.PositionMode == PositionMode.OneWay)
        {
            if (order.HedgeSide is not null)
            {
                ThrowHelper.Argument("order.HedgeSide", order.HedgeSide, "must be null for a one-way account");
            }

            Position? p = account.Find(order.Symbol);
            if (order.ReduceOnly)
            {
                if (p is null)
                {
                    ThrowHelper.OutOfRange("order.Size", order.Size, "must not exceed the size 0 of the position a reduce-only order reduces (the account holds none)");
                }

                if (order.Side.Opens() == p.Side)
                {
                    ThrowHelper.Argument("order.Side", order.Side, string.Create(CultureInfo.InvariantCulture, $"must be opposite to the held {p.Side} position: a reduce-only order cannot add to it"));
                }

                if (order.Size > p.Size)
                {
                    ThrowHelper.OutOfRange("order.Size", order.Size, string.Create(CultureInfo.InvariantCulture, $"must not exceed the size {p.Size} of the position a reduce-only order reduces"));
                }
            }

            return p;
        }

        if (order.HedgeSide is not PositionSide target || target is not (PositionSide.Long or PositionSide.Short))
        {
            return ThrowHelper.Argument<Position?>("order.HedgeSide", order.HedgeSide, "must be Long or Short for a hedge-mode account");
        }

        Position? held = account.Find(order.Symbol, target);
        bool closes = order.Side.Opens() != target;
        if (!closes && order.ReduceOnly)
        {
            ThrowHelper.Argument("order.Side", order.Side, string.Create(CultureInfo.InvariantCulture, $"must close the {target} position: a reduce-only order cannot add to it"));
        }

        // A hedge-mode position cannot be closed past zero, reduce-only or not.
        if (closes && order.Size > (held?.Size ?? 0m))
        {
            ThrowHelper.OutOfRange("order.Size", order.Size, string.Create(CultureInfo.InvariantCulture, $"must not exceed the size {held?.Size ?? 0m} of the {target} position it closes"));
        }

        return held;
    }

    private TickResult Emitted(int firstEvent) => new([.. _log.Skip(firstEvent)], []);

    /// <summary>Longs and shorts merged nearest first; each side's own order is already by distance (see <see cref="NearestToLiquidation"/>).</summary>
    private IEnumerable<LiquidationDistance> NearestFirst(string symbol, SymbolIndex si, decimal mark) =>
        Merge(
            Merge(Entries(symbol, si.Longs, mark, anyPrice: true), Entries(symbol, si.Longs, mark, anyPrice: false)),
            Merge(Entries(symbol, si.Shorts, mark, anyPrice: true), Entries(symbol, si.Shorts, mark, anyPrice: false)));

    /// <summary>
    /// One side's entries in set order: those liquidatable at any price (stored first, at decimal.MaxValue for longs
    /// and 0 for shorts; all at distance 0, by account), or the others (by liquidation price, which on one side is
    /// by distance). Each stream is sorted by distance, then account.
    /// </summary>
    private static IEnumerable<LiquidationDistance> Entries(string symbol, SortedSet<IndexEntry> set, decimal mark, bool anyPrice)
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

    private static LiquidationDistance Distance(AccountId id, string symbol, PositionSide side, bool cross, decimal mark, decimal liquidationPrice)
    {
        decimal distance = side == PositionSide.Long ? mark - liquidationPrice : liquidationPrice - mark;
        return new LiquidationDistance(id, symbol, side, cross, mark, liquidationPrice, distance, distance / mark);
    }

    /// <summary>
    /// Whether a tick at <paramref name="triggerPrice"/> could liquidate anyone in <paramref name="symbol"/>: an index
    /// entry it crosses (longs from the highest liquidation price, shorts from the lowest), or a cross account in
    /// several symbols, which every tick checks as a whole. O(log n); a false answer is exact.
    /// </summary>
    internal bool MayLiquidate(string symbol, decimal triggerPrice)
    {
        if (_multiSymbolCross.TryGetValue(symbol, out SortedSet<AccountId>? multi) && multi.Count > 0)
        {
            return true;
        }

        SymbolIndex si = _index[symbol];
        return (si.Longs.Count > 0 && si.Longs.Min.Price >= triggerPrice) || (si.Shorts.Count > 0 && si.Shorts.Min.Price <= triggerPrice);
    }

    private void NotBeforeEngineTime(DateTimeOffset time, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(time))] string? paramName = null)
    {
        if (time < _time)
        {
            ThrowHelper.OutOfRange(paramName, time, string.Create(CultureInfo.InvariantCulture, $"must not precede the engine time {_time:O}"));
        }
    }

    /// <summary>
    /// Runs a state change; if it throws, restores what the journal saved and rebuilds the index. A call that does
    /// not tick passes no symbol (no mark or last price to restore).
    /// </summary>
    private TickResult Atomically(string? symbol, Func<int, TickResult> body)
    {
        if (!_retainLog)
        {
            _log.Clear();
        }

        _adlQueues.Clear();
        int firstEvent = _log.Count;
        decimal mark = symbol is null ? 0m : _marks[symbol];
        decimal? lastBefore = symbol is not null && _lasts.TryGetValue(symbol, out decimal l) ? l : null;
        var before = (Time: _time, Sequence: _sequence, Fund: InsuranceFund, BadDebt);
        _undoAccounts.Clear();
        _undoBooks.Clear();
        _undoCooldowns.Clear();
        _undoOpenInterest.Clear();
        try
        {
            return body(firstEvent);
        }
        catch
        {
            // A call that throws leaves the engine as it was: restore what the journal saved, then the index.
            if (symbol is not null)
            {
                _marks[symbol] = mark;
                if (lastBefore is decimal last)
                {
                    _lasts[symbol] = last;
                }
                else
                {
                    _lasts.Remove(symbol);
                }
            }

            foreach ((string oiSymbol, (decimal Long, decimal Short) oi) in _undoOpenInterest)
            {
                (_index[oiSymbol].OpenLong, _index[oiSymbol].OpenShort) = oi;
            }

            (_time, _sequence, InsuranceFund, BadDebt) = (before.Time, before.Sequence, before.Fund, before.BadDebt);
            foreach ((string bookSymbol, OrderBook book) in _undoBooks)
            {
                _books[bookSymbol] = book;
            }

            foreach ((AccountId id, DateTimeOffset? until) in _undoCooldowns)
            {
                if (until is DateTimeOffset u)
                {
                    _cooldownUntil[id] = u;
                }
                else
                {
                    _cooldownUntil.Remove(id);
                }
            }

            foreach ((AccountId id, Account account) in _undoAccounts)
            {
                _accounts[id] = account;
            }

            _log.RemoveRange(firstEvent, _log.Count - firstEvent);
            foreach (AccountId id in _accountOrder)
            {
                Reindex(id);
            }

            throw;
        }
    }

    private TickResult Tick(string symbol, decimal markPrice, DateTimeOffset time, decimal? lastPrice, int firstEvent)
    {
        Emit(new PriceTicked(NextSequence(), time, symbol, markPrice, lastPrice));
        return RunLiquidations(symbol, firstEvent);
    }

    private TickResult RunLiquidations(string symbol, int firstEvent)
    {
        // Liquidations can make others liquidatable (an ADL fill past a counterparty's own liquidation price), so
        // the crossed entries are read again until a pass liquidates nobody.
        // Each account is liquidated at most once per tick (one block): what its policy leaves waits for the next.
        if (!MayLiquidate(symbol, TriggerOf(symbol)))
        {
            // Nothing crosses and no multi-symbol cross account needs a look: the loop below would find nobody.
            return new TickResult([.. _log.Skip(firstEvent)], []);
        }

        var liquidated = new List<AccountId>();
        var done = new HashSet<AccountId>();
        for (int pass = 0; pass < 16; pass++)
        {
            int before = liquidated.Count;
            decimal trigger = TriggerOf(symbol);
            foreach (IndexEntry e in Crossed(symbol, trigger))
            {
                // An earlier liquidation in this tick may have changed this one.
                if (e.Account == Vault || done.Contains(e.Account)
                    || EstimateFor(e.Account, symbol, e.Side, e.Cross) is not LiquidationEstimate est || !est.IsCrossedAt(e.Side, trigger))
                {
                    continue;
                }

                done.Add(e.Account);

                liquidated.Add(e.Account);
                Liquidate(e, symbol, trigger, est);
            }

            // A cross account in several symbols can become liquidatable without an entry crossing in the ticked
            // symbol (a flat hedge there, a position elsewhere): check such accounts as a whole.
            if (_multiSymbolCross.TryGetValue(symbol, out SortedSet<AccountId>? accounts))
            {
                foreach (AccountId id in accounts.ToArray())
                {
                    if (id != Vault && !done.Contains(id) && AccountShort(_accounts[id]) && CrossLegIn(id, symbol) is Position leg)
                    {
                        done.Add(id);
                        liquidated.Add(id);
                        var entry = new IndexEntry(trigger, id, leg.Side, Cross: true);
                        Liquidate(entry, symbol, trigger, LiquidationPriceSolver.ForPosition(_accounts[id], leg, _marks, Profile.MarginModel));
                    }
                }
            }

            if (liquidated.Count == before)
            {
                break;
            }
        }

        return new TickResult([.. _log.Skip(firstEvent)], [.. liquidated]);
    }

    private List<IndexEntry> Crossed(string symbol, decimal trigger)
    {
        SymbolIndex index = _index[symbol];
        var crossed = new List<IndexEntry>();
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

        return crossed;
    }

    private Position? CrossLegIn(AccountId id, string symbol)
    {
        foreach (Position p in _accounts[id].Positions)
        {
            if (p.Symbol == symbol && p.MarginMode == MarginMode.Cross)
            {
                return p;
            }
        }

        return null;
    }

    private string KnownSymbol(string symbol, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(symbol))] string? paramName = null)
    {
        Preconditions.NotBlank(symbol, paramName);
        if (!_instruments.ContainsKey(symbol))
        {
            ThrowHelper.Argument(paramName, symbol, "is not an instrument of this engine");
        }

        return symbol;
    }

    private decimal TriggerOf(string symbol) =>
        Profile.TriggerPrice == TriggerPriceSource.Last && _lasts.TryGetValue(symbol, out decimal last) ? last : _marks[symbol];

    private long NextSequence() => _sequence + 1;

    private void Emit(LiquidationEvent e) => Apply(e);

    // ---------------------------------------------------------------- detection index

    private LiquidationEstimate? EstimateFor(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Account a = _accounts[id];
        if (!cross)
        {
            Position? p = a.Slot(symbol, side);
            return p is { MarginMode: MarginMode.Isolated } && p.Side == side
                ? LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, Profile.MarginModel)
                : null;
        }

        if (CrossLegIn(id, symbol) is not Position leg)
        {
            return null;
        }

        LiquidationEstimate est = LiquidationPriceSolver.ForPosition(a, leg, _marks, Profile.MarginModel);
        return est.Exposure == side ? est : null;
    }

    private void Reindex(AccountId id)
    {
        if (_entriesByAccount.Remove(id, out List<(string Symbol, IndexEntry Entry)>? old))
        {
            foreach ((string symbol, IndexEntry entry) in old)
            {
                SymbolIndex si = _index[symbol];
                _ = entry.Side == PositionSide.Long ? si.Longs.Remove(entry) : si.Shorts.Remove(entry);
            }
        }

        if (id == Vault)
        {
            return;
        }

        Account a = _accounts[id];
        var entries = new List<(string Symbol, IndexEntry Entry)>(a.Positions.Length);
        SortedSet<string>? crossSymbols = null;
        foreach (Position p in a.Positions)
        {
            if (p.MarginMode == MarginMode.Cross)
            {
                (crossSymbols ??= new SortedSet<string>(StringComparer.Ordinal)).Add(p.Symbol);
                continue;
            }

            LiquidationEstimate e = LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, Profile.MarginModel);
            AddEntry(entries, p.Symbol, e, p.Side, id, cross: false);
        }

        if (crossSymbols is not null)
        {
            foreach (string symbol in crossSymbols)
            {
                Position leg = CrossLegIn(id, symbol)!;
                LiquidationEstimate e = LiquidationPriceSolver.ForPosition(a, leg, _marks, Profile.MarginModel);
                if (e.Exposure is PositionSide side)
                {
                    AddEntry(entries, symbol, e, side, id, cross: true);
                }
            }
        }

        // Cross accounts in several symbols are re-indexed whenever any of their symbols ticks.
        bool multi = crossSymbols is { Count: > 1 };
        if (multi || _multiAccounts.Contains(id))
        {
            foreach (string symbol in _instruments.Keys)
            {
                if (multi && crossSymbols!.Contains(symbol))
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

        if (entries.Count > 0)
        {
            _entriesByAccount[id] = entries;
        }
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

    private void AddEntry(List<(string Symbol, IndexEntry Entry)> entries, string symbol, LiquidationEstimate e, PositionSide side, AccountId id, bool cross)
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

        var entry = new IndexEntry(price, id, side, cross);
        SymbolIndex si = _index[symbol];
        _ = side == PositionSide.Long ? si.Longs.Add(entry) : si.Shorts.Add(entry);
        entries.Add((symbol, entry));
    }

    // ---------------------------------------------------------------- the waterfall

    private void Liquidate(IndexEntry entry, string symbol, decimal trigger, LiquidationEstimate est)
    {
        AccountId id = entry.Account;
        Emit(new LiquidationTriggered(NextSequence(), _time, id, symbol, entry.Side, trigger, est.LiquidationPrice ?? trigger));
        foreach (RestingOrder o in _accounts[id].Orders)
        {
            Emit(new OrderCancelled(NextSequence(), _time, id, o));
        }

        if (!entry.Cross)
        {
            LiquidatePosition(id, symbol, entry.Side, cross: false);
            return;
        }

        // Cross: close positions, largest maintenance margin first, until the account is compliant again.
        for (int guard = 0; guard < 64; guard++)
        {
            Account a = _accounts[id];
            if (Profile.NetsHedgedPositions)
            {
                OffsetHedges(id);
                a = _accounts[id];
            }

            AccountMarginSnapshot m = AccountMargin.Evaluate(a, _marks);
            if (!(GrossMarkValued && m.IsCrossLiquidatable) && !CrossCrossed(id, symbol))
            {
                break;
            }

            PositionMargin? worst = null;
            foreach (PositionMargin pm in m.Positions)
            {
                if (pm.Position.MarginMode == MarginMode.Cross && (worst is null || pm.MaintenanceMargin > worst.Value.MaintenanceMargin))
                {
                    worst = pm;
                }
            }

            if (worst is not PositionMargin w)
            {
                break;
            }

            int eventsBefore = _log.Count;
            LiquidatePosition(id, w.Position.Symbol, w.Position.Side, cross: true);
            bool closedAny = false, sliced = false;
            for (int i = eventsBefore; i < _log.Count; i++)
            {
                closedAny |= _log[i] is PositionClosed c && c.Account == id;
                sliced |= _log[i] is LiquidationOrderPlaced { IsSlice: true };
            }

            // Nothing filled (an empty book): trying again in this tick would send the same order. A Hyperliquid
            // slice ends the account's liquidation for this block, as under isolated margin.
            if (!closedAny || sliced)
            {
                break;
            }
        }

        CoverWalletDeficit(id, symbol, entry.Side);
    }

    private bool CrossCrossed(AccountId id, string symbol)
    {
        if (CrossLegIn(id, symbol) is not Position leg)
        {
            return false;
        }

        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(_accounts[id], leg, _marks, Profile.MarginModel);
        return e.Exposure is PositionSide side && e.IsCrossedAt(side, TriggerOf(symbol));
    }

    private void OffsetHedges(AccountId id)
    {
        Account a = _accounts[id];
        foreach (IGrouping<string, Position> g in a.Positions.Where(p => p.MarginMode == MarginMode.Cross).GroupBy(p => p.Symbol).ToArray())
        {
            Position? l = g.FirstOrDefault(p => p.Side == PositionSide.Long);
            Position? s = g.FirstOrDefault(p => p.Side == PositionSide.Short);
            if (l is null || s is null)
            {
                continue;
            }

            decimal both = Math.Min(l.Size, s.Size);
            decimal mark = _marks[g.Key];
            _ = ClosePosition(id, g.Key, PositionSide.Long, both, mark, FillKind.HedgeOffset, consumeBook: false);
            _ = ClosePosition(id, g.Key, PositionSide.Short, both, mark, FillKind.HedgeOffset, consumeBook: false);
        }
    }

    private Position? Held(AccountId id, string symbol, PositionSide side)
    {
        Position? p = _accounts[id].Slot(symbol, side);
        return p is not null && p.Side == side ? p : null;
    }

    private LiquidationEstimate Estimate(AccountId id, Position p, bool cross) =>
        cross
            ? LiquidationPriceSolver.ForPosition(_accounts[id], p, _marks, Profile.MarginModel)
            : LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, Profile.MarginModel);

    private bool IsLiquidatable(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position? p = Held(id, symbol, side);
        return p is not null && (Estimate(id, p, cross).IsCrossedAt(side, TriggerOf(symbol)) || (cross && AccountShort(_accounts[id])));
    }

    /// <summary>
    /// Whether a cross account as a whole is at or below maintenance at the marks, where the profile's margin is
    /// mark-valued on gross legs (so a flat hedge or a position elsewhere can make it liquidatable with no
    /// liquidation price crossed). Entry-valued and netting profiles rely on the liquidation prices alone.
    /// </summary>
    private bool AccountShort(Account account) => GrossMarkValued && AccountMargin.Evaluate(account, _marks).IsCrossLiquidatable;

    private bool GrossMarkValued => Profile.MarginModel.Basis == MaintenanceBasis.MarkValue && !Profile.NetsHedgedPositions;

    private void LiquidatePosition(AccountId id, string symbol, PositionSide side, bool cross)
    {
        switch (Profile.PartialPolicy)
        {
            case PartialLiquidationPolicy.Full:
                TakeOver(id, symbol, side, cross);
                break;
            case PartialLiquidationPolicy.ImmediateOrCancelToCompliance:
                ImmediateOrCancelToCompliance(id, symbol, side, cross);
                break;
            case PartialLiquidationPolicy.RiskTierStepDown:
                StepDown(id, symbol, side, cross);
                break;
            case PartialLiquidationPolicy.HyperliquidSlices:
                Slice(id, symbol, side, cross);
                break;
            default:
                DydxLiquidate(id, symbol, side, cross);
                break;
        }
    }

    /// <summary>Binance: one IOC for the smallest size that restores compliance (after the fee), then take over what is left.</summary>
    private void ImmediateOrCancelToCompliance(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = Held(id, symbol, side)!;
        if (ComplianceSize(id, p, cross) is decimal size && size < p.Size)
        {
            decimal? bp = Estimate(id, p, cross).BankruptcyPrice;
            decimal filled = SendLiquidationOrder(id, p, size, bp, TimeInForce.ImmediateOrCancel, "IOC to restore compliance");
            if (filled > 0m && !IsLiquidatable(id, symbol, side, cross))
            {
                return;
            }
        }

        if (Held(id, symbol, side) is not null)
        {
            TakeOver(id, symbol, side, cross);
        }
    }

    /// <summary>
    /// Smallest whole-lot reduction after which, closed at the trigger price with the clearance fee paid, the
    /// position is no longer liquidatable; the full size when none is. Binary search: compliance improves with size
    /// while the bracket's maintenance rate exceeds the fee rate, which is when a partial close can help at all.
    /// </summary>
    private decimal ComplianceSize(AccountId id, Position p, bool cross)
    {
        // A cross account holding only this position, with no orders, is the isolated case with the wallet as margin.
        Account holder = _accounts[id];
        decimal? soleCrossMargin = cross && holder.Positions.Length == 1 && holder.Orders.IsEmpty ? holder.WalletBalance : null;
        if ((!cross || soleCrossMargin is not null)
            && Profile.MarginModel.Basis == MaintenanceBasis.MarkValue && Profile.MarginModel.ClosingFeeRate == 0m
            && ClosedFormComplianceSize(p, TriggerOf(p.Symbol), soleCrossMargin ?? p.IsolatedMargin) is decimal direct)
        {
            return direct;
        }

        decimal lot = p.Instrument.LotSize;
        long lots = (long)(p.Size / lot);
        decimal price = TriggerOf(p.Symbol);
        long lo = 1, hi = lots;
        while (lo < hi)
        {
            long mid = lo + ((hi - lo) / 2);
            if (CompliantAfter(id, p, mid * lot, price, cross))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo * lot;
    }

    /// <summary>
    /// For an isolated position (or the sole position of a cross account, whose wallet is then its margin) under
    /// mark-valued margin: closing q at P with fee rate f leaves equity
    /// <c>E₀ − f·q·n</c> (E₀ = margin + PnL of the whole position at P, n = notional per contract) against
    /// <c>MM = (Q − q)·n·r − cum</c> in the rest's bracket, so compliance needs <c>q &gt; (MM(Q) − E₀) ÷ (n·(r − f))</c>.
    /// The bracket of the rest is found by iterating (it can only fall as q grows); the result is rounded up to a lot
    /// and checked once. The full size when no partial close can restore compliance (r ≤ f); null when the check
    /// disagrees, and the caller searches instead.
    /// </summary>
    private decimal? ClosedFormComplianceSize(Position p, decimal price, decimal margin)
    {
        Instrument inst = p.Instrument;
        decimal perContract = inst.NotionalUnchecked(1m, price);
        decimal equity = margin + p.UnrealizedPnl(price);
        decimal fee = Profile.ClearanceFeeRate;
        RiskTierTable tiers = inst.RiskTiers;
        int tier = tiers.IndexOfUnchecked(p.Size * perContract);
        decimal q = 0m;
        for (int step = 0; step < tiers.Count + 1; step++)
        {
            RiskTier t = tiers.Tiers[tier];
            decimal rateGap = t.MaintenanceMarginRate - fee;
            if (rateGap <= 0m)
            {
                // Closing part pays more fee than it frees maintenance, here and in every lower bracket (rates only
                // fall): no partial close helps (Binance: such users "are already bankrupt when first entering
                // liquidation").
                return p.Size;
            }

            decimal full = (p.Size * perContract * t.MaintenanceMarginRate) - t.MaintenanceAmount;
            q = Math.Max(0m, (full - equity) / (perContract * rateGap));
            q = inst.FloorToLots(q) + inst.LotSize;
            if (q >= p.Size)
            {
                return p.Size;
            }

            int restTier = tiers.IndexOfUnchecked((p.Size - q) * perContract);
            if (restTier == tier)
            {
                break;
            }

            tier = restTier;
        }

        decimal marginAfter = margin
            + MarginMath.UnrealizedPnlUnchecked(inst, (int)p.Side, q, p.EntryPrice, price)
            - ClearanceFee(inst, q * perContract);
        LiquidationEstimate rest = LiquidationPriceSolver.Isolated(inst, p.Side, p.Size - q, p.EntryPrice, marginAfter, Profile.MarginModel);
        return rest.IsCrossedAt(p.Side, price) ? null : q;
    }

    /// <summary>The clearance fee on a liquidated notional, rounded up to the settlement precision (a charge rounds up).</summary>
    private decimal ClearanceFee(Instrument instrument, decimal notional) =>
        instrument.RoundAmount(Profile.ClearanceFeeRate * notional, MidpointRounding.ToPositiveInfinity);

    private bool CompliantAfter(AccountId id, Position p, decimal size, decimal price, bool cross)
    {
        if (size >= p.Size)
        {
            return true;
        }

        (Account after, _, _) = _accounts[id].LiquidationClose(p, size, price);
        decimal fee = ClearanceFee(p.Instrument, p.Instrument.NotionalUnchecked(size, price));
        after = after.CreditPosition(after.Slot(p.Symbol, p.Side)!, -fee);
        Position rest = after.Slot(p.Symbol, p.Side)!;
        LiquidationEstimate e = cross
            ? LiquidationPriceSolver.ForPosition(after, rest, _marks, Profile.MarginModel)
            : LiquidationPriceSolver.Isolated(rest.Instrument, rest.Side, rest.Size, rest.EntryPrice, rest.IsolatedMargin, Profile.MarginModel);
        return !e.IsCrossedAt(p.Side, price) && !(cross && AccountShort(after));
    }

    /// <summary>Bybit/BitMEX: reduce to the next lower risk tier's limit with a fill-or-kill order while one exists.</summary>
    private void StepDown(AccountId id, string symbol, PositionSide side, bool cross)
    {
        for (int guard = 0; guard < 64; guard++)
        {
            Position? p = Held(id, symbol, side);
            if (p is null || !IsLiquidatable(id, symbol, side, cross))
            {
                return;
            }

            // The tier is read at the price the margin model values positions at (entry for Bybit and BitMEX).
            RiskTierTable tiers = p.Instrument.RiskTiers;
            decimal valuedAt = Profile.MarginModel.Basis == MaintenanceBasis.EntryValue ? p.EntryPrice : _marks[symbol];
            int tier = tiers.IndexOf(p.Instrument.NotionalUnchecked(p.Size, valuedAt));
            if (tier == 0)
            {
                break;
            }

            decimal target = LargestSizeWithin(p.Instrument, tier - 1, valuedAt);
            decimal reduce = p.Size - target;
            decimal? bp = Estimate(id, p, cross).BankruptcyPrice;
            if (reduce <= 0m || SendLiquidationOrder(id, p, reduce, bp, TimeInForce.FillOrKill, string.Create(CultureInfo.InvariantCulture, $"step down to risk tier {tier}")) == 0m)
            {
                break;
            }
        }

        if (Held(id, symbol, side) is not null && IsLiquidatable(id, symbol, side, cross))
        {
            TakeOver(id, symbol, side, cross);
        }
    }

    /// <summary>Largest whole-lot size whose notional at the mark lies in bracket <paramref name="tierIndex"/> or below.</summary>
    private static decimal LargestSizeWithin(Instrument instrument, int tierIndex, decimal mark)
    {
        RiskTierTable tiers = instrument.RiskTiers;
        decimal lot = instrument.LotSize;
        decimal size = Math.Floor(tiers.Tiers[tierIndex].NotionalCap / instrument.NotionalUnchecked(1m, mark) / lot) * lot;
        while (size > 0m && tiers.IndexOf(instrument.NotionalUnchecked(size, mark)) > tierIndex)
        {
            size -= lot;
        }

        return size;
    }

    /// <summary>Hyperliquid: backstop below the backstop fraction, else a slice (or the whole position during cooldown) as a market order.</summary>
    private void Slice(AccountId id, string symbol, PositionSide side, bool cross)
    {
        SliceRules rules = Profile.Slices!.Value;
        Position p = Held(id, symbol, side)!;
        decimal mark = _marks[symbol];
        AccountMarginSnapshot? account = cross ? AccountMargin.Evaluate(_accounts[id], _marks) : null;
        decimal equity = account?.CrossMarginBalance ?? p.IsolatedMargin + p.UnrealizedPnl(mark);
        decimal maintenance = account?.CrossMaintenanceMargin ?? p.MaintenanceMargin(mark);
        if (equity < rules.BackstopFraction * maintenance)
        {
            Backstop(id, cross ? null : p);
            return;
        }

        bool cooling = _cooldownUntil.TryGetValue(id, out DateTimeOffset until) && _time < until;
        decimal size = p.Size;
        bool partial = false;
        decimal quoteValue = p.Instrument.Kind == ContractKind.Linear ? p.Instrument.NotionalUnchecked(p.Size, mark) : p.Size * p.Instrument.ContractSize;
        if (!cooling && quoteValue > rules.SliceThreshold)
        {
            decimal slice = p.Instrument.FloorToLots(p.Size * rules.SliceFraction);
            if (slice > 0m && slice < p.Size)
            {
                size = slice;
                partial = true;
            }
        }

        SendLiquidationOrder(id, p, size, null, TimeInForce.ImmediateOrCancel, partial ? "slice" : "whole position", partial);
        CoverPositionDeficit(id, symbol, side);
    }

    private void Backstop(AccountId id, Position? isolated)
    {
        Account a = _accounts[id];
        IEnumerable<Position> moving = isolated is null ? a.Positions.Where(p => p.MarginMode == MarginMode.Cross).ToArray() : [isolated];
        bool first = true;
        foreach (Position p in moving)
        {
            decimal margin = isolated is not null ? p.IsolatedMargin : first ? _accounts[id].WalletBalance : 0m;
            first = false;
            Emit(new BackstopTransfer(NextSequence(), _time, id, Vault, p.Symbol, p.Side, p.Size, p.EntryPrice, margin));
        }
    }

    /// <summary>
    /// dYdX: an IOC limited to the fillable price, sized by the position-portion and minimum-notional rules (one
    /// tick is one block for the block limits); the fund takes <c>min(fee ppm × |quote|, surplus)</c> over the
    /// chain's bankruptcy quote. Linear contracts (dYdX lists only those).
    /// </summary>
    private void DydxLiquidate(AccountId id, string symbol, PositionSide side, bool cross)
    {
        DydxLiquidationConfig config = Profile.Dydx!;
        Position p = Held(id, symbol, side)!;
        decimal mark = _marks[symbol];
        decimal notional = p.Instrument.NotionalUnchecked(p.Size, mark);
        AccountMarginSnapshot m = AccountMargin.Evaluate(_accounts[id], _marks);
        decimal tnc = cross ? m.CrossMarginBalance : p.IsolatedMargin + p.UnrealizedPnl(mark);
        decimal positionMm = p.MaintenanceMargin(mark);
        decimal tmmr = cross ? m.CrossMaintenanceMargin : positionMm;
        decimal baseSize = p.Size * p.Instrument.ContractSize;
        // The chain rounds the position's maintenance up to a quote quantum (from a truncated notional); the total
        // must not fall below it, so it is read from the chain's own arithmetic first.
        decimal fraction = positionMm / notional;
        decimal chainPositionMm = DydxLiquidation.ForPosition((int)side * baseSize, mark, fraction, tnc, tmmr + positionMm + 1m, config).PositionMaintenanceMargin;
        DydxPositionLiquidation d = DydxLiquidation.ForPosition(
            (int)side * baseSize, mark, fraction, tnc, Math.Max(tmmr, chainPositionMm), config);
        decimal closeBase = d.MaxLiquidatableSize(p.Instrument.LotSize * p.Instrument.ContractSize, DydxSubaccountLiquidationInfo.Empty);
        decimal size = Math.Min(p.Size, closeBase / p.Instrument.ContractSize);
        SendLiquidationOrder(id, p, size, d.FillablePrice, TimeInForce.ImmediateOrCancel, "dYdX fillable-price order", false, d.BankruptcyPrice(closeBase));
        if (Held(id, symbol, side) is not null && tnc < 0m)
        {
            TakeOver(id, symbol, side, cross);
        }

        CoverPositionDeficit(id, symbol, side);
    }

    /// <summary>
    /// Sends a liquidation order for part of a user's position to the book. The user realises PnL at the fills; the
    /// profile's fee or capped surplus goes to the fund. Returns the filled size.
    /// </summary>
    private decimal SendLiquidationOrder(
        AccountId id, Position p, decimal size, decimal? limit, TimeInForce tif, string reason, bool isSlice = false, decimal? bankruptcyPrice = null)
    {
        OrderSide orderSide = p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;
        Emit(new LiquidationOrderPlaced(NextSequence(), _time, id, p.Symbol, orderSide, size, limit, tif, reason) { IsSlice = isSlice });
        BookExecution ex = _books[p.Symbol].Execute(orderSide, size, limit, tif);
        decimal notional = 0m, surplus = 0m;
        foreach (BookFill f in ex.Fills)
        {
            _ = ClosePosition(id, p.Symbol, p.Side, f.Size, f.Price, FillKind.Book, consumeBook: true);
            notional += p.Instrument.NotionalUnchecked(f.Size, f.Price);
            if (bankruptcyPrice is decimal bp)
            {
                surplus += MarginMath.UnrealizedPnlUnchecked(p.Instrument, (int)p.Side, f.Size, bp, f.Price);
            }
        }

        if (ex.FilledSize == 0m)
        {
            return 0m;
        }

        decimal fee = Profile.Surplus switch
        {
            LiquidationSurplusRule.UserKeepsAfterClearanceFee => Profile.ClearanceFeeRate * notional,
            LiquidationSurplusRule.CappedFeeToInsuranceFund when bankruptcyPrice is not null =>
                Math.Max(0m, Math.Min(Profile.Dydx!.MaxLiquidationFeePpm / 1_000_000m * notional, surplus)),
            _ => 0m,
        };
        fee = p.Instrument.RoundAmount(fee, MidpointRounding.ToPositiveInfinity);
        if (fee > 0m)
        {
            decimal available = Collateral(id, p.Symbol, p.Side);
            fee = Math.Min(fee, Math.Max(0m, available));
            if (fee > 0m)
            {
                TransferKind kind = Profile.Surplus == LiquidationSurplusRule.CappedFeeToInsuranceFund ? TransferKind.CappedFee : TransferKind.ClearanceFee;
                Emit(new CollateralTransfer(NextSequence(), _time, id, p.Symbol, p.Side, fee, kind));
            }
        }

        return ex.FilledSize;
    }

    /// <summary>Collateral behind a position: its isolated margin while open and isolated, otherwise the wallet.</summary>
    private decimal Collateral(AccountId id, string symbol, PositionSide side)
    {
        Position? p = Held(id, symbol, side);
        return p is { MarginMode: MarginMode.Isolated } ? p.IsolatedMargin : _accounts[id].WalletBalance;
    }

    /// <summary>
    /// Takes the rest of a position over at its bankruptcy price: the user closes there, any margin left goes to
    /// the fund, and the fund works the position on the book, then through ADL, then against the venue.
    /// </summary>
    private void TakeOver(AccountId id, string symbol, PositionSide side, bool cross)
    {
        Position p = Held(id, symbol, side)!;
        decimal mark = _marks[symbol];
        decimal bp = Estimate(id, p, cross).BankruptcyPrice ?? mark;
        decimal size = p.Size;
        Instrument instrument = p.Instrument;
        decimal released = ClosePosition(id, symbol, side, size, bp, FillKind.Venue, consumeBook: false);

        // An isolated position closed at bankruptcy releases only rounding dust (or a fee set aside): it is the fund's.
        if (!cross && released > 0m)
        {
            Emit(new CollateralTransfer(NextSequence(), _time, id, symbol, side, released, TransferKind.RemainingMargin));
        }

        CoverWalletDeficit(id, symbol, side);

        // The fund works the position: book fills while it can afford them, then ADL, then the venue.
        decimal remaining = size;
        OrderBook book = _books[symbol];
        bool intoBids = side == PositionSide.Long;
        int levels = intoBids ? book.BidCount : book.AskCount;
        for (int li = 0; li < levels; li++)
        {
            PriceLevel level = book.Level(intoBids, li);
            if (remaining == 0m)
            {
                break;
            }

            decimal perContract = MarginMath.UnrealizedPnlUnchecked(instrument, (int)side, 1m, bp, level.Price);
            decimal take = Math.Min(remaining, level.Size);
            if (perContract < 0m)
            {
                decimal affordable = instrument.FloorToLots(InsuranceFund / -perContract);
                take = Math.Min(take, affordable);
            }

            if (take <= 0m)
            {
                break;
            }

            FundTrade(symbol, side, take, level.Price, bp, FillKind.Book, instrument);
            remaining -= take;
        }

        if (remaining > 0m)
        {
            remaining = Deleverage(id, instrument, side, remaining, bp);
        }

        if (remaining > 0m)
        {
            // Nobody is left to take it: the venue absorbs the rest at the worse of the mark and bankruptcy, so a
            // gap through bankruptcy is a loss to the fund (bad debt beyond it) and no profit is invented.
            decimal at = side == PositionSide.Long ? Math.Min(mark, bp) : Math.Max(mark, bp);
            FundTrade(symbol, side, remaining, at, bp, FillKind.Venue, instrument);
        }
    }

    /// <summary>
    /// Auto-deleverages opposite positions in the profile's ranking order; returns the size not covered. The
    /// ranking is computed once per tick and side (venues publish ADL queues periodically, not per fill) and walked
    /// against each counterparty's current size, with a cursor past the exhausted ones.
    /// </summary>
    private decimal Deleverage(AccountId liquidated, Instrument instrument, PositionSide side, decimal size, decimal bankruptcyPrice)
    {
        string symbol = instrument.Symbol;
        PositionSide opposite = side.Opposite();
        if (!_adlQueues.TryGetValue((symbol, opposite), out AdlQueue? queue))
        {
            queue = new AdlQueue(RankCounterparties(instrument, opposite));
            _adlQueues[(symbol, opposite)] = queue;
        }

        decimal price = Profile.AdlAtMarkPrice ? _marks[symbol] : bankruptcyPrice;
        decimal remaining = size;
        for (int i = queue.Next; i < queue.Ranking.Length && remaining > 0m; i++)
        {
            AccountId id = queue.Ranking[i].Candidate.Account;
            if (id == liquidated || Held(id, symbol, opposite) is not Position q)
            {
                if (i == queue.Next)
                {
                    queue.Next++;
                }

                continue;
            }

            decimal take = Math.Min(remaining, q.Size);
            _ = ClosePosition(id, symbol, opposite, take, price, FillKind.AdlCounterparty, consumeBook: false);
            FundTrade(symbol, side, take, price, bankruptcyPrice, FillKind.AdlLiquidated, instrument);

            // A fill at the liquidated order's bankruptcy price can pass the counterparty's own: cover its deficit.
            CoverPositionDeficit(id, symbol, opposite);
            remaining -= take;
            if (take == q.Size && i == queue.Next)
            {
                queue.Next++;
            }
        }

        return remaining;
    }

    private ImmutableArray<AdlRankedCandidate> RankCounterparties(Instrument instrument, PositionSide side)
    {
        string symbol = instrument.Symbol;
        decimal mark = _marks[symbol];
        bool needsBankruptcy = Profile.AdlRanking == AdlRankingMethod.BitMex;

        // No bankruptcy price: for a linear long or inverse short it means "never bankrupt" (0 by the candidate's
        // convention); for a linear short or inverse long it means bankrupt at every price, which ranks like a
        // position at its bankruptcy price (the mark).
        bool bankruptEverywhere = (instrument.Kind == ContractKind.Linear) == (side == PositionSide.Short);
        List<AdlCandidate> candidates = _adlCandidates;
        candidates.Clear();
        foreach (AccountId id in _accountOrder)
        {
            if (id == Vault)
            {
                continue;
            }

            Account a = _accounts[id];
            foreach (Position q in a.Positions)
            {
                if (q.Symbol != symbol || q.Side != side)
                {
                    continue;
                }

                bool cross = q.MarginMode == MarginMode.Cross;
                decimal bankruptcy = needsBankruptcy ? Estimate(id, q, cross).BankruptcyPrice ?? (bankruptEverywhere ? mark : 0m) : 0m;
                decimal balance = cross ? a.WalletBalance : q.IsolatedMargin;
                candidates.Add(new AdlCandidate(id, q.Side, q.Size, q.EntryPrice, mark, bankruptcy, balance, q.UnrealizedPnl(mark), q.MaintenanceMargin(mark)));
            }
        }

        // Rank copies what it keeps, so the buffer is reused by the next ranking.
        return candidates.Count == 0
            ? []
            : AutoDeleveraging.Rank(CollectionsMarshal.AsSpan(candidates), Profile.AdlRanking, instrument.Kind, (ulong)_sequence);
    }

    private void FundTrade(string symbol, PositionSide side, decimal size, decimal price, decimal bankruptcyPrice, FillKind kind, Instrument instrument)
    {
        decimal pnl = instrument.RoundAmount(MarginMath.UnrealizedPnlUnchecked(instrument, (int)side, size, bankruptcyPrice, price), MidpointRounding.ToEven);
        Emit(new InsuranceFundTrade(NextSequence(), _time, symbol, side, size, price, bankruptcyPrice, pnl, kind));
    }

    /// <summary>Closes part of a held position at a price; returns the isolated margin released to the wallet.</summary>
    private decimal ClosePosition(AccountId id, string symbol, PositionSide side, decimal size, decimal price, FillKind kind, bool consumeBook)
    {
        Position p = Held(id, symbol, side)!;
        (decimal realized, decimal released) = Account.LiquidationCloseAmounts(p, size, price);
        Emit(new PositionClosed(NextSequence(), _time, id, symbol, side, size, price, realized, released, kind) { ConsumesBook = consumeBook });
        return released;
    }

    /// <summary>Brings a negative isolated margin of an open position back to zero from the fund (bad debt beyond it).</summary>
    private void CoverPositionDeficit(AccountId id, string symbol, PositionSide side)
    {
        Position? p = Held(id, symbol, side);
        if (p is { MarginMode: MarginMode.Isolated } && p.IsolatedMargin < 0m)
        {
            Draw(id, symbol, side, -p.IsolatedMargin);
        }

        CoverWalletDeficit(id, symbol, side);
    }

    private void CoverWalletDeficit(AccountId id, string symbol, PositionSide side)
    {
        Account a = _accounts[id];
        if (a.WalletBalance >= 0m)
        {
            return;
        }

        foreach (Position p in a.Positions)
        {
            if (p.MarginMode == MarginMode.Cross)
            {
                return;
            }
        }

        Draw(id, symbol, side, -a.WalletBalance);
    }

    private void Draw(AccountId id, string symbol, PositionSide side, decimal deficit)
    {
        decimal paid = Math.Min(deficit, InsuranceFund);
        if (paid > 0m)
        {
            Emit(new CollateralTransfer(NextSequence(), _time, id, symbol, side, -paid, TransferKind.InsuranceDraw));
        }

        if (deficit > paid)
        {
            Emit(new BadDebtRecorded(NextSequence(), _time, id, deficit - paid, symbol, side));
        }
    }

    // ---------------------------------------------------------------- applying events (live and replay)

    private void Apply(LiquidationEvent e)
    {
        switch (e)
        {
            case PriceTicked t:
                _marks[t.Symbol] = t.MarkPrice;
                if (t.LastPrice is decimal last)
                {
                    _lasts[t.Symbol] = last;
                }

                _time = t.Time;

                // Cross accounts in several symbols are valued at every mark they hold: re-index them here, so that
                // replay rebuilds the same index.
                if (_multiSymbolCross.TryGetValue(t.Symbol, out SortedSet<AccountId>? multi))
                {
                    foreach (AccountId id in multi.ToArray())
                    {
                        Reindex(id);
                    }
                }

                break;
            case FundingRound f:
                _time = f.Time;
                break;
            case FundingPaid f:
                {
                    Journal(f.Account);
                    Position p = Held(f.Account, f.Symbol, f.Side)!;
                    _accounts[f.Account] = _accounts[f.Account].CreditPosition(p, f.Amount);
                    Reindex(f.Account);
                    break;
                }

            case OrderCancelled c:
                // The reserved margin returns to the wallet, which moves the account's cross liquidation prices.
                Journal(c.Account);
                _accounts[c.Account] = _accounts[c.Account].CancelOrder(c.Order.Id);
                Reindex(c.Account);
                break;
            case LiquidationOrderPlaced o:
                if (o.IsSlice && Profile.Slices is SliceRules rules)
                {
                    _undoCooldowns.TryAdd(o.Account, _cooldownUntil.TryGetValue(o.Account, out DateTimeOffset until) ? until : null);
                    _cooldownUntil[o.Account] = o.Time + rules.Cooldown;
                }

                break;
            case PositionClosed c:
                {
                    Position p = Held(c.Account, c.Symbol, c.Side)!;
                    (Account after, decimal realized, decimal released) = _accounts[c.Account].LiquidationClose(p, c.Size, c.Price);
                    if (realized != c.RealizedPnl || released != c.ReleasedMargin)
                    {
                        ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture, $"Event {c.Sequence} does not match the state it is applied to."));
                    }

                    Journal(c.Account);
                    _accounts[c.Account] = after;
                    AddOpenInterest(c.Symbol, c.Side, -c.Size);
                    if (c.ConsumesBook)
                    {
                        ConsumeBook(c.Symbol, c.Side, c.Size, c.Price);
                    }

                    Reindex(c.Account);
                    break;
                }

            case CollateralTransfer t:
                {
                    Position? p = Held(t.Account, t.Symbol, t.Side);
                    Account a = _accounts[t.Account];
                    Journal(t.Account);
                    _accounts[t.Account] = p is { MarginMode: MarginMode.Isolated } ? a.CreditPosition(p, -t.Amount) : a.WithWalletDelta(-t.Amount);
                    InsuranceFund += t.Amount;
                    Reindex(t.Account);
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
                    Journal(b.Account);
                    Position? p = Held(b.Account, b.Symbol, b.Side);
                    Account a = _accounts[b.Account];
                    _accounts[b.Account] = p is { MarginMode: MarginMode.Isolated } ? a.CreditPosition(p, b.Amount) : a.WithWalletDelta(b.Amount);
                    BadDebt += b.Amount;
                    Reindex(b.Account);
                    break;
                }

            case BackstopTransfer t:
                {
                    Position p = Held(t.Account, t.Symbol, t.Side)!;
                    Account from = _accounts[t.Account].WithoutPosition(p);
                    if (p.MarginMode == MarginMode.Cross)
                    {
                        from = from.WithWalletDelta(-t.Margin);
                    }

                    Journal(t.Account);
                    Journal(t.Vault);
                    _accounts[t.Account] = from;
                    _accounts[t.Vault] = _accounts[t.Vault].ReceivePosition(p, t.Margin);
                    Reindex(t.Account);
                    break;
                }

            case BookUpdated b:
                _undoBooks.TryAdd(b.Book.Symbol, _books[b.Book.Symbol]);
                _books[b.Book.Symbol] = b.Book;
                _time = b.Time;
                break;
            case OrderFilled f:
                {
                    Account before = _accounts[f.Account];
                    FillResult r = before.ApplyFill(_instruments[f.Symbol], f.Side, f.Size, f.Price, f.MarginMode, f.Leverage, f.HedgeSide);
                    if (r.RealizedPnl != f.RealizedPnl)
                    {
                        ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture, $"Event {f.Sequence} does not match the state it is applied to."));
                    }

                    Journal(f.Account);
                    _accounts[f.Account] = r.Account;
                    AddOpenInterest(f.Symbol, PositionSide.Long, HeldSize(r.Account, f.Symbol, PositionSide.Long) - HeldSize(before, f.Symbol, PositionSide.Long));
                    AddOpenInterest(f.Symbol, PositionSide.Short, HeldSize(r.Account, f.Symbol, PositionSide.Short) - HeldSize(before, f.Symbol, PositionSide.Short));
                    ConsumeBook(f.Symbol, f.Side, f.Size, f.Price);
                    Reindex(f.Account);
                    _time = f.Time;
                    break;
                }

            case Deposited d:
                Journal(d.Account);
                _accounts[d.Account] = _accounts[d.Account].Deposit(d.Amount);
                Reindex(d.Account);
                _time = d.Time;
                break;
            case IsolatedMarginAdded m:
                Journal(m.Account);
                _accounts[m.Account] = _accounts[m.Account].AddIsolatedMargin(m.Symbol, m.Side, m.Amount, _marks);
                Reindex(m.Account);
                _time = m.Time;
                break;
            default:
                break;
        }

        _sequence = e.Sequence;
        _log.Add(e);
    }

    private void Journal(AccountId id) => _undoAccounts.TryAdd(id, _accounts[id]);

    private void ConsumeBook(string symbol, PositionSide closedSide, decimal size, decimal price) =>
        ConsumeBook(symbol, closedSide == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, size, price);

    private void ConsumeBook(string symbol, OrderSide taker, decimal size, decimal price)
    {
        _undoBooks.TryAdd(symbol, _books[symbol]);
        _books[symbol] = _books[symbol].Execute(taker, size, price, TimeInForce.ImmediateOrCancel).Book;
    }

    /// <summary>Moves a symbol's open interest, journalling the totals the call started with.</summary>
    private void AddOpenInterest(string symbol, PositionSide side, decimal delta)
    {
        if (delta == 0m)
        {
            return;
        }

        SymbolIndex si = _index[symbol];
        _undoOpenInterest.TryAdd(symbol, (si.OpenLong, si.OpenShort));
        if (side == PositionSide.Long)
        {
            si.OpenLong += delta;
        }
        else
        {
            si.OpenShort += delta;
        }
    }

    private static decimal HeldSize(Account account, string symbol, PositionSide side) => account.Find(symbol, side)?.Size ?? 0m;

    private readonly record struct IndexEntry(decimal Price, AccountId Account, PositionSide Side, bool Cross);

    /// <summary>Index order: by liquidation price (longs from the highest, shorts from the lowest), then account id.</summary>
    private sealed class EntryOrder(bool descending) : IComparer<IndexEntry>
    {
        public int Compare(IndexEntry a, IndexEntry b)
        {
            int c = descending ? b.Price.CompareTo(a.Price) : a.Price.CompareTo(b.Price);
            return c != 0 ? c : a.Account.CompareTo(b.Account);
        }
    }

    /// <summary>An ADL ranking with a cursor past the counterparties already used up in this tick.</summary>
    private sealed class AdlQueue(ImmutableArray<AdlRankedCandidate> ranking)
    {
        public ImmutableArray<AdlRankedCandidate> Ranking { get; } = ranking;

        public int Next { get; set; }
    }

    private sealed class SymbolIndex
    {
        public SortedSet<IndexEntry> Longs { get; } = new(s_longOrder);

        public SortedSet<IndexEntry> Shorts { get; } = new(s_shortOrder);

        /// <summary>Open interest: long contracts over all accounts, the vault included.</summary>
        public decimal OpenLong { get; set; }

        /// <summary>Open interest: short contracts over all accounts, the vault included.</summary>
        public decimal OpenShort { get; set; }
    }

    private sealed record EngineSnapshot(
        ImmutableSortedDictionary<AccountId, Account> Accounts,
        ImmutableDictionary<string, OrderBook> Books,
        ImmutableDictionary<string, decimal> Marks,
        decimal InsuranceFund,
        DateTimeOffset Time);
}
