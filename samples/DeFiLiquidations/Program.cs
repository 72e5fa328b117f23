// DeFi liquidations in the protocols' own integer arithmetic:
//   1. an Aave v3.3 liquidation call on an underwater WETH/USDC account, and the most profitable repayment for a
//      liquidator who sells the seized WETH into a shallow pool and pays gas;
//   2. a Compound v3 (Comet) absorb of an underwater WETH borrower, and the protocol selling the seized WETH;
//   3. MakerDAO Liquidation 2.0 on ETH-B parameters: vaults barked as ETH falls, Clipper auctions bought by a keeper;
//   4. a lending stress run: 2,000 borrowers, WETH falling 35 % over a day, liquidators selling into a pool that
//      feeds the oracle — with a Monte Carlo of the same market under GBM.
//
//   dotnet run --project samples/DeFiLiquidations -c Release
using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Simulation;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// ---- 1. One Aave v3.3 liquidation ------------------------------------------------------------------------------
var market = new AaveMarket(AaveRules.For(AaveVersion.V3_3), 8,
[
    new AaveReserve("WETH", 18, AaveDecimal.Price(2_000m, 8), ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, liquidationProtocolFee: 1000),
    new AaveReserve("USDC", 6, AaveDecimal.Price(1m, 8), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 1000),
]);
AaveUserAccount user = AaveDecimal.Account(market, 0,
    new AaveTokenPosition("WETH", 10m, 0m, CollateralEnabled: true),
    new AaveTokenPosition("USDC", 0m, 17_000m, CollateralEnabled: false));

AaveAccountData data = AaveAccountData.Calculate(market, user);
Console.WriteLine("Aave v3.3: 10 WETH at 2,000 USD (LT 82.5 %) against 17,000 USDC of debt");
Console.WriteLine($"  health factor {AaveDecimal.HealthFactor(data.HealthFactor):0.######} -> liquidatable: {data.IsLiquidatable}");

AaveLiquidationResult call = AaveLiquidation.Call(market, user, "WETH", "USDC", UInt256.MaxValue);
AaveLiquidationInTokens t = call.InTokens(market);
Console.WriteLine($"  liquidationCall(max): repays {t.DebtRepaid:N2} USDC (close factor {call.CloseFactor / 100m} %), seizes {t.CollateralSeized:0.######} WETH");
Console.WriteLine($"    liquidator {t.LiquidatorCollateral:0.######} WETH, protocol fee {t.ProtocolFee:0.######} WETH, health factor after {t.HealthFactorAfter:0.######}");

var pool = new ConstantProductPool(UInt256.FromDecimal(60m, 18), UInt256.FromDecimal(120_000m, 6), 30);
LiquidationOpportunity best = ProfitableLiquidation.Best(market, user, "WETH", "USDC", pool.AmountOut, UInt256.FromDecimal(15m, 6));
Console.WriteLine("  a liquidator selling into a 60 WETH / 120,000 USDC pool (0.30 %) with 15 USDC of gas:");
Console.WriteLine($"    best repayment {best.DebtToCover.ToDecimal(6):N2} USDC, proceeds {best.Proceeds.ToDecimal(6):N2} USDC, profit {(decimal)best.Profit / 1_000_000m:N2} USDC");

// ---- 2. A Comet absorb ------------------------------------------------------------------------------------------
CometAssetConfig weth = CometDecimal.Asset("WETH", 18, 2_000m, 0.825m, 0.895m, 0.95m, 100_000m);
CometMarket comet = CometDecimal.Market("USDC", 6, 1m, 0.5m, 5_000_000m, [weth]) with
{
    TotalSupplyBase = UInt256.FromDecimal(10_000_000m, 6),
    TotalBorrowBase = UInt256.FromDecimal(5_000_000m, 6),
    BaseBalance = UInt256.FromDecimal(5_000_000m, 6),
    CollateralTotals = [new CometCollateralTotals("WETH", UInt256.FromDecimal(100m, 18), UInt256.FromDecimal(100m, 18))],
};
CometAccount alice = CometDecimal.Account(comet, "alice", -1_800m, ("WETH", 1m));
Console.WriteLine();
Console.WriteLine("Comet (cUSDCv3-like): alice owes 1,800 USDC against 1 WETH at 2,000 (liquidate CF 89.5 %, liquidation factor 95 %)");
Console.WriteLine($"  liquidatable: {CometLiquidation.IsLiquidatable(comet, alice)}; reserves before {CometDecimal.Reserves(comet):N2} USDC");
CometAbsorbResult absorbed = CometLiquidation.Absorb(comet, [alice]);
CometAbsorption a = absorbed.Absorptions.Single();
Console.WriteLine($"  absorb: debt absorbed {CometDecimal.Tokens(a.DebtAbsorbed, 6):N2} USDC, surplus credited {CometDecimal.Tokens(a.Surplus, 6):N2} USDC, shortfall {CometDecimal.Tokens(a.Shortfall, 6):N2}");
Console.WriteLine($"  alice's balance now {CometDecimal.BaseBalance(absorbed.Market, absorbed.Accounts.Single()):N2} USDC; reserves {CometDecimal.Reserves(absorbed.Market):N2} USDC");
Console.WriteLine($"  the protocol sells the seized WETH at the store-front discount: 1,000 USDC buys {CometDecimal.QuoteCollateral(absorbed.Market, "WETH", 1_000m):0.######} WETH");

