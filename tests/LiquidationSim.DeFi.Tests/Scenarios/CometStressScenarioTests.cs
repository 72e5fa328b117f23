using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Scenarios;

/// <summary>
/// The <c>comet</c> run of a DeFi scenario file: its validation (every problem with its JSON path), the population it
/// draws, and the invariants of the Compound III stress run it builds (absorb, then buyCollateral).
/// </summary>
public class CometStressScenarioTests
{
    /// <summary>A one-day GBM stress like the Morpho run's test file; the arguments replace parts of the market.</summary>
    internal static string Json(
        string process = """{ "type": "gbm", "drift": -20, "volatility": 10 }""", string target = "50000", string reserves = "100000", string extra = "") => $$"""
        {
          "schemaVersion": 1,
          "name": "Comet test",
          "seed": 17,
          "comet": {
            "market": {
              "baseToken": "USDC", "baseDecimals": 6, "basePrice": 1,
              "collateralToken": "WETH", "collateralDecimals": 18,
              "borrowCollateralFactor": 0.825, "liquidateCollateralFactor": 0.895, "liquidationFactor": 0.95,
              "storeFrontPriceFactor": 0.5, "targetReserves": {{target}}, "reserves": {{reserves}}{{extra}}
            },
            "population": { "count": 150, "collateralMin": 1, "collateralMax": 20, "healthMin": 1.02, "healthMax": 1.6 },
            "initialPrice": 2000,
            "priceProcess": {{process}},
            "duration": "1.00:00:00",
            "step": "01:00:00"
          }
        }
        """;

    /// <summary>A 60 % fall in the first hour: every account is under water, and absorbing them leaves a shortfall.</summary>
    private const string Crash = """{ "type": "scripted", "points": [ { "offset": "00:00:00", "price": 2000 }, { "offset": "01:00:00", "price": 800 } ] }""";

    internal static CometStressScenario Load(string json) => DefiScenarioJson.Parse(json).Comet!.Scenario;

    private static (CometStressSimulation Run, List<CometStressStep> Steps) RunAll(CometStressScenario s)
    {
        CometStressSimulation run = CometStressSimulation.Create(s);
        var steps = new List<CometStressStep>();
        while (run.StepsRun < run.TotalSteps)
        {
            steps.Add(run.NextStep());
        }

        return (run, steps);
    }

    [Fact]
    public void The_file_builds_the_market_and_accounts_it_describes()
    {
        DefiScenario loaded = DefiScenarioJson.Parse(Json());
        loaded.Morpho.Should().BeNull();
        CometStressScenario s = loaded.Comet!.Scenario;
        CometMarket m = s.Market;
        s.Accounts.Should().HaveCount(150);
        (m.BaseToken, m.BaseDecimals, m.Assets.Single().Asset, m.Assets[0].Decimals).Should().Be(("USDC", 6, "WETH", 18));
        m.Assets[0].LiquidateCollateralFactor.Should().Be(CometDecimal.Factor(0.895m));
        m.Assets[0].LiquidationFactor.Should().Be(CometDecimal.Factor(0.95m));
        m.StoreFrontPriceFactor.Should().Be(CometDecimal.Factor(0.5m));
        m.TargetReserves.Should().Be(CometDecimal.Amount(50_000m, 6));
        m.Assets[0].Price.Should().Be(CometDecimal.Price(2000m));
        (s.Duration, s.Step, s.Seed).Should().Be((TimeSpan.FromDays(1), TimeSpan.FromHours(1), 17UL));

        // supply omitted: lenders supplied exactly what the borrowers owe; the protocol holds the file's reserves on top.
        BigInteger debt = 0, collateral = 0;
        foreach (CometAccount a in s.Accounts)
        {
            debt -= a.Principal;
            collateral += a.CollateralBalanceOf("WETH");
        }

        ((BigInteger)m.TotalBorrowBase).Should().Be(debt);
        ((BigInteger)m.TotalSupplyBase).Should().Be(debt);
        ((BigInteger)m.GetCollateralTotals("WETH").TotalSupplyAsset).Should().Be(collateral);
        CometLiquidation.GetReserves(m).Should().Be((BigInteger)CometDecimal.Amount(100_000m, 6));
        CometLiquidation.GetCollateralReserves(m, "WETH").Should().Be(UInt256.Zero);

        // Each drawn health (collateral value × liquidateCF ÷ debt) lies in the file's [1.02, 1.6], up to the rounding
        // down of the debt to a whole micro-USDC, which can only raise it; so no account starts liquidatable.
        foreach (CometAccount a in s.Accounts)
        {
            decimal health = a.CollateralBalanceOf("WETH").ToDecimal(18) * 2000m * 0.895m / ((UInt256)(-a.Principal)).ToDecimal(6);
            health.Should().BeInRange(1.02m, 1.6m * 1.0001m);
            CometLiquidation.IsLiquidatable(m, a).Should().BeFalse();
        }
    }

