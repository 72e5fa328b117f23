using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;

using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// Properties over random candidate populations under every method and kind. Prices come from small sets so that
/// equal scores are common and the tie-break is exercised; sizes have up to three decimals.
/// </summary>
public partial class AutoDeleveragingTests
{
    private const int Cases = 400;

    internal sealed record AdlCase(
        AdlRankingMethod Method,
        ContractKind Kind,
        ulong Seed,
        AdlCandidate[] Candidates,
        decimal Size,
        decimal Price)
    {
        public ImmutableArray<AdlRankedCandidate> Rank() => AutoDeleveraging.Rank(Candidates, Method, Kind, Seed);

        public override string ToString() =>
            FormattableString.Invariant($"{Method} {Kind} seed {Seed}, size {Size} @ {Price}: ") +
            string.Join("; ", Candidates.Select(c => c.ToString()));
    }

    private static Property Run(Action<AdlCase> property) =>
        Prop.ForAll(AnyCase.ToArbitrary(), property);

    private static Gen<AdlCandidate> CandidateGen(long account, PositionSide side, ContractKind kind) =>
        from size in Gen.Choose(1, 50_000).Select(n => n / 1000m)
        from entry in Gen.Elements(80m, 90m, 100m, 110m, 125m)
        from mark in Gen.Elements(80m, 100m, 120m)
        from bankruptcy in Gen.Elements(0m, 40m, 60m, 100m, 150m, 200m)
        from wallet in Gen.Choose(-100, 1_000).Select(n => (decimal)n)
        from upnl in Gen.Choose(-500, 500).Select(n => (decimal)n)
        from maintenance in Gen.Choose(0, 100).Select(n => (decimal)n)
        select new AdlCandidate(
            new AccountId(account),
            side,
            size,
            entry,
            mark,
            // 0 only where it is a valid BitMEX bankruptcy price (linear long, inverse short "none").
            bankruptcy == 0m && (kind == ContractKind.Linear) != (side == PositionSide.Long) ? 250m : bankruptcy,
            wallet,
            upnl,
            maintenance);

    private static readonly Gen<AdlCase> AnyCase =
        from method in Gen.Elements(AdlRankingMethod.BitMex, AdlRankingMethod.Binance, AdlRankingMethod.Hyperliquid, AdlRankingMethod.Dydx)
        from kind in Gen.Elements(ContractKind.Linear, ContractKind.Inverse)
        from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
        from seed in Gen.Choose(0, int.MaxValue).Select(n => (ulong)n * 2_654_435_761UL)
        from count in Gen.Choose(0, 12)
            // Distinct accounts in a scrambled order: increasing ids from random gaps, sorted by random keys.
        from gaps in Gen.ArrayOf(Gen.Choose(1, 3), count)
        from keys in Gen.ArrayOf(Gen.Choose(0, 1_000), count)
        let accounts = gaps
            .Select((g, i) => (Id: (long)gaps.Take(i + 1).Sum() - 5, Key: keys[i]))
            .OrderBy(a => a.Key).ThenBy(a => a.Id)
            .Select(a => a.Id)
            .ToArray()
        from candidates in Gen.CollectToList(accounts, a => CandidateGen(a, side, kind)).Select(l => l.ToArray())
        from sizeFraction in Gen.Choose(0, 150)
        from price in Gen.Elements(0.5m, 97.25m, 650m)
        let total = candidates.Sum(c => c.Size)
        select new AdlCase(method, kind, seed, candidates, Math.Round(total * sizeFraction / 100m, 3), price);

    [Fact]
    public void Generated_cases_cover_ties_empty_queues_and_both_short_and_long_allocations()
    {
        AdlCase[] sample = Gen.Sample(AnyCase, 2_000);

        sample.Should().Contain(c => c.Candidates.Length == 0);
        sample.Should().Contain(c => c.Size > c.Candidates.Sum(x => x.Size), "some queues must run out");
        sample.Should().Contain(c => c.Size > 0m && c.Size < c.Candidates.Sum(x => x.Size), "some allocations must stop part way");
        sample.Count(c => c.Method != AdlRankingMethod.Dydx
            && c.Rank().Select(r => r.Score).Distinct().Count() < c.Candidates.Length).Should().BeGreaterThan(100, "ties must occur");
        sample.Should().Contain(c => c.Candidates.Any(x => x.Account.Value < 0), "negative account ids must occur");
    }

    [CiProperty(MaxTest = Cases)]
    public Property Allocation_covers_exactly_the_smaller_of_the_size_and_the_queue() =>
        Run(c =>
        {
            ImmutableArray<AdlFill> fills = AutoDeleveraging.Allocate(c.Rank(), c.Size, c.Price);

            fills.Sum(f => f.Size).Should().Be(Math.Min(c.Size, c.Candidates.Sum(x => x.Size)));
        });

