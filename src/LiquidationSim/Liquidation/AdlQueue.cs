using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The engine's ADL queues: for each (symbol, side), the holders ranked in the profile's order, computed once per
/// call (venues publish their ADL queues periodically, not per fill) and walked with a cursor past the
/// counterparties already used up.
/// </summary>
/// <remarks>
/// <para>
/// The order is exactly <see cref="AutoDeleveraging.Rank"/>'s over the same candidates (score descending, ties to
/// the lower account; dYdX: account order rotated at <see cref="AutoDeleveraging.DydxStartIndex"/>), and every
/// candidate passes the same validation, but the queue keeps only slots: no <see cref="AdlRankedCandidate"/> is
/// built, and each (symbol, side) reuses its buffers from call to call, so ranking 600,000 holders allocates nothing
/// once the buffers have grown.
/// </para>
/// <para>
/// A ranking reads only the accounts that hold the side (<see cref="AccountStore.Holders"/>), in account order, so
/// its cost follows the holders, not every account of the engine. Not thread-safe.
/// </para>
/// </remarks>
internal sealed class AdlQueue
{
    private readonly EngineState _state;
    private readonly Dictionary<(string Symbol, PositionSide Side), Cursor> _queues = [];
    private int[] _holders = [];
    private int _call;

    public AdlQueue(EngineState state) => _state = state;

    /// <summary>Forgets the rankings: the next call ranks afresh (the cursors keep their buffers).</summary>
    public void Reset() => _call++;

    /// <summary>The ranking of <paramref name="side"/> holders of an instrument for this call, ranked on first use.</summary>
    public Cursor For(Instrument instrument, PositionSide side)
    {
        if (!_queues.TryGetValue((instrument.Symbol, side), out Cursor? queue))
        {
            queue = new Cursor(_state.Accounts.Ids);
            _queues[(instrument.Symbol, side)] = queue;
        }

        if (queue.RankedInCall != _call || !queue.IsRanked)
        {
            Rank(instrument, side, queue);
            queue.RankedInCall = _call;
        }

        return queue;
    }

    private void Rank(Instrument instrument, PositionSide side, Cursor queue)
    {
        string symbol = instrument.Symbol;
        decimal mark = _state.Marks[symbol];
        VenueProfile profile = _state.Profile;
        AdlRankingMethod method = profile.AdlRanking;
        bool needsBankruptcy = method == AdlRankingMethod.BitMex;

        // No bankruptcy price: for a linear long or inverse short it means "never bankrupt" (0 by the candidate's
        // convention); for a linear short or inverse long it means bankrupt at every price, which ranks like a
        // position at its bankruptcy price (the mark).
        bool bankruptEverywhere = (instrument.Kind == ContractKind.Linear) == (side == PositionSide.Short);
        AccountStore.HolderSet? holders = _state.Accounts.Holders(symbol, side);
        int count = holders?.Count ?? 0;
        if (_holders.Length < count)
        {
            _holders = new int[Math.Max(count, _holders.Length * 2)];
        }

        // Holders in account order, as a scan of every account would meet them (the bitset walks in slot order).
        Span<int> slots = _holders.AsSpan(0, holders?.CopyAscending(_holders) ?? 0);
        Span<AutoDeleveraging.QueueKey> keys = queue.Reserve(slots.Length);
        int n = 0;
        AccountStore accounts = _state.Accounts;
        foreach (int slot in slots)
        {
            AccountId id = accounts.Ids[slot];
            if (id == _state.Vault)
            {
                continue;
            }

            Account a = accounts[slot];
            foreach (Position q in a.Positions)
            {
                if (q.Symbol != symbol || q.Side != side)
                {
                    continue;
                }

                bool cross = q.MarginMode == MarginMode.Cross;
                decimal bankruptcy = needsBankruptcy
                    ? LiquidationWaterfall.Estimate(a, q, cross, _state.Marks, profile.MarginModel).BankruptcyPrice ?? (bankruptEverywhere ? mark : 0m)
                    : 0m;
                decimal balance = cross ? a.WalletBalance : q.IsolatedMargin;
                var candidate = new AdlCandidate(id, q.Side, q.Size, q.EntryPrice, mark, bankruptcy, balance, q.UnrealizedPnl(mark), q.MaintenanceMargin(mark));
                AdlScoring.Validate(candidate, method, instrument.Kind, "candidates", n);
                if (n > 0 && keys[n - 1].Order == slot)
                {
                    // One account, one candidate per side: the public ranking refuses a second one.
                    ThrowHelper.Argument(
                        FormattableString.Invariant($"candidates[{n}].Account"),
                        id,
                        FormattableString.Invariant($"must be distinct: the account also holds candidates[{n - 1}]"));
                }

                keys[n++] = new AutoDeleveraging.QueueKey(AdlScoring.ScoreUnchecked(candidate, method, instrument.Kind), slot);
            }
        }

        queue.Start(n, method, (ulong)_state.Sequence);
    }

