// A wick in the last traded price that the mark price ignores.
//
// For a minute of five-second samples the BTCUSDT index stays near 60,000 while the last trade wicks down to 54,000
// for ten seconds. The Binance mark price (median of the funding-adjusted index, index + a 60-sample moving average
// of the basis, and the last price) and the BitMEX fair price barely move. An isolated 10x long from 60,000 has its
// liquidation price at 54,221: on the mark it is never reached, on the last price it is. A stop-loss at 57,000 on
// the last price fires in the wick and sells into it; the same stop on the mark does not. Then the liquidation engine
// replays the minute twice: on Binance (liquidation on the mark) and on a variant that liquidates on the last price.
//
//   dotnet run --project samples/MarkVsLastPrice -c Release
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Instrument btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdt, tickSize: 0.1m, lotSize: 0.001m);
const decimal Entry = 60_000m, Stop = 57_000m, FundingRate = 0.0001m;
Position position = Position.Open(btc, PositionSide.Long, 1m, Entry, MarginMode.Isolated, leverage: 10m);
decimal liquidation = LiquidationPriceSolver.Isolated(btc, PositionSide.Long, 1m, Entry, position.IsolatedMargin, MarginModel.Binance)
    .RoundToTick(btc.TickSize).LiquidationPrice!.Value;

// Index, last trade: the index drifts by a few dollars, the last trade wicks at 0:30-0:40.
(decimal Index, decimal Last)[] samples =
[
    (60_000m, 60_005m), (60_002m, 60_001m), (59_998m, 59_996m), (60_001m, 60_003m), (59_999m, 59_990m), (59_997m, 59_200m),
    (59_995m, 56_900m), (59_990m, 54_000m), (59_992m, 58_800m), (59_996m, 59_850m), (59_999m, 59_990m), (60_001m, 60_004m),
    (60_003m, 60_006m),
];

Console.WriteLine("Mark price vs last price: a 10-second wick in BTCUSDT trades, index unchanged");
Console.WriteLine($"  position: isolated long 1 BTC @ {Entry:N0}, 10x, margin {position.IsolatedMargin:N0} USDT; liquidation price {liquidation:N1} (Binance tiers)");
Console.WriteLine($"  stop-loss at {Stop:N0}; funding rate {FundingRate:P2} per 8 h; the book is 5 USDT either side of the last trade");
Console.WriteLine("  mark methods: Binance (median of three, 60-sample basis average; Binance COIN-M FAQ 'Mark Price'),");
Console.WriteLine("  BitMEX fair price (index x (1 + funding rate x time to funding / interval); bitmex.com fair price marking)");
Console.WriteLine();

var binance = new BinanceMarkPrice(basisWindow: 60);
var bitmex = new BitMexPerpetualFairPrice();
DateTimeOffset start = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);
var fundingAt = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
var marks = new decimal[samples.Length];

// Warm up: five quiet minutes of samples fill the 60-sample basis window before the minute shown.
for (int i = 60; i > 0; i--)
{
    DateTimeOffset time = start.AddSeconds(-5 * i);
    var quiet = new MarkPriceInputs
    {
        Time = time,
        IndexPrice = 60_000m,
        LastPrice = 60_000m + (i % 3),
        BestBid = 59_995m + (i % 3),
        BestAsk = 60_005m + (i % 3),
        FundingRate = FundingRate,
        TimeToFunding = fundingAt - time,
        FundingInterval = TimeSpan.FromHours(8),
    };
    binance.Update(quiet);
    bitmex.Update(quiet);
}

Console.WriteLine($"  {"time",4}  {"index",9}  {"last",9}  {"Binance mark",12}  {"BitMEX fair",11}  {"stop on last",12}  {"stop on mark",12}  {"liq. on mark",12}  {"liq. on last",12}");
bool stopLastFired = false, stopMarkFired = false;
for (int i = 0; i < samples.Length; i++)
{
    (decimal index, decimal last) = samples[i];
    DateTimeOffset time = start.AddSeconds(5 * i);
    var inputs = new MarkPriceInputs
    {
        Time = time,
        IndexPrice = index,
        LastPrice = last,
        BestBid = last - 5m,
        BestAsk = last + 5m,
        FundingRate = FundingRate,
        TimeToFunding = fundingAt - time,
        FundingInterval = TimeSpan.FromHours(8),
    };
    decimal mark = Math.Round(binance.Update(inputs), 1);
    decimal fair = Math.Round(bitmex.Update(inputs), 1);
    marks[i] = mark;

    string stopLast = Fires(last <= Stop, ref stopLastFired);
    string stopMark = Fires(mark <= Stop, ref stopMarkFired);
    bool liqMark = LiquidationTrigger.IsLiquidatable(position, LiquidationTrigger.Price(TriggerPriceSource.Mark, PositionSide.Long, mark, last));
    bool liqLast = LiquidationTrigger.IsLiquidatable(position, LiquidationTrigger.Price(TriggerPriceSource.Last, PositionSide.Long, mark, last));
    Console.WriteLine($"  {Clock(i)}  {index,9:N0}  {last,9:N0}  {mark,12:N1}  {fair,11:N1}  {stopLast,12}  {stopMark,12}  {YesNo(liqMark),12}  {YesNo(liqLast),12}");
}

Console.WriteLine();
Console.WriteLine("  The Binance mark is the median of three prices; two of them follow the index, so a wick in the last price");
Console.WriteLine("  moves it only through the basis average over the last 60 samples (five minutes, warmed up before the minute");
Console.WriteLine("  shown). The BitMEX fair price ignores trades entirely.");

