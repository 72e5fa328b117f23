using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Scenarios;

/// <summary>
/// The <c>morpho</c> run of a DeFi scenario file: its validation (every problem with its JSON path), the population it
/// draws, and the invariants of the Morpho Blue stress run it builds.
/// </summary>
public class MorphoStressScenarioTests
{
    /// <summary>A one-day GBM stress like the lending run's test file; <paramref name="process"/> replaces the price process.</summary>
    internal static string Json(string process = """{ "type": "gbm", "drift": -20, "volatility": 10 }""", string lltv = "0.86", string extra = "") => $$"""
        {
          "schemaVersion": 1,
          "name": "Morpho test",
          "seed": 17,
          "morpho": {
            "market": { "loanToken": "USDC", "loanDecimals": 6, "collateralToken": "WETH", "collateralDecimals": 18, "lltv": {{lltv}}{{extra}} },
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

    /// <summary>A 60 % fall in the first hour, with the oracle on the external price: the lowest positions go under water.</summary>
    private const string Crash = """{ "type": "scripted", "points": [ { "offset": "00:00:00", "price": 2000 }, { "offset": "01:00:00", "price": 800 } ] }""";

    internal static MorphoStressScenario Load(string json) => DefiScenarioJson.Parse(json).Morpho!.Scenario;

    [Fact]
    public void The_file_builds_the_market_and_positions_it_describes()
    {
        DefiScenario loaded = DefiScenarioJson.Parse(Json());
        loaded.Lending.Should().BeNull();
        MorphoStressScenario s = loaded.Morpho!.Scenario;
        s.Positions.Should().HaveCount(150);
        s.Market.Parameters.Lltv.Should().Be(UInt256.FromDecimal(0.86m, 18));
        (s.Market.Parameters.LoanToken, s.Market.Parameters.CollateralToken, s.LoanDecimals, s.CollateralDecimals).Should().Be(("USDC", "WETH", 6, 18));
        (s.Duration, s.Step, s.OracleCoupling, s.Arbitrage, s.Seed).Should().Be((TimeSpan.FromDays(1), TimeSpan.FromHours(1), 0.5m, 0.2m, 17UL));
        s.GasCost.Should().Be(UInt256.FromDecimal(5m, 6));

        // supply omitted: the market lends exactly what the borrowers owe, and the totals are the positions' sums.
        BigInteger debt = 0, shares = 0;
        foreach (MorphoPosition p in s.Positions)
        {
            debt += MorphoLiquidation.BorrowedAssets(s.Market, p);
            shares += p.BorrowShares;
        }

        ((BigInteger)s.Market.TotalBorrowAssets).Should().Be(debt);
        ((BigInteger)s.Market.TotalSupplyAssets).Should().Be(debt);
        ((BigInteger)s.Market.TotalBorrowShares).Should().Be(shares);

        // Each drawn health (collateral · price · LLTV ÷ debt, Morpho's health factor) lies in the file's [1.02, 1.6],
        // up to the rounding down of the debt to a whole micro-USDC, which can only raise it.
        foreach (MorphoPosition p in s.Positions)
        {
            decimal collateral = p.Collateral.ToDecimal(18);
            decimal owed = MorphoLiquidation.BorrowedAssets(s.Market, p).ToDecimal(6);
            decimal health = collateral * 2000m * 0.86m / owed;
            health.Should().BeInRange(1.02m, 1.6m * 1.0001m);
        }
    }

    [Fact]
    public void Every_problem_of_the_morpho_section_is_reported_with_its_JSON_path()
    {
        string json = Json(extra: """, "supply": -1, "colour": "red" """)
            .Replace("\"collateralToken\": \"WETH\"", "\"collateralToken\": \"USDC\"", StringComparison.Ordinal)
            .Replace("\"lltv\": 0.86", "\"lltv\": 1", StringComparison.Ordinal)
            .Replace("\"count\": 150", "\"count\": 0", StringComparison.Ordinal)
            .Replace("\"healthMin\": 1.02", "\"healthMin\": 1.7", StringComparison.Ordinal)
            .Replace("\"step\": \"01:00:00\"", "\"step\": \"07:00:00\"", StringComparison.Ordinal)
            .Replace("\"arbitrage\": 0.2", "\"arbitrage\": 2", StringComparison.Ordinal);

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Select(p => p.Path).Should().BeEquivalentTo(
            "$.morpho.market.colour",
            "$.morpho.market.lltv",
            "$.morpho.market.supply",
            "$.morpho.market.collateralToken",
            "$.morpho.population.count",
            "$.morpho.population.healthMax",
            "$.morpho.duration",
            "$.morpho.arbitrage");
        e.Problems.Single(p => p.Path == "$.morpho.market.lltv").Message.Should().Contain("below 1");
    }

    [Fact]
    public void A_supply_below_the_borrowers_debt_is_refused_at_its_path()
    {
        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(Json(extra: """, "supply": 1000""")))).Should().Throw<ScenarioValidationException>().Which;
        e.Problems.Should().ContainSingle().Which.Path.Should().Be("$.morpho.market.supply");
        e.Problems[0].Message.Should().Contain("total debt");
    }

    [Theory]
    [InlineData("0.86")]
    [InlineData("0.77")]
    [InlineData("0.945")]
    public void Each_liquidation_pays_the_published_incentive_factor_and_nothing_is_lost(string lltvText)
    {
        decimal lltv = decimal.Parse(lltvText, System.Globalization.CultureInfo.InvariantCulture);
        MorphoStressScenario s = Load(Json(lltv: lltvText));
        MorphoStressSimulation run = MorphoStressSimulation.Create(s);
        var steps = new List<LendingStressStep>();
        while (run.StepsRun < run.TotalSteps)
        {
            steps.Add(run.NextStep());
        }

        LendingLiquidationEvent[] events = [.. steps.SelectMany(x => x.Events)];
        events.Should().NotBeEmpty("the GBM path falls far enough to liquidate");

        // docs.morpho.org, "Liquidation" (Morpho concepts): LIF = min(M, 1 / (β·LLTV + (1 − β))), β = 0.3, M = 1.15; the
        // page's example: LLTV 80 % gives about 1.06. The liquidator receives collateral worth the repaid debt times the LIF
        // at the oracle price, up to the contract's rounding (a few units of the last digit).
        decimal lif = Math.Min(1.15m, 1m / ((0.3m * lltv) + 0.7m));
        foreach (LendingLiquidationEvent e in events)
        {
            decimal oracle = steps[(int)e.Step - 1].OraclePrice;
            (e.CollateralSeized * oracle).Should().BeApproximately(e.DebtRepaid * lif, (e.DebtRepaid * lif * 0.000001m) + 0.00001m, $"step {e.Step}, position {e.Account}");
            e.HealthFactorBefore.Should().BeLessThan(1m);
            e.ProtocolFee.Should().Be(0m, "Morpho takes no fee at liquidation");
            (e.Proceeds - e.DebtRepaid - 5m).Should().Be(e.Profit, "profit is the pool's proceeds less the repaid debt and gas");
            e.Profit.Should().BePositive("a liquidator only calls when it pays");
        }

        AssertConserved(s, run, events);
    }

    [Fact]
    public void Under_water_positions_have_all_their_collateral_seized_and_the_rest_written_off_as_bad_debt()
    {
        MorphoStressScenario s = Load(Json(process: Crash)) with { OracleCoupling = 0m };
        MorphoStressSimulation run = MorphoStressSimulation.Create(s);
        LendingStressResult result = run.Run(TestContext.Current.CancellationToken);
        var steps = new List<LendingStressStep>();
        MorphoStressSimulation again = MorphoStressSimulation.Create(s);
        while (again.StepsRun < again.TotalSteps)
        {
            steps.Add(again.NextStep());
        }

        LendingLiquidationEvent[] events = [.. steps.SelectMany(x => x.Events)];

        // At 800 (from 2000), a position of health h has collateral worth h·0.4/0.86 of its debt: below it for every h
        // under 2.15, so all 150 are under water and the seizures that pay leave bad debt.
        result.BadDebt.Should().BePositive();
        result.BadDebt.Should().Be(events.Sum(e => e.Deficit));
        foreach (LendingLiquidationEvent e in events.Where(e => e.Deficit > 0m))
        {
            MorphoPosition after = run.Positions[e.Account];
            after.Collateral.Should().Be(UInt256.Zero, "Morpho writes debt off only once the collateral is gone");
            after.BorrowShares.Should().Be(UInt256.Zero);
        }

        AssertConserved(s, run, events);
    }

    [Fact]
    public void Monte_Carlo_paths_do_not_depend_on_threads_and_path_0_is_the_single_run()
    {
        MorphoStressScenario s = Load(Json());
        LendingMonteCarloResult one = MorphoStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult three = MorphoStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 3 }, TestContext.Current.CancellationToken);
        LendingMonteCarloResult tail = MorphoStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(4, 2) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        three.Paths.Should().Equal(one.Paths);
        tail.Paths.Should().Equal(one.Paths[4..]);
        one.Paths.Select(p => p.PathIndex).Should().Equal(0, 1, 2, 3, 4, 5);
        one.Paths[0].Should().Be(MorphoStressSimulation.Create(s).Run(TestContext.Current.CancellationToken));
        one.Paths.Select(p => p.DebtRepaid).Distinct().Should().HaveCountGreaterThan(1, "each path draws its own GBM path");
    }

    [Fact]
    public void Bad_scenarios_are_refused_naming_the_parameter()
    {
        MorphoStressScenario s = Load(Json());
        ((Action)(() => MorphoStressSimulation.Create(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => MorphoStressSimulation.Create(s with { OracleCoupling = 1.5m }))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("scenario.OracleCoupling");
        ((Action)(() => MorphoStressSimulation.Create(s with { Positions = [] }))).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("scenario.Positions");
        ((Action)(() => MorphoStressSimulation.Create(s with { Duration = TimeSpan.FromMinutes(90) }))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("scenario.Duration");
        ((Action)(() => MorphoStressSimulation.Create(s, -1))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("pathIndex");
        ((Action)(() => MorphoStressSimulation.Create(s with { Positions = [.. s.Positions, new MorphoPosition(UInt256.Zero, UInt256.One, UInt256.One)] })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Positions");
    }

    /// <summary>
    /// Collateral: what the positions hold at the end plus every seizure is what they held at the start. Debt: the
    /// market's borrow total falls by exactly the repaid and written-off assets (no interest accrues in the run).
    /// </summary>
    private static void AssertConserved(MorphoStressScenario s, MorphoStressSimulation run, LendingLiquidationEvent[] events)
    {
        BigInteger start = 0, end = 0;
        foreach (MorphoPosition p in s.Positions)
        {
            start += p.Collateral;
        }

        foreach (MorphoPosition p in run.Positions)
        {
            end += p.Collateral;
        }

        (end.ToDecimalTokens(18) + events.Sum(e => e.CollateralSeized)).Should().Be(start.ToDecimalTokens(18));
        decimal borrowBefore = s.Market.TotalBorrowAssets.ToDecimal(6);
        decimal borrowAfter = run.Market.TotalBorrowAssets.ToDecimal(6);
        (borrowBefore - events.Sum(e => e.DebtRepaid) - events.Sum(e => e.Deficit)).Should().Be(borrowAfter);
        (s.Market.TotalSupplyAssets.ToDecimal(6) - events.Sum(e => e.Deficit)).Should().Be(run.Market.TotalSupplyAssets.ToDecimal(6), "bad debt is taken from the lenders");
    }
}

/// <summary>Test helper: a non-negative integer of token units as whole tokens.</summary>
internal static class BigIntegerTokens
{
    public static decimal ToDecimalTokens(this BigInteger units, int decimals) => ((UInt256)units).ToDecimal(decimals);
}
