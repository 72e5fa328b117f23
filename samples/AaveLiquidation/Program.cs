// Aave v3 liquidations in the protocol's own integer arithmetic (wad/ray math, 8-decimal base currency):
//   1. one WETH/USDC borrower at several ETH prices: health factor, the close factor (50 %, or 100 % once the
//      health factor is at or below 0.95) and what liquidationCall(max) repays and seizes;
//   2. the liquidationCall at 2,000 in detail, and the most profitable repayment for a liquidator who sells the
//      seized WETH into a shallow constant-product pool and pays gas;
//   3. a lending stress run: 2,000 borrowers, WETH falling 35 % over a day, liquidators selling into a pool that
//      the oracle partly follows, and a small Monte Carlo of the same market under GBM.
// Rules: aave-dao/aave-v3-origin (v3.3), as summarised in the project's reference notes (defi.md §1). The reserve
// parameters are this sample's own round numbers, close to mainnet WETH and USDC.
//
//   dotnet run --project samples/AaveLiquidation -c Release
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

static AaveMarket Market(decimal ethPrice) => new(AaveRules.For(AaveVersion.V3_3), 8,
[
    new AaveReserve("WETH", 18, AaveDecimal.Price(ethPrice, 8), ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, liquidationProtocolFee: 1000),
    new AaveReserve("USDC", 6, AaveDecimal.Price(1m, 8), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 1000),
]);

// ---- 1. The same borrower at several prices --------------------------------------------------------------------
AaveMarket market = Market(2_000m);
AaveUserAccount user = AaveDecimal.Account(market, 0,
    new AaveTokenPosition("WETH", 10m, 0m, CollateralEnabled: true),
    new AaveTokenPosition("USDC", 0m, 17_000m, CollateralEnabled: false));

Console.WriteLine("Aave v3.3: 10 WETH supplied (liquidation threshold 82.5 %, bonus 5 %, protocol fee 10 % of the bonus),");
Console.WriteLine("17,000 USDC borrowed. liquidationCall(WETH, USDC, max) at several ETH prices:");
Console.WriteLine();
Console.WriteLine($"  {"ETH (USD)",9}  {"health",8}  {"close",5}  {"repaid (USDC)",13}  {"WETH seized",11}  {"to liquidator",13}  {"fee (WETH)",10}  {"health after",12}  status");
foreach (decimal price in new[] { 2_200m, 2_061m, 2_060m, 2_000m, 1_950m, 1_900m, 1_700m })
{
    AaveMarket m = Market(price);
    AaveLiquidationResult r = AaveLiquidation.Call(m, user, "WETH", "USDC", UInt256.MaxValue);
    AaveLiquidationInTokens x = r.InTokens(m);
    string close = r.IsExecuted ? $"{r.CloseFactor / 100m:0} %" : "-";
    Console.WriteLine($"  {price,9:N0}  {Hf(x.HealthFactorBefore),8}  {close,5}  {x.DebtRepaid,13:N2}  {x.CollateralSeized,11:N6}  {x.LiquidatorCollateral,13:N6}  " +
        $"{x.ProtocolFee,10:N6}  {Hf(x.HealthFactorAfter),12}  {r.Status}");
}

Console.WriteLine();
Console.WriteLine("  (health = 10 x price x 82.5 % / 17,000; liquidatable below 1; the whole debt may be repaid at or below 0.95)");

// ---- 2. One call in detail and the best repayment for a liquidator --------------------------------------------
AaveAccountData data = AaveAccountData.Calculate(market, user);
AaveLiquidationResult call = AaveLiquidation.Call(market, user, "WETH", "USDC", UInt256.MaxValue);
AaveLiquidationInTokens t = call.InTokens(market);
Console.WriteLine();
Console.WriteLine("At 2,000 USD per ETH:");
Row("health factor", $"{AaveDecimal.HealthFactor(data.HealthFactor):0.######} (liquidatable: {data.IsLiquidatable})");
Row("liquidationCall", $"repays {t.DebtRepaid:N2} USDC (close factor {call.CloseFactor / 100m} %), seizes {t.CollateralSeized:0.######} WETH = 8,500 x 1.05 / 2,000");
Row("split", $"liquidator {t.LiquidatorCollateral:0.######} WETH, treasury {t.ProtocolFee:0.######} WETH (10 % of the 0.2125 WETH bonus)");
Row("liquidator's gain", $"{(t.LiquidatorCollateral * 2_000m) - t.DebtRepaid:N2} USDC at the oracle price, before gas and slippage");

