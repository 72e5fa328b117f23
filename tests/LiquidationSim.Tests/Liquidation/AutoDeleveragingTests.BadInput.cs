using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>Refused input: an <see cref="ArgumentException"/> naming the parameter (or candidate field) and the value.</summary>
public partial class AutoDeleveragingTests
{
    private static readonly AdlCandidate _valid = Position(1, PositionSide.Long, 2m, entry: 100m, mark: 110m, bankruptcy: 60m, wallet: 100m, upnl: 20m, maintenance: 5m);

    private static AdlCandidate[] WithSecond(AdlCandidate second) => [_valid, second with { Account = new AccountId(2) }];

    public static TheoryData<string, AdlCandidate, string> BadCandidates => new()
    {
        { "Size", _valid with { Size = -3m }, "-3" },
        { "Size", _valid with { Size = 0m }, "0" },
        { "EntryPrice", _valid with { EntryPrice = 0m }, "0" },
        { "EntryPrice", _valid with { EntryPrice = -100m }, "-100" },
        { "MarkPrice", _valid with { MarkPrice = 0m }, "0" },
        { "MarkPrice", _valid with { MarkPrice = -1.5m }, "-1.5" },
        { "BankruptcyPrice", _valid with { BankruptcyPrice = -60m }, "-60" },
        { "MaintenanceMargin", _valid with { MaintenanceMargin = -0.01m }, "-0.01" },
        { "Side", _valid with { Side = (PositionSide)0 }, "0" },
    };

    [Theory]
    [MemberData(nameof(BadCandidates))]
    public void Rank_refuses_a_bad_candidate_field_under_every_method(string field, AdlCandidate bad, string value)
    {
        foreach (AdlRankingMethod method in Enum.GetValues<AdlRankingMethod>())
        {
            foreach (ContractKind kind in Enum.GetValues<ContractKind>())
            {
                FluentActions.Invoking(() => AutoDeleveraging.Rank(WithSecond(bad), method, kind)).ShouldRefuse("candidates[1]." + field, value);
                FluentActions.Invoking(() => AdlScoring.Score(bad, method, kind)).ShouldRefuse("candidate." + field, value);
            }
        }
    }

    [Fact]
    public void Rank_refuses_an_unknown_method_or_kind()
    {
        FluentActions.Invoking(() => AutoDeleveraging.Rank([_valid], (AdlRankingMethod)7, ContractKind.Linear)).ShouldRefuse("method", "7");
        FluentActions.Invoking(() => AutoDeleveraging.Rank([], (AdlRankingMethod)(-1), ContractKind.Linear)).ShouldRefuse("method", "-1");
        FluentActions.Invoking(() => AutoDeleveraging.Rank([_valid], AdlRankingMethod.BitMex, (ContractKind)2)).ShouldRefuse("kind", "2");
        FluentActions.Invoking(() => AdlScoring.Score(_valid, (AdlRankingMethod)4, ContractKind.Linear)).ShouldRefuse("method", "4");
    }

    [Fact]
    public void Rank_refuses_candidates_on_mixed_sides()
    {
        AdlCandidate[] mixed = [_valid, _valid with { Account = new AccountId(2) }, _valid with { Account = new AccountId(3), Side = PositionSide.Short, BankruptcyPrice = 150m }];

        FluentActions.Invoking(() => AutoDeleveraging.Rank(mixed, AdlRankingMethod.BitMex, ContractKind.Linear))
            .ShouldRefuse("candidates[2].Side", "Short");
        FluentActions.Invoking(() => AutoDeleveraging.Rank(mixed, AdlRankingMethod.Dydx, ContractKind.Inverse))
            .ShouldRefuse("candidates[2].Side", "Short");
    }

    [Fact]
    public void Rank_refuses_an_account_twice()
    {
        AdlCandidate[] twice = [_valid with { Account = new AccountId(4) }, _valid with { Account = new AccountId(9) }, _valid with { Account = new AccountId(4), Size = 1m }];

        FluentActions.Invoking(() => AutoDeleveraging.Rank(twice, AdlRankingMethod.Binance, ContractKind.Linear))
            .ShouldRefuse("candidates[2].Account", "4")
            .WithMessage("*candidates[0]*");
    }

    [Fact]
    public void BitMex_refuses_a_zero_bankruptcy_price_where_one_always_exists()
    {
        AdlCandidate linearShort = _valid with { Side = PositionSide.Short, BankruptcyPrice = 0m };
        AdlCandidate inverseLong = _valid with { BankruptcyPrice = 0m };

        FluentActions.Invoking(() => AutoDeleveraging.Rank([linearShort], AdlRankingMethod.BitMex, ContractKind.Linear))
            .ShouldRefuse("candidates[0].BankruptcyPrice", "0");
        FluentActions.Invoking(() => AdlScoring.BitMexEffectiveLeverage(inverseLong, ContractKind.Inverse))
            .ShouldRefuse("candidate.BankruptcyPrice", "0");

        // The other methods do not read it.
        AutoDeleveraging.Rank([linearShort], AdlRankingMethod.Binance, ContractKind.Linear).Should().ContainSingle();
    }

    [Fact]
    public void Allocate_refuses_a_negative_size_and_a_non_positive_price()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking, -20m, 650m)).ShouldRefuse("size", "-20");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking, 20m, 0m)).ShouldRefuse("price", "0");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking, 20m, -650m)).ShouldRefuse("price", "-650");
    }

    [Fact]
    public void Allocate_refuses_a_ranking_not_shaped_like_a_queue()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        FluentActions.Invoking(() => AutoDeleveraging.Allocate(default(ImmutableArray<AdlRankedCandidate>), 1m, 1m)).ShouldRefuse("ranking", "\"default\"");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking.RemoveAt(0), 1m, 1m)).ShouldRefuse("ranking[0].Rank", "2");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking.SetItem(3, ranking[3] with { Candidate = ranking[3].Candidate with { Side = PositionSide.Short } }), 1m, 1m))
            .ShouldRefuse("ranking[3].Candidate.Side", "Short");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking.SetItem(1, ranking[1] with { Candidate = ranking[1].Candidate with { Size = 0m } }), 1m, 1m))
            .ShouldRefuse("ranking[1].Candidate.Size", "0");
        FluentActions.Invoking(() => AutoDeleveraging.Allocate(ranking.SetItem(4, ranking[4] with { Candidate = ranking[0].Candidate }), 1m, 1m))
            .ShouldRefuse("ranking[4].Candidate.Account", "2");
    }

    [Fact]
    public void Quantile_refuses_a_rank_outside_the_count()
    {
        FluentActions.Invoking(() => AutoDeleveraging.Quantile(1, 0)).ShouldRefuse("count", "0");
        FluentActions.Invoking(() => AutoDeleveraging.Quantile(0, 5)).ShouldRefuse("rank", "0");
        FluentActions.Invoking(() => AutoDeleveraging.Quantile(6, 5)).ShouldRefuse("rank", "6");
    }
}
