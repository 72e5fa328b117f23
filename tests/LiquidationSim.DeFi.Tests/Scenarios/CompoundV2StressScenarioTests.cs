using System.Numerics;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Scenarios;

/// <summary>
/// The <c>compoundV2</c> run of a DeFi scenario file: its validation (every problem with its JSON path), the population
/// it draws, and the invariants of the Compound v2 stress run it builds (liquidateBorrow with close factor and incentive).
/// </summary>
public class CompoundV2StressScenarioTests
{
    internal static string Json(string process = """{ "type": "gbm", "drift": -20, "volatility": 10 }""", string extra = "") => $$"""
        {
          "schemaVersion": 1,
          "name": "Compound v2 test",
          "seed": 17,
          "compoundV2": {
            "comptroller": { "closeFactor": 0.5, "liquidationIncentive": 1.08 },
            "collateralMarket": { "name": "cETH", "underlyingDecimals": 18, "collateralFactor": 0.825 },
            "borrowMarket": { "name": "cUSDC", "underlyingDecimals": 6{{extra}} },
            "population": { "count": 150, "collateralMin": 1, "collateralMax": 20, "healthMin": 1.02, "healthMax": 1.6 },
            "initialPrice": 2000,
            "priceProcess": {{process}},
            "duration": "1.00:00:00",
            "step": "01:00:00",
            "pool": { "base": 2000, "quote": 4000000, "feeBps": 30 },
            "oracleCoupling": 0.5,
            "arbitrage": 0.2,
            "gasCost": 5
          }
        }
        """;

    internal static CompoundV2StressScenario Load(string json) => DefiScenarioJson.Parse(json).CompoundV2!.Scenario;

    private static BigInteger CTokens(IEnumerable<CompoundV2Account> accounts) => accounts.Aggregate(BigInteger.Zero, (t, a) => t + a.GetPosition("cETH").CTokenBalance);

    private static BigInteger Borrows(CompoundV2Comptroller c, IEnumerable<CompoundV2Account> accounts) =>
        accounts.Aggregate(BigInteger.Zero, (t, a) => t + CompoundV2Liquidation.BorrowBalanceStored(c.GetMarket("cUSDC"), a.GetPosition("cUSDC")));

    [Fact]
    public void The_file_builds_the_markets_and_accounts_it_describes()
    {
        CompoundV2StressScenario s = Load(Json());
        s.Accounts.Should().HaveCount(150);
        (s.CollateralMarket, s.BorrowMarket, s.OracleCoupling, s.Arbitrage).Should().Be(("cETH", "cUSDC", 0.5m, 0.2m));
        s.Comptroller.CloseFactorMantissa.Should().Be(CompoundV2Decimal.Mantissa(0.5m));
        s.Comptroller.LiquidationIncentiveMantissa.Should().Be(CompoundV2Decimal.Mantissa(1.08m));
        s.Comptroller.ProtocolSeizeShareMantissa.Should().Be(CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa);
        CompoundV2Market eth = s.Comptroller.GetMarket("cETH"), usdc = s.Comptroller.GetMarket("cUSDC");
        ((BigInteger)eth.TotalSupply).Should().Be(CTokens(s.Accounts));
        ((BigInteger)usdc.TotalBorrows).Should().Be(Borrows(s.Comptroller, s.Accounts));
        eth.UnderlyingPriceMantissa.Should().Be(CompoundV2Decimal.PriceMantissa(2000m, 18));
        foreach (CompoundV2Account a in s.Accounts)
        {
            CompoundV2Liquidation.GetAccountLiquidity(s.Comptroller, a).HasShortfall.Should().BeFalse("every drawn health is above 1");
        }
    }

    [Fact]
    public void Every_problem_of_the_compoundV2_section_is_reported_with_its_JSON_path()
    {
        string json = Json(extra: """, "supply": -1, "colour": "red" """)
            .Replace("\"closeFactor\": 0.5", "\"closeFactor\": 0", StringComparison.Ordinal)
            .Replace("\"collateralFactor\": 0.825", "\"collateralFactor\": 0.95", StringComparison.Ordinal)
            .Replace("\"name\": \"cUSDC\"", "\"name\": \"cETH\"", StringComparison.Ordinal)
            .Replace("\"count\": 150", "\"count\": 0", StringComparison.Ordinal)
            .Replace("\"step\": \"01:00:00\"", "\"step\": \"07:00:00\"", StringComparison.Ordinal)
            .Replace("\"arbitrage\": 0.2", "\"arbitrage\": 2", StringComparison.Ordinal);

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Select(p => p.Path).Should().BeEquivalentTo(
            "$.compoundV2.comptroller.closeFactor",
            "$.compoundV2.collateralMarket.collateralFactor",
            "$.compoundV2.borrowMarket.colour",
            "$.compoundV2.borrowMarket.supply",
            "$.compoundV2.borrowMarket.name",
            "$.compoundV2.population.count",
            "$.compoundV2.duration",
            "$.compoundV2.arbitrage");
        e.Problems.Single(p => p.Path == "$.compoundV2.collateralMarket.collateralFactor").Message.Should().Contain("0.9");
    }

