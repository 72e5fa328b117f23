// MakerDAO Liquidation 2.0 on the ETH-B parameters, in the protocol's own integer units (wad 1e18, ray 1e27, rad 1e45):
//   1. one vault step by step: the Dog barks it, the Clipper kicks a Dutch auction, the price falls along the
//      stair-step curve, and a keeper takes the whole lot once the price is 5 % under the feed;
//   2. fifty vaults through a scripted crash with one keeper (MakerKeeperRun);
//   3. the auction simulation with three competing keepers on random price paths, and a small Monte Carlo of it.
// ETH-B auction parameters: makerdao/community, "Add ETH-B to Liquidations 2.0 Framework - April 26, 2021" poll.
//
//   dotnet run --project samples/MakerAuction -c Release
using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

const string Ilk = "ETH-B";
UInt256 wad = MakerMath.Wad, ray = MakerMath.Ray, rad = MakerMath.Rad;
UInt256 chop = UInt256.Parse("1130000000000000000"); // 1.13 wad: the 13 % liquidation penalty
UInt256 mat = ray * 13UL / 10UL;                      // liquidation ratio 130 %
MakerAuctionProfile ethB = MakerAuctionProfile.EthB;

Console.WriteLine("MakerDAO Liquidation 2.0, ETH-B");
Console.WriteLine($"  auction parameters: {ethB.Source} ({ethB.Date:yyyy-MM-dd})");
Console.WriteLine($"  buf {Ray(ethB.Buf):0.##} (start at {Ray(ethB.Buf):P0} of the feed), price x {Ray(ethB.Cut):0.##} every {ethB.Step} s, " +
    $"reset after {ethB.Tail:N0} s or below cusp {Ray(ethB.Cusp):P0} of the start, keeper incentive chip {Wad(ethB.Chip):P1} + tip {Rad(ethB.Tip):N0} DAI");
Console.WriteLine($"  chop {Wad(chop):0.00} (13 % penalty) and liquidation ratio {Ray(mat):P0} are this sample's choices");

// ---- 1. One vault: bark, kick, the price curve, take ------------------------------------------------------------
Console.WriteLine();
Console.WriteLine("1. One vault: 10 ETH locked, 13,000 DAI drawn; ETH falls from 2,000 to 1,600");
var dog = new Dog(100_000_000UL * rad).WithIlk(Ilk, chop, ethB.IlkHole);
var clipper = new Clipper(ethB.ToClipperConfig(UInt256.Zero) with { Ilk = Ilk });
var vault = new MakerVault("urn-A", 10UL * wad, 13_000UL * wad);
UInt256 feed = 1_600UL * ray;
var vat = new VatIlk(ray, feed * ray / mat, UInt256.Zero);
Console.WriteLine($"   spot = feed / liquidation ratio = {Ray(vat.Spot):N2}; ink x spot = {Ray(vat.Spot) * Wad(vault.Ink):N2} < debt {Wad(vault.Art):N0} DAI: unsafe");

BarkResult bark = dog.Bark(Ilk, vat, vault, keeper: "barker");
Barked barked = bark.Event ?? throw new InvalidOperationException($"bark refused: {bark.Refusal}");
Console.WriteLine($"   bark: lot {Wad(barked.Lot):N2} ETH, debt due {Rad(barked.Due):N2} DAI, tab (with chop) {Rad(barked.Tab):N2} DAI, partial: {barked.Partial}");

const ulong KickTime = 1_000;
KickResult kick = clipper.Kick(barked, KickTime, feed);
Kicked kicked = kick.Event ?? throw new InvalidOperationException($"kick refused: {kick.Refusal}");
clipper = kick.Clipper;
dog = bark.Dog;
Console.WriteLine($"   kick: auction {kicked.Id}, top {Ray(kicked.Top):N2} DAI/ETH (feed x buf), keeper incentive {Rad(kicked.Coin):N2} DAI");
Console.WriteLine();
Console.WriteLine("   Price curve (StairstepExponentialDecrease): the auction price by seconds since the kick;");
Console.WriteLine("   a keeper must redo (reset) the auction once the price is under cusp x top or it is older than tail");
Console.WriteLine($"   {"elapsed",8}  {"price",10}  {"of top",7}  {"of feed",7}  needs reset");
ulong takeAt = 0;
UInt256 bid = feed * 95UL / 100UL; // the keeper buys at 5 % under the feed
foreach (ulong elapsed in new ulong[] { 0, 89, 90, 900, 1_800, 2_700, 2_790, 3_600, 5_400, 7_200, 8_190, 8_280, 8_400 })
{
    ClipperStatus status = clipper.Status(kicked.Id, KickTime + elapsed);
    Console.WriteLine($"   {elapsed,6:N0} s  {Ray(status.Price),10:N2}  {Ray(status.Price) / Ray(kicked.Top),7:P1}  {Ray(status.Price) / Ray(feed),7:P1}  {(status.NeedsRedo ? "yes" : "no")}");
}

