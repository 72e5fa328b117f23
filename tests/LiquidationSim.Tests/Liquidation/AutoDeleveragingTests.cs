using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// ADL ranking and allocation against the venues' published examples and hand-derived scores. Properties are in
/// <c>AutoDeleveragingTests.Properties.cs</c>, refused input in <c>AutoDeleveragingTests.BadInput.cs</c>.
/// </summary>
public partial class AutoDeleveragingTests
{
    private static AdlCandidate Position(
        long account,
        PositionSide side,
        decimal size,
        decimal entry,
        decimal mark,
        decimal bankruptcy,
        decimal wallet = 0m,
        decimal upnl = 0m,
        decimal maintenance = 0m) =>
        new(new AccountId(account), side, size, entry, mark, bankruptcy, wallet, upnl, maintenance);

    private static long[] Accounts(ImmutableArray<AdlRankedCandidate> ranking) =>
        ranking.Select(r => r.Candidate.Account.Value).ToArray();

    // ---------------------------------------------------------------------------------------------------------
    // BitMEX X4 (official testnet.bitmex.com/app/autoDeleveragingExamples, reference cefi.md §4.3)
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// The six long XBTUSD (inverse) positions of X4, with entry and bankruptcy prices chosen so that the BitMEX
    /// formula yields the published order 2, 5, 4, 1, 6, 3 (PNL Ranking 6, 5, 4, 3, 2, 1). The mark is 650, the
    /// liquidated short's bankruptcy price. For an inverse long at unit size, V(P) = −1/P, so
    /// PnL% = (−1/M + 1/E) ÷ (1/E) = (M − E)/M and effective leverage = (1/M) ÷ (−1/M + 1/B) = B/(M − B).
    /// <code>
    /// acct size entry  bankr.  PnL% = (650−E)/650   lev. = B/(650−B)       score
    ///   2   10   520   487.5   130/650 =  0.2       487.5/162.5 = 3     0.2 × 3    =  0.6
    ///   5   20   585   520      65/650 =  0.1         520/130   = 4     0.1 × 4    =  0.4
    ///   4   30   455   325     195/650 =  0.3         325/325   = 1     0.3 × 1    =  0.3
    ///   1   10   650   520       0/650 =  0           (4, unused)       PnL% = 0   →  0
    ///   6   10   780   520    −130/650 = −0.2         520/130   = 4    −0.2 ÷ 4    = −0.05
    ///   3   20   715   260     −65/650 = −0.1         260/390   = 2/3  −0.1 ÷ 2/3  = −0.15
    /// </code>
    /// Account 4 has the best PnL% but the least leverage and ranks third; account 3 lost less than account 6 but,
    /// being barely leveraged, is further from bankruptcy and ranks last (a loss is divided by leverage).
    /// Every long has its bankruptcy price below its entry, as a long with positive margin must.
    /// </summary>
    private static readonly AdlCandidate[] _x4 =
    [
        Position(1, PositionSide.Long, 10m, entry: 650m, mark: 650m, bankruptcy: 520m),
        Position(2, PositionSide.Long, 10m, entry: 520m, mark: 650m, bankruptcy: 487.5m),
        Position(3, PositionSide.Long, 20m, entry: 715m, mark: 650m, bankruptcy: 260m),
        Position(4, PositionSide.Long, 30m, entry: 455m, mark: 650m, bankruptcy: 325m),
        Position(5, PositionSide.Long, 20m, entry: 585m, mark: 650m, bankruptcy: 520m),
        Position(6, PositionSide.Long, 10m, entry: 780m, mark: 650m, bankruptcy: 520m),
    ];

    [Fact]
    public void BitMex_X4_scores_rank_the_accounts_in_the_published_order()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        Accounts(ranking).Should().Equal(2, 5, 4, 1, 6, 3);
        ranking.Select(r => r.Score).Should().Equal(0.6m, 0.4m, 0.3m, 0m, -0.05m, -0.15m);
        ranking.Select(r => r.Rank).Should().Equal(1, 2, 3, 4, 5, 6);

