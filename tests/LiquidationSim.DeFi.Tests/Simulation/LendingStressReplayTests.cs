using System.Collections.Immutable;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.Simulation;

/// <summary>
/// The lending stress run's event log over random runs (8–40 borrowers at health factors 1.02–1.6, WETH from 2,000 to
/// 600–1,900 through a random low, random oracle coupling, arbitrage and gas, Aave v3.3 rules so some liquidations leave
/// deficits): the sequence runs 1, 2, 3, … by one; replaying the log from the scenario rebuilds the live run's market,
/// pool and accounts exactly; and every token unit of collateral and debt is accounted for.
/// </summary>
/// <remarks>
/// Each checker returns what it found wrong, so the same checker is shown to fail on a log with one event dropped
/// (<see cref="Dropping_one_liquidation_breaks_replay_and_conservation"/>) and on a gap in the numbering. Also checked
/// by hand against mutated run code: with the pool sale not logged, the replay and conservation properties fail (the
/// pool's reserves); with the log numbered 1, 3, 5, …, the sequence and replay properties fail.
/// </remarks>
public sealed class LendingStressReplayTests
{
    private const int Cases = 25;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 10).ToArbitrary();

    private static AaveMarket Market => EthUsdc(AaveVersion.V3_3);

    private static LendingStressScenario Build(int[] v) => new()
    {
        Market = Market,
        CollateralAsset = "WETH",
        DebtAsset = "USDC",
        Accounts = LendingPopulation.Generate(Market, "WETH", "USDC", 8 + (v[0] % 33), 0.5m, 20m, 1.02m, 1.6m, seed: (ulong)v[1]),
        CollateralPrice = new ScriptedPath([
            new PricePoint(TimeSpan.Zero, 2_000m),
            new PricePoint(TimeSpan.FromMinutes(10), 500m + (v[2] % 1_400)),
            new PricePoint(TimeSpan.FromMinutes(20), 600m + (v[3] % 1_300)),
        ]),
        Duration = TimeSpan.FromMinutes(20),
        Step = TimeSpan.FromMinutes(1),
        Pool = new ConstantProductPool(UInt256.FromDecimal(200m + (v[4] % 2_000), 18), UInt256.FromDecimal(2_000m * (200m + (v[4] % 2_000)), 6), 30),
        OracleCoupling = (v[5] % 101) / 100m,
        Arbitrage = (v[6] % 3) == 0 ? 0m : (v[6] % 101) / 100m,
        GasCost = UInt256.FromDecimal(v[7] % 50, 6),
        Seed = (ulong)v[8],
    };

    private static LendingStressSimulation RunToEnd(LendingStressScenario scenario)
    {
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        _ = sim.Run();
        return sim;
    }

    /// <summary>Where a replayed state differs from the live run's: empty when they are the same to the unit.</summary>
    internal static List<string> Differences(LendingStressSimulation live, LendingReplayState replayed)
    {
        var found = new List<string>();
        if (replayed.StepsRun != live.StepsRun)
        {
            found.Add($"steps {replayed.StepsRun} vs {live.StepsRun}");
        }

        if (replayed.Pool != live.Pool)
        {
            found.Add($"pool {replayed.Pool} vs {live.Pool}");
        }

        if (!replayed.Market.Reserves.Select(r => (r.Symbol, r.Price, r.LiquidityIndex)).SequenceEqual(live.Market.Reserves.Select(r => (r.Symbol, r.Price, r.LiquidityIndex))))
        {
            found.Add("market prices");
        }

        for (int i = 0; i < live.Accounts.Count; i++)
        {
            if (replayed.Accounts[i].EModeCategory != live.Accounts[i].EModeCategory || !replayed.Accounts[i].Positions.SequenceEqual(live.Accounts[i].Positions))
            {
                found.Add($"account {i}");
            }
        }

        return found;
    }

    /// <summary>
    /// Collateral and debt accounted for, from the scenario, the live end state and the log. Both reserves keep their
    /// indices at 1 ray in this run (nothing accrues), so a scaled balance is the token amount and nothing accrues:
    /// collateral before = after + seized (liquidator's part + treasury fee); debt before = after + repaid + deficits;
    /// the pool's collateral = start + sold + arbitrage moves, its debt token = start − proceeds + arbitrage moves; each
    /// sale is the liquidator's part of the seizure just logged; and the decimal bad debt the run reports is the
    /// deficits logged.
    /// </summary>
    internal static List<string> Unaccounted(LendingStressScenario scenario, LendingStressSimulation live, LendingStressResult result, IReadOnlyList<LendingRunEvent> log)
    {
        var found = new List<string>();
        AaveReserve weth = scenario.Market.Reserve("WETH"), usdc = scenario.Market.Reserve("USDC");
        if (weth.LiquidityIndex != WadRayMath.Ray || usdc.VariableBorrowIndex != WadRayMath.Ray)
        {
            found.Add("the test market must keep its indices at 1 ray");
        }

        static UInt256 Sum(IEnumerable<AaveUserAccount> accounts, Func<AavePosition, UInt256> of, string symbol) =>
            accounts.SelectMany(a => a.Positions).Where(p => p.Symbol == symbol).Aggregate(UInt256.Zero, (s, p) => s + of(p));

        LendingAccountLiquidated[] liquidations = [.. log.OfType<LendingAccountLiquidated>()];
        LendingCollateralSold[] sales = [.. log.OfType<LendingCollateralSold>()];
        UInt256 seized = liquidations.Aggregate(UInt256.Zero, (s, l) => s + l.CollateralSeized);
        UInt256 repaid = liquidations.Aggregate(UInt256.Zero, (s, l) => s + l.DebtRepaid);
        UInt256 deficits = liquidations.SelectMany(l => l.Deficits).Aggregate(UInt256.Zero, (s, d) => s + d.Amount);
        if (Sum(scenario.Accounts, p => p.ScaledCollateral, "WETH") != Sum(live.Accounts, p => p.ScaledCollateral, "WETH") + seized)
        {
            found.Add("collateral before ≠ after + seized");
        }

        if (Sum(scenario.Accounts, p => p.ScaledDebt, "USDC") != Sum(live.Accounts, p => p.ScaledDebt, "USDC") + repaid + deficits)
        {
            found.Add("debt before ≠ after + repaid + deficits");
        }

        BigInteger baseEnd = (BigInteger)scenario.Pool.BaseReserve, quoteEnd = (BigInteger)scenario.Pool.QuoteReserve;
        foreach (LendingPoolArbitraged a in log.OfType<LendingPoolArbitraged>())
        {
            baseEnd += (BigInteger)a.BaseAfter - (BigInteger)a.BaseBefore;
            quoteEnd += (BigInteger)a.QuoteAfter - (BigInteger)a.QuoteBefore;
        }

        foreach (LendingCollateralSold s in sales)
        {
            baseEnd += (BigInteger)s.Amount;
            quoteEnd -= (BigInteger)s.Proceeds;
        }

        if (baseEnd != (BigInteger)live.Pool.BaseReserve || quoteEnd != (BigInteger)live.Pool.QuoteReserve)
        {
            found.Add("pool reserves ≠ start + sales + arbitrage");
        }

        for (int i = 0; i < log.Count; i++)
        {
            if (log[i] is LendingAccountLiquidated l && (i + 1 >= log.Count || log[i + 1] is not LendingCollateralSold s || s.Amount != l.LiquidatorCollateral))
            {
                found.Add($"liquidation {l.Sequence} is not followed by the sale of the liquidator's collateral");
            }
        }

        if (liquidations.Length != result.Liquidations)
        {
            found.Add($"{liquidations.Length} liquidations logged, {result.Liquidations} reported");
        }

        if (deficits.ToDecimal(6) != result.BadDebt)
        {
            found.Add($"deficits logged {deficits.ToDecimal(6)} ≠ bad debt reported {result.BadDebt}");
        }

        return found;
    }

    [CiProperty(MaxTest = Cases)]
    public Property Sequence_numbers_run_from_one_by_one_and_steps_open_with_the_price_move() => Prop.ForAll(s_cases, v =>
    {
        LendingStressSimulation sim = RunToEnd(Build(v));
        ImmutableArray<LendingRunEvent> log = sim.Events;

        log.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, log.Length).Select(i => (long)i));
        log.OfType<LendingPriceMoved>().Select(e => e.Step).Should().Equal(Enumerable.Range(1, (int)sim.TotalSteps).Select(i => (long)i));
        log.Select(e => e.Step).Should().BeInAscendingOrder();
    });

    [CiProperty(MaxTest = Cases)]
    public Property Replaying_the_log_rebuilds_the_live_state() => Prop.ForAll(s_cases, v =>
    {
        LendingStressScenario scenario = Build(v);
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        LendingStressResult result = sim.Run();

        LendingReplayState replayed = LendingStressReplay.Replay(scenario, sim.Events);

        Differences(sim, replayed).Should().BeEmpty();
        replayed.Liquidations.Should().Be(result.Liquidations);
        replayed.Deficits.GetValueOrDefault("USDC").ToDecimal(6).Should().Be(result.BadDebt);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Collateral_and_debt_are_accounted_for_to_the_unit() => Prop.ForAll(s_cases, v =>
    {
        LendingStressScenario scenario = Build(v);
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        LendingStressResult result = sim.Run();

        Unaccounted(scenario, sim, result, sim.Events).Should().BeEmpty();
    });

    [Fact]
    public void Replaying_a_prefix_rebuilds_the_state_after_every_step()
    {
        // The log after each step is a prefix of the whole log; replaying it gives the state the run had then.
        LendingStressScenario scenario = Build([20, 7, 300, 700, 500, 40, 50, 5, 3, 0]);
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        while (sim.StepsRun < sim.TotalSteps)
        {
            _ = sim.NextStep();
            Differences(sim, LendingStressReplay.Replay(scenario, sim.Events)).Should().BeEmpty($"after step {sim.StepsRun}");
        }

        sim.Events.OfType<LendingAccountLiquidated>().Should().NotBeEmpty();
    }

    [Fact]
    public void Dropping_one_liquidation_breaks_replay_and_conservation()
    {
        // Shows the checkers above can fail: the same run's log without its first liquidation (renumbered so the
        // sequence check passes) replays to other balances and leaves the seized collateral unaccounted for; with the
        // numbering gap left in, the replay refuses the log.
        LendingStressScenario scenario = Build([20, 7, 300, 700, 500, 40, 50, 5, 3, 0]);
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        LendingStressResult result = sim.Run(TestContext.Current.CancellationToken);
        ImmutableArray<LendingRunEvent> log = sim.Events;
        LendingAccountLiquidated first = log.OfType<LendingAccountLiquidated>().First();

        LendingRunEvent[] gap = [.. log.Where(e => e != first)];
        LendingRunEvent[] renumbered = [.. gap.Select((e, i) => e with { Sequence = i + 1 })];

        Differences(sim, LendingStressReplay.Replay(scenario, renumbered)).Should().Contain($"account {first.Account}");
        Unaccounted(scenario, sim, result, renumbered).Should().Contain("collateral before ≠ after + seized");
        Action replayGap = () => LendingStressReplay.Replay(scenario, gap);
        replayGap.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage($"*without gaps (expected {first.Sequence})*");
    }

    [Fact]
    public void A_log_that_does_not_continue_from_the_state_is_refused()
    {
        LendingStressScenario scenario = Build([20, 7, 300, 700, 500, 40, 50, 5, 3, 0]);
        LendingStressSimulation sim = LendingStressSimulation.Create(scenario);
        _ = sim.Run(TestContext.Current.CancellationToken);
        ImmutableArray<LendingRunEvent> log = sim.Events;

        // The first event is a price move of step 1; the same event claiming step 2 skips a step.
        Action skipped = () => LendingStressReplay.Replay(scenario, [log[0] with { Step = 2 }]);
        LendingAccountLiquidated l = log.OfType<LendingAccountLiquidated>().First();
        LendingAccountLiquidated tooMuch = l with { Changes = [.. l.Changes.Select(c => c with { ScaledDebtBurned = c.ScaledDebtBurned + UInt256.Pow10(30) })] };
        Action overBurn = () => LendingStressReplay.Replay(scenario, [.. log.TakeWhile(e => e != l), tooMuch]);
        Action unknown = () => LendingStressReplay.Replay(scenario, [.. log.TakeWhile(e => e != l), l with { Account = scenario.Accounts.Length }]);

        skipped.Should().Throw<ArgumentException>().WithParameterName("events");
        overBurn.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*not burn more than the account holds*");
        unknown.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*account of the scenario*");
    }

    [Fact]
    public void Monte_Carlo_paths_keep_no_log_and_a_kept_log_changes_no_result()
    {
        // The log is bookkeeping only: path 0 run alone (with its log) gives the result the Monte Carlo runner gives.
        LendingStressScenario scenario = Build([20, 7, 300, 700, 500, 40, 50, 5, 3, 0]);
        LendingStressResult alone = LendingStressSimulation.Create(scenario).Run(TestContext.Current.CancellationToken);
        LendingMonteCarloResult mc = LendingStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 1) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);

        mc.Paths.Single().Should().Be(alone);
        alone.Liquidations.Should().BePositive();
    }
}
