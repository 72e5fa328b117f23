using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

public sealed class LiquityStressTests
{
    private static readonly UInt256 S_e18 = UInt256.Pow10(18);

    /// <summary>
    /// 200 troves of 5–50 ETH at ICRs of 1.2–2.5 at 2,000 USD, three depositors with <paramref name="poolLusd"/> LUSD in
    /// all, ETH from 2,000 to <paramref name="endPrice"/> over an hour in one-minute steps.
    /// </summary>
    internal static LiquityStressScenario Scenario(decimal endPrice, decimal poolLusd = 600_000m, IPriceProcess? process = null) => new()
    {
        Troves = LiquityPopulation.Generate(LiquityParameters.V1, 200, 5m, 50m, 1.2m, 2.5m, 2_000m, seed: 5),
        Deposits = poolLusd == 0m ? [] : [
            new LiquityDepositSpec("d1", UInt256.FromDecimal(poolLusd / 2m, 18)),
            new LiquityDepositSpec("d2", UInt256.FromDecimal(poolLusd / 3m, 18, MidpointRounding.ToZero)),
            new LiquityDepositSpec("d3", UInt256.FromDecimal(poolLusd / 6m, 18, MidpointRounding.ToZero)),
        ],
        InitialPrice = 2_000m,
        Price = process ?? new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m), new PricePoint(TimeSpan.FromHours(1), endPrice)]),
        Duration = TimeSpan.FromHours(1),
        Step = TimeSpan.FromMinutes(1),
        TrovesPerCall = 25,
        Seed = 13,
    };

    private static IEnumerable<LiquityStressStep> Steps(LiquityStressSimulation sim)
    {
        while (sim.StepsRun < sim.TotalSteps)
        {
            yield return sim.NextStep();
        }
    }

    [Fact]
    public void The_population_opens_at_its_drawn_ratios_and_a_flat_price_liquidates_nobody()
    {
        LiquityStressScenario scenario = Scenario(2_000m);
        LiquitySystem initial = LiquityStressSimulation.InitialSystem(scenario);
        initial.TroveCount.Should().Be(200);
        foreach (Trove t in initial.Troves)
        {
            initial.GetCurrentIcr(t.Owner, 2_000UL * S_e18).Should().BeGreaterThanOrEqualTo(LiquityParameters.V1.Mcr);
        }

        LiquityStressResult result = LiquityStressSimulation.Create(scenario).Run(TestContext.Current.CancellationToken);
        result.Liquidations.Should().Be(0);
        result.DebtRedistributed.Should().Be(0m);
    }

    [Fact]
    public void After_every_step_of_a_crash_no_trove_is_left_below_MCR_in_normal_mode_and_value_is_conserved()
    {
        LiquityStressScenario scenario = Scenario(1_100m);
        LiquitySystem initial = LiquityStressSimulation.InitialSystem(scenario);
        LiquityStressSimulation sim = LiquityStressSimulation.Create(scenario);
        UInt256 collIn = initial.EntireSystemCollateral, debtIn = initial.EntireSystemDebt;
        UInt256 collGas = UInt256.Zero, offset = UInt256.Zero;
        int liquidated = 0;
        foreach (LiquityStressStep step in Steps(sim))
        {
            LiquitySystem s = sim.System;
            UInt256 price = UInt256.FromDecimal(step.Price, 18);
            if (!s.IsRecoveryMode(price))
            {
                // The keeper stops only when nothing is liquidatable: in Normal Mode every survivor is at or above MCR.
                s.Troves.Should().OnlyContain(t => s.GetCurrentIcr(t.Owner, price) >= LiquityParameters.V1.Mcr, $"step {step.Index}");
            }

            step.Liquidations.Sum(l => l.DebtToOffset.ToDecimal(18)).Should().Be(step.DebtOffset);
            collGas = step.Liquidations.Aggregate(collGas, (a, l) => a + l.CollGasCompensation);
            offset = step.Liquidations.Aggregate(offset, (a, l) => a + l.DebtToOffset);
            liquidated += step.Liquidations.Length;
        }

        liquidated.Should().BeGreaterThan(0);
        LiquitySystem end = sim.System;
        (end.EntireSystemCollateral + end.StabilityPool.Eth + end.CollSurplusPoolEth + collGas).Should().Be(collIn);
        (end.EntireSystemDebt + offset).Should().Be(debtIn);
        end.TroveCount.Should().Be(200 - liquidated);
        end.GasPoolLusd.Should().Be((ulong)end.TroveCount * 200UL * S_e18);
    }

    [Fact]
    public void A_large_pool_absorbs_everything_and_an_empty_pool_redistributes_everything()
    {
        LiquityStressResult covered = LiquityStressSimulation.Create(Scenario(1_300m, poolLusd: 50_000_000m)).Run(TestContext.Current.CancellationToken);
        LiquityStressResult empty = LiquityStressSimulation.Create(Scenario(1_300m, poolLusd: 0m)).Run(TestContext.Current.CancellationToken);

        covered.Liquidations.Should().BeGreaterThan(0);
        covered.DebtRedistributed.Should().Be(0m);
        covered.DebtOffset.Should().BeGreaterThan(0m);
        empty.Liquidations.Should().BeGreaterThan(0);
        empty.DebtOffset.Should().Be(0m);
        empty.DebtRedistributed.Should().BeGreaterThan(0m);
        empty.DepositorProfit.Should().Be(0m);
    }

    [Fact]
    public void A_slow_decline_pays_depositors_since_troves_go_just_under_110_percent()
    {
        // Invariant: an offset at ICR r gives the pool 0.995 · coll for the debt, worth 0.995 · r ≥ 1 of it when
        // r ≥ 1.005 (Normal Mode and Recovery Mode's 100–110 % rule), and a capped offset gives 1.1 · 0.995 > 1. A
        // one-minute path from 2,000 to 1,500 moves the price by under 0.3 % a step, so every trove is caught above 1.09;
        // the run enters Recovery Mode on the way (the TCR falls from about 1.8 to about 1.4), so all three rules appear,
        // but never the ≤ 100 % one.
        LiquityStressSimulation sim = LiquityStressSimulation.Create(Scenario(1_500m));
        LiquityStressStep[] steps = [.. Steps(sim)];
        steps.SelectMany(s => s.Liquidations).Should().NotBeEmpty()
            .And.OnlyContain(l => l.Icr >= UInt256.Parse("1005000000000000000") && l.Mode != TroveLiquidationMode.RecoveryRedistribute);
        steps.Should().Contain(s => s.RecoveryModeBefore);
        LiquityStressResult totals = LiquityStressSimulation.Create(Scenario(1_500m)).Run(TestContext.Current.CancellationToken);
        totals.DepositorProfit.Should().BeGreaterThan(0m);
        totals.StepsInRecoveryMode.Should().Be(steps.Count(s => s.RecoveryModeBefore));
        totals.GasCompensation.Should().BeGreaterThan(200m * totals.Liquidations);
    }

    [Fact]
    public void Monte_Carlo_results_do_not_depend_on_threads_and_shards_merge()
    {
        // 300 % volatility over six hours reaches the lower ICRs on some paths and not others.
        LiquityStressScenario scenario = Scenario(2_000m, process: new GeometricBrownianMotion(0m, 3m)) with { Duration = TimeSpan.FromHours(6) };

        LiquityMonteCarloResult one = LiquityStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LiquityMonteCarloResult two = LiquityStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);
        LiquityMonteCarloResult first = LiquityStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 2) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LiquityMonteCarloResult second = LiquityStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(2, 2) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        two.Paths.Should().Equal(one.Paths);
        first.Paths.AddRange(second.Paths).Should().Equal(one.Paths);
        one.Paths.Select(p => p.PathIndex).Should().Equal(0L, 1L, 2L, 3L);
        one.Paths.Should().Contain(p => p.Liquidations > 0);
        one.Paths.Select(p => p.DebtOffset).Distinct().Should().HaveCountGreaterThan(1, "the paths differ");

        decimal[] offsets = [.. one.Paths.Select(p => p.DebtOffset).Order()];
        one.DebtOffset(0.5m).Should().Be(offsets[1]);
        one.DebtOffset(1m).Should().Be(offsets[3]);
        one.DebtOffset(0m).Should().Be(offsets[0]);
        Action percent = () => one.DepositorProfit(99m);
        percent.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("p").WithMessage("*from 0 to 1*got 99*");
    }

    [Fact]
    public void Bad_scenarios_are_refused()
    {
        Action oneTrove = () => LiquityStressSimulation.Create(Scenario(2_000m) with { Troves = [Scenario(2_000m).Troves[0]] });
        Action step = () => LiquityStressSimulation.Create(Scenario(2_000m) with { Step = TimeSpan.FromMinutes(7) });
        Action perCall = () => LiquityStressSimulation.Create(Scenario(2_000m) with { TrovesPerCall = 0 });
        Action price = () => LiquityStressSimulation.Create(Scenario(2_000m) with { InitialPrice = 0m });
        Action twice = () => LiquityStressSimulation.Create(Scenario(2_000m) with { Deposits = [new LiquityDepositSpec("d", S_e18), new LiquityDepositSpec("d", S_e18)] });
        Action underwater = () => LiquityStressSimulation.Create(Scenario(2_000m) with { InitialPrice = 1_000m });
        Action population = () => LiquityPopulation.Generate(LiquityParameters.V1, 1, 1m, 2m, 1.2m, 2m, 2_000m, 1);

        oneTrove.Should().Throw<ArgumentException>().WithParameterName("scenario.Troves");
        step.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scenario.Duration");
        perCall.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scenario.TrovesPerCall");
        price.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scenario.InitialPrice");
        twice.Should().Throw<ArgumentException>().WithParameterName("scenario.Deposits");
        underwater.Should().Throw<ArgumentException>("at 1,000 the drawn troves open under MCR, which BorrowerOperations refuses");
        population.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }
}
