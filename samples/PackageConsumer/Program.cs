// Checks the packed LiquidationSim against published venue examples (reference cefi.md), through the public API
// only. Exits 1 and says which check failed if any result is wrong.
//
// .ci/run restores it against the freshly packed package (-p:LiquidationSimVersion=...); on a fresh clone,
// `dotnet run --project samples/PackageConsumer` falls back to a project reference (see PackageConsumer.csproj).
using System.Globalization;
using System.Reflection;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

string version = typeof(Instrument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
string reference = Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
    .FirstOrDefault(a => a.Key == "LiquidationSimReference")?.Value ?? "unknown";
Console.WriteLine($"LiquidationSim {version}");
Console.WriteLine($"  built against: {reference}");

var asOf = new DateOnly(2026, 3, 4);
int failures = 0;

// Binance FAQ B2: isolated, "WB" 1,535,443.01, long 109.488 BTCUSDT @ 32,481.98; the legacy table's bracket at the
// liquidation price (1M-7.5M, 2.5%, cum 16,300) gives 18,778.73 (to the cent).
Instrument binanceBtc = Instrument.Linear("BTCUSDT", "BTC", "USDT", BinanceUsdmTiers.BtcUsdtLegacy, tickSize: 0.01m, lotSize: 0.001m);
LiquidationEstimate b2 = LiquidationPriceSolver.Isolated(
    binanceBtc, PositionSide.Long, 109.488m, 32_481.98m, isolatedMargin: 1_535_443.01m, MarginModel.Binance);
Check("Binance B2 liquidation price", b2.LiquidationPrice, 18_778.73m, tolerance: 0.01m);

// Bybit Y1: long 1 BTC @ 20,000 at 50x (position margin 400), MMR 0.5% on the value at entry: 19,700.
RiskTierTable bybitFlat = RiskTierTable.Bybit(
    "Bybit 0.5% flat", [new BybitRiskLimit(RiskLimitValue: 2_000_000m, MaintenanceMarginRate: 0.5m, InitialMarginRate: 1m)], RateUnit.Percent, SourceReference.UserSupplied(asOf));
Instrument bybitBtc = Instrument.Linear("BTCUSDT", "BTC", "USDT", bybitFlat, tickSize: 0.1m, lotSize: 0.001m);
LiquidationEstimate y1 = LiquidationPriceSolver.Isolated(bybitBtc, PositionSide.Long, 1m, 20_000m, isolatedMargin: 400m, MarginModel.Bybit);
Check("Bybit Y1 liquidation price", y1.LiquidationPrice, 19_700m, tolerance: 0m);

// BitMEX X1: cross wallet 10,000 USDT, buy 20 ETHUSDT @ 1,000 at 50x, MM 1%: bankruptcy 500, liquidation 510.
RiskTierTable bitmexFlat = RiskTierTable.Create(
    "BitMEX 1% flat", [new RiskTier(0m, decimal.MaxValue, 50m, 0.01m, 0m)], MaintenanceAmountRule.WholePosition, SourceReference.UserSupplied(asOf));
Instrument bitmexEth = Instrument.Linear("ETHUSDT", "ETH", "USDT", bitmexFlat, tickSize: 0.05m, lotSize: 1m);
Position x1Position = Position.Open(bitmexEth, PositionSide.Long, 20m, 1_000m, MarginMode.Cross, leverage: 50m);
Account x1Account = Account.Create("USDT", 10_000m).WithPosition(x1Position);
LiquidationEstimate x1 = LiquidationPriceSolver.ForPosition(
    x1Account, x1Position, new Dictionary<string, decimal> { ["ETHUSDT"] = 1_000m }, MarginModel.BitMex);
Check("BitMEX X1 bankruptcy price", x1.BankruptcyPrice, 500m, tolerance: 0m);
Check("BitMEX X1 liquidation price", x1.LiquidationPrice, 510m, tolerance: 0m);

if (failures > 0)
{
    Console.Error.WriteLine($"{failures} published result(s) not reproduced by LiquidationSim.");
    return 1;
}

Console.WriteLine("All published results reproduced.");
return 0;

void Check(string name, decimal? actual, decimal expected, decimal tolerance)
{
    bool ok = actual is decimal a && Math.Abs(a - expected) <= tolerance;
    string got = actual?.ToString(CultureInfo.InvariantCulture) ?? "none";
    string want = expected.ToString(CultureInfo.InvariantCulture) + (tolerance == 0m ? " exactly" : " ± " + tolerance.ToString(CultureInfo.InvariantCulture));
    Console.WriteLine($"  {(ok ? "ok  " : "FAIL")}  {name,-30} {got} (expected {want})");
    if (!ok)
    {
        failures++;
    }
}