    /// <summary>
    /// compound-protocol (commit a3214f6) <c>Comptroller.liquidateBorrowAllowed</c>: a liquidator repays at most
    /// <c>closeFactor × borrowBalance</c>; <c>liquidateCalculateSeizeTokens</c>: it seizes collateral worth the repay times
    /// <c>liquidationIncentive</c> at the oracle price; <c>CToken.seizeInternal</c>: <c>protocolSeizeShare</c> (2.8 %) of it
    /// goes to the reserves.
    /// </summary>
    [Fact]
    public void Each_liquidation_repays_at_most_the_close_factor_and_seizes_the_incentive_and_nothing_is_lost()
    {
        CompoundV2StressScenario s = Load(Json());
        CompoundV2StressSimulation run = CompoundV2StressSimulation.Create(s);
        var steps = new List<LendingStressStep>();
        var borrowBefore = new Dictionary<(long, int), decimal>();
        while (run.StepsRun < run.TotalSteps)
        {
            decimal[] owed = [.. run.Accounts.Select(a => CompoundV2Liquidation.BorrowBalanceStored(run.Comptroller.GetMarket("cUSDC"), a.GetPosition("cUSDC")).ToDecimal(6))];
            LendingStressStep step = run.NextStep();
            steps.Add(step);
            foreach (LendingLiquidationEvent e in step.Events)
            {
                borrowBefore[(e.Step, e.Account)] = owed[e.Account];
            }
        }

        LendingLiquidationEvent[] events = [.. steps.SelectMany(x => x.Events)];
        events.Should().NotBeEmpty("the GBM path falls far enough to liquidate");
        foreach (LendingLiquidationEvent e in events)
        {
            decimal oracle = steps[(int)e.Step - 1].OraclePrice;
            e.DebtRepaid.Should().BeLessThanOrEqualTo(borrowBefore[(e.Step, e.Account)] * 0.5m, "close factor 0.5");
            (e.CollateralSeized * oracle).Should().BeApproximately(e.DebtRepaid * 1.08m, (e.DebtRepaid * 0.000001m) + 0.0001m, $"step {e.Step}, account {e.Account}");
            e.ProtocolFee.Should().BeApproximately(e.CollateralSeized * 0.028m, (e.CollateralSeized * 0.000001m) + 0.000001m);
            (e.Proceeds - e.DebtRepaid - 5m).Should().Be(e.Profit);
            e.Profit.Should().BePositive();
            e.HealthFactorBefore.Should().BeLessThan(1m);
            e.Deficit.Should().Be(0m, "Compound v2 writes no debt off");
        }

        // cTokens: what left the borrowers left the supply (the protocol's share and the liquidators' redeemed share).
        CompoundV2Market ethBefore = s.Comptroller.GetMarket("cETH"), ethAfter = run.Comptroller.GetMarket("cETH");
        (CTokens(s.Accounts) - CTokens(run.Accounts)).Should().Be((BigInteger)ethBefore.TotalSupply - ethAfter.TotalSupply);
        CTokens(s.Accounts).Should().BeGreaterThan(CTokens(run.Accounts));

        // Borrowed underlying: the borrowers' balances, the market's totalBorrows and its cash all move by the repays.
        BigInteger repaid = (BigInteger)(events.Sum(e => e.DebtRepaid) * 1_000_000m);
        CompoundV2Market usdcBefore = s.Comptroller.GetMarket("cUSDC"), usdcAfter = run.Comptroller.GetMarket("cUSDC");
        ((BigInteger)usdcBefore.TotalBorrows - usdcAfter.TotalBorrows).Should().Be(repaid);
        (Borrows(s.Comptroller, s.Accounts) - Borrows(run.Comptroller, run.Accounts)).Should().Be(repaid);
        ((BigInteger)usdcAfter.Cash - usdcBefore.Cash).Should().Be(repaid);

        // Collateral underlying: the reserves gained the protocol's share; the cash lost what the liquidators redeemed.
        ((BigInteger)ethAfter.TotalReserves - ethBefore.TotalReserves).Should().Be((BigInteger)(events.Sum(e => e.ProtocolFee) * 1_000_000_000_000_000_000m));
        ((BigInteger)ethBefore.Cash - ethAfter.Cash).Should().Be((BigInteger)(events.Sum(e => e.CollateralSeized - e.ProtocolFee) * 1_000_000_000_000_000_000m));
    }

    [Fact]
    public void Monte_Carlo_paths_do_not_depend_on_threads_and_path_0_is_the_single_run()
    {
        CompoundV2StressScenario s = Load(Json());
        LendingMonteCarloResult one = CompoundV2StressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult three = CompoundV2StressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 3 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult tail = CompoundV2StressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(4, 2) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);
        three.Paths.Should().Equal(one.Paths);
        tail.Paths.Should().Equal(one.Paths[4..]);
        one.Paths[0].Should().Be(CompoundV2StressSimulation.Create(s).Run(TestContext.Current.CancellationToken));
        one.Paths.Select(p => p.DebtRepaid).Distinct().Should().HaveCountGreaterThan(1);
    }

    [Fact]
    public void Bad_scenarios_are_refused_naming_the_parameter()
    {
        CompoundV2StressScenario s = Load(Json());
        ((Action)(() => CompoundV2StressSimulation.Create(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => CompoundV2StressSimulation.Create(s with { Accounts = [] }))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Accounts");
        ((Action)(() => CompoundV2StressSimulation.Create(s with { BorrowMarket = "cETH" }))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.CollateralMarket");
        ((Action)(() => CompoundV2StressSimulation.Create(s with { Arbitrage = 1.5m }))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("scenario.Arbitrage");
        ((Action)(() => CompoundV2StressSimulation.Create(s with { Duration = TimeSpan.FromMinutes(90) }))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("scenario.Duration");
        ((Action)(() => CompoundV2StressSimulation.Create(s, -1))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("pathIndex");
        ((Action)(() => CompoundV2StressSimulation.Create(s with { Accounts = [.. s.Accounts, s.Accounts[0]] }))).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Accounts");
    }
}