for (ulong elapsed = 0; elapsed <= ethB.Tail; elapsed += (ulong)ethB.Step)
{
    if (clipper.Status(kicked.Id, KickTime + elapsed).Price <= bid)
    {
        takeAt = KickTime + elapsed;
        break;
    }
}

Console.WriteLine();
TakeResult take = clipper.Take(dog, kicked.Id, amt: barked.Lot, max: bid, who: "keeper", now: takeAt);
Taken taken = take.Event ?? throw new InvalidOperationException($"take refused: {take.Refusal}");
Console.WriteLine($"   take at +{takeAt - KickTime:N0} s, the first step at or below {Ray(bid):N0} DAI/ETH (95 % of the feed): price {Ray(taken.Price):N2}");
Console.WriteLine($"   keeper buys {Wad(taken.Slice):N4} ETH for {Rad(taken.Owe):N2} DAI; auction finished: {taken.Finished}");
Console.WriteLine($"   collateral returned to the vault {Wad(taken.ReturnedToUsr):N4} ETH; Dog's Dirt after {Rad(take.Dog.Dirt):N2} DAI");
decimal lossToOwner = Rad(barked.Tab) - Rad(barked.Due);
Console.WriteLine($"   the owner paid the {lossToOwner:N2} DAI penalty and sold {Wad(taken.Slice):N4} ETH {1m - (Ray(taken.Price) / Ray(feed)):P1} under the feed");

// ---- 2. Fifty vaults, one keeper, a scripted crash ----------------------------------------------------------
ImmutableArray<MakerVault> vaults = [.. Enumerable.Range(0, 50).Select(k => new MakerVault($"urn{k}", 10UL * wad, (9_000UL + (100UL * (ulong)k)) * wad))];
ImmutableArray<UInt256> feeds = [.. Enumerable.Range(0, 240).Select(i => (ulong)(i < 120 ? 2_000 - (6 * i) : 1_280 + (3 * (i - 120))) * ray)];
var keeperRun = MakerKeeperRun.Run(new MakerKeeperScenario
{
    Dog = new Dog(100_000_000UL * rad).WithIlk(Ilk, chop, 15_000_000UL * rad),
    Clipper = new Clipper(ethB.ToClipperConfig(UInt256.Zero) with { Ilk = Ilk }),
    Vat = new VatIlk(ray, UInt256.Zero, UInt256.Zero),
    Mat = mat,
    Vaults = vaults,
    FeedPrices = feeds,
    StartTime = 0,
    TickSeconds = 60,
    KeeperThreshold = ray * 95UL / 100UL,
});
Console.WriteLine();
Console.WriteLine("2. Fifty vaults of 10 ETH with 9,000-13,900 DAI of debt; ETH 2,000 -> 1,280 over 2 h, then back up to 1,637");
Console.WriteLine("   one keeper buys whenever the auction price is at or below 95 % of the feed (MakerKeeperRun, one-minute ticks)");
PrintRow("auctions kicked", $"{keeperRun.Events.Count(e => e.Event is Kicked)}");
PrintRow("takes / resets", $"{keeperRun.Events.Count(e => e.Event is Taken)} / {keeperRun.Events.Count(e => e.Event is Redone)}");
PrintRow("tab (debt + penalty)", $"{Rad(keeperRun.TabTotal),12:N0} DAI");
PrintRow("raised", $"{Rad(keeperRun.DaiRaised),12:N0} DAI  (recovery {(keeperRun.TabTotal.IsZero ? 0m : Rad(keeperRun.DaiRaised) / Rad(keeperRun.TabTotal)):P1})");
PrintRow("written off", $"{Rad(keeperRun.TabWrittenOff),12:N0} DAI");
PrintRow("collateral sold", $"{Wad(keeperRun.CollateralSold),12:N2} ETH");
PrintRow("returned to vaults", $"{Wad(keeperRun.CollateralReturned),12:N2} ETH");
PrintRow("keeper incentives", $"{Rad(keeperRun.KeeperIncentives),12:N2} DAI");