// ---- 3. MakerDAO Liquidation 2.0 auctions ---------------------------------------------------------------------
UInt256 wad = MakerMath.Wad, ray = MakerMath.Ray, rad = MakerMath.Rad;
ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, 50).Select(k => new MakerVault($"urn{k}", 10UL * wad, (9_000UL + (100UL * (ulong)k)) * wad))];
ImmutableArray<UInt256> feeds = [.. Enumerable.Range(0, 240).Select(i => (ulong)(i < 120 ? 2_000 - (6 * i) : 1_280 + (3 * (i - 120))) * ray)];
var keeperRun = MakerKeeperRun.Run(new MakerKeeperScenario
{
    Dog = new Dog(100_000_000UL * rad).WithIlk("ETH-B", UInt256.Parse("1130000000000000000"), 15_000_000UL * rad),
    Clipper = new Clipper(MakerAuctionProfile.EthB.ToClipperConfig(UInt256.Zero) with { Ilk = "ETH-B" }),
    Vat = new VatIlk(ray, UInt256.Zero, UInt256.Zero),
    Mat = ray * 13UL / 10UL,
    Vaults = vaults,
    FeedPrices = feeds,
    StartTime = 0,
    TickSeconds = 60,
    KeeperThreshold = ray * 95UL / 100UL,
});
decimal Rad(UInt256 v) => v.ToDecimal(45, MidpointRounding.ToZero);
decimal Wad(UInt256 v) => v.ToDecimal(18, MidpointRounding.ToZero);
Console.WriteLine();
Console.WriteLine("MakerDAO Liquidation 2.0, ETH-B parameters (April 2021 poll): 50 vaults of 10 ETH, 9,000-13,900 DAI debt,");
Console.WriteLine("  liquidation ratio 130 %, chop 13 %, ETH 2,000 -> 1,280 over 2 h then back; one keeper buying at 95 % of the feed");
Console.WriteLine($"  auctions kicked {keeperRun.Events.Count(e => e.Event is Kicked)}, takes {keeperRun.Events.Count(e => e.Event is Taken)}, resets {keeperRun.Events.Count(e => e.Event is Redone)}");
Console.WriteLine($"  tab {Rad(keeperRun.TabTotal):N0} DAI, raised {Rad(keeperRun.DaiRaised):N0} DAI (recovery {(keeperRun.TabTotal.IsZero ? 0m : Rad(keeperRun.DaiRaised) / Rad(keeperRun.TabTotal)):P1}), written off {Rad(keeperRun.TabWrittenOff):N0} DAI");
Console.WriteLine($"  collateral sold {Wad(keeperRun.CollateralSold):N2} ETH, returned to vaults {Wad(keeperRun.CollateralReturned):N2} ETH, keeper incentives {Rad(keeperRun.KeeperIncentives):N2} DAI");

// ---- 4. A lending stress run -------------------------------------------------------------------------------------
var scenario = new LendingStressScenario
{
    Market = market,
    CollateralAsset = "WETH",
    DebtAsset = "USDC",
    Accounts = LendingPopulation.Generate(market, "WETH", "USDC", 2_000, 0.5m, 50m, 1.05m, 2.5m, seed: 2026),
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
Console.WriteLine("Lending stress run: 2,000 borrowers, WETH 2,000 -> 1,300 over 24 h, oracle 30 % coupled to the pool");
LendingStressSimulation run = LendingStressSimulation.Create(scenario);
Console.WriteLine("  step  external    pool  oracle  liquidations  repaid (USDC)  profit (USDC)  bad debt  at risk");
while (run.StepsRun < run.TotalSteps)
{
    LendingStressStep s = run.NextStep();
    if (s.Index % 18 == 0 || s.Liquidations > 40)
    {
        Console.WriteLine($"  {s.Index,4}  {s.ExternalPrice,8:N1}  {s.PoolPrice,6:N1}  {s.OraclePrice,6:N1}  {s.Liquidations,12}  {s.DebtRepaid,13:N0}  {s.LiquidatorProfit,13:N0}  {s.BadDebt,8:N0}  {s.AtRisk,7}");
    }
}

LendingMonteCarloResult mc = LendingStressSimulation.RunMonteCarlo(
    scenario with { CollateralPrice = new GeometricBrownianMotion(0m, 1.5m) }, 0, 8, Environment.ProcessorCount);
Console.WriteLine();
Console.WriteLine("Monte Carlo, 8 paths of GBM at 150 % volatility (same market): median / 95th percentile");
Console.WriteLine($"  debt repaid by liquidators  {mc.DebtRepaid(50m):N0} / {mc.DebtRepaid(95m):N0} USDC");
Console.WriteLine($"  liquidator profit           {mc.LiquidatorProfit(50m):N0} / {mc.LiquidatorProfit(95m):N0} USDC");
Console.WriteLine($"  bad debt                    {mc.BadDebt(50m):N0} / {mc.BadDebt(95m):N0} USDC");
