using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// Many Aave accounts laid out for health-factor scans: each position's reserve resolved once and its scaled
/// balances stored side by side in one array, so recomputing every account after a price change streams through
/// memory instead of following references to each account, and no position looks its reserve up again.
/// </summary>
/// <remarks>
/// <para>
/// Results are <see cref="AaveAccountData.HealthFactorOf"/> exactly, account by account (an FsCheck property compares
/// them on random markets, versions, eMode categories and out-of-range balances). A book is built against a market's
/// reserve list; it serves that market and every market derived from it by <see cref="AaveMarket.WithPrice"/> or
/// <see cref="AaveMarket.WithReserve"/>, or any market listing the same symbols in the same order. Accounts whose
/// balances need more than 128 bits keep their general path. After a price change of one asset, the accounts that
/// hold it are <see cref="AaveAssetIndex.AccountsHolding"/>; <see cref="UpdateHealthFactors"/> recomputes just those.
/// </para>
/// <para>
/// The book is a snapshot: an account changed later (a liquidation, a new borrow) needs a new book. Account numbers
/// are positions in the list it was built from, as in <see cref="AaveAssetIndex"/>. Immutable; safe to share between
/// threads, and each account's result lands in its own slot, so a scan split across threads gives the same array.
/// </para>
/// </remarks>
public sealed class AaveAccountBook
{
    private readonly string[] _symbols;
    private readonly AaveUserAccount[] _accounts;
    private readonly int[] _start;
    private readonly byte[] _eMode;
    private readonly bool[] _wide;
    private readonly AaveBookEntry[] _entries;

    private AaveAccountBook(string[] symbols, AaveUserAccount[] accounts, int[] start, byte[] eMode, bool[] wide, AaveBookEntry[] entries)
    {
        _symbols = symbols;
        _accounts = accounts;
        _start = start;
        _eMode = eMode;
        _wide = wide;
        _entries = entries;
    }

    /// <summary>The number of accounts.</summary>
    public int Count => _accounts.Length;

    /// <summary>The account numbered <paramref name="account"/> (its position in the list the book was built from).</summary>
    /// <param name="account">An account number, 0 to <see cref="Count"/> − 1.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="account"/> is outside 0 to <see cref="Count"/> − 1.</exception>
    public AaveUserAccount this[int account]
    {
        get
        {
            CheckAccount(account, nameof(account));
            return _accounts[account];
        }
    }

    /// <summary>Builds the book of <paramref name="accounts"/> against the reserves of <paramref name="market"/>.</summary>
    /// <param name="market">The market whose reserve list the positions are resolved against.</param>
    /// <param name="accounts">The accounts, numbered by their position in the list.</param>
    /// <returns>The book.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="market"/> or <paramref name="accounts"/> is null, or an account is.</exception>
    /// <exception cref="ArgumentException">An account holds a reserve the market does not list.</exception>
    public static AaveAccountBook Build(AaveMarket market, IReadOnlyList<AaveUserAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(accounts);
        var copy = new AaveUserAccount[accounts.Count];
        int positions = 0;
        for (int id = 0; id < copy.Length; id++)
        {
            copy[id] = accounts[id] ?? throw new ArgumentNullException(nameof(accounts), $"Account {id} is null.");
            positions += copy[id].Positions.Length;
        }

        var start = new int[copy.Length + 1];
        var eMode = new byte[copy.Length];
        var wide = new bool[copy.Length];
        var entries = new AaveBookEntry[positions];
        int next = 0;
        for (int id = 0; id < copy.Length; id++)
        {
            start[id] = next;
            eMode[id] = (byte)copy[id].EModeCategory;
            foreach (AavePosition position in copy[id].Positions)
            {
                int reserve = market.IndexOf(position.Symbol, nameof(accounts));
                UInt256 collateral = position.ScaledCollateral;
                UInt256 debt = position.ScaledDebt;
                if ((collateral.U2 | collateral.U3 | debt.U2 | debt.U3) != 0)
                {
                    wide[id] = true;
                }

                entries[next++] = new AaveBookEntry(reserve, position.CollateralEnabled, collateral.U0, collateral.U1, debt.U0, debt.U1);
            }
        }

        start[copy.Length] = next;
        return new AaveAccountBook(market.Symbols, copy, start, eMode, wide, entries);
    }

