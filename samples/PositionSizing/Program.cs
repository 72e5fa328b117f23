// Before opening: how much leverage may a stake use, how big a position does it buy, and what margin puts the
// liquidation price where I want it? While holding: what must I add to move it, and how far away is it now?
// Binance USDⓈ-M BTCUSDT brackets; every number is exact decimal arithmetic, the same on every machine.
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

Instrument btcUsdt = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);
const decimal Price = 50_000m;

Console.WriteLine($"LiquidationSim position sizing on {btcUsdt.RiskTiers.Name} brackets, BTC at {Money(Price)} USDT");
Console.WriteLine();

// The bracket depends on notional = stake × leverage, so the highest leverage is a search over the brackets: 1,000 USDT
// cannot use 50x–125x (50,000 USDT is already the second bracket), yet 100x lands in the second bracket, which allows it.
Console.WriteLine("Highest leverage a stake may use (whole-number leverage, as Binance sets it):");
Console.WriteLine();
Console.WriteLine("  Stake (USDT)   Leverage   Notional (USDT)   Bracket");
foreach (decimal stake in new[] { 100m, 1_000m, 10_000m, 50_000m, 1_000_000m })
{
    LeverageLimit limit = PositionSizing.MaxLeverageForMargin(btcUsdt.RiskTiers, stake, leverageStep: 1m)!.Value;
    Console.WriteLine($"  {Money(stake),12}   {Plain(limit.Leverage),7}x   {Money(limit.Notional),15}   {limit.TierIndex + 1} ({Plain(limit.Tier.MaxLeverage)}x up to {Money(limit.Tier.NotionalCap)})");
}

Console.WriteLine();
Console.WriteLine($"Largest position a stake buys at a leverage, at {Money(Price)} (whole 0.001 BTC lots):");
Console.WriteLine();
Console.WriteLine("  Stake (USDT)   Leverage   Size (BTC)   Notional (USDT)   Margin used");
foreach ((decimal stake, decimal leverage) in new[] { (1_000m, 20m), (1_000m, 125m), (10_000m, 100m), (10_000m, 50m) })
{
    PositionLimit p = PositionSizing.MaxPositionForMargin(btcUsdt, stake, leverage, Price);
    Console.WriteLine($"  {Money(stake),12}   {Plain(leverage),7}x   {Plain(p.Size),10}   {Money(p.Notional),15}   {Money(p.InitialMargin),11}");
}

Console.WriteLine();
Console.WriteLine($"Isolated margin that puts a 0.2 BTC long's liquidation price at a chosen price (entry {Money(Price)}):");
Console.WriteLine();
Console.WriteLine("  Liquidation at   Margin (USDT)   Leverage it implies   Solver's liquidation price");
foreach (decimal target in new[] { 47_500m, 45_000m, 40_000m, 25_000m })
{
    decimal margin = PositionSizing.IsolatedMarginForLiquidationPrice(btcUsdt, PositionSide.Long, 0.2m, Price, target, MarginModel.Binance);
    LiquidationEstimate check = LiquidationPriceSolver.Isolated(btcUsdt, PositionSide.Long, 0.2m, Price, margin, MarginModel.Binance);
    Console.WriteLine($"  {Money(target),14}   {Money(margin),13}   {Ratio(0.2m * Price / margin),18}x   {Money(check.LiquidationPrice!.Value),26}");
}

// A 10x isolated long of 0.2 BTC (1,000 USDT margin) and the same long held cross with a 1,000 USDT wallet.
Position isolated = Position.Open(btcUsdt, PositionSide.Long, 0.2m, Price, MarginMode.Isolated, leverage: 10m);
Account isolatedAccount = Account.Create("USDT", walletBalance: 3_000m).WithPosition(isolated);
Position cross = Position.Open(btcUsdt, PositionSide.Long, 0.2m, Price, MarginMode.Cross, leverage: 10m);
Account crossAccount = Account.Create("USDT", walletBalance: 1_000m).WithPosition(cross);
var marks = new Dictionary<string, decimal> { ["BTCUSDT"] = 48_000m };

Console.WriteLine();
Console.WriteLine("Held positions, mark 48,000: what moves the liquidation price to 42,000, and how far it is now:");
Console.WriteLine();
foreach ((string name, Account account) in new[] { ("isolated", isolatedAccount), ("cross", crossAccount) })
{
    Position position = account.Positions[0];
    LiquidationDistanceAtMark before = PositionSizing.DistanceToLiquidation(account, position, marks, MarginModel.Binance)!.Value;
    RequiredMargin needed = PositionSizing.MarginForLiquidationPrice(account, position, marks, MarginModel.Binance, 42_000m);
    Account moved = name == "isolated"
        ? account.AddIsolatedMargin("BTCUSDT", PositionSide.Long, needed.ToAdd, marks)
        : account.Deposit(needed.ToAdd);
    LiquidationDistanceAtMark after = PositionSizing.DistanceToLiquidation(moved, moved.Positions[0], marks, MarginModel.Binance)!.Value;
    string what = name == "isolated" ? "isolated margin" : "wallet";
    Console.WriteLine($"  {name,-8}  liquidation {Money(before.LiquidationPrice)}, {Money(before.PriceDistance)} away ({Percent(before.PercentDistance)})");
    Console.WriteLine($"  {"",-8}  {what} {Money(needed.Current)} -> {Money(needed.Required)}: add {Money(needed.ToAdd)} USDT");
    Console.WriteLine($"  {"",-8}  then liquidation {Money(after.LiquidationPrice)}, {Money(after.PriceDistance)} away ({Percent(after.PercentDistance)})");
}

static string Plain(decimal value) => value.ToString(CultureInfo.InvariantCulture);

static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

static string Ratio(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

static string Percent(decimal value) => value.ToString("0.00%", CultureInfo.InvariantCulture);
