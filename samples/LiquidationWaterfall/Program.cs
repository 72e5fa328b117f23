// One account through the whole liquidation waterfall on a Binance-style venue, every event printed.
//
// Account 1 holds a resting buy order and an isolated 30 BTC long at 10,000 with 30,000 USDT of margin, on a
// two-bracket table (1% below 100k notional, 5% above). The mark falls to 9,300, past its liquidation price
// (9,333.33). The engine cancels the order, sends one IOC sized to restore compliance (2.28 BTC), but the book
// holds only 1 BTC at 9,300; still liquidatable, the rest is taken over at the bankruptcy price, the insurance
// fund works it on the book while it can pay, and what is left is auto-deleveraged against the short side.
using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var source = new SourceReference("LiquidationWaterfall sample: an illustrative two-bracket table", new DateOnly(2026, 11, 21));
RiskTierTable tiers = RiskTierTable.FromRates("two brackets", [(0m, 50m, 0.01m), (100_000m, 10m, 0.05m)], source);
Instrument btc = Instrument.Linear("BTCUSDT", "BTC", "USDT", tiers, tickSize: 0.1m, lotSize: 0.01m);

Account trader = Account.Create("USDT", 32_000m)
    .WithPosition(Position.Open(btc, PositionSide.Long, 30m, 10_000m, MarginMode.Isolated, 10m, isolatedMargin: 30_000m))
    .PlaceOrder(btc, OrderSide.Buy, 1m, 9_000m, leverage: 10m, orderId: 7);

var accounts = new List<KeyValuePair<AccountId, Account>> { new(new AccountId(1), trader) };
for (int i = 0; i < 4; i++)
{
    // Shorts that are in profit: the ADL counterparties, with different entries and leverage so the ranking matters.
    decimal entry = 10_200m + (100m * i);
    Position shortPosition = Position.Open(btc, PositionSide.Short, 5m, entry, MarginMode.Isolated, 2m + (2m * i));
    accounts.Add(new(new AccountId(100 + i), Account.Create("USDT", shortPosition.IsolatedMargin).WithPosition(shortPosition)));
}

OrderBook book = OrderBook.Create(
    "BTCUSDT",
    bids: [new PriceLevel(9_300m, 1m), new PriceLevel(9_000m, 3m), new PriceLevel(8_950m, 5m)],
    asks: [new PriceLevel(10_000m, 50m)]);

VenueProfile venue = VenueProfile.Binance with { ClearanceFeeRate = 0.005m };
DateTimeOffset start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
LiquidationEngine engine = LiquidationEngine.CreateBuilder(venue, start)
    .AddInstrument(btc, markPrice: 10_000m, book)
    .AddAccounts(accounts)
    .WithInsuranceFund(600m)
    .Build();

Console.WriteLine($"Venue: {venue.Name} (clearance fee {venue.ClearanceFeeRate:P2}); insurance fund {engine.InsuranceFund:N2} USDT");
Account before = engine.GetAccount(new AccountId(1));
Console.WriteLine($"Account 1: wallet {before.WalletBalance:N2} USDT, order margin {before.ReservedOrderMargin:N2}, {before.Positions[0]}");
Console.WriteLine();

EngineResult tick = engine.OnPriceTick("BTCUSDT", 9_300m, start.AddSeconds(1));

foreach (LiquidationEvent e in tick.Events)
{
    Console.WriteLine($"{e.Sequence,3}  {Describe(e)}");
}

Console.WriteLine();
Console.WriteLine($"Insurance fund after: {engine.InsuranceFund:N2} USDT; bad debt: {engine.BadDebt:N2}");
foreach (AccountId id in engine.AccountIds.Where(id => id != engine.Vault))
{
    Account a = engine.GetAccount(id);
    string positions = a.Positions.IsEmpty ? "no position" : string.Join("; ", a.Positions.Select(p => $"{p.Side} {p.Size} @ {p.EntryPrice:N2}"));
    Console.WriteLine($"Account {id,3}: wallet {a.WalletBalance,12:N2}  {positions}");
}

static string Describe(LiquidationEvent e) => e switch
{
    PriceTicked t => $"mark {t.Symbol} -> {t.MarkPrice:N2}",
    LiquidationTriggered t => $"account {t.Account} liquidatable: {t.Side} {t.Symbol}, trigger {t.TriggerPrice:N2} <= liquidation price {t.LiquidationPrice:N2}",
    OrderCancelled c => $"account {c.Account} order {c.Order.Id} cancelled, {c.Order.ReservedMargin:N2} margin back to the wallet",
    LiquidationOrderPlaced o => $"liquidation order: {o.Side} {o.Size} {o.TimeInForce} limit {o.LimitPrice:N2} ({o.Reason})",
    PositionClosed c => $"account {c.Account} closes {c.Size} {c.Side} at {c.Price:N2} ({c.Kind}): realised {c.RealizedPnl:N2}, released {c.ReleasedMargin:N2}",
    CollateralTransfer t => $"account {t.Account} {t.Kind}: {t.Amount:N2} to the insurance fund",
    InsuranceFundTrade f => $"insurance fund closes {f.Size} at {f.Price:N2} against bankruptcy {f.BankruptcyPrice:N2} ({f.Kind}): PnL {f.Pnl:N2}",
    BadDebtRecorded b => $"account {b.Account} bad debt {b.Amount:N2}",
    BackstopTransfer b => $"account {b.Account} backstop to vault {b.Vault}: {b.Size} {b.Symbol}",
    _ => e.ToString(),
};
