// Compound's two liquidation designs, in the protocols' own integer arithmetic:
//   1. Compound v2: a cETH-collateralised USDC borrower slides into shortfall as ETH falls, and a liquidator calls
//      liquidateBorrow: repays up to the close factor, seizes cETH at the liquidation incentive, the protocol keeps
//      2.8 % of the seized cTokens;
//   2. Compound v3 (Comet): absorb takes all of an underwater account's collateral onto the protocol's books, paying
//      its debt from reserves (a surplus is credited to the account, a shortfall is the reserves' loss), then
//      buyCollateral sells the seized WETH at the store-front discount while reserves are below target.
// Rules: compound-finance/compound-protocol (commit a3214f6) and compound-finance/comet (commit d5a30b0), as summarised
// in the project's reference notes (defi.md §2 and §3). The market parameters are this sample's own round numbers.
//
//   dotnet run --project samples/CompoundAbsorb -c Release
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// ---- 1. Compound v2 liquidateBorrow ----------------------------------------------------------------------------
CompoundV2Market cEth = CompoundV2Decimal.Market("cETH", 18, 8, 0.02m, 0.75m, 2_000m, 1_000_000m, 0m, 0m);
CompoundV2Market cUsdc = CompoundV2Decimal.Market("cUSDC", 6, 8, 0.02m, 0.8m, 1m, 100_000_000m, 1_000_000m, 0m);
CompoundV2Comptroller Comptroller(decimal ethPrice) => new(
    CompoundV2Decimal.Mantissa(0.5m),
    CompoundV2Decimal.Mantissa(1.08m),
    CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa,
    [cEth with { UnderlyingPriceMantissa = CompoundV2Decimal.PriceMantissa(ethPrice, 18) }, cUsdc]);

// 500 cETH at 0.02 ETH per cETH = 10 ETH supplied; 14,000 USDC borrowed.
var borrower = new CompoundV2Account("borrower", [CompoundV2Decimal.Position(cEth, 500m, 0m), CompoundV2Decimal.Position(cUsdc, 0m, 14_000m)]);

Console.WriteLine("1. Compound v2: 10 ETH supplied as 500 cETH (collateral factor 75 %), 14,000 USDC borrowed");
Console.WriteLine("   close factor 50 %, liquidation incentive 1.08, protocol seize share 2.8 %");
Console.WriteLine();
Console.WriteLine($"   {"ETH (USD)",10}  {"liquidity",10}  {"shortfall",10}  liquidatable");
foreach (decimal price in new[] { 2_000m, 1_900m, 1_867m, 1_866m, 1_800m })
{
    (decimal liquidity, decimal shortfall) = CompoundV2Decimal.Liquidity(Comptroller(price), borrower);
    Console.WriteLine($"   {price,10:N2}  {liquidity,10:N2}  {shortfall,10:N2}  {(shortfall > 0m ? "yes" : "no")}");
}

CompoundV2Comptroller at1800 = Comptroller(1_800m);
Console.WriteLine();
CompoundV2LiquidationResult tooMuch = CompoundV2Decimal.LiquidateBorrow(at1800, borrower, "cUSDC", "cETH", 7_000.000001m);
Console.WriteLine($"   at 1,800: repaying 7,000.000001 USDC is refused: {tooMuch.Error} (max close {CompoundV2Decimal.Tokens(tooMuch.MaxClose, 6):N2} USDC)");

CompoundV2LiquidationResult v2 = CompoundV2Decimal.LiquidateBorrow(at1800, borrower, "cUSDC", "cETH", 7_000m);
CompoundV2SeizeSplit seize = v2.Seize;
Console.WriteLine($"   liquidateBorrow(7,000 USDC): {(v2.Succeeded ? "succeeded" : v2.Error.ToString())}");
Row("repaid", $"{CompoundV2Decimal.Tokens(v2.ActualRepayAmount, 6),14:N2} USDC");
Row("cETH seized", $"{CompoundV2Decimal.Tokens(seize.SeizeTokens, 8),14:N8} cETH  = {CompoundV2Decimal.Tokens(seize.SeizeTokens, 8) * 0.02m:N6} ETH (7,000 x 1.08 / 1,800)");
Row("to the liquidator", $"{CompoundV2Decimal.Tokens(seize.LiquidatorSeizeTokens, 8),14:N8} cETH");
Row("to reserves", $"{CompoundV2Decimal.Tokens(seize.ProtocolSeizeTokens, 8),14:N8} cETH  = {CompoundV2Decimal.Tokens(seize.ProtocolSeizeAmount, 18):N6} ETH added to cETH reserves");
decimal liquidatorEth = CompoundV2Decimal.Tokens(seize.LiquidatorSeizeTokens, 8) * 0.02m;
Row("liquidator's gain", $"{(liquidatorEth * 1_800m) - 7_000m,14:N2} USD  ({liquidatorEth * 1_800m / 7_000m - 1m:P2} on the repayment: 1.08 x (1 - 2.8 %) - 1)");
(decimal liqAfter, decimal shortAfter) = CompoundV2Decimal.Liquidity(v2.Comptroller, v2.Borrower);
Row("borrower after", $"{CompoundV2Decimal.Tokens(v2.Borrower.GetPosition("cETH").CTokenBalance, 8):N8} cETH, owes " +
    $"{CompoundV2Decimal.Tokens(CompoundV2Liquidation.BorrowBalanceStored(v2.Comptroller.GetMarket("cUSDC"), v2.Borrower.GetPosition("cUSDC")), 6):N2} USDC; " +
    $"liquidity {liqAfter:N2}, shortfall {shortAfter:N2}");