var pool = new ConstantProductPool(UInt256.FromDecimal(60m, 18), UInt256.FromDecimal(120_000m, 6), 30);
LiquidationOpportunity best = ProfitableLiquidation.Best(market, user, "WETH", "USDC", pool.AmountOut, UInt256.FromDecimal(15m, 6));
Console.WriteLine();
Console.WriteLine("A liquidator who must sell the WETH into a 60 WETH / 120,000 USDC pool (0.30 % fee) and pays 15 USDC of gas:");
Row("best repayment", $"{best.DebtToCover.ToDecimal(6),10:N2} USDC (not the maximum: the pool's slippage eats the bonus on larger sales)");
Row("sale proceeds", $"{best.Proceeds.ToDecimal(6),10:N2} USDC");
Row("profit", $"{(decimal)best.Profit / 1_000_000m,10:N2} USDC");

// ---- 3. A lending stress run --------------------------------------------------------------------------------------
var scenario = new LendingStressScenario
{
    Market = market,
    CollateralAsset = "WETH",
    DebtAsset = "USDC",
    Accounts = LendingPopulation.Generate(market, "WETH", "USDC", 1_000, 0.5m, 50m, 1.05m, 2.5m, seed: 2026),
    CollateralPrice = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m), new PricePoint(TimeSpan.FromHours(24), 1_300m)]),
    Duration = TimeSpan.FromHours(24),
    Step = TimeSpan.FromMinutes(10),
    Pool = new ConstantProductPool(UInt256.FromDecimal(5_000m, 18), UInt256.FromDecimal(10_000_000m, 6), 30),
    OracleCoupling = 0.3m,
    Arbitrage = 0.3m,
    GasCost = UInt256.FromDecimal(10m, 6),
    Seed = 2026,
};

Console.WriteLine();
Console.WriteLine("Lending stress: 1,000 borrowers (0.5-50 WETH, health 1.05-2.5), WETH 2,000 -> 1,300 over 24 h in 10-minute steps;");
Console.WriteLine("liquidators sell into a 5,000 WETH pool, the oracle follows the pool 30 %, arbitrage closes 30 % of the gap a step");
Console.WriteLine();
LendingStressSimulation run = LendingStressSimulation.Create(scenario);
Console.WriteLine($"  {"step",4}  {"hour",4}  {"external",8}  {"pool",7}  {"oracle",7}  {"liquidations",12}  {"repaid (USDC)",13}  {"profit (USDC)",13}  {"bad debt",8}  {"at risk",7}");
while (run.StepsRun < run.TotalSteps)
{
    LendingStressStep s = run.NextStep();
    if (s.Index % 12 == 0)
    {
        Console.WriteLine($"  {s.Index,4}  {s.Index / 6m,4:0.#}  {s.ExternalPrice,8:N1}  {s.PoolPrice,7:N1}  {s.OraclePrice,7:N1}  {s.Liquidations,12}  {s.DebtRepaid,13:N0}  {s.LiquidatorProfit,13:N0}  {s.BadDebt,8:N0}  {s.AtRisk,7}");
    }
}

Console.WriteLine("  (every 12th step, i.e. every 2 h; liquidations, repaid and profit are for that step only; bad debt is cumulative; at risk = accounts with health below 1 after the step)");

const int Paths = 6;
LendingMonteCarloResult mc = LendingStressSimulation.RunMonteCarlo(
    scenario with { CollateralPrice = new GeometricBrownianMotion(0m, 1.5m) }, MonteCarloOptions.Paths(0, Paths));
Console.WriteLine();
Console.WriteLine($"Monte Carlo: {Paths} GBM paths at 150 % volatility, same market and borrowers: median / 95th percentile");
Row("debt repaid", $"{mc.DebtRepaid(0.5m),12:N0} / {mc.DebtRepaid(0.95m),12:N0} USDC");
Row("liquidator profit", $"{mc.LiquidatorProfit(0.5m),12:N0} / {mc.LiquidatorProfit(0.95m),12:N0} USDC");
Row("bad debt", $"{mc.BadDebt(0.5m),12:N0} / {mc.BadDebt(0.95m),12:N0} USDC");

static void Row(string label, string value) => Console.WriteLine($"  {label,-18} {value}");

static string Hf(decimal? hf) => hf is decimal h ? h.ToString("0.0000", CultureInfo.InvariantCulture) : "no debt";