    /// <summary>The health factor of one account in <paramref name="market"/>.</summary>
    /// <param name="market">The book's market or one with the same reserve symbols in the same order.</param>
    /// <param name="account">An account number.</param>
    /// <returns>The health factor as a wad; <see cref="UInt256.MaxValue"/> without debt.</returns>
    /// <exception cref="ArgumentException"><paramref name="market"/> lists other reserves than the book's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="account"/> is outside 0 to <see cref="Count"/> − 1.</exception>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256 (the contract would revert).</exception>
    public UInt256 HealthFactor(AaveMarket market, int account)
    {
        CheckMarket(market);
        CheckAccount(account, nameof(account));
        return Compute(market, account);
    }

    /// <summary>Recomputes every account's health factor in <paramref name="market"/> into <paramref name="healthFactors"/>.</summary>
    /// <param name="market">The book's market or one with the same reserve symbols in the same order.</param>
    /// <param name="healthFactors">One slot per account (length <see cref="Count"/>); slot i receives account i's health factor.</param>
    /// <exception cref="ArgumentException"><paramref name="market"/> lists other reserves than the book's, or <paramref name="healthFactors"/> has another length than <see cref="Count"/>.</exception>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256; slots before the account that overflowed are written.</exception>
    public void HealthFactors(AaveMarket market, Span<UInt256> healthFactors)
    {
        CheckMarket(market);
        CheckLength(healthFactors);
        for (int account = 0; account < healthFactors.Length; account++)
        {
            healthFactors[account] = Compute(market, account);
        }
    }

    /// <summary>
    /// Recomputes the health factors of <paramref name="accounts"/> only (after a price change, the holders of the asset
    /// from <see cref="AaveAssetIndex.AccountsHolding"/>), leaving every other slot of <paramref name="healthFactors"/>
    /// as it was.
    /// </summary>
    /// <param name="market">The book's market or one with the same reserve symbols in the same order.</param>
    /// <param name="accounts">The account numbers to recompute.</param>
    /// <param name="healthFactors">One slot per account (length <see cref="Count"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="market"/> lists other reserves than the book's, or <paramref name="healthFactors"/> has another length than <see cref="Count"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An account number is outside 0 to <see cref="Count"/> − 1 (checked before anything is written).</exception>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256; accounts before the one that overflowed are written.</exception>
    public void UpdateHealthFactors(AaveMarket market, ReadOnlySpan<int> accounts, Span<UInt256> healthFactors)
    {
        CheckMarket(market);
        CheckLength(healthFactors);
        foreach (int account in accounts)
        {
            CheckAccount(account, nameof(accounts));
        }

        foreach (int account in accounts)
        {
            healthFactors[account] = Compute(market, account);
        }
    }

    private UInt256 Compute(AaveMarket market, int account)
    {
        int eMode = _eMode[account];
        if (!_wide[account])
        {
            int first = _start[account];
            ReadOnlySpan<AaveBookEntry> entries = _entries.AsSpan(first, _start[account + 1] - first);
            if (AaveHealthFactorScan.TryHealthFactor(market, eMode, entries, out UInt256 healthFactor))
            {
                return healthFactor;
            }
        }

        AaveUserAccount user = _accounts[account];
        return AaveAccountData.CalculateCore(market, eMode, user.Positions.AsSpan(), nameof(account), withLtv: false).HealthFactor;
    }

    private void CheckMarket(AaveMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        string[] symbols = market.Symbols;
        if (!ReferenceEquals(symbols, _symbols) && !symbols.AsSpan().SequenceEqual(_symbols))
        {
            ThrowHelper.Argument(nameof(market), string.Join(", ", symbols), $"must list the book's reserves in its order ({string.Join(", ", _symbols)})");
        }
    }

    private void CheckLength(Span<UInt256> healthFactors)
    {
        if (healthFactors.Length != Count)
        {
            ThrowHelper.Argument(nameof(healthFactors), healthFactors.Length, $"must have one slot per account ({Count})");
        }
    }

    private void CheckAccount(int account, string paramName)
    {
        if (account < 0 || account >= Count)
        {
            ThrowHelper.OutOfRange(paramName, account, $"must be an account number, 0 to {Count - 1}");
        }
    }
}

/// <summary>One position of an <see cref="AaveAccountBook"/>: its reserve's index and its scaled balances in two 64-bit limbs each.</summary>
internal readonly record struct AaveBookEntry(int Reserve, bool CollateralEnabled, ulong Collateral0, ulong Collateral1, ulong Debt0, ulong Debt1);