    [Fact]
    public void Every_problem_of_the_comet_section_is_reported_with_its_JSON_path()
    {
        string json = Json(extra: """, "colour": "red", "supply": -1 """)
            .Replace("\"collateralToken\": \"WETH\"", "\"collateralToken\": \"USDC\"", StringComparison.Ordinal)
            .Replace("\"baseDecimals\": 6", "\"baseDecimals\": 4", StringComparison.Ordinal)
            .Replace("\"borrowCollateralFactor\": 0.825", "\"borrowCollateralFactor\": 0.9", StringComparison.Ordinal)
            .Replace("\"storeFrontPriceFactor\": 0.5", "\"storeFrontPriceFactor\": 1.5", StringComparison.Ordinal)
            .Replace("\"count\": 150", "\"count\": 0", StringComparison.Ordinal)
            .Replace("\"healthMin\": 1.02", "\"healthMin\": 1.7", StringComparison.Ordinal)
            .Replace("\"initialPrice\": 2000", "\"initialPrice\": 0.000000001", StringComparison.Ordinal)
            .Replace("\"step\": \"01:00:00\"", "\"step\": \"07:00:00\"", StringComparison.Ordinal);

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Select(p => p.Path).Should().BeEquivalentTo(
            "$.comet.market.colour",
            "$.comet.market.baseDecimals",
            "$.comet.market.storeFrontPriceFactor",
            "$.comet.market.supply",
            "$.comet.market.collateralToken",
            "$.comet.market.borrowCollateralFactor",
            "$.comet.population.count",
            "$.comet.population.healthMax",
            "$.comet.initialPrice",
            "$.comet.duration");
        e.Problems.Single(p => p.Path == "$.comet.market.borrowCollateralFactor").Message.Should().Contain("BorrowCFTooLarge");
    }