    [CiProperty(MaxTest = Cases)]
    public Property Allocation_never_exceeds_a_candidates_size_and_fills_at_the_given_price() =>
        Run(c =>
        {
            Dictionary<AccountId, decimal> sizes = c.Candidates.ToDictionary(x => x.Account, x => x.Size);

            foreach (AdlFill f in AutoDeleveraging.Allocate(c.Rank(), c.Size, c.Price))
            {
                f.Size.Should().BePositive();
                f.Size.Should().BeLessThanOrEqualTo(sizes[f.Account]);
                f.Price.Should().Be(c.Price);
            }
        });

    [CiProperty(MaxTest = Cases)]
    public Property Allocation_follows_rank_order_closing_all_but_the_last_in_full() =>
        Run(c =>
        {
            ImmutableArray<AdlRankedCandidate> ranking = c.Rank();
            ImmutableArray<AdlFill> fills = AutoDeleveraging.Allocate(ranking, c.Size, c.Price);

            fills.Select(f => f.Account).Should().Equal(ranking.Take(fills.Length).Select(r => r.Candidate.Account));
            for (int i = 0; i < fills.Length - 1; i++)
            {
                fills[i].Size.Should().Be(ranking[i].Candidate.Size);
            }
        });

    [CiProperty(MaxTest = Cases)]
    public Property Ranking_and_allocation_are_deterministic_and_independent_of_input_order() =>
        Run(c =>
        {
            ImmutableArray<AdlRankedCandidate> ranking = c.Rank();
            AdlCase reversed = c with { Candidates = Enumerable.Reverse(c.Candidates).ToArray() };

            c.Rank().Should().Equal(ranking);
            reversed.Rank().Should().Equal(ranking);
            AutoDeleveraging.Allocate(ranking, c.Size, c.Price).Should().Equal(AutoDeleveraging.Allocate(ranking, c.Size, c.Price));
        });

    /// <summary>
    /// The engine's queue (a heap drained as the walk reaches it) meets the candidates in exactly the public ranking's
    /// order, whether it is read from the head or first far down the queue.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property The_engines_lazy_queue_walks_in_the_public_rankings_order() =>
        Run(c =>
        {
            ImmutableArray<AdlRankedCandidate> ranking = c.Rank();
            AdlCandidate[] byAccount = [.. c.Candidates.OrderBy(x => x.Account.Value)];
            AccountId[] ids = [.. byAccount.Select(x => x.Account)];
            foreach (bool fromTheTail in new[] { false, true })
            {
                var cursor = new AdlQueue.Cursor(ids);
                Span<AutoDeleveraging.QueueKey> keys = cursor.Reserve(byAccount.Length);
                for (int i = 0; i < byAccount.Length; i++)
                {
                    keys[i] = new AutoDeleveraging.QueueKey(AdlScoring.Score(byAccount[i], c.Method, c.Kind), i);
                }

                cursor.Start(byAccount.Length, c.Method, c.Seed);
                if (fromTheTail && cursor.Length > 0)
                {
                    cursor.Account(cursor.Length - 1).Should().Be(ranking[^1].Candidate.Account);
                }

                cursor.Length.Should().Be(ranking.Length);
                Enumerable.Range(0, cursor.Length).Select(cursor.Account)
                    .Should().Equal(ranking.Select(r => r.Candidate.Account), c.ToString());
            }
        });

    [CiProperty(MaxTest = Cases)]
    public Property Ranking_is_a_permutation_in_score_order_with_ties_by_account() =>
        Run(c =>
        {
            ImmutableArray<AdlRankedCandidate> ranking = c.Rank();

            ranking.Select(r => r.Candidate).Should().BeEquivalentTo(c.Candidates);
            ranking.Select(r => r.Rank).Should().Equal(Enumerable.Range(1, c.Candidates.Length));
            ranking.Where(r => r.Score != AdlScoring.Score(r.Candidate, c.Method, c.Kind)).Should().BeEmpty();

            if (c.Method == AdlRankingMethod.Dydx)
            {
                AccountId[] sorted = c.Candidates.Select(x => x.Account).Order().ToArray();
                int start = AutoDeleveraging.DydxStartIndex(sorted.Length, c.Seed);
                ranking.Select(r => r.Candidate.Account).Should().Equal(sorted.Skip(start).Concat(sorted.Take(start)));
                return;
            }

            for (int i = 1; i < ranking.Length; i++)
            {
                AdlRankedCandidate before = ranking[i - 1];
                AdlRankedCandidate after = ranking[i];
                (before.Score > after.Score
                    || (before.Score == after.Score && before.Candidate.Account.CompareTo(after.Candidate.Account) < 0))
                    .Should().BeTrue("rank {0} ({1}) must precede rank {2} ({3})", before.Rank, before.Score, after.Rank, after.Score);
            }
        });
}
