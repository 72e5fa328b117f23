using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// A queue the venue ranked itself needs only accounts and sizes (issue 16: AdlCandidate's prices and balances are
/// never read by Allocate).
/// </summary>
public sealed class AdlQueueAllocationTests
{
    private static readonly AccountId s_a = new(1), s_b = new(2), s_c = new(3);

    [Fact]
    public void The_bankrupt_size_is_split_in_queue_order()
    {
        // 5 contracts over A (3) then B (4) then C (10): A closes in full, B closes 2, C is untouched.
        ImmutableArray<AdlFill> fills = AutoDeleveraging.Allocate([new AdlQueuePosition(s_a, 3m), new(s_b, 4m), new(s_c, 10m)], 5m, 100m);

        fills.Should().Equal(new AdlFill(s_a, 3m, 100m), new AdlFill(s_b, 2m, 100m));
    }

    [Fact]
    public void It_gives_the_fills_a_ranked_queue_of_the_same_accounts_and_sizes_gives()
    {
        // Two BitMEX candidates ranked by hand-chosen figures; the venue-ranked form with their order agrees.
        AdlCandidate[] candidates =
        [
            new(s_a, PositionSide.Long, 3m, 100m, 120m, 90m, 10m, 60m, 1m),
            new(s_b, PositionSide.Long, 4m, 100m, 120m, 50m, 100m, 80m, 1m),
        ];
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(candidates, AdlRankingMethod.BitMex, ContractKind.Linear);
        AdlQueuePosition[] queue = [.. ranking.Select(r => new AdlQueuePosition(r.Candidate.Account, r.Candidate.Size))];

        AutoDeleveraging.Allocate(queue, 6m, 95m).Should().Equal(AutoDeleveraging.Allocate(ranking, 6m, 95m));
    }

    [Fact]
    public void A_bad_queue_is_refused_naming_the_place()
    {
        Action zero = () => AutoDeleveraging.Allocate([new AdlQueuePosition(s_a, 3m), new(s_b, 0m)], 1m, 100m);
        Action twice = () => AutoDeleveraging.Allocate([new AdlQueuePosition(s_a, 3m), new(s_a, 1m)], 1m, 100m);
        Action price = () => AutoDeleveraging.Allocate([new AdlQueuePosition(s_a, 3m)], 1m, 0m);

        zero.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "queue[1].Size");
        twice.Should().Throw<ArgumentException>().Where(e => e.ParamName == "queue[1].Account");
        price.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "price");
    }
}