// The same minute as one-minute bars: which exit comes first within each bar?
var lastBar = new PriceBar(samples[0].Last, samples.Max(s => s.Last), samples.Min(s => s.Last), samples[^1].Last);
var markBar = new PriceBar(marks[0], marks.Max(), marks.Min(), marks[^1]);
BarExit onLast = LiquidationTrigger.FirstExit(lastBar, PositionSide.Long, Stop, liquidation);
BarExit onMark = LiquidationTrigger.FirstExit(markBar, PositionSide.Long, Stop, liquidation);
Console.WriteLine();
Console.WriteLine("  As one-minute bars (what a backtest on candles sees), the first exit within the bar (LiquidationTrigger.FirstExit):");
Console.WriteLine($"    last-price bar  O {lastBar.Open:N1} H {lastBar.High:N1} L {lastBar.Low:N1} C {lastBar.Close:N1}: {Exit(onLast)}");
Console.WriteLine($"    mark-price bar  O {markBar.Open:N1} H {markBar.High:N1} L {markBar.Low:N1} C {markBar.Close:N1}: {Exit(onMark)}");

// ---- The engine: liquidation on the mark (Binance) and on the last price ----------------------------------------
Console.WriteLine();
Console.WriteLine("The liquidation engine replays the minute for two accounts: #1 holds the long with no stop, #2 the same long");
Console.WriteLine($"with a stop on the last price at {Stop:N0} (a market sell sent when a trade prints at or below it).");
foreach (VenueProfile venue in new[] { VenueProfile.Binance, VenueProfile.Binance with { Name = "Binance rules, liquidation on the last price", TriggerPrice = TriggerPriceSource.Last } })
{
    LiquidationEngine engine = LiquidationEngine.CreateBuilder(venue, start)
        .AddInstrument(btc, marks[0], Book(samples[0].Last))
        .AddAccount(new AccountId(1), Account.Create("USDT", position.IsolatedMargin).WithPosition(position))
        .AddAccount(new AccountId(2), Account.Create("USDT", position.IsolatedMargin).WithPosition(position))
        .WithInsuranceFund(1_000_000m)
        .Build();
    Console.WriteLine();
    Console.WriteLine($"  {venue.Name} (liquidation trigger: {venue.TriggerPrice})");
    bool stopSent = false;
    for (int i = 1; i < samples.Length; i++)
    {
        DateTimeOffset time = start.AddSeconds(5 * i);
        decimal last = samples[i].Last;
        engine.OnBookUpdate(Book(last), time);
        var events = engine.OnPriceTick("BTCUSDT", marks[i], time, last).Events.ToList();
        if (!stopSent && last <= Stop && engine.GetAccount(new AccountId(2)).Positions.Length > 0)
        {
            stopSent = true;
            events.AddRange(engine.PlaceMarketOrder(
                new MarketOrder { Account = new AccountId(2), Symbol = "BTCUSDT", Side = OrderSide.Sell, Size = 1m, Reason = "stop-loss" }, time).Events);
        }

        foreach (LiquidationEvent e in events)
        {
            if (Describe(e) is string line)
            {
                Console.WriteLine($"    {Clock(i)}  {line}");
            }
        }
    }

    foreach (AccountId id in new[] { new AccountId(1), new AccountId(2) })
    {
        Account a = engine.GetAccount(id);
        decimal equity = a.TotalWalletBalance + a.Positions.Sum(p => p.UnrealizedPnl(engine.MarkPrice(p.Symbol)));
        string held = a.Positions.IsEmpty ? "flat" : $"still long {a.Positions[0].Size} BTC";
        Console.WriteLine($"    account #{id}: {held,-18} equity at the end {equity,9:N2} USDT (started with {position.IsolatedMargin:N2})");
    }
}

Console.WriteLine();
Console.WriteLine("Liquidating on the mark protects positions from wicks in thin trading; a stop on the last price does not.");

static string Fires(bool reached, ref bool fired)
{
    if (!reached)
    {
        return fired ? "(done)" : "-";
    }

    if (fired)
    {
        return "(done)";
    }

    fired = true;
    return "FIRES";
}

static string Clock(int sample) => TimeSpan.FromSeconds(5 * sample).ToString(@"m\:ss", CultureInfo.InvariantCulture);

static string YesNo(bool value) => value ? "YES" : "no";

static string Exit(BarExit exit) => exit.Kind switch
{
    BarExitKind.None => "neither the stop nor the liquidation price is reached",
    BarExitKind.StopLoss => $"stop-loss first, at {exit.Price:N1}",
    _ => $"liquidation first, at {exit.Price:N1}",
};

// 3 BTC every 10 USDT for 30 levels either side of the last trade.
static OrderBook Book(decimal last) => OrderBook.Create(
    "BTCUSDT",
    bids: [.. Enumerable.Range(0, 30).Select(i => new PriceLevel(last - 5m - (10m * i), 3m))],
    asks: [.. Enumerable.Range(0, 30).Select(i => new PriceLevel(last + 5m + (10m * i), 3m))]);

static string? Describe(LiquidationEvent e) => e switch
{
    LiquidationTriggered t => $"account #{t.Account} liquidatable: trigger price {t.TriggerPrice:N1} <= liquidation price {t.LiquidationPrice:N1}",
    PositionClosed c => $"account #{c.Account} closed {c.Size} BTC at {c.Price:N1} ({c.Kind}): realised {c.RealizedPnl:N2}",
    OrderFilled f => $"account #{f.Account} {f.Reason}: sold {f.Size} BTC at {f.Price:N1}, realised {f.RealizedPnl:N2}",
    CollateralTransfer t => $"account #{t.Account} {t.Kind}: {t.Amount:N2} to the insurance fund",
    InsuranceFundTrade f => $"insurance fund works {f.Size} BTC on the book at {f.Price:N1} (taken over at {f.BankruptcyPrice:N1}): fund PnL {f.Pnl:N2}",
    _ => null,
};