    /// <summary>
    /// A ranking with a cursor past the counterparties already used up in this call, and a mark on each used-up one
    /// further down, so later walks skip them without looking their positions up again.
    /// </summary>
    /// <remarks>
    /// A ranked queue is ordered lazily: the keys go into a binary heap (O(n)) and leave it best first as the walk
    /// reaches them (O(log n) each), because a liquidation usually consumes the head of a queue of hundreds of
    /// thousands. The order is a total one (score, then account), so the walk meets exactly the order
    /// <see cref="AutoDeleveraging.OrderQueue"/> would sort into.
    /// </remarks>
    internal sealed class Cursor(AccountId[] ids)
    {
        private AutoDeleveraging.QueueKey[] _heap = [];
        private AutoDeleveraging.QueueKey[] _ordered = [];
        private bool[] _usedUp = [];
        private int _heapCount;
        private int _orderedCount;

        /// <summary>The call whose ranking this is (see <see cref="Reset"/>).</summary>
        public int RankedInCall { get; set; }

        /// <summary>Whether a ranking has been stored.</summary>
        public bool IsRanked { get; private set; }

        /// <summary>Number of candidates in the queue.</summary>
        public int Length { get; private set; }

        /// <summary>The first candidate not used up.</summary>
        public int Next { get; private set; }

        /// <summary>The account at queue position <paramref name="i"/> (0 is deleveraged first).</summary>
        public AccountId Account(int i)
        {
            while (_orderedCount <= i)
            {
                _ordered[_orderedCount++] = PopBest();
            }

            return ids[_ordered[i].Order];
        }

        public bool IsUsedUp(int i) => _usedUp[i];

        /// <summary>Marks a candidate used up (its position is closed) and moves the cursor past a used-up head.</summary>
        public void UseUp(int i)
        {
            _usedUp[i] = true;
            while (Next < Length && _usedUp[Next])
            {
                Next++;
            }
        }

        /// <summary>Room for up to <paramref name="count"/> keys, in ascending account order, growing the buffers if needed.</summary>
        public Span<AutoDeleveraging.QueueKey> Reserve(int count)
        {
            if (_heap.Length < count)
            {
                int size = Math.Max(count, _heap.Length * 2);
                _heap = new AutoDeleveraging.QueueKey[size];
                _ordered = new AutoDeleveraging.QueueKey[size];
                _usedUp = new bool[size];
            }

            return _heap.AsSpan(0, count);
        }

        /// <summary>Starts a walk over the first <paramref name="count"/> reserved keys, none used up.</summary>
        public void Start(int count, AdlRankingMethod method, ulong seed)
        {
            Array.Clear(_usedUp, 0, count);
            (Length, Next, IsRanked) = (count, 0, true);
            if (method == AdlRankingMethod.Dydx)
            {
                // Not ranked: the rotation is the whole order, written at once.
                Span<AutoDeleveraging.QueueKey> keys = _heap.AsSpan(0, count);
                AutoDeleveraging.OrderQueue(keys, method, seed);
                keys.CopyTo(_ordered);
                (_orderedCount, _heapCount) = (count, 0);
                return;
            }

            (_orderedCount, _heapCount) = (0, count);
            for (int i = (count / 2) - 1; i >= 0; i--)
            {
                SiftDown(i);
            }
        }

        private AutoDeleveraging.QueueKey PopBest()
        {
            AutoDeleveraging.QueueKey best = _heap[0];
            _heap[0] = _heap[--_heapCount];
            SiftDown(0);
            return best;
        }

        private void SiftDown(int i)
        {
            AutoDeleveraging.QueueKey[] heap = _heap;
            int n = _heapCount;
            AutoDeleveraging.QueueKey item = heap[i];
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= n)
                {
                    break;
                }

                if (child + 1 < n && AutoDeleveraging.ComesBefore(heap[child + 1], heap[child]))
                {
                    child++;
                }

                if (!AutoDeleveraging.ComesBefore(heap[child], item))
                {
                    break;
                }

                heap[i] = heap[child];
                i = child;
            }

            heap[i] = item;
        }
    }
}
