using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Assembles a <see cref="LiquidationEngine"/> from a venue, its instruments (each with its order book and opening
/// mark), the accounts and the insurance fund, one readable call at a time:
/// <code>
/// LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, start)
///     .AddInstrument(btc, markPrice: 60_000m, book)
///     .AddAccount(new AccountId(1), trader)
///     .WithInsuranceFund(1_000_000m)
///     .Build();
/// </code>
/// </summary>
/// <remarks>
/// Each method checks its own arguments at once and throws naming the parameter and the value, leaving the builder
/// unchanged; <see cref="Build"/> checks what only the whole can show (a position in an instrument not added, the
/// dYdX policy with an inverse contract). The builder can build several engines; each gets its own state. Not
/// thread-safe.
/// </remarks>
public sealed class LiquidationEngineBuilder
{
    private readonly VenueProfile _profile;
    private readonly DateTimeOffset _startTime;
    private readonly List<Instrument> _instruments = [];
    private readonly List<OrderBook> _books = [];
    private readonly Dictionary<string, decimal> _marks = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<AccountId, Account>> _accounts = [];
    private readonly HashSet<AccountId> _accountIds = [];
    private decimal _insuranceFund;
    private AccountId? _vault;
    private readonly Dictionary<string, List<AccountId>> _makers = new(StringComparer.Ordinal);
    private bool _retainEventLog = true;

    /// <summary>Starts a builder; <see cref="LiquidationEngine.CreateBuilder"/> is the usual way in.</summary>
    /// <param name="profile">The venue's rules; validated now.</param>
    /// <param name="startTime">The engine clock at the start; every later call must be at or after it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">The profile is inconsistent.</exception>
    public LiquidationEngineBuilder(VenueProfile profile, DateTimeOffset startTime)
    {
        Preconditions.NotNull(profile);
        profile.Validate();
        _profile = profile;
        _startTime = startTime;
    }

    /// <summary>Adds a traded instrument with its order book and opening mark price.</summary>
    /// <param name="instrument">The instrument; its symbol must not have been added.</param>
    /// <param name="markPrice">The opening mark price; positive.</param>
    /// <param name="book">The instrument's order book; its symbol must be the instrument's.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instrument"/> or <paramref name="book"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="markPrice"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The symbol was added before, or the book is for another symbol.</exception>
    public LiquidationEngineBuilder AddInstrument(Instrument instrument, decimal markPrice, OrderBook book)
    {
        Preconditions.NotNull(instrument);
        Preconditions.NotNull(book);
        Preconditions.Positive(markPrice);
        if (_marks.ContainsKey(instrument.Symbol))
        {
            ThrowHelper.Argument(nameof(instrument), instrument.Symbol, "was added already; symbols are unique");
        }

        if (!string.Equals(book.Symbol, instrument.Symbol, StringComparison.Ordinal))
        {
            ThrowHelper.Argument(nameof(book), book.Symbol, "is the book of another symbol than " + instrument.Symbol);
        }

        _instruments.Add(instrument);
        _books.Add(book);
        _marks.Add(instrument.Symbol, markPrice);
        return this;
    }

    /// <summary>Adds an account.</summary>
    /// <param name="id">The account's id; not added before.</param>
    /// <param name="account">The account; its positions must be in instruments added by the time of <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> was added before.</exception>
    public LiquidationEngineBuilder AddAccount(AccountId id, Account account)
    {
        Preconditions.NotNull(account);
        if (!_accountIds.Add(id))
        {
            ThrowHelper.Argument(nameof(id), id, "was added already; account ids are unique");
        }

        _accounts.Add(new KeyValuePair<AccountId, Account>(id, account));
        return this;
    }

    /// <summary>
    /// Adds an account that makes the market in <paramref name="symbol"/>: the counterparty of fills against the
    /// symbol's order book. Without market makers the book is anonymous liquidity, and a liquidation that sells into it
    /// leaves one side of the open interest short of the other; with them, every contract the book fills moves to a
    /// maker, so open interest stays balanced (long = short) when it starts balanced.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Several makers share a book by level: level k of the book as an order finds it (k = 0 is the best price) is
    /// quoted by the k-th maker, counting in the order they were added, modulo their number, among the makers able to
    /// quote. A maker quotes while its wallet is positive and it is not liquidatable at the current marks; it never
    /// takes its own order (its liquidation is filled by the others). When no maker can quote, the book fills
    /// nothing: a liquidation goes on to the takeover, the insurance fund and ADL, and a trader's market order is
    /// cancelled. Makers hold cross positions (leverage 1 on the fill; the account's wallet is its capital) and are
    /// liquidated and auto-deleveraged like any other account, as market makers were in the cascade of 10 October 2025,
    /// when auto-deleveraging closed market makers' profitable legs on several venues.
    /// </para>
    /// <para>
    /// The maker's side of each fill is logged as an <see cref="OrderFilled"/> with <see cref="OrderFilled.IsMaker"/>
    /// set, right after the taker's fill, so replay reproduces it. Where nobody else can take a liquidated position's
    /// remainder (neither the book nor ADL), a maker takes it at the price the venue would have, instead of the
    /// venue. A maker's fill is booked even when its wallet has gone negative (the quote was resting, unlike a trader's
    /// opening order): the maker is liquidated at the next check.
    /// </para>
    /// </remarks>
    /// <param name="symbol">The symbol whose book the account quotes; an instrument added by the time of <see cref="Build"/>.</param>
    /// <param name="id">The account's id; not added before.</param>
    /// <param name="account">
    /// The account: one-way, settling in the instrument's asset, with no isolated position (checked at <see cref="Build"/>).
    /// </param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="symbol"/> or <paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is blank, <paramref name="id"/> was added before, or the account is in hedge mode.</exception>
    public LiquidationEngineBuilder AddMarketMaker(string symbol, AccountId id, Account account)
    {
        Preconditions.NotBlank(symbol);
        Preconditions.NotNull(account);
        if (account.PositionMode != PositionMode.OneWay)
        {
            ThrowHelper.Argument(nameof(account), account.PositionMode, "must be in one-way mode to make a market");
        }

        _ = AddAccount(id, account);
        if (!_makers.TryGetValue(symbol, out List<AccountId>? ids))
        {
            _makers.Add(symbol, ids = []);
        }

        ids.Add(id);
        return this;
    }

    /// <summary>Adds accounts by id, as <see cref="AddAccount"/> each.</summary>
    /// <param name="accounts">The accounts; ids unique among themselves and with those added before.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or one of its accounts is null.</exception>
    /// <exception cref="ArgumentException">An id repeats; no account of the call is added.</exception>
    public LiquidationEngineBuilder AddAccounts(IEnumerable<KeyValuePair<AccountId, Account>> accounts)
    {
        KeyValuePair<AccountId, Account>[] all = [.. Preconditions.NotNull(accounts)];
        var seen = new HashSet<AccountId>(all.Length);
        foreach (KeyValuePair<AccountId, Account> pair in all)
        {
            if (pair.Value is null)
            {
                ThrowHelper.Null(FormattableString.Invariant($"accounts[{pair.Key}]"));
            }

            if (_accountIds.Contains(pair.Key) || !seen.Add(pair.Key))
            {
                ThrowHelper.Argument(nameof(accounts), pair.Key, "lists an account id that was added already; account ids are unique");
            }
        }

        _accountIds.UnionWith(seen);
        _accounts.AddRange(all);
        return this;
    }

    /// <summary>Sets the opening insurance-fund balance (zero unless set).</summary>
    /// <param name="balance">The balance, in the settlement asset; not negative.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="balance"/> is negative.</exception>
    public LiquidationEngineBuilder WithInsuranceFund(decimal balance)
    {
        Preconditions.NonNegative(balance);
        _insuranceFund = balance;
        return this;
    }

    /// <summary>
    /// Names the liquidator vault that receives Hyperliquid backstop transfers. Without one, the engine creates an
    /// empty hedge-mode vault under id <see cref="long.MinValue"/>.
    /// </summary>
    /// <param name="vault">The vault's id; an added account or a new empty one.</param>
    /// <returns>This builder.</returns>
    public LiquidationEngineBuilder WithVault(AccountId vault)
    {
        _vault = vault;
        return this;
    }

    /// <summary>
    /// Keeps only the last call's events in <see cref="LiquidationEngine.Events"/> instead of the whole log: for long
    /// simulations that stream each <see cref="EngineResult"/> elsewhere. Such an engine cannot be
    /// <see cref="LiquidationEngine.Replay">replayed</see>.
    /// </summary>
    /// <returns>This builder.</returns>
    public LiquidationEngineBuilder WithoutEventLog()
    {
        _retainEventLog = false;
        return this;
    }

    /// <summary>Builds the engine at the start time, with what was added.</summary>
    /// <returns>A new engine; later calls to this builder do not change it.</returns>
    /// <exception cref="InvalidOperationException">No instrument was added.</exception>
    /// <exception cref="ArgumentException">
    /// An account holds a position in an instrument that was not added, the dYdX policy meets an inverse contract, or a
    /// market maker quotes a symbol not added, settles in another asset or holds an isolated position.
    /// </exception>
    public LiquidationEngine Build()
    {
        if (_instruments.Count == 0)
        {
            throw new InvalidOperationException("Add at least one instrument (AddInstrument) before building the engine.");
        }

        return new LiquidationEngine(
            _profile, _instruments, _accounts, _books, _marks, _insuranceFund, _startTime, _vault, _retainEventLog,
            _makers.ToDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal));
    }
}
