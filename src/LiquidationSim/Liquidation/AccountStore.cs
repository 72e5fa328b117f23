using LiquidationSim.Accounts;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The engine's accounts in dense storage: one slot per account, slots in ascending account id (so walking the
/// slots is walking the accounts in id order), and for every (symbol, side) the set of slots holding such a
/// position, kept as accounts change, so an ADL ranking reads its holders instead of scanning every account.
/// </summary>
/// <remarks>
/// Accounts stay immutable <see cref="Account"/> records: a change stores a new record in the slot. Changes made
/// while a journal is open (<see cref="BeginJournal"/>) can be undone with <see cref="Rollback"/>.
/// Not thread-safe.
/// </remarks>
internal sealed class AccountStore
{
    private readonly Dictionary<AccountId, int> _slots;
    private readonly AccountId[] _ids;
    private readonly Account[] _accounts;
    private readonly Dictionary<(string Symbol, PositionSide Side), HolderSet> _holders = [];
    private readonly Dictionary<int, Account> _undo = [];

    /// <summary>Stores <paramref name="accounts"/>, which must hold each id once.</summary>
    public AccountStore(IReadOnlyDictionary<AccountId, Account> accounts)
    {
        _ids = [.. accounts.Keys.Order()];
        _accounts = new Account[_ids.Length];
        _slots = new Dictionary<AccountId, int>(_ids.Length);
        for (int i = 0; i < _ids.Length; i++)
        {
            _slots.Add(_ids[i], i);
            _accounts[i] = accounts[_ids[i]];
            AddHoldings(i, _accounts[i]);
        }
    }

    private AccountStore(AccountStore source)
    {
        // Ids and slots never change after construction, so a copy shares them.
        _slots = source._slots;
        _ids = source._ids;
        _accounts = (Account[])source._accounts.Clone();
        foreach (((string Symbol, PositionSide Side) key, HolderSet set) in source._holders)
        {
            _holders.Add(key, set.Clone());
        }
    }

    /// <summary>An independent copy with the same accounts (records are immutable, so they are shared) and holders.</summary>
    public AccountStore Clone() => new(this);

    /// <summary>Number of accounts.</summary>
    public int Count => _ids.Length;

    /// <summary>Account ids in ascending order; index = slot.</summary>
    public AccountId[] Ids => _ids;

    /// <summary>The account in a slot.</summary>
    public Account this[int slot] => _accounts[slot];

    /// <summary>The account with an id (which must exist).</summary>
    public Account this[AccountId id] => _accounts[_slots[id]];

    /// <summary>Whether the id is an account of the store.</summary>
    public bool Contains(AccountId id) => _slots.ContainsKey(id);

    /// <summary>The slot of an id, which must exist.</summary>
    public int SlotOf(AccountId id) => _slots[id];

    /// <summary>The account with an id, or null.</summary>
    public Account? Find(AccountId id) => _slots.TryGetValue(id, out int slot) ? _accounts[slot] : null;

    /// <summary>Slots holding a position of this symbol and side (the vault included), or null if none ever did.</summary>
    public HolderSet? Holders(string symbol, PositionSide side) => _holders.GetValueOrDefault((symbol, side));

    /// <summary>Stores a new state of an account, journalling the old one if a journal is open.</summary>
    public void Set(AccountId id, Account account)
    {
        int slot = _slots[id];
        Account old = _accounts[slot];
        _undo.TryAdd(slot, old);
        Replace(slot, old, account);
    }

    /// <summary>Forgets the journal: what follows can be undone back to this point.</summary>
    public void BeginJournal() => _undo.Clear();

    /// <summary>Restores every account changed since <see cref="BeginJournal"/>.</summary>
    public void Rollback()
    {
        foreach ((int slot, Account account) in _undo)
        {
            Replace(slot, _accounts[slot], account);
        }

        _undo.Clear();
    }

    private void Replace(int slot, Account old, Account account)
    {
        _accounts[slot] = account;
        if (old.Positions != account.Positions && !SameHoldings(old, account))
        {
            RemoveHoldings(slot, old);
            AddHoldings(slot, account);
        }
    }

    private static bool SameHoldings(Account a, Account b)
    {
        if (a.Positions.Length != b.Positions.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Positions.Length; i++)
        {
            if (a.Positions[i].Symbol != b.Positions[i].Symbol || a.Positions[i].Side != b.Positions[i].Side)
            {
                return false;
            }
        }

        return true;
    }

    private void AddHoldings(int slot, Account account)
    {
        foreach (Position p in account.Positions)
        {
            if (!_holders.TryGetValue((p.Symbol, p.Side), out HolderSet? set))
            {
                set = new HolderSet(_ids.Length);
                _holders.Add((p.Symbol, p.Side), set);
            }

            set.Add(slot);
        }
    }

    private void RemoveHoldings(int slot, Account account)
    {
        foreach (Position p in account.Positions)
        {
            _holders[(p.Symbol, p.Side)].Remove(slot);
        }
    }

    /// <summary>A set of slots as a bitset: membership in O(1), walked in slot (account) order without sorting.</summary>
    internal sealed class HolderSet
    {
        private readonly ulong[] _bits;

        public HolderSet(int slots) => _bits = new ulong[(slots + 63) / 64];

        private HolderSet(ulong[] bits, int count) => (_bits, Count) = (bits, count);

        public HolderSet Clone() => new((ulong[])_bits.Clone(), Count);

        /// <summary>Number of slots in the set.</summary>
        public int Count { get; private set; }

        public void Add(int slot)
        {
            ref ulong word = ref _bits[slot >> 6];
            ulong bit = 1UL << (slot & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                Count++;
            }
        }

        public void Remove(int slot)
        {
            ref ulong word = ref _bits[slot >> 6];
            ulong bit = 1UL << (slot & 63);
            if ((word & bit) != 0)
            {
                word &= ~bit;
                Count--;
            }
        }

        /// <summary>Writes the slots in ascending order into <paramref name="into"/> (at least <see cref="Count"/> long); returns how many.</summary>
        public int CopyAscending(Span<int> into)
        {
            int n = 0;
            for (int w = 0; w < _bits.Length; w++)
            {
                ulong word = _bits[w];
                while (word != 0)
                {
                    into[n++] = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                }
            }

            return n;
        }
    }
}
