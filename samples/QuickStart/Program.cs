// Where is a 10x BTCUSDT long liquidated, and what do 9% and 10% drops do to it?
// Every number below is exact decimal arithmetic; the output is the same on every machine.
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

Instrument btcUsdt = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);
const decimal Entry = 50_000m;

// 0.2 BTC at 50,000 is 10,000 USDT of notional; at 10x the isolated margin is 1,000 USDT.
Position position = Position.Open(btcUsdt, PositionSide.Long, size: 0.2m, entryPrice: Entry, MarginMode.Isolated, leverage: 10m);
Account account = Account.Create("USDT", walletBalance: 1_000m).WithPosition(position);

LiquidationEstimate exact = LiquidationPriceSolver.ForPosition(account, position, new Dictionary<string, decimal> { ["BTCUSDT"] = Entry }, MarginModel.Binance);
LiquidationEstimate onTick = exact.RoundToTick(btcUsdt.TickSize);

Console.WriteLine("LiquidationSim quick start: an isolated 10x BTCUSDT long on Binance");
Console.WriteLine();
Row("Instrument", btcUsdt.ToString());
Row("Risk tiers", $"{btcUsdt.RiskTiers.Name}, as of {btcUsdt.RiskTiers.Source.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
Row("Position", $"long {Plain(position.Size)} BTC @ {Price(Entry)}, {Plain(position.Leverage)}x, isolated");
Row("Notional", $"{Money(position.EntryNotional)} USDT");
Row("Margin", $"{Money(position.IsolatedMargin)} USDT");
Console.WriteLine();
Row("Liquidation", $"{Price(onTick.LiquidationPrice)}  (exact {Exact(exact.LiquidationPrice)}; rounded up to the tick, the venue's safe side)");
Row("Bankruptcy", $"{Price(onTick.BankruptcyPrice)}  (margin balance zero)");
Console.WriteLine();

Console.WriteLine("What a drop in the mark price does to it:");
Console.WriteLine();
Columns("Mark", "Move", "Unrealised PnL", "Margin balance", "Maint. margin", "Margin ratio", "Liquidatable");
foreach (decimal mark in new[] { 50_000m, 45_500m, 45_000m })
{
    PositionMargin m = AccountMargin.Calculate(account, new Dictionary<string, decimal> { ["BTCUSDT"] = mark }).Positions[0];
    decimal balance = m.MarginBalance!.Value;
    decimal? ratio = MarginMath.MarginRatio(m.MaintenanceMargin, balance);
    Columns(
        Price(mark),
        Percent((mark - Entry) / Entry, "+0%;-0%;0%"),
        Money(m.UnrealizedPnl),
        Money(balance),
        Money(m.MaintenanceMargin),
        ratio is decimal r ? Percent(r, "0.00%") : "n/a",
        !m.IsLiquidatable ? "no" : balance <= 0m ? "yes, bankrupt" : "yes");
}

Console.WriteLine();
Console.WriteLine("The same position under cross margin, where the whole wallet is its collateral:");
Console.WriteLine();
Console.WriteLine("  Wallet (USDT)   Liquidation   Bankruptcy");
foreach (decimal wallet in new[] { 1_000m, 2_000m })
{
    Position cross = Position.Open(btcUsdt, PositionSide.Long, 0.2m, Entry, MarginMode.Cross, 10m);
    Account crossAccount = Account.Create("USDT", wallet).WithPosition(cross);
    LiquidationEstimate estimate = LiquidationPriceSolver
        .ForPosition(crossAccount, cross, new Dictionary<string, decimal> { ["BTCUSDT"] = Entry }, MarginModel.Binance)
        .RoundToTick(btcUsdt.TickSize);
    Console.WriteLine($"  {Money(wallet),13}  {Price(estimate.LiquidationPrice),12}  {Price(estimate.BankruptcyPrice),11}");
}

static void Row(string label, string value) => Console.WriteLine($"  {label,-12} {value}");

static void Columns(string a, string b, string c, string d, string e, string f, string g) =>
    Console.WriteLine($"  {a,10}  {b,5}  {c,14}  {d,14}  {e,13}  {f,12}  {g}".TrimEnd());

static string Plain(decimal value) => value.ToString(CultureInfo.InvariantCulture);

static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

static string Price(decimal? value) => value is decimal p ? p.ToString("#,0.0", CultureInfo.InvariantCulture) : "none";

static string Exact(decimal? value) => value is decimal p ? p.ToString("#,0.##########", CultureInfo.InvariantCulture) : "none";

static string Percent(decimal value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
