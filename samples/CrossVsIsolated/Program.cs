// The same two positions held in isolated margin and in cross margin, on Binance USDⓈ-M rules.
//
// A trader with 20,000 USDT goes long 1 BTC at 50,000 and 10 ETH at 3,000, both at 10x. Isolated, each position
// carries only its own initial margin (5,000 and 3,000 USDT) and the other 12,000 stay in the wallet; cross, the
// whole 20,000 backs both. The program prints the liquidation prices each way, the margin as BTC falls with ETH
// unchanged, and then runs the liquidation engine: at 45,100 the isolated BTC position is liquidated and the
// account loses its 5,000 of margin but keeps the rest, while the cross account survives; at 30,200 the cross
// account is liquidated and loses nearly the whole 20,000, four times what the isolated account lost.
//
//   dotnet run --project samples/CrossVsIsolated -c Release
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Instrument btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);
Instrument eth = Instrument.Linear("ETHUSDT", "ETH", "USDT", BinanceUsdmTiers.EthUsdt, tickSize: 0.01m, lotSize: 0.001m);
const decimal Wallet = 20_000m, BtcEntry = 50_000m, EthEntry = 3_000m;

Account isolated = Open(MarginMode.Isolated);
Account cross = Open(MarginMode.Cross);
var entryMarks = new Dictionary<string, decimal> { ["BTCUSDT"] = BtcEntry, ["ETHUSDT"] = EthEntry };

Console.WriteLine("Cross vs isolated margin: 20,000 USDT, long 1 BTC @ 50,000 and long 10 ETH @ 3,000, both 10x (Binance rules)");
Console.WriteLine($"  tiers: {btc.RiskTiers.Name} and {eth.RiskTiers.Name}, as of {btc.RiskTiers.Source.AsOf:yyyy-MM-dd}");
Console.WriteLine();
Console.WriteLine("1. Liquidation prices at the entry marks (cross prices assume the other position's mark stays where it is)");
Console.WriteLine();
Console.WriteLine($"   {"",-12}  {"margin behind it",16}  {"liquidation",11}  {"bankruptcy",11}  {"distance",8}");
foreach ((string label, Account account) in new[] { ("isolated", isolated), ("cross", cross) })
{
    foreach (Position p in account.Positions)
    {
        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(account, p, entryMarks, MarginModel.Binance).RoundToTick(p.Instrument.TickSize);
        string margin = p.MarginMode == MarginMode.Isolated ? $"{p.IsolatedMargin:N0} (own)" : $"{account.WalletBalance:N0} (wallet)";
        Console.WriteLine($"   {label + " " + p.Instrument.BaseAsset,-12}  {margin,16}  {Price(e.LiquidationPrice),11}  {Price(e.BankruptcyPrice),11}  " +
            $"{(e.LiquidationPrice is decimal lp ? ((lp - p.EntryPrice) / p.EntryPrice).ToString("P1", CultureInfo.InvariantCulture) : "none"),8}");
    }
}

Console.WriteLine();
Console.WriteLine("2. BTC falls, ETH stays at 3,000: margin each way (USDT). Isolated: the BTC position's own margin balance");
Console.WriteLine("   against its maintenance margin. Cross: wallet + all unrealised PnL against all maintenance margin.");
Console.WriteLine();
Console.WriteLine($"   {"BTC mark",9}  {"BTC PnL",9}  {"iso BTC balance",15}  {"iso BTC maint.",14}  {"iso liq.",8}  {"cross balance",13}  {"cross maint.",12}  {"cross liq.",10}");
foreach (decimal mark in new[] { 50_000m, 47_000m, 45_500m, 45_000m, 40_000m, 35_000m, 30_500m, 30_000m })
{
    var marks = new Dictionary<string, decimal> { ["BTCUSDT"] = mark, ["ETHUSDT"] = EthEntry };
    AccountMarginSnapshot iso = AccountMargin.Calculate(isolated, marks);
    AccountMarginSnapshot cr = AccountMargin.Calculate(cross, marks);
    PositionMargin isoBtc = iso.Positions[0];
    Console.WriteLine($"   {mark,9:N0}  {isoBtc.UnrealizedPnl,9:N0}  {isoBtc.MarginBalance,15:N2}  {isoBtc.MaintenanceMargin,14:N2}  {YesNo(isoBtc.IsLiquidatable),8}  " +
        $"{cr.CrossMarginBalance,13:N2}  {cr.CrossMaintenanceMargin,12:N2}  {YesNo(cr.IsCrossLiquidatable),10}");
}