// ---- 3. The auction simulation with competing keepers ----------------------------------------------------------
const decimal StartPrice = 1_700m;
ImmutableArray<MakerVault> population = AuctionSimulation.GenerateVaults(200, 5m, 50m, 1.35m, 2.2m, StartPrice, ray, new SeededRandom(2021));
var scenario = new AuctionSimulationScenario
{
    Dog = new Dog(100_000_000UL * rad).WithIlk(Ilk, chop, ethB.IlkHole),
    Clipper = new Clipper(ethB.ToClipperConfig(ClipperConfig.ChostOf(5_000UL * rad, chop)) with { Ilk = Ilk }),
    Vat = new VatIlk(ray, UInt256.Zero, 5_000UL * rad),
    Mat = mat,
    Vaults = population,
    PriceProcess = new GeometricBrownianMotion(-100m, 3m),
    StartPrice = StartPrice,
    StepSeconds = 60,
    Steps = 360,
    Keepers =
    [
        new AuctionKeeper("fast", 500_000UL * rad, ray * 2UL / 100UL, 20UL * rad),
        new AuctionKeeper("patient", 2_000_000UL * rad, ray * 8UL / 100UL, 20UL * rad),
        new AuctionKeeper("whale", 10_000_000UL * rad, ray * 15UL / 100UL, 20UL * rad),
    ],
};
AuctionSimulationResult sim = AuctionSimulation.Run(scenario, new SeededRandom(7));
AuctionRunResult o = sim.Outcome;
Console.WriteLine();
Console.WriteLine("3. Auction simulation: 200 generated vaults (5-50 ETH, 135-220 % collateralised at 1,700), dust 5,000 DAI,");
Console.WriteLine("   6 h of one-minute GBM steps (drift -100, volatility 300 %, annualised); keepers want 2 %, 8 % and 15 % under the market, 20 DAI gas");
Console.WriteLine($"   ETH feed {StartPrice:N0} -> {Ray(sim.Timeline[^1].Feed):N2}; auctions {o.Auctions}, takes {o.Takes}, mean auction length {o.MeanDurationSeconds / 60m:N1} min");
PrintRow("tab", $"{Rad(o.TabTotal),12:N0} DAI");
PrintRow("raised", $"{Rad(o.DaiRaised),12:N0} DAI  (recovery {o.RecoveryRate:P2})");
PrintRow("bad debt", $"{o.BadDebt,12:N0} DAI");
PrintRow("keeper profit", $"{o.KeeperProfit,12:N0} DAI  (takes at {o.AverageTakeToMarket:P2} of the market on average)");
Console.WriteLine($"   {"keeper",-8} {"takes",5} {"ETH bought",12} {"profit (DAI)",14}");
foreach (AuctionKeeperState k in sim.Keepers)
{
    Console.WriteLine($"   {k.Name,-8} {k.Takes,5} {Wad(k.Collateral),12:N2} {k.Profit,14:N0}");
}

Console.WriteLine();
const int Paths = 24;
AuctionMonteCarloResult run = AuctionSimulation.RunMonteCarlo(scenario with { Seed = 2021 }, MonteCarloOptions.Paths(0, Paths));
ImmutableArray<AuctionRunResult> mc = run.Paths;
decimal[] recovery = [.. mc.Select(x => x.RecoveryRate).Order()];
decimal[] badDebt = [.. mc.Select(x => x.BadDebt).Order()];
Console.WriteLine($"   Monte Carlo, {Paths} price paths of the same scenario: min / median / max");
PrintRow("recovery rate", $"{recovery[0]:P2} / {recovery[Paths / 2]:P2} / {recovery[^1]:P2}");
PrintRow("bad debt", $"{badDebt[0]:N0} / {badDebt[Paths / 2]:N0} / {badDebt[^1]:N0} DAI");
PrintRow("auctions", $"{mc.Min(x => x.Auctions)} / {mc.Select(x => x.Auctions).Order().ElementAt(Paths / 2)} / {mc.Max(x => x.Auctions)}");

static void PrintRow(string label, string value) => Console.WriteLine($"   {label,-22} {value}");

static decimal Wad(UInt256 v) => v.ToDecimal(18, MidpointRounding.ToZero);

static decimal Ray(UInt256 v) => v.ToDecimal(27, MidpointRounding.ToZero);

static decimal Rad(UInt256 v) => v.ToDecimal(45, MidpointRounding.ToZero);
