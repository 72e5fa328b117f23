using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.Simulation;

public class LendingStressTests
{
    private static AaveMarket Market => EthUsdc(AaveVersion.V3_3);

    /// <summary>
    /// 300 borrowers with 1–20 WETH at health factors 1.05–2.0, WETH from 2,000 down to <paramref name="endPrice"/>
    /// over an hour in one-minute steps, a 2,000 WETH pool, oracle coupled to the pool by <paramref name="coupling"/>.
    /// </summary>
    internal static LendingStressScenario Scenario(decimal endPrice, decimal coupling = 0m, IPriceProcess? process = null) => new()
    {
        Market = Market,
        CollateralAsset = "WETH",
        DebtAsset = "USDC",
        Accounts = LendingPopulation.Generate(Market, "WETH", "USDC", 300, 1m, 20m, 1.05m, 2.0m, seed: 7),
        CollateralPrice = process ?? new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m), new PricePoint(TimeSpan.FromHours(1), endPrice)]),
        Duration = TimeSpan.FromHours(1),
        Step = TimeSpan.FromMinutes(1),
        Pool = new ConstantProductPool(UInt256.FromDecimal(2_000m, 18), UInt256.FromDecimal(4_000_000m, 6), 30),
        OracleCoupling = coupling,
        Arbitrage = 0.2m,
        GasCost = UInt256.FromDecimal(2m, 6),
        Seed = 11,
    };

    [Fact]
    public void Generated_borrowers_start_at_their_drawn_health_factor_range()
    {
        foreach (AaveUserAccount a in Scenario(2_000m).Accounts)
        {
            decimal hf = AaveDecimal.HealthFactor(AaveAccountData.Calculate(Market, a).HealthFactor)!.Value;
            hf.Should().BeInRange(1.049m, 2.01m);
        }
    }

    [Fact]
    public void A_flat_price_liquidates_nobody()
    {
        // Every borrower starts at a health factor of at least 1.05, and nothing moves.
        LendingStressResult result = LendingStressSimulation.Create(Scenario(2_000m)).Run(TestContext.Current.CancellationToken);

        result.Liquidations.Should().Be(0);
        result.BadDebt.Should().Be(0m);
    }

    [Fact]
    public void A_crash_liquidates_only_accounts_below_one_and_never_raises_a_debt()
    {
        LendingStressSimulation sim = LendingStressSimulation.Create(Scenario(1_300m, coupling: 0.5m));
        AaveUserAccount[] before = [.. sim.Accounts];

        List<LendingStressStep> steps = [];
        while (sim.StepsRun < sim.TotalSteps)
        {
            steps.Add(sim.NextStep());
        }

        steps.Sum(s => s.Liquidations).Should().BeGreaterThan(0);
        steps.Should().OnlyContain(s => s.LiquidatorProfit >= 0m && s.DebtRepaid >= 0m);

        // The events explain the step totals, and only accounts below a health factor of 1 were liquidated.
        foreach (LendingStressStep s in steps)
        {
            s.Events.Should().HaveCount(s.Liquidations);
            s.Events.Sum(e => e.DebtRepaid).Should().Be(s.DebtRepaid);
            s.Events.Sum(e => e.Profit).Should().Be(s.LiquidatorProfit);
            s.Events.All(e => e.HealthFactorBefore < 1m && e.Profit > 0m && e.ProtocolFee <= e.CollateralSeized && e.Step == s.Index).Should().BeTrue();
        }

        for (int i = 0; i < before.Length; i++)
        {
            UInt256 debtBefore = Market.DebtBalance(before[i].Positions.Single(p => p.Symbol == "USDC"));
            UInt256 debtAfter = Market.DebtBalance(sim.Accounts[i].Positions.Single(p => p.Symbol == "USDC"));
            debtAfter.Should().BeLessThanOrEqualTo(debtBefore);
        }
    }

    [Fact]
    public void Selling_seized_collateral_leaves_the_pool_lower_than_the_same_path_without_liquidations()
    {
        // Invariant: arbitrage moves the pool by a fixed share towards the external price, which preserves the order of
        // two pool prices, and every sale lowers the price; so at every step the pool that took the liquidators' sales
        // is at or below the pool of the same path where gas makes every liquidation unprofitable.
        LendingStressStep[] sold = [.. Run(LendingStressSimulation.Create(Scenario(1_300m)))];
        LendingStressStep[] untouched = [.. Run(LendingStressSimulation.Create(Scenario(1_300m) with { GasCost = UInt256.FromDecimal(1_000_000_000m, 6) }))];

        untouched.Sum(s => s.Liquidations).Should().Be(0);
        sold.Sum(s => s.Liquidations).Should().BeGreaterThan(0);
        sold.Zip(untouched).Should().OnlyContain(pair => pair.First.PoolPrice <= pair.Second.PoolPrice);
        sold[^1].PoolPrice.Should().BeLessThan(untouched[^1].PoolPrice);
    }

    [Fact]
    public void At_risk_counts_the_accounts_still_liquidatable_after_the_step()
    {
        // Recounted from the run's own accounts and market with the health factor of every account, step by step.
        LendingStressSimulation sim = LendingStressSimulation.Create(Scenario(1_300m, coupling: 0.3m));
        int liquidated = 0, stepsWithAccountsLeftAtRisk = 0;
        while (sim.StepsRun < sim.TotalSteps)
        {
            LendingStressStep step = sim.NextStep();
            int recount = sim.Accounts.Count(a => AaveAccountData.Calculate(sim.Market, a).IsLiquidatable);
            step.AtRisk.Should().Be(recount, $"step {step.Index}");
            liquidated += step.Liquidations;
            stepsWithAccountsLeftAtRisk += step.AtRisk > 0 ? 1 : 0;
        }

        liquidated.Should().BePositive();
        stepsWithAccountsLeftAtRisk.Should().BePositive("some liquidations do not pay, or leave the account below 1");
    }

    [Fact]
    public void Monte_Carlo_results_do_not_depend_on_threads_and_shards_merge()
    {
        // 300 % volatility over six hours (a daily σ near 15 %) reaches the 1.05–2.0 health factors on some paths and
        // not others, so the comparisons below are between paths that liquidated different amounts.
        LendingStressScenario scenario = Scenario(2_000m, coupling: 0.5m, new GeometricBrownianMotion(0m, 3m)) with { Duration = TimeSpan.FromHours(6) };

        LendingMonteCarloResult one = LendingStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult two = LendingStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult first = LendingStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(0, 2) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult second = LendingStressSimulation.RunMonteCarlo(scenario, MonteCarloOptions.Paths(2, 2) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        two.Paths.Should().Equal(one.Paths);
        first.Paths.AddRange(second.Paths).Should().Equal(one.Paths);
        one.Paths.Select(p => p.PathIndex).Should().Equal(0L, 1L, 2L, 3L);
        one.Paths.Should().Contain(p => p.Liquidations > 0);
        one.Paths.Select(p => p.DebtRepaid).Distinct().Should().HaveCountGreaterThan(1, "the paths differ");

        // Nearest rank over the four paths' repaid debt: p = 0.5 is rank 2, p = 1 rank 4, p = 0 the smallest.
        decimal[] repaid = [.. one.Paths.Select(p => p.DebtRepaid).Order()];
        one.DebtRepaid(0.5m).Should().Be(repaid[1]);
        one.DebtRepaid(1m).Should().Be(repaid[3]);
        one.DebtRepaid(0m).Should().Be(repaid[0]);
        Action percent = () => one.BadDebt(99m);
        percent.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("p").WithMessage("*from 0 to 1*got 99*");
    }

    [Fact]
    public void Bad_scenarios_are_refused()
    {
        Action noAccounts = () => LendingStressSimulation.Create(Scenario(2_000m) with { Accounts = ImmutableArray<AaveUserAccount>.Empty });
        Action coupling = () => LendingStressSimulation.Create(Scenario(2_000m) with { OracleCoupling = 1.5m });
        Action step = () => LendingStressSimulation.Create(Scenario(2_000m) with { Step = TimeSpan.FromMinutes(7) });
        Action asset = () => LendingStressSimulation.Create(Scenario(2_000m) with { CollateralAsset = "WBTC" });

        noAccounts.Should().Throw<ArgumentException>().WithParameterName("scenario.Accounts");
        coupling.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scenario.OracleCoupling");
        step.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scenario.Duration");
        asset.Should().Throw<ArgumentException>();
    }

    private static IEnumerable<LendingStressStep> Run(LendingStressSimulation sim)
    {
        while (sim.StepsRun < sim.TotalSteps)
        {
            yield return sim.NextStep();
        }
    }
}
