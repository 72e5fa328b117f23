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
    /// An account holds a position in an instrument that was not added, or the dYdX policy meets an inverse contract.
    /// </exception>
    public LiquidationEngine Build()
    {
        if (_instruments.Count == 0)
        {
            throw new InvalidOperationException("Add at least one instrument (AddInstrument) before building the engine.");
        }

        return new LiquidationEngine(_profile, _instruments, _accounts, _books, _marks, _insuranceFund, _startTime, _vault, _retainEventLog);
    }
}
