using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The engine's ADL queues: for each (symbol, side), the holders ranked in the profile's order, computed once per
/// call (venues publish their ADL queues periodically, not per fill) and walked with a cursor past the
/// counterparties already used up.
/// </summary>
/// <remarks>
/// A ranking reads only the accounts that hold the side (<see cref="AccountStore.Holders"/>), in account order, so
/// its cost follows the holders, not every account of the engine. Not thread-safe.
/// </remarks>
internal sealed class AdlQueue
{
    private readonly EngineState _state;
    private readonly Dictionary<(string Symbol, PositionSide Side), Cursor> _queues = [];
    private readonly List<AdlCandidate> _candidates = [];
    private int[] _slots = [];

    public AdlQueue(EngineState state) => _state = state;

    /// <summary>Forgets the rankings: the next call ranks afresh.</summary>
    public void Reset() => _queues.Clear();

    /// <summary>The ranking of <paramref name="side"/> holders of an instrument for this call, ranked on first use.</summary>
    public Cursor For(Instrument instrument, PositionSide side)
    {
        if (!_queues.TryGetValue((instrument.Symbol, side), out Cursor? queue))
        {
            queue = new Cursor(Rank(instrument, side));
            _queues[(instrument.Symbol, side)] = queue;
        }

        return queue;
    }

    private ImmutableArray<AdlRankedCandidate> Rank(Instrument instrument, PositionSide side)
    {
        string symbol = instrument.Symbol;
        decimal mark = _state.Marks[symbol];
        VenueProfile profile = _state.Profile;
        bool needsBankruptcy = profile.AdlRanking == AdlRankingMethod.BitMex;

        // No bankruptcy price: for a linear long or inverse short it means "never bankrupt" (0 by the candidate's
        // convention); for a linear short or inverse long it means bankrupt at every price, which ranks like a
        // position at its bankruptcy price (the mark).
        bool bankruptEverywhere = (instrument.Kind == ContractKind.Linear) == (side == PositionSide.Short);
        AccountStore.HolderSet? holders = _state.Accounts.Holders(symbol, side);
        if (holders is null || holders.Count == 0)
        {
            return [];
        }

        // Holders in account order, as a scan of every account would meet them (the bitset walks in slot order).
        if (_slots.Length < holders.Count)
        {
            _slots = new int[Math.Max(holders.Count, _slots.Length * 2)];
        }

        Span<int> slots = _slots.AsSpan(0, holders.CopyAscending(_slots));

        List<AdlCandidate> candidates = _candidates;
        candidates.Clear();
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
                candidates.Add(new AdlCandidate(id, q.Side, q.Size, q.EntryPrice, mark, bankruptcy, balance, q.UnrealizedPnl(mark), q.MaintenanceMargin(mark)));
            }
        }

        // Rank copies what it keeps, so the buffer is reused by the next ranking.
        return candidates.Count == 0
            ? []
            : AutoDeleveraging.Rank(CollectionsMarshal.AsSpan(candidates), profile.AdlRanking, instrument.Kind, (ulong)_state.Sequence);
    }

    /// <summary>
    /// A ranking with a cursor past the counterparties already used up in this call, and a mark on each used-up one
    /// further down, so later walks skip them without looking their positions up again.
    /// </summary>
    internal sealed class Cursor(ImmutableArray<AdlRankedCandidate> ranking)
    {
        private readonly bool[] _usedUp = new bool[ranking.Length];

        public ImmutableArray<AdlRankedCandidate> Ranking { get; } = ranking;

        /// <summary>The first candidate not used up.</summary>
        public int Next { get; private set; }

        public bool IsUsedUp(int i) => _usedUp[i];

        /// <summary>Marks a candidate used up (its position is closed) and moves the cursor past a used-up head.</summary>
        public void UseUp(int i)
        {
            _usedUp[i] = true;
            while (Next < _usedUp.Length && _usedUp[Next])
            {
                Next++;
            }
        }
    }
}