Console.WriteLine();
Console.WriteLine("3. The liquidation engine (Binance profile, books 2 BTC / 20 ETH every 0.1 % from the mark, 1,000,000 USDT insurance fund), BTC 50,000 -> 45,100 -> 36,000 -> 30,200");
DateTimeOffset start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
foreach ((string label, Account account) in new[] { ("isolated", isolated), ("cross", cross) })
{
    LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, start)
        .AddInstrument(btc, BtcEntry, Ladder("BTCUSDT", 50_000m, 10m, 2m))
        .AddInstrument(eth, EthEntry, Ladder("ETHUSDT", 3_000m, 1m, 20m))
        .AddAccount(new AccountId(1), account)
        .WithInsuranceFund(1_000_000m)
        .Build();
    Console.WriteLine();
    Console.WriteLine($"   {label}: start equity {Equity(engine):N2} USDT");
    int second = 0;
    foreach (decimal mark in new[] { 45_100m, 36_000m, 30_200m })
    {
        // The BTC book moves with the price: bids ladder down from the new mark.
        engine.OnBookUpdate(Ladder("BTCUSDT", mark, 10m, 2m), start.AddSeconds(++second));
        EngineResult tick = engine.OnPriceTick("BTCUSDT", mark, start.AddSeconds(++second));
        Console.WriteLine($"   BTC -> {mark:N0}: {(tick.LiquidatedAccounts.IsEmpty ? "no liquidation" : "liquidated")}");
        foreach (LiquidationEvent e in tick.Events)
        {
            string? line = Describe(e);
            if (line is not null)
            {
                Console.WriteLine($"      {line}");
            }
        }

        Account now = engine.GetAccount(new AccountId(1));
        string positions = now.Positions.IsEmpty ? "none" : string.Join(", ", now.Positions.Select(p => $"{p.Side} {p.Size} {p.Instrument.BaseAsset} ({p.MarginMode})"));
        Console.WriteLine($"      wallet {now.WalletBalance:N2}, positions: {positions}; equity {Equity(engine):N2} (lost {Wallet - Equity(engine):N2})");
    }
}

Console.WriteLine();
Console.WriteLine("Isolated caps the loss of each position at its own margin; cross uses the whole wallet to keep positions open");
Console.WriteLine("longer, and when it does liquidate, everything the wallet held is at stake.");

Account Open(MarginMode mode) => Account.Create("USDT", Wallet)
    .WithPosition(Position.Open(btc, PositionSide.Long, 1m, BtcEntry, mode, leverage: 10m))
    .WithPosition(Position.Open(eth, PositionSide.Long, 10m, EthEntry, mode, leverage: 10m));

// Account value at the engine's marks: wallet + isolated margins + unrealised PnL.
static decimal Equity(LiquidationEngine engine)
{
    Account a = engine.GetAccount(new AccountId(1));
    return a.TotalWalletBalance + a.Positions.Sum(p => p.UnrealizedPnl(engine.MarkPrice(p.Symbol)));
}

// Bids every 0.1 % below the price and asks above it, `levels` deep on each side.
static OrderBook Ladder(string symbol, decimal price, decimal tick, decimal size)
{
    const int Levels = 400;
    decimal step = Math.Max(tick, Math.Round(price * 0.001m / tick) * tick);
    return OrderBook.Create(
        symbol,
        bids: [.. Enumerable.Range(1, Levels).Select(i => new PriceLevel(price - (step * i), size))],
        asks: [.. Enumerable.Range(1, Levels).Select(i => new PriceLevel(price + (step * i), size))]);
}

static string? Describe(LiquidationEvent e) => e switch
{
    LiquidationTriggered t => $"{t.Side} {t.Symbol} liquidatable: mark at or past the liquidation price {t.LiquidationPrice:N2}",
    PositionClosed c => $"closed {c.Size} {c.Symbol} {c.Side} at {c.Price:N2} ({(c.Kind == FillKind.Venue ? "taken over by the venue" : c.Kind.ToString())}): realised {c.RealizedPnl:N2}",
    CollateralTransfer t => $"{t.Kind}: {t.Amount:N2} to the insurance fund",
    BadDebtRecorded b => $"bad debt {b.Amount:N2}",
    InsuranceFundTrade f => $"insurance fund works {f.Size} {f.Symbol} on the book at {f.Price:N2} (taken over at {f.BankruptcyPrice:N2}): fund PnL {f.Pnl:N2}",
    _ => null,
};

static string YesNo(bool value) => value ? "yes" : "no";

static string Price(decimal? value) => value is decimal p ? p.ToString("#,0.00", CultureInfo.InvariantCulture) : "none";
