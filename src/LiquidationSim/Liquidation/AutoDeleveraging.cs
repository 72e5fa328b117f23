using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// Auto-deleveraging (ADL): when a bankrupt position cannot be closed in the market or absorbed by the insurance
/// fund, the venue closes it against positions on the opposite side, in a queue. <see cref="Rank"/> builds the
/// queue under a venue's rule; <see cref="Allocate(ImmutableArray{AdlRankedCandidate}, decimal, decimal)"/> walks it.
/// </summary>
/// <remarks>
/// <para>
/// Every venue fills counterparties in queue order until the bankrupt size is covered, each one closed by at most
/// its whole position (BitMEX's published example, reference cefi.md §4.3 X4, and §11.5). The fill price is the
/// bankrupt position's bankruptcy price on BitMEX, Binance, Bybit and dYdX, and the previous oracle price on
/// Hyperliquid; the caller chooses it.
/// </para>
/// <para>
/// All members are pure, deterministic (the output depends only on the arguments, never on their order in memory,
/// the clock or the thread) and thread-safe. Bad input is refused with an <see cref="ArgumentException"/> naming the
/// parameter (for a candidate, e.g. <c>candidates[3].Size</c>) and the value.
/// </para>
/// </remarks>
public static class AutoDeleveraging
{
    /// <summary>
    /// Orders <paramref name="candidates"/> into an ADL queue, highest priority first.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>Ranked methods</b> (<see cref="AdlRankingMethod.BitMex"/>, <see cref="AdlRankingMethod.Binance"/>,
    /// <see cref="AdlRankingMethod.Hyperliquid"/>): by <see cref="AdlScoring.Score"/> descending. Equal scores are
    /// ordered by <see cref="AdlCandidate.Account"/> ascending: no venue publishes a tie-break, and this one makes
    /// the queue independent of the order the candidates are passed in. <paramref name="seed"/> is ignored.
    /// </para>
    /// <para>
    /// <b><see cref="AdlRankingMethod.Dydx"/></b>: no ranking. dYdX v4 lists the subaccounts holding the opposite
    /// side, draws a starting index uniformly from the list's length (Go <c>math/rand</c> seeded by the previous
    /// block's timestamp, the clob keeper's <c>GetPseudoRand</c>), and walks the list from there, wrapping around
    /// (<c>OffsetSubaccountPerpetualPosition</c> in <c>protocol/x/clob/keeper/deleveraging.go</c>). Here the list is
    /// the candidates in ascending account order, and the start is the first output of SplitMix64 (Steele, Lea and
    /// Flood, 2014) seeded with <paramref name="seed"/>, reduced without bias to <c>[0, count)</c> by Lemire's
    /// multiply-and-shift with rejection. The same seed and accounts always give the same queue, on every runtime;
    /// the protocol's own offset (its generator, its daemon's list order) is not reproduced, only the rule. Pass a
    /// per-event seed (e.g. derived from the simulated block time) for a fresh start each time.
    /// Every score is 0. The protocol stops after <c>MaxDeleveragingSubaccountsToIterate</c> subaccounts; to model
    /// that cap, pass a prefix of the queue (e.g. <c>ranking[..cap]</c>) to <see cref="Allocate(ImmutableArray{AdlRankedCandidate}, decimal, decimal)"/>.
    /// </para>
    /// </remarks>
    /// <param name="candidates">The opposite-side positions: all on one side, each account at most once. May be empty.</param>
    /// <param name="method">The venue's rule.</param>
    /// <param name="kind">Whether the symbol is linear or inverse (BitMEX and Hyperliquid value positions by it).</param>
    /// <param name="seed">Seed for the dYdX starting index; ignored by the other methods.</param>
    /// <returns>Every candidate once, in queue order, with <see cref="AdlRankedCandidate.Rank"/> 1, 2, 3, ….</returns>
    /// <exception cref="ArgumentException">
    /// An unknown <paramref name="method"/> or <paramref name="kind"/>; a candidate with an invalid field (see
    /// <see cref="AdlCandidate"/>); candidates on both sides; an account twice.
    /// </exception>
    public static ImmutableArray<AdlRankedCandidate> Rank(
        ReadOnlySpan<AdlCandidate> candidates,
        AdlRankingMethod method,
        ContractKind kind,
        ulong seed = 0)
    {
        AdlScoring.CheckMethod(method);
        AdlScoring.CheckKind(kind);
        for (int i = 0; i < candidates.Length; i++)
        {
            AdlScoring.Validate(candidates[i], method, kind, nameof(candidates), i);
            if (candidates[i].Side != candidates[0].Side)
            {
                ThrowHelper.Argument(
                    AdlScoring.FieldName(nameof(candidates), i, nameof(AdlCandidate.Side)),
                    candidates[i].Side,
                    FormattableString.Invariant($"must match candidates[0].Side ({candidates[0].Side}): ADL ranks one side of a symbol at a time"));
            }
        }

        // Sort indices, not the candidates themselves (large structs): by account first, for the duplicate check and
        // dYdX's list, then by score.
        int n = candidates.Length;
        var accounts = new long[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            accounts[i] = candidates[i].Account.Value;
            order[i] = i;
        }

        Array.Sort(accounts, order);
        for (int i = 1; i < n; i++)
        {
            if (accounts[i] == accounts[i - 1])
            {
                ThrowDuplicate(candidates, new AccountId(accounts[i]));
            }
        }

        // Keys in account order (Order = place in that order), then put in queue order by the rule shared with the
        // engine's own queue.
        var keys = new QueueKey[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = new QueueKey(AdlScoring.ScoreUnchecked(candidates[order[i]], method, kind), i);
        }

        OrderQueue(keys, method, seed);
        var queue = new AdlRankedCandidate[n];
        for (int i = 0; i < n; i++)
        {
            int c = order[keys[i].Order];
            queue[i] = new AdlRankedCandidate(candidates[c], keys[i].Score, i + 1);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(queue);
    }

    /// <summary>
    /// Walks <paramref name="ranking"/> in order, closing each candidate by <c>min(remaining, candidate size)</c> at
    /// <paramref name="price"/> until <paramref name="size"/> is covered.
    /// </summary>
    /// <remarks>
    /// The fills cover exactly <c>min(size, Σ candidate sizes)</c>: every candidate before the last one filled is
    /// closed in full, the last possibly in part, and those after it are untouched. If the queue runs out first the
    /// uncovered rest is <c>size − Σ fill sizes</c>; what happens to it (a socialised loss, the next symbol's queue)
    /// is the caller's rule. A ranking built by hand is accepted if it is shaped like one from <see cref="Rank"/>
    /// (ranks 1, 2, 3, … in order, one side, each account once, positive sizes); its scores are not read.
    /// </remarks>
    /// <param name="ranking">The queue, e.g. from <see cref="Rank"/>.</param>
    /// <param name="size">Contracts of the bankrupt position to close; not negative (0 gives no fills).</param>
    /// <param name="price">
    /// Fill price, positive: the bankrupt position's bankruptcy price (BitMEX, Binance, Bybit, dYdX) or the previous
    /// oracle price (Hyperliquid).
    /// </param>
    /// <returns>The fills in queue order, each with a positive size.</returns>
    /// <exception cref="ArgumentException">
    /// A default <paramref name="ranking"/>, or one not shaped like a queue; a negative <paramref name="size"/>; a
    /// non-positive <paramref name="price"/>.
    /// </exception>
    public static ImmutableArray<AdlFill> Allocate(ImmutableArray<AdlRankedCandidate> ranking, decimal size, decimal price)
    {
        if (ranking.IsDefault)
        {
            ThrowHelper.Argument(nameof(ranking), "default", "must be an initialised array (use ImmutableArray<AdlRankedCandidate>.Empty for none)");
        }

        Preconditions.NonNegative(size);
        Preconditions.Positive(price);
        ValidateQueue(ranking);

        ImmutableArray<AdlFill>.Builder fills = ImmutableArray.CreateBuilder<AdlFill>();
        decimal remaining = size;
        for (int i = 0; i < ranking.Length && remaining > 0m; i++)
        {
            AdlCandidate c = ranking[i].Candidate;
            decimal fill = Math.Min(remaining, c.Size);
            fills.Add(new AdlFill(c.Account, fill, price));
            remaining -= fill;
        }

        return fills.DrainToImmutable();
    }

    /// <summary>
    /// Binance's <c>Leverage Pnl Quantile = rank(Leverage Pnl) ÷ total user count</c> (reference cefi.md §1.8) for the
    /// candidate at queue position <paramref name="rank"/> of <paramref name="count"/>: <c>(count − rank + 1) ÷ count</c>.
    /// </summary>
    /// <remarks>
    /// Binance's rank counts upwards from the lowest Leverage Pnl, so the first in the queue has quantile 1 (all
    /// indicator lights) and the last <c>1 ÷ count</c>; this queue's <see cref="AdlRankedCandidate.Rank"/> counts
    /// from the top, hence the reversal. Equal scores get distinct quantiles, in the queue's account order.
    /// </remarks>
    /// <param name="rank">Queue position, from 1 to <paramref name="count"/>.</param>
    /// <param name="count">Number of ranked positions; positive.</param>
    public static decimal Quantile(int rank, int count)
    {
        if (count <= 0)
        {
            ThrowHelper.OutOfRange(nameof(count), count, "must be greater than zero");
        }

        if (rank < 1 || rank > count)
        {
            ThrowHelper.OutOfRange(nameof(rank), rank, FormattableString.Invariant($"must be between 1 and count ({count})"));
        }

        return (decimal)(count - rank + 1) / count;
    }

    /// <summary>
    /// Puts <paramref name="keys"/>, given in ascending account order, into queue order: for the ranked methods by
    /// score descending, equal scores keeping account order; for dYdX account order rotated to start at
    /// <see cref="DydxStartIndex"/>. Shared by <see cref="Rank"/> and the engine's queue, so both order alike.
    /// </summary>
    internal static void OrderQueue(Span<QueueKey> keys, AdlRankingMethod method, ulong seed)
    {
        if (method == AdlRankingMethod.Dydx)
        {
            int start = DydxStartIndex(keys.Length, seed);
            keys[..start].Reverse();
            keys[start..].Reverse();
            keys.Reverse();
        }
        else
        {
            keys.Sort(default(ByScoreThenAccount));
        }
    }

    /// <summary>
    /// dYdX's pseudo-random starting index over <paramref name="count"/> candidates in account order: the first draw
    /// of <see cref="SplitMix64"/> seeded with <paramref name="seed"/>, reduced to <c>[0, count)</c> by
    /// <see cref="SplitMix64.NextBelow"/>. 0 when there are no candidates.
    /// </summary>
    internal static int DydxStartIndex(int count, ulong seed) =>
        count == 0 ? 0 : (int)new SplitMix64(seed).NextBelow((ulong)count);

    /// <summary>
    /// Splits a bankrupt position's <paramref name="size"/> over a queue given only by accounts and sizes, in queue
    /// order: for a queue taken from the venue itself (its published ADL ranking or indicator), where the prices and
    /// balances an <see cref="AdlCandidate"/> holds for <see cref="Rank"/> would never be read. The fills are those
    /// <see cref="Allocate(ImmutableArray{AdlRankedCandidate}, decimal, decimal)"/> gives for the same accounts and sizes.
    /// </summary>
    /// <param name="queue">Positions in the order they are deleveraged; each account once, sizes positive.</param>
    /// <param name="size">Contracts of the bankrupt position to close; not negative (0 gives no fills).</param>
    /// <param name="price">Fill price; positive.</param>
    /// <returns>The fills in queue order, each with a positive size.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queue"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A position with a size that is not positive or an account listed twice (named as <c>queue[i]</c>), a negative
    /// <paramref name="size"/> or a non-positive <paramref name="price"/>.
    /// </exception>
    public static ImmutableArray<AdlFill> Allocate(IEnumerable<AdlQueuePosition> queue, decimal size, decimal price)
    {
        AdlQueuePosition[] positions = [.. Preconditions.NotNull(queue)];
        Preconditions.NonNegative(size);
        Preconditions.Positive(price);
        var seen = new HashSet<AccountId>(positions.Length);
        for (int i = 0; i < positions.Length; i++)
        {
            if (positions[i].Size <= 0m)
            {
                ThrowHelper.OutOfRange(FormattableString.Invariant($"queue[{i}].Size"), positions[i].Size, "must be greater than zero");
            }

            if (!seen.Add(positions[i].Account))
            {
                ThrowHelper.Argument(FormattableString.Invariant($"queue[{i}].Account"), positions[i].Account, "must not appear earlier in the queue");
            }
        }

        ImmutableArray<AdlFill>.Builder fills = ImmutableArray.CreateBuilder<AdlFill>();
        decimal remaining = size;
        for (int i = 0; i < positions.Length && remaining > 0m; i++)
        {
            decimal fill = Math.Min(remaining, positions[i].Size);
            fills.Add(new AdlFill(positions[i].Account, fill, price));
            remaining -= fill;
        }

        return fills.DrainToImmutable();
    }

    private static void ValidateQueue(ImmutableArray<AdlRankedCandidate> ranking)
    {
        if (ranking.IsEmpty)
        {
            return;
        }

        PositionSide side = ranking[0].Candidate.Side;
        var seen = new HashSet<AccountId>(ranking.Length);
        for (int i = 0; i < ranking.Length; i++)
        {
            AdlRankedCandidate r = ranking[i];
            if (r.Rank != i + 1)
            {
                ThrowHelper.Argument(FormattableString.Invariant($"ranking[{i}].Rank"), r.Rank, FormattableString.Invariant($"must be {i + 1}: a ranking lists its candidates in rank order from 1"));
            }

            AdlCandidate c = r.Candidate;
            if (c.Side is not (PositionSide.Long or PositionSide.Short) || c.Side != side)
            {
                ThrowHelper.Argument(FormattableString.Invariant($"ranking[{i}].Candidate.Side"), c.Side, FormattableString.Invariant($"must be ranking[0]'s side ({side}): a queue holds one side of a symbol"));
            }

            if (c.Size <= 0m)
            {
                ThrowHelper.OutOfRange(FormattableString.Invariant($"ranking[{i}].Candidate.Size"), c.Size, "must be greater than zero");
            }

            if (!seen.Add(c.Account))
            {
                ThrowHelper.Argument(FormattableString.Invariant($"ranking[{i}].Candidate.Account"), c.Account, "must not appear earlier in the ranking");
            }
        }
    }

    private static void ThrowDuplicate(ReadOnlySpan<AdlCandidate> candidates, AccountId account)
    {
        int first = -1;
        for (int i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].Account != account)
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
            }
            else
            {
                ThrowHelper.Argument(
                    AdlScoring.FieldName(nameof(candidates), i, nameof(AdlCandidate.Account)),
                    account,
                    FormattableString.Invariant($"must be distinct: the account also holds candidates[{first}]"));
            }
        }
    }

    /// <summary>A queue entry while ordering: the score, and a number that ascends with the account id (a place in account order, or the engine's slot).</summary>
    internal readonly record struct QueueKey(decimal Score, int Order);

    /// <summary>Whether <paramref name="x"/> is deleveraged before <paramref name="y"/>: the queue's order as one test.</summary>
    internal static bool ComesBefore(in QueueKey x, in QueueKey y) => default(ByScoreThenAccount).Compare(x, y) < 0;

    /// <summary>Higher score first; equal scores keep account order (accounts are distinct, so the order is total).</summary>
    private readonly struct ByScoreThenAccount : IComparer<QueueKey>
    {
        public int Compare(QueueKey x, QueueKey y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Order.CompareTo(y.Order);
        }
    }
}