    [Fact]
    public void A_supply_below_the_borrowers_debt_is_refused_at_its_path()
    {
        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(Json(extra: """, "supply": 1000""")))).Should().Throw<ScenarioValidationException>().Which;
        e.Problems.Should().ContainSingle().Which.Path.Should().Be("$.comet.market.supply");
        e.Problems[0].Message.Should().Contain("total debt");
    }

    [Theory]
    [InlineData("gbm")]
    [InlineData("crash")]
    public void Collateral_and_base_are_accounted_for_to_the_unit(string path)
    {
        CometStressScenario s = Load(Json(process: path == "crash" ? Crash : """{ "type": "gbm", "drift": -20, "volatility": 10 }"""));
        (CometStressSimulation run, List<CometStressStep> steps) = RunAll(s);
        CometStressAbsorption[] absorptions = [.. steps.SelectMany(x => x.Absorptions)];
        CometStressSale[] sales = [.. steps.Where(x => x.Sale is not null).Select(x => x.Sale!.Value)];
        absorptions.Should().NotBeEmpty("the path falls far enough to absorb accounts");
        sales.Should().NotBeEmpty("absorbing takes reserves below target, so collateral is for sale");

        BigInteger seized = 0, sold = 0, paidIn = 0, basePaidOut = 0, debtAbsorbed = 0;
        foreach (CometStressAbsorption a in absorptions)
        {
            CometAbsorption x = a.Absorption;

            // CometAbsorption's identity: the collateral's value at the liquidation factor pays the debt, the excess is
            // credited as base, the deficit is the reserves' loss.
            ((BigInteger)x.DeltaBalance + x.Shortfall).Should().Be((BigInteger)x.DebtAbsorbed + x.Surplus);
            run.Accounts[a.Account].Principal.Sign.Should().BeGreaterThanOrEqualTo(0, "absorb erases the debt");
            run.Accounts[a.Account].Collateral.Should().BeEmpty("absorb takes all the collateral");
            seized += x.Seized.Single().Amount;
            basePaidOut += x.BasePaidOut;
            debtAbsorbed += x.DebtAbsorbed;
        }

        foreach (CometStressSale sale in sales)
        {
            sold += sale.CollateralAmount;
            paidIn += sale.BaseAmount;
        }

        // Collateral: the accounts' holdings, plus what was seized, is what they held; the contract's balance falls by
        // exactly what it sold, and what it holds of its own is what it seized and has not sold.
        BigInteger before = s.Accounts.Aggregate(BigInteger.Zero, (t, a) => t + a.CollateralBalanceOf("WETH"));
        BigInteger after = run.Accounts.Aggregate(BigInteger.Zero, (t, a) => t + a.CollateralBalanceOf("WETH"));
        (after + seized).Should().Be(before);
        CometCollateralTotals start = s.Market.GetCollateralTotals("WETH"), end = run.Market.GetCollateralTotals("WETH");
        ((BigInteger)end.TotalSupplyAsset).Should().Be((BigInteger)start.TotalSupplyAsset - seized);
        ((BigInteger)end.Balance).Should().Be((BigInteger)start.Balance - sold);
        ((BigInteger)CometLiquidation.GetCollateralReserves(run.Market, "WETH")).Should().Be(seized - sold);

        // Base: the contract's balance rises by what buyers paid; reserves fall by what absorb paid out (debt erased
        // plus surplus credited) and rise by the sales (indices at 1e15: principals are present values).
        ((BigInteger)run.Market.BaseBalance).Should().Be((BigInteger)s.Market.BaseBalance + paidIn);
        CometLiquidation.GetReserves(run.Market).Should().Be(CometLiquidation.GetReserves(s.Market) - basePaidOut + paidIn);
        ((BigInteger)run.Market.TotalBorrowBase).Should().Be((BigInteger)s.Market.TotalBorrowBase - debtAbsorbed);

        CometStressResult totals = CometStressSimulation.Create(s).Run(TestContext.Current.CancellationToken);
        totals.Absorptions.Should().Be(absorptions.Length);
        totals.DebtAbsorbed.Should().Be(((UInt256)debtAbsorbed).ToDecimal(6));
        totals.CollateralSold.Should().Be(((UInt256)sold).ToDecimal(18));
        totals.FinalReserves.Should().Be(steps[^1].Reserves);
        if (path == "crash")
        {
            totals.Shortfall.Should().BePositive("at 800 the collateral at the liquidation factor covers less than the debt");
        }
    }

    /// <summary>
    /// compound-finance/comet <c>Comet.sol</c>, <c>buyCollateral</c>: <c>if (reserves &gt;= 0 &amp;&amp; uint(reserves) &gt;=
    /// targetReserves) revert NotForSale()</c> (docs.compound.finance, "Liquidation", Buy Collateral: the protocol sells
    /// collateral only while its reserves are below target), at <c>quoteCollateral</c>'s store-front price
    /// <c>price · (1 − storeFrontPriceFactor · (1 − liquidationFactor))</c>.
    /// </summary>
    [Fact]
    public void Collateral_is_sold_only_while_reserves_are_below_target_and_at_the_store_front_price()
    {
        (_, List<CometStressStep> steps) = RunAll(Load(Json()));
        CometStressSale[] sales = [.. steps.Where(x => x.Sale is not null).Select(x => x.Sale!.Value)];
        sales.Should().NotBeEmpty();
        foreach (CometStressSale sale in sales)
        {
            (sale.ReservesBefore < (BigInteger)CometDecimal.Amount(50_000m, 6)).Should().BeTrue($"step {sale.Step} sold with reserves {sale.ReservesBefore}");

            // 1 − 0.5 · (1 − 0.95) = 0.975 of the feed; base has a price of 1 USD.
            decimal price = steps[(int)sale.Step - 1].Price * 0.975m;
            decimal paid = sale.BaseAmount.ToDecimal(6);
            (sale.CollateralAmount.ToDecimal(18) * price).Should().BeApproximately(paid, 0.000001m * price + 0.00001m);
        }

        // Every account isLiquidatable accepts at a step's price is absorbed in that step.
        CometStressSimulation check = CometStressSimulation.Create(Load(Json()));
        while (check.StepsRun < check.TotalSteps)
        {
            check.NextStep();
            check.Accounts.Should().NotContain(a => CometLiquidation.IsLiquidatable(check.Market, a), $"step {check.StepsRun}");
        }

        // Reserves that stay at or above target after the absorptions: Comet keeps the collateral (NotForSale).
        (CometStressSimulation rich, List<CometStressStep> richSteps) = RunAll(Load(Json(target: "0", reserves: "100000000")));
        richSteps.Should().OnlyContain(x => x.Sale == null);
        richSteps.Sum(x => x.Absorbed).Should().BePositive();
        CometLiquidation.GetCollateralReserves(rich.Market, "WETH").ToDecimal(18).Should().Be(richSteps.Sum(x => x.CollateralSeized));
    }

    [Fact]
    public void Monte_Carlo_paths_do_not_depend_on_threads_and_path_0_is_the_single_run()
    {
        CometStressScenario s = Load(Json());
        CometMonteCarloResult one = CometStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        CometMonteCarloResult three = CometStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 6) with { DegreeOfParallelism = 3 }, TestContext.Current.CancellationToken);
        CometMonteCarloResult tail = CometStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(4, 2) with { DegreeOfParallelism = 2 }, TestContext.Current.CancellationToken);

        three.Paths.Should().Equal(one.Paths);
        tail.Paths.Should().Equal(one.Paths[4..]);
        one.Paths.Select(p => p.PathIndex).Should().Equal(0, 1, 2, 3, 4, 5);
        one.Paths[0].Should().Be(CometStressSimulation.Create(s).Run(TestContext.Current.CancellationToken));
        one.Paths.Select(p => p.DebtAbsorbed).Distinct().Should().HaveCountGreaterThan(1, "each path draws its own GBM path");
        one.MinReserves(0m).Should().Be(one.Paths.Min(p => p.MinReserves));
    }

    [Fact]
    public void Bad_scenarios_are_refused_naming_the_parameter()
    {
        CometStressScenario s = Load(Json());
        ((Action)(() => CometStressSimulation.Create(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => CometStressSimulation.Create(s with { Accounts = [] }))).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("scenario.Accounts");
        ((Action)(() => CometStressSimulation.Create(s with { Duration = TimeSpan.FromMinutes(90) }))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("scenario.Duration");
        ((Action)(() => CometStressSimulation.Create(s, -1))).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("pathIndex");
        ((Action)(() => CometStressSimulation.Create(s with { Accounts = [.. s.Accounts, new CometAccount("extra", -1, [])] })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Accounts");
        ((Action)(() => CometStressSimulation.Create(s with { Accounts = [.. s.Accounts, s.Accounts[0]] })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Accounts");
        CometAssetConfig second = s.Market.Assets[0] with { Asset = "WBTC" };
        ((Action)(() => CometStressSimulation.Create(s with { Market = s.Market with { Assets = [s.Market.Assets[0], second] } })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scenario.Market");
    }
}
