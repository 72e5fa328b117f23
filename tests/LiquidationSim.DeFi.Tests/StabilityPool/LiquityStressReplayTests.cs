using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>
/// The Liquity stress run's event log over random runs (10–40 troves at ICRs of 1.5–2.5 (so each opens with the TCR at or above CCR), zero to three depositors so
/// that offsets, partial offsets and pure redistributions all occur, ETH from 2,000 to a random low and back up part
/// way, 1–10 troves per call): the sequence runs 1, 2, 3, … by one; replaying the log from the scenario rebuilds every
/// stored value of the live system (troves, stakes, L terms and remainders, all pools, the stability pool's product,
/// sums, epoch, scale and deposits) to the wei; and every wei of collateral and debt is accounted for.
/// </summary>
/// <remarks>
/// Each checker returns what it found wrong, so the same checker is shown to fail on a log with one event dropped
/// (<see cref="Dropping_one_event_breaks_replay_and_conservation"/>) and on a gap in the numbering. Also checked by
/// hand against mutated run code: with the settlement not logged, the replay and conservation properties fail; with
/// the log numbered from 0, the sequence and replay properties fail.
/// </remarks>
public sealed class LiquityStressReplayTests
{
    private const int Cases = 25;

    private static readonly UInt256 S_e18 = UInt256.Pow10(18);

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 10).ToArbitrary();

    private static LiquityStressScenario Build(int[] v)
    {
        int troves = 10 + (v[0] % 31);
        int depositors = v[1] % 4;
        decimal low = 900m + (v[2] % 900);
        return new LiquityStressScenario
        {
            Troves = LiquityPopulation.Generate(LiquityParameters.V1, troves, 2m, 40m, 1.5m, 2.5m, 2_000m, seed: (ulong)v[3]),
            Deposits = [.. Enumerable.Range(0, depositors).Select(d => new LiquityDepositSpec($"d{d}", UInt256.FromDecimal(1_000m + (v[4 + d] % 200_000), 18)))],
            InitialPrice = 2_000m,
            Price = new ScriptedPath([
                new PricePoint(TimeSpan.Zero, 2_000m),
                new PricePoint(TimeSpan.FromMinutes(12), low),
                new PricePoint(TimeSpan.FromMinutes(20), low + (v[7] % 600)),
            ]),
            Duration = TimeSpan.FromMinutes(20),
            Step = TimeSpan.FromMinutes(1),
            TrovesPerCall = 1 + (v[8] % 10),
            Seed = (ulong)v[9],
        };
    }

    /// <summary>Every value the system stores, one line each, in a fixed order.</summary>
    internal static List<string> State(LiquitySystem s)
    {
        static string L(string name, object value) => string.Create(CultureInfo.InvariantCulture, $"{name}={value}");
        LiquityLedger ledger = s.Ledger;
        var lines = new List<string>
        {
            L("activeEth", s.ActivePoolEth), L("activeDebt", s.ActivePoolDebt), L("defaultEth", s.DefaultPoolEth), L("defaultDebt", s.DefaultPoolDebt),
            L("gasPool", s.GasPoolLusd), L("surplusPool", s.CollSurplusPoolEth), L("totalStakes", s.TotalStakes), L("stakesSnapshot", s.TotalStakesSnapshot),
            L("collateralSnapshot", s.TotalCollateralSnapshot), L("lEth", s.LEth), L("lLusdDebt", s.LLusdDebt), L("ethError", s.LastEthErrorRedistribution),
            L("debtError", s.LastLusdDebtErrorRedistribution), L("nextTroveIndex", ledger.NextTroveIndex),
        };
        lines.AddRange(ledger.Troves.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => L("trove " + kv.Key, kv.Value)));
        lines.AddRange(ledger.CollSurplus.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => L("surplus " + kv.Key, kv.Value)));
        LiquityStabilityPool pool = s.StabilityPool;
        lines.AddRange([L("P", pool.P), L("scale", pool.CurrentScale), L("epoch", pool.CurrentEpoch), L("poolEthError", pool.LastEthErrorOffset),
            L("poolLossError", pool.LastLusdLossErrorOffset), L("poolLusd", pool.TotalLusdDeposits), L("poolEth", pool.Eth)]);
        lines.AddRange(pool.Deposits.Select(d => L("deposit", d)));
        lines.AddRange(pool.Ledger.Sums.OrderBy(kv => kv.Key).Select(kv => L($"S[{kv.Key.Epoch},{kv.Key.Scale}]", kv.Value)));
        return lines;
    }

    /// <summary>
    /// Collateral and debt accounted for, from the starting system, the live end system and the log. ETH: the system's
    /// collateral before = after + sent to the stability pool + gas compensation + surplus; the pool's ETH and the surplus
    /// pool grew by what was sent there, and the surplus pool is the sum of the borrowers' claims. Debt: the system's debt
    /// before = after + offset; the pool's LUSD shrank by the offset; the default pool's debt grew by what was
    /// redistributed less the pending debt the closed troves took back. The gas pool pays 200 LUSD per closed trove and
    /// holds 200 LUSD per open one. Independent of the log: the active pool is the sum of the stored troves. Each closed
    /// trove's collateral and debt are split to the wei among the pool, redistribution, gas compensation and surplus.
    /// </summary>
    internal static List<string> Unaccounted(LiquitySystem start, LiquitySystem end, IReadOnlyList<LiquityRunEvent> log)
    {
        var found = new List<string>();
        static UInt256 Sum<T>(IEnumerable<T> items, Func<T, UInt256> of) => items.Aggregate(UInt256.Zero, (s, x) => s + of(x));
        LiquityTroveClosed[] closed = [.. log.OfType<LiquityTroveClosed>()];
        StabilityPoolOffset[] offsets = [.. log.OfType<LiquityDebtOffset>().Select(o => o.Offset)];
        LiquityLiquidationSettled[] settled = [.. log.OfType<LiquityLiquidationSettled>()];
        UInt256 toPool = Sum(offsets, o => o.CollAdded), debtOffset = Sum(offsets, o => o.DebtToOffset);
        UInt256 collGas = Sum(settled, s => s.CollGasCompensation), surplus = Sum(settled, s => s.CollSurplus), lusdGas = Sum(settled, s => s.LusdGasCompensation);
        UInt256 redistributed = Sum(log.OfType<LiquityDebtRedistributed>(), r => r.Redistribution.Debt);
        UInt256 pendingDebt = Sum(closed, c => c.Liquidation.EntireDebt - c.RecordedDebt);

        if (start.EntireSystemCollateral != end.EntireSystemCollateral + toPool + collGas + surplus)
        {
            found.Add("system collateral before ≠ after + to pool + gas compensation + surplus");
        }

        if (end.StabilityPool.Eth != start.StabilityPool.Eth + toPool || end.CollSurplusPoolEth != start.CollSurplusPoolEth + surplus)
        {
            found.Add("stability pool or surplus pool ETH ≠ start + what was sent there");
        }

        if (end.CollSurplusPoolEth != Sum(end.Ledger.CollSurplus.Values, x => x))
        {
            found.Add("surplus pool ≠ the borrowers' claims");
        }

        if (start.EntireSystemDebt != end.EntireSystemDebt + debtOffset || start.StabilityPool.TotalLusdDeposits != end.StabilityPool.TotalLusdDeposits + debtOffset)
        {
            found.Add("debt before ≠ after + offset");
        }

        if (end.DefaultPoolDebt + pendingDebt != start.DefaultPoolDebt + redistributed)
        {
            found.Add("default pool debt ≠ start + redistributed − taken back by closed troves");
        }

        UInt256 reserve = 200UL * S_e18;
        if (start.GasPoolLusd != end.GasPoolLusd + lusdGas || lusdGas != (ulong)closed.Length * reserve || end.GasPoolLusd != (ulong)end.TroveCount * reserve)
        {
            found.Add("gas pool ≠ 200 LUSD per open trove, 200 LUSD paid per closed one");
        }

        if (end.ActivePoolEth != Sum(end.Troves, t => t.Collateral) || end.ActivePoolDebt != Sum(end.Troves, t => t.Debt))
        {
            found.Add("active pool ≠ the stored troves");
        }

        foreach (LiquityTroveClosed c in closed)
        {
            TroveLiquidation t = c.Liquidation;
            if (t.EntireCollateral != t.CollGasCompensation + t.CollToSendToStabilityPool + t.CollToRedistribute + t.CollSurplus || t.EntireDebt != t.DebtToOffset + t.DebtToRedistribute)
            {
                found.Add($"trove {t.Owner}'s collateral or debt is not split to the wei");
            }
        }

        if (start.TroveCount != end.TroveCount + closed.Length)
        {
            found.Add("troves before ≠ after + closed");
        }

        return found;
    }

    [CiProperty(MaxTest = Cases)]
    public Property Sequence_numbers_run_from_one_by_one_and_steps_open_with_the_price_move() => Prop.ForAll(s_cases, v =>
    {
        LiquityStressSimulation sim = LiquityStressSimulation.Create(Build(v));
        _ = sim.Run();
        ImmutableArray<LiquityRunEvent> log = sim.Events;

        log.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, log.Length).Select(i => (long)i));
        log.OfType<LiquityPriceMoved>().Select(e => e.Step).Should().Equal(Enumerable.Range(1, (int)sim.TotalSteps).Select(i => (long)i));
        log.Select(e => e.Step).Should().BeInAscendingOrder();
    });

    [CiProperty(MaxTest = Cases)]
    public Property Replaying_the_log_rebuilds_the_live_system_to_the_wei() => Prop.ForAll(s_cases, v =>
    {
        LiquityStressScenario scenario = Build(v);
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        _ = sim.Run();

        LiquityReplayState replayed = LiquityStressReplay.Replay(scenario, sim.Events);

        State(replayed.System).Should().Equal(State(sim.System));
        replayed.Price.Should().Be(sim.Price);
        replayed.StepsRun.Should().Be(sim.StepsRun);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Collateral_and_debt_are_accounted_for_to_the_wei() => Prop.ForAll(s_cases, v =>
    {
        LiquityStressScenario scenario = Build(v);
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        _ = sim.Run();

        Unaccounted(LiquityStressSimulation.InitialSystem(scenario), sim.System, sim.Events).Should().BeEmpty();
    });

    /// <summary>A run with offsets, redistributions and the pool emptied (checked below).</summary>
    private static LiquityStressScenario Eventful => Build([30, 1, 100, 17, 50_000, 0, 0, 300, 4, 0]);

    [Fact]
    public void The_fixed_run_exercises_every_event()
    {
        LiquityStressSimulation sim = LiquityStressSimulation.Create(Eventful);
        int calls = 0, liquidated = 0;
        while (sim.StepsRun < sim.TotalSteps)
        {
            LiquityStressStep step = sim.NextStep();
            calls += step.Calls;
            liquidated += step.Liquidations.Length;
        }

        ImmutableArray<LiquityRunEvent> log = sim.Events;

        // One settlement per liquidateTroves call, one closing per trove liquidated, as the step figures count them.
        log.OfType<LiquityLiquidationSettled>().Should().HaveCount(calls);
        log.OfType<LiquityTroveClosed>().Should().HaveCount(liquidated);
        log.OfType<LiquityDebtOffset>().Should().NotBeEmpty();
        log.OfType<LiquityDebtRedistributed>().Should().NotBeEmpty();
        sim.System.StabilityPool.CurrentEpoch.Should().BePositive("an offset emptied the pool");
    }

    [Fact]
    public void Replaying_a_prefix_rebuilds_the_system_after_every_step()
    {
        LiquityStressScenario scenario = Eventful;
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        while (sim.StepsRun < sim.TotalSteps)
        {
            _ = sim.NextStep();
            State(LiquityStressReplay.Replay(scenario, sim.Events).System).Should().Equal(State(sim.System), $"after step {sim.StepsRun}");
        }
    }

    [Fact]
    public void Dropping_one_event_breaks_replay_and_conservation()
    {
        // Shows the checkers above can fail. Without its first settlement (renumbered), the replay keeps the gas
        // compensation in the active and gas pools, and the conservation check misses it; without the first offset, the
        // pool keeps its LUSD and the conservation check misses the offset debt, while the replay refuses the log at the
        // next offset (its product no longer follows); with the numbering gap left in, the replay refuses the log.
        LiquityStressScenario scenario = Eventful;
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        _ = sim.Run(TestContext.Current.CancellationToken);
        ImmutableArray<LiquityRunEvent> log = sim.Events;
        LiquitySystem start = LiquityStressSimulation.InitialSystem(scenario);
        LiquityRunEvent[] Without(LiquityRunEvent dropped) => [.. log.Where(e => e != dropped).Select((e, i) => e with { Sequence = i + 1 })];

        LiquityRunEvent settled = log.OfType<LiquityLiquidationSettled>().First();
        State(LiquityStressReplay.Replay(scenario, Without(settled)).System).Should().NotEqual(State(sim.System));
        Unaccounted(start, sim.System, Without(settled)).Should().Contain("system collateral before ≠ after + to pool + gas compensation + surplus");

        LiquityRunEvent offset = log.OfType<LiquityDebtOffset>().First();
        log.OfType<LiquityDebtOffset>().Should().HaveCountGreaterThan(1);
        Action offsetDropped = () => LiquityStressReplay.Replay(scenario, Without(offset));
        offsetDropped.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*pool's product, epoch, scale*");
        Unaccounted(start, sim.System, Without(offset)).Should().Contain("debt before ≠ after + offset");

        Action replayGap = () => LiquityStressReplay.Replay(scenario, log.Where(e => e != settled));
        replayGap.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage($"*without gaps (expected {settled.Sequence})*");
    }

    [Fact]
    public void A_log_that_does_not_continue_from_the_state_is_refused()
    {
        LiquityStressScenario scenario = Eventful;
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        _ = sim.Run(TestContext.Current.CancellationToken);
        ImmutableArray<LiquityRunEvent> log = sim.Events;
        LiquityTroveClosed closed = log.OfType<LiquityTroveClosed>().First();
        LiquityRunEvent[] before = [.. log.TakeWhile(e => e != closed)];

        // The same trove closed twice, and a trove closed with another stake than it has.
        Action twice = () => LiquityStressReplay.Replay(scenario, [.. before, closed, closed with { Sequence = closed.Sequence + 1 }]);
        Action stake = () => LiquityStressReplay.Replay(scenario, [.. before, closed with { Stake = closed.Stake + UInt256.One }]);

        twice.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*active trove as it is recorded*");
        stake.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*active trove as it is recorded*");
    }
}