// ---- 2. Comet absorb and buyCollateral ---------------------------------------------------------------------------
CometAssetConfig weth = CometDecimal.Asset("WETH", 18, 2_000m, 0.825m, 0.895m, 0.95m, 100_000m);
CometMarket comet = CometDecimal.Market("USDC", 6, 1m, 0.5m, 5_000_000m, [weth]) with
{
    TotalSupplyBase = UInt256.FromDecimal(10_000_000m, 6),
    TotalBorrowBase = UInt256.FromDecimal(5_000_000m, 6),
    BaseBalance = UInt256.FromDecimal(5_000_000m, 6),
    CollateralTotals = [new CometCollateralTotals("WETH", UInt256.FromDecimal(100m, 18), UInt256.FromDecimal(100m, 18))],
};
CometAccount alice = CometDecimal.Account(comet, "alice", -1_800m, ("WETH", 1m));
CometAccount bob = CometDecimal.Account(comet, "bob", -1_950m, ("WETH", 1m));
CometAccount carol = CometDecimal.Account(comet, "carol", -1_500m, ("WETH", 1m));

Console.WriteLine();
Console.WriteLine("2. Comet (a cUSDCv3-like market): WETH at 2,000, liquidate collateral factor 89.5 %, liquidation factor 95 %,");
Console.WriteLine("   store-front price factor 50 %, target reserves 5,000,000 USDC");
Console.WriteLine();
Console.WriteLine($"   {"account",-8} {"debt (USDC)",12}  {"WETH",5}  liquidatable (debt > 1 WETH x 2,000 x 89.5 % = 1,790)");
foreach (CometAccount a in new[] { alice, bob, carol })
{
    Console.WriteLine($"   {a.Id,-8} {-CometDecimal.BaseBalance(comet, a),12:N2}  {1m,5:N0}  {(CometLiquidation.IsLiquidatable(comet, a) ? "yes" : "no")}");
}

CometAbsorbResult absorbed = CometLiquidation.Absorb(comet, [alice, bob]);
Console.WriteLine();
Console.WriteLine($"   absorb(alice, bob): {(absorbed.Error == CometError.None ? "succeeded" : absorbed.Error.ToString())}; each loses all its WETH, valued at 95 % (1,900 USDC) against its debt");
Console.WriteLine($"   {"account",-8} {"debt absorbed",14} {"surplus",10} {"shortfall",10} {"balance after",14}");
for (int i = 0; i < absorbed.Absorptions.Length; i++)
{
    CometAbsorption x = absorbed.Absorptions[i];
    Console.WriteLine($"   {x.AccountId,-8} {CometDecimal.Tokens(x.DebtAbsorbed, 6),14:N2} {CometDecimal.Tokens(x.Surplus, 6),10:N2} " +
        $"{CometDecimal.Tokens(x.Shortfall, 6),10:N2} {CometDecimal.BaseBalance(absorbed.Market, absorbed.Accounts[i]),14:N2}");
}

Console.WriteLine($"   reserves {CometDecimal.Tokens(absorbed.ReservesBefore, 6):N2} -> {CometDecimal.Tokens(absorbed.ReservesAfter, 6):N2} USDC; " +
    $"WETH held by the protocol {CometDecimal.Tokens(CometLiquidation.GetCollateralReserves(absorbed.Market, "WETH"), 18):N2}");

Console.WriteLine();
decimal discount = 0.5m * (1m - 0.95m);
Console.WriteLine($"   buyCollateral: reserves are below target, so the seized WETH is for sale at 2,000 x (1 - 50 % x 5 %) = {2_000m * (1m - discount):N2} USDC");
CometBuyCollateralResult buy = CometLiquidation.BuyCollateral(absorbed.Market, "WETH", UInt256.Zero, CometDecimal.Amount(1_950m, 6));
Row("pays", $"{CometDecimal.Tokens(buy.BaseAmount, 6),10:N2} USDC ({(buy.Error == CometError.None ? "succeeded" : buy.Error.ToString())})");
Row("receives", $"{CometDecimal.Tokens(buy.CollateralAmount, 18),10:N6} WETH");
Row("reserves after", $"{CometDecimal.Reserves(buy.Market),10:N2} USDC; WETH left for sale {CometDecimal.Tokens(CometLiquidation.GetCollateralReserves(buy.Market, "WETH"), 18):N6}");
CometBuyCollateralResult tooBig = CometLiquidation.BuyCollateral(buy.Market, "WETH", UInt256.Zero, CometDecimal.Amount(5_000m, 6));
Row("buying 5,000 more", $"{tooBig.Error} (quote {CometDecimal.Tokens(tooBig.CollateralAmount, 18):N6} WETH)");

static void Row(string label, string value) => Console.WriteLine($"   {label,-18} {value}");