        // Published "PNL Ranking" counts up from the bottom: 7 − Rank.
        ranking.Select(r => 7 - r.Rank).Should().Equal(6, 5, 4, 3, 2, 1);
    }

    [Fact]
    public void BitMex_X4_a_liquidated_short_of_20_at_650_closes_account_2_fully_and_half_of_account_5()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        ImmutableArray<AdlFill> fills = AutoDeleveraging.Allocate(ranking, 20m, 650m);

        // "Account 2 will have their entire position of 10 contracts closed, while the remaining 10 contracts …
        // assigned to account 5. Account 5 will thus have 10 contracts remaining (from 20)."
        fills.Should().Equal(
            new AdlFill(new AccountId(2), 10m, 650m),
            new AdlFill(new AccountId(5), 10m, 650m));
        decimal account5Left = _x4.Single(c => c.Account.Value == 5).Size - fills[1].Size;
        account5Left.Should().Be(10m);
    }

    [Fact]
    public void BitMex_X4_the_published_ranking_fed_directly_allocates_the_same_way()
    {
        // The table as published, in its own order (PNL Ranking 6 first), sizes as published; prices are not read
        // by Allocate, so the candidates carry placeholders.
        (long Account, decimal Size, int PnlRanking)[] published =
        [
            (2, 10m, 6), (5, 20m, 5), (4, 30m, 4), (1, 10m, 3), (6, 10m, 2), (3, 20m, 1),
        ];
        ImmutableArray<AdlRankedCandidate> ranking = published
            .Select((row, i) => new AdlRankedCandidate(
                Position(row.Account, PositionSide.Long, row.Size, entry: 1m, mark: 1m, bankruptcy: 0m),
                Score: row.PnlRanking,
                Rank: i + 1))
            .ToImmutableArray();

        ImmutableArray<AdlFill> fills = AutoDeleveraging.Allocate(ranking, 20m, 650m);

        fills.Should().Equal(
            new AdlFill(new AccountId(2), 10m, 650m),
            new AdlFill(new AccountId(5), 10m, 650m));
    }

    [Fact]
    public void BitMex_X4_ranking_does_not_depend_on_the_order_candidates_are_passed_in()
    {
        AdlCandidate[] reversed = Enumerable.Reverse(_x4).ToArray();
        AdlCandidate[] interleaved = [_x4[3], _x4[0], _x4[5], _x4[2], _x4[4], _x4[1]];

        ImmutableArray<AdlRankedCandidate> expected = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        AutoDeleveraging.Rank(reversed, AdlRankingMethod.BitMex, ContractKind.Inverse).Should().Equal(expected);
        AutoDeleveraging.Rank(interleaved, AdlRankingMethod.BitMex, ContractKind.Inverse).Should().Equal(expected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // BitMEX, hand-derived from the value definitions (signed values: linear s·q·P, inverse −s·q/P)
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void BitMex_linear_long_in_profit_multiplies_pnl_by_leverage()
    {
        // q = 3, E = 100, M = 120, B = 90. MV = 3·120 = 360, EV = 300, BV = 270.
        // PnL% = (360 − 300)/300 = 0.2; effective leverage = 360/(360 − 270) = 4; score = 0.2 × 4 = 0.8.
        AdlCandidate c = Position(1, PositionSide.Long, 3m, entry: 100m, mark: 120m, bankruptcy: 90m);

        AdlScoring.BitMexPnlPercentage(c, ContractKind.Linear).Should().Be(0.2m);
        AdlScoring.BitMexEffectiveLeverage(c, ContractKind.Linear).Should().Be(4m);
        AdlScoring.BitMexScore(c, ContractKind.Linear).Should().Be(0.8m);
    }

    [Fact]
    public void BitMex_linear_short_at_a_loss_divides_pnl_by_leverage()
    {
        // q = 2, E = 100, M = 110, B = 132 (short: values are negative). MV = −220, EV = −200, BV = −264.
        // PnL% = (−220 + 200)/|−200| = −0.1; effective leverage = |−220|/(−220 + 264) = 220/44 = 5;
        // score = −0.1 ÷ 5 = −0.02.
        AdlCandidate c = Position(1, PositionSide.Short, 2m, entry: 100m, mark: 110m, bankruptcy: 132m);

        AdlScoring.BitMexPnlPercentage(c, ContractKind.Linear).Should().Be(-0.1m);
        AdlScoring.BitMexEffectiveLeverage(c, ContractKind.Linear).Should().Be(5m);
        AdlScoring.BitMexScore(c, ContractKind.Linear).Should().Be(-0.02m);
    }

    [Fact]
    public void BitMex_inverse_short_in_profit_multiplies_pnl_by_leverage()
    {
        // q = 1000 contracts, E = 500, M = 400, B = 800. A short's inverse value is +q/P:
        // MV = 1000/400 = 2.5, EV = 1000/500 = 2, BV = 1000/800 = 1.25.
        // PnL% = (2.5 − 2)/2 = 0.25 (the price fell: a short gains); leverage = 2.5/(2.5 − 1.25) = 2; score 0.5.
        AdlCandidate c = Position(1, PositionSide.Short, 1000m, entry: 500m, mark: 400m, bankruptcy: 800m);

        AdlScoring.BitMexPnlPercentage(c, ContractKind.Inverse).Should().Be(0.25m);
        AdlScoring.BitMexEffectiveLeverage(c, ContractKind.Inverse).Should().Be(2m);
        AdlScoring.BitMexScore(c, ContractKind.Inverse).Should().Be(0.5m);
    }

    [Fact]
    public void BitMex_inverse_long_at_a_loss_divides_pnl_by_leverage()
    {
        // q = 1000, E = 500, M = 400, B = 320. A long's inverse value is −q/P:
        // MV = −2.5, EV = −2, BV = −3.125.
        // PnL% = (−2.5 + 2)/|−2| = −0.25; leverage = |−2.5|/(−2.5 + 3.125) = 2.5/0.625 = 4; score = −0.25 ÷ 4.
        // (With +q/P for a long, PnL% would come out +0.25, a loss read as a gain, and the leverage −4.)
        AdlCandidate c = Position(1, PositionSide.Long, 1000m, entry: 500m, mark: 400m, bankruptcy: 320m);

        AdlScoring.BitMexPnlPercentage(c, ContractKind.Inverse).Should().Be(-0.25m);
        AdlScoring.BitMexEffectiveLeverage(c, ContractKind.Inverse).Should().Be(4m);
        AdlScoring.BitMexScore(c, ContractKind.Inverse).Should().Be(-0.0625m);
    }

    [Fact]
    public void BitMex_inverse_long_in_profit_and_linear_long_at_a_loss()
    {
        // Inverse long, E = 400, M = 500, B = 250: PnL% = (M − E)/M = 0.2; leverage = B/(M − B) = 1; score 0.2.
        // Check against values at q = 1: MV = −0.002, EV = −0.0025, BV = −0.004; (−0.002 + 0.0025)/0.0025 = 0.2,
        // 0.002/(−0.002 + 0.004) = 1.
        AdlCandidate inverse = Position(1, PositionSide.Long, 7m, entry: 400m, mark: 500m, bankruptcy: 250m);
        AdlScoring.BitMexPnlPercentage(inverse, ContractKind.Inverse).Should().Be(0.2m);
        AdlScoring.BitMexEffectiveLeverage(inverse, ContractKind.Inverse).Should().Be(1m);
        AdlScoring.BitMexScore(inverse, ContractKind.Inverse).Should().Be(0.2m);

        // Linear long, q = 5, E = 200, M = 150, B = 100: MV = 750, EV = 1000, BV = 500.
        // PnL% = −250/1000 = −0.25; leverage = 750/250 = 3; score = −0.25 ÷ 3 = −1/12.
        AdlCandidate linear = Position(2, PositionSide.Long, 5m, entry: 200m, mark: 150m, bankruptcy: 100m);
        AdlScoring.BitMexPnlPercentage(linear, ContractKind.Linear).Should().Be(-0.25m);
        AdlScoring.BitMexEffectiveLeverage(linear, ContractKind.Linear).Should().Be(3m);
        AdlScoring.BitMexScore(linear, ContractKind.Linear).Should().Be(-1m / 12m);
    }

    [Fact]
    public void BitMex_score_is_zero_when_pnl_is_zero_and_does_not_depend_on_size()
    {
        AdlCandidate flat = Position(1, PositionSide.Short, 4m, entry: 100m, mark: 100m, bankruptcy: 125m);
        AdlScoring.BitMexScore(flat, ContractKind.Linear).Should().Be(0m);
        AdlScoring.BitMexScore(flat, ContractKind.Inverse).Should().Be(0m);

        AdlCandidate small = Position(1, PositionSide.Long, 0.001m, entry: 100m, mark: 120m, bankruptcy: 90m);
        AdlCandidate large = small with { Size = 1_000_000m };
        AdlScoring.BitMexScore(large, ContractKind.Linear).Should().Be(AdlScoring.BitMexScore(small, ContractKind.Linear));
        AdlScoring.BitMexScore(large, ContractKind.Inverse).Should().Be(AdlScoring.BitMexScore(small, ContractKind.Inverse));
    }

    [Fact]
    public void BitMex_positions_without_a_bankruptcy_price_have_leverage_one()
    {
        // Linear long at 1x: B = 0, BV = 0, leverage = MV/MV = 1. PnL% = (120 − 100)/100 = 0.2.
        AdlCandidate linearLong = Position(1, PositionSide.Long, 2m, entry: 100m, mark: 120m, bankruptcy: 0m);
        AdlScoring.BitMexEffectiveLeverage(linearLong, ContractKind.Linear).Should().Be(1m);
        AdlScoring.BitMexScore(linearLong, ContractKind.Linear).Should().Be(0.2m);

        // Inverse short at 1x or less: no finite B (passed as 0); BV = q/B → 0, leverage → 1.
        // PnL% = s(M − E)/M = −(80 − 100)/80 = 0.25.
        AdlCandidate inverseShort = Position(2, PositionSide.Short, 2m, entry: 100m, mark: 80m, bankruptcy: 0m);
        AdlScoring.BitMexEffectiveLeverage(inverseShort, ContractKind.Inverse).Should().Be(1m);
        AdlScoring.BitMexScore(inverseShort, ContractKind.Inverse).Should().Be(0.25m);
    }

    [Theory]
    [InlineData(90, 90)]   // at bankruptcy: MV − BV = 0
    [InlineData(80, 90)]   // beyond bankruptcy: MV − BV < 0
    public void BitMex_guards_a_position_at_or_beyond_bankruptcy_to_a_zero_score(decimal mark, decimal bankruptcy)
    {
        foreach (ContractKind kind in new[] { ContractKind.Linear, ContractKind.Inverse })
        {
            AdlCandidate c = Position(1, PositionSide.Long, 1m, entry: 100m, mark: mark, bankruptcy: bankruptcy);

            AdlScoring.BitMexEffectiveLeverage(c, kind).Should().BeNull();
            AdlScoring.BitMexScore(c, kind).Should().Be(0m);
        }
    }

    [Fact]
    public void BitMex_equal_scores_are_ordered_by_account_ascending()
    {
        // Same prices, different sizes: identical scores (the score does not depend on size).
        AdlCandidate[] candidates =
        [
            Position(9, PositionSide.Short, 1m, entry: 100m, mark: 90m, bankruptcy: 120m),
            Position(3, PositionSide.Short, 5m, entry: 100m, mark: 90m, bankruptcy: 120m),
            Position(7, PositionSide.Short, 2m, entry: 100m, mark: 95m, bankruptcy: 200m),
            Position(5, PositionSide.Short, 3m, entry: 100m, mark: 90m, bankruptcy: 120m),
        ];

        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(candidates, AdlRankingMethod.BitMex, ContractKind.Inverse);

        ranking.Take(3).Select(r => r.Score).Distinct().Should().ContainSingle();
        Accounts(ranking).Should().Equal(3, 5, 9, 7);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Binance (reference cefi.md §1.8)
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Binance_published_vector_pnl_percent_9_41_and_leverage_pnl_1_26()
    {
        // UP 40.2, WB 4.27, margin ratio 13.42%. The ratio is MM ÷ (WB + UP), so MM = 0.1342 × 44.47 = 5.967874.
        // Pnl Percent = 40.2 / max(1, 4.27) = 9.4145…; Leverage Pnl = 9.4145… × 0.1342 = 1.2634…
        AdlCandidate c = Position(1, PositionSide.Long, 1m, entry: 1m, mark: 1m, bankruptcy: 0m, wallet: 4.27m, upnl: 40.2m, maintenance: 5.967874m);

        AdlScoring.BinanceMarginRatio(c).Should().Be(0.1342m);
        Math.Round(AdlScoring.BinancePnlPercent(c), 2).Should().Be(9.41m);
        Math.Round(AdlScoring.BinanceLeveragePnl(c), 2).Should().Be(1.26m);
        AdlScoring.Score(c, AdlRankingMethod.Binance, ContractKind.Linear).Should().Be(AdlScoring.BinanceLeveragePnl(c));
        AdlScoring.BinanceLeveragePnl(c).Should().BeApproximately(AdlScoring.BinancePnlPercent(c) * AdlScoring.BinanceMarginRatio(c), 1e-26m);
    }

    [Fact]
    public void Binance_formula_edges_losses_small_wallets_and_non_positive_margin_balance()
    {
        // A loss: Pnl Percent = max(0, −5)/… = 0, so Leverage Pnl = 0 whatever the margin ratio.
        AdlCandidate losing = Position(1, PositionSide.Long, 1m, 1m, 1m, 0m, wallet: 100m, upnl: -5m, maintenance: 10m);
        AdlScoring.BinancePnlPercent(losing).Should().Be(0m);
        AdlScoring.BinanceMarginRatio(losing).Should().Be(10m / 95m);
        AdlScoring.BinanceLeveragePnl(losing).Should().Be(0m);

        // A wallet below 1 divides by 1: 3 / max(1, 0.5) = 3; margin ratio 0.7 / 3.5 = 0.2; Leverage Pnl 0.6.
        AdlCandidate smallWallet = Position(2, PositionSide.Long, 1m, 1m, 1m, 0m, wallet: 0.5m, upnl: 3m, maintenance: 0.7m);
        AdlScoring.BinancePnlPercent(smallWallet).Should().Be(3m);
        AdlScoring.BinanceMarginRatio(smallWallet).Should().Be(0.2m);
        AdlScoring.BinanceLeveragePnl(smallWallet).Should().Be(0.6m);

        // WB + UP ≤ 0: margin ratio 0 by the published rule, even with a profit.
        AdlCandidate underwater = Position(3, PositionSide.Long, 1m, 1m, 1m, 0m, wallet: -10m, upnl: 4m, maintenance: 1m);
        AdlScoring.BinanceMarginRatio(underwater).Should().Be(0m);
        AdlScoring.BinanceLeveragePnl(underwater).Should().Be(0m);
    }

    [Fact]
    public void Binance_ranks_by_leverage_pnl_and_reports_the_quantile()
    {
        AdlCandidate[] candidates =
        [
            // Leverage Pnl = UP × MM ÷ (max(1, WB) × (WB + UP)):
            Position(10, PositionSide.Short, 1m, 1m, 1m, 0m, wallet: 100m, upnl: 100m, maintenance: 20m), // 1 × 0.1  = 0.1
            Position(11, PositionSide.Short, 1m, 1m, 1m, 0m, wallet: 100m, upnl: 300m, maintenance: 20m), // 3 × 0.05 = 0.15
            Position(12, PositionSide.Short, 1m, 1m, 1m, 0m, wallet: 100m, upnl: -50m, maintenance: 20m), // 0
            Position(13, PositionSide.Short, 1m, 1m, 1m, 0m, wallet: 50m, upnl: 50m, maintenance: 30m),   // 1 × 0.3  = 0.3
        ];

        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(candidates, AdlRankingMethod.Binance, ContractKind.Linear);

        Accounts(ranking).Should().Equal(13, 11, 10, 12);
        ranking.Select(r => r.Score).Should().Equal(0.3m, 0.15m, 0.1m, 0m);
        ranking.Select(r => AutoDeleveraging.Quantile(r.Rank, ranking.Length)).Should().Equal(1m, 0.75m, 0.5m, 0.25m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hyperliquid (assumed formula, see AdlScoring.HyperliquidScore)
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Hyperliquid_score_is_pnl_percent_times_or_over_leverage_used()
    {
        // Long 2 @ 100, mark 125, wallet 50, UPnL 50: PnL% = 25/100 = 0.25; notional 250, account value 100,
        // leverage 2.5; score = 0.25 × 2.5 = 0.625.
        AdlCandidate winner = Position(1, PositionSide.Long, 2m, entry: 100m, mark: 125m, bankruptcy: 0m, wallet: 50m, upnl: 50m);
        AdlScoring.HyperliquidLeverage(winner, ContractKind.Linear).Should().Be(2.5m);
        AdlScoring.HyperliquidScore(winner, ContractKind.Linear).Should().Be(0.625m);

        // Short 4 @ 100, mark 125, wallet 300, UPnL −100: PnL% = −25/100 = −0.25; notional 500, account value 200,
        // leverage 2.5; score = −0.25 ÷ 2.5 = −0.1.
        AdlCandidate loser = Position(2, PositionSide.Short, 4m, entry: 100m, mark: 125m, bankruptcy: 0m, wallet: 300m, upnl: -100m);
        AdlScoring.HyperliquidLeverage(loser, ContractKind.Linear).Should().Be(2.5m);
        AdlScoring.HyperliquidScore(loser, ContractKind.Linear).Should().Be(-0.1m);

        // Account value ≤ 0: no leverage, score 0.
        AdlCandidate underwater = winner with { WalletBalance = -50m };
        AdlScoring.HyperliquidLeverage(underwater, ContractKind.Linear).Should().BeNull();
        AdlScoring.HyperliquidScore(underwater, ContractKind.Linear).Should().Be(0m);
    }

    [Fact]
    public void Hyperliquid_ranks_more_leveraged_winners_first_and_fills_at_the_oracle_price_given()
    {
        AdlCandidate[] candidates =
        [
            // Same PnL% (0.25); leverage 250/100 = 2.5 vs 250/250 = 1.
            Position(1, PositionSide.Long, 2m, entry: 100m, mark: 125m, bankruptcy: 0m, wallet: 200m, upnl: 50m),
            Position(2, PositionSide.Long, 2m, entry: 100m, mark: 125m, bankruptcy: 0m, wallet: 50m, upnl: 50m),
        ];

        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(candidates, AdlRankingMethod.Hyperliquid, ContractKind.Linear);
        Accounts(ranking).Should().Equal(2, 1);

        AutoDeleveraging.Allocate(ranking, 3m, 125m).Should().Equal(
            new AdlFill(new AccountId(2), 2m, 125m),
            new AdlFill(new AccountId(1), 1m, 125m));
    }

    // ---------------------------------------------------------------------------------------------------------
    // dYdX v4: no ranking, pseudo-random start, wrap-around in account order
    // ---------------------------------------------------------------------------------------------------------

    private static readonly AdlCandidate[] _dydx =
    [
        Position(40, PositionSide.Short, 1m, 100m, 100m, 0m),
        Position(10, PositionSide.Short, 2m, 100m, 100m, 0m),
        Position(60, PositionSide.Short, 3m, 100m, 100m, 0m),
        Position(20, PositionSide.Short, 4m, 100m, 100m, 0m),
        Position(50, PositionSide.Short, 5m, 100m, 100m, 0m),
        Position(30, PositionSide.Short, 6m, 100m, 100m, 0m),
    ];

    [Fact]
    public void Dydx_seed_zero_starts_at_the_pinned_index_and_wraps_around_in_account_order()
    {
        // SplitMix64(0) first draws 0xE220A8397B1DCDAF; × 6 ÷ 2⁶⁴ → 5: the sixth account in ascending order (60).
        AutoDeleveraging.DydxStartIndex(6, 0UL).Should().Be(5);

        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_dydx, AdlRankingMethod.Dydx, ContractKind.Linear, seed: 0UL);

        Accounts(ranking).Should().Equal(60, 10, 20, 30, 40, 50);
        ranking.Select(r => r.Rank).Should().Equal(1, 2, 3, 4, 5, 6);
        ranking.Should().OnlyContain(r => r.Score == 0m);
    }

    [Fact]
    public void Dydx_start_is_determined_by_the_seed_and_identical_across_calls_and_input_orders()
    {
        long[] sorted = [10, 20, 30, 40, 50, 60];
        var starts = new HashSet<long>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            ImmutableArray<AdlRankedCandidate> first = AutoDeleveraging.Rank(_dydx, AdlRankingMethod.Dydx, ContractKind.Linear, seed);
            ImmutableArray<AdlRankedCandidate> again = AutoDeleveraging.Rank(Enumerable.Reverse(_dydx).ToArray(), AdlRankingMethod.Dydx, ContractKind.Linear, seed);
            again.Should().Equal(first);

            // A rotation of the ascending list, starting where the seed says.
            int start = AutoDeleveraging.DydxStartIndex(6, seed);
            Accounts(first).Should().Equal(sorted.Skip(start).Concat(sorted.Take(start)));
            starts.Add(Accounts(first)[0]);
        }

        starts.Should().HaveCount(6, "over 200 seeds every account should be drawn as the start");
    }

    [Fact]
    public void Dydx_fills_from_the_start_at_the_bankruptcy_price_of_the_liquidated_position()
    {
        // Seed 0 starts at account 60 (size 3), then wraps to 10 (size 2), 20 (size 4).
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_dydx, AdlRankingMethod.Dydx, ContractKind.Linear, seed: 0UL);

        AutoDeleveraging.Allocate(ranking, 6.5m, 97.25m).Should().Equal(
            new AdlFill(new AccountId(60), 3m, 97.25m),
            new AdlFill(new AccountId(10), 2m, 97.25m),
            new AdlFill(new AccountId(20), 1.5m, 97.25m));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Allocation edges
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Allocate_covers_only_what_the_queue_holds_and_nothing_for_a_zero_size()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_x4, AdlRankingMethod.BitMex, ContractKind.Inverse);

        ImmutableArray<AdlFill> all = AutoDeleveraging.Allocate(ranking, 1_000m, 650m);
        all.Sum(f => f.Size).Should().Be(100m);
        all.Select(f => f.Account.Value).Should().Equal(2, 5, 4, 1, 6, 3);

        AutoDeleveraging.Allocate(ranking, 0m, 650m).Should().BeEmpty();
        AutoDeleveraging.Allocate(ImmutableArray<AdlRankedCandidate>.Empty, 5m, 650m).Should().BeEmpty();
        AutoDeleveraging.Rank([], AdlRankingMethod.Dydx, ContractKind.Linear, 3UL).Should().BeEmpty();
    }

    [Fact]
    public void Allocate_accepts_a_prefix_of_a_queue_as_dydx_iteration_caps_need()
    {
        ImmutableArray<AdlRankedCandidate> ranking = AutoDeleveraging.Rank(_dydx, AdlRankingMethod.Dydx, ContractKind.Linear, seed: 0UL);

        AutoDeleveraging.Allocate(ranking[..2], 100m, 1m).Sum(f => f.Size).Should().Be(5m);
    }

    [Fact]
    public void Quantile_counts_down_from_one_for_the_head_of_the_queue()
    {
        AutoDeleveraging.Quantile(1, 6).Should().Be(1m);
        AutoDeleveraging.Quantile(6, 6).Should().Be(1m / 6m);
        AutoDeleveraging.Quantile(3, 4).Should().Be(0.5m);
        AutoDeleveraging.Quantile(1, 1).Should().Be(1m);
    }
}
