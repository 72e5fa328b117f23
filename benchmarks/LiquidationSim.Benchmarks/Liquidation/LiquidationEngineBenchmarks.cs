using BenchmarkDotNet.Attributes;
using LiquidationSim.Accounts;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Benchmarks.Liquidation;

/// <summary>
/// Detection cost: a mark tick over 1,000,000 isolated positions in which nothing crosses, against a full scan of
/// the same positions in the same run. Target: at most 2 µs per tick and at least 1,000× faster than the scan.
/// </summary>
/// <remarks>
/// Positions are BTCUSDT longs and shorts entered within 1% of 60,000 at 2x–20x, so every liquidation price lies at
/// least about 4% from the mark; the ticks alternate between 60,000 and 60,000.1. The engine keeps no event log
/// (as a long simulation would), so a tick allocates only its small result.
/// </remarks>
[MemoryDiagnoser]
public class DetectionBenchmarks
{
    private const int Positions = 1_000_000;
    private LiquidationEngine _engine = null!;
    private Position[] _positions = null!;
    private DateTimeOffset _now;
    private int _tick;

    [GlobalSetup]
    public void Setup()
    {
        Instrument btc = BenchInstruments.BtcUsdt();
        var rng = new SplitMix64(4);
        _positions = new Position[Positions];
        var accounts = new KeyValuePair<AccountId, Account>[Positions];
        for (int i = 0; i < Positions; i++)
        {
            PositionSide side = (i & 1) == 0 ? PositionSide.Long : PositionSide.Short;
            decimal entry = Math.Round(59_400m + (rng.NextUnit() * 1_200m), 1);
            decimal size = 0.001m * (1 + rng.NextInt(500));
            decimal leverage = 2 + rng.NextInt(19);
            Position p = Position.Open(btc, side, size, entry, MarginMode.Isolated, leverage);
            _positions[i] = p;
            accounts[i] = KeyValuePair.Create(new AccountId(i), Account.Create("USDT", p.IsolatedMargin).WithPosition(p));
        }

        _now = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        _engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, _now)
            .AddInstrument(btc, 60_000m, OrderBook.Create("BTCUSDT", [new PriceLevel(59_999.9m, 100m)], [new PriceLevel(60_000.1m, 100m)]))
            .AddAccounts(accounts)
            .WithInsuranceFund(1_000_000m)
            .WithoutEventLog()
            .Build();
        if (FullScan() != 0 || Tick().LiquidatedAccounts.Length != 0)
        {
            throw new InvalidOperationException("The benchmark population must not be liquidatable at 60,000.");
        }
    }

    [Benchmark]
    public EngineResult Tick()
    {
        _now = _now.AddSeconds(1);
        decimal mark = (_tick++ & 1) == 0 ? 60_000.1m : 60_000m;
        return _engine.OnPriceTick("BTCUSDT", mark, _now);
    }

    /// <summary>What detection costs without an index: every position's margin checked at the new mark.</summary>
    [Benchmark(Baseline = true)]
    public int FullScan()
    {
        decimal mark = (_tick++ & 1) == 0 ? 60_000.1m : 60_000m;
        int liquidatable = 0;
        foreach (Position p in _positions)
        {
            decimal balance = p.IsolatedMargin + p.UnrealizedPnl(mark);
            if (balance <= p.MaintenanceMargin(mark))
            {
                liquidatable++;
            }
        }

        return liquidatable;
    }
}

/// <summary>
/// A tick that liquidates 1,000 positions against a 50-level book, with the insurance fund and ADL in play.
/// Target: at most 5 ms; the Allocated column ÷ 1,000 is bytes per liquidated position.
/// </summary>
/// <remarks>
/// 1,000 isolated 20x longs at 60,000 (LP ≈ 57,290) and 1,000 short counterparties; the tick moves the mark to
/// 57,000. The book's 50 bid levels, 10 apart from 57,000 down, hold less than the longs' total size, so the later
/// liquidations are worked by the fund past bankruptcy and the rest is deleveraged. Each invocation starts from a
/// fresh engine built in <see cref="IterationSetup"/>.
/// </remarks>
[MemoryDiagnoser]
public class LiquidationTickBenchmarks
{
    private readonly List<KeyValuePair<AccountId, Account>> _accounts = [];
    private Instrument _btc = null!;
    private OrderBook _book = null!;
    private LiquidationEngine _engine = null!;
    private DateTimeOffset _start;

    [GlobalSetup]
    public void Setup()
    {
        _btc = BenchInstruments.BtcUsdt();
        for (int i = 0; i < 1_000; i++)
        {
            Position l = Position.Open(_btc, PositionSide.Long, 0.1m, 60_000m, MarginMode.Isolated, 20m);
            _accounts.Add(KeyValuePair.Create(new AccountId(i), Account.Create("USDT", l.IsolatedMargin).WithPosition(l)));
            Position s = Position.Open(_btc, PositionSide.Short, 0.1m, 60_000m + (i % 50), MarginMode.Isolated, 5m);
            _accounts.Add(KeyValuePair.Create(new AccountId(10_000 + i), Account.Create("USDT", s.IsolatedMargin).WithPosition(s)));
        }

        var bids = new List<PriceLevel>();
        for (int k = 0; k < 50; k++)
        {
            bids.Add(new PriceLevel(57_000m - (10m * k), 1.5m));
        }

        _book = OrderBook.Create("BTCUSDT", bids, [new PriceLevel(60_000.1m, 100m)]);
        _start = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    }

    [IterationSetup]
    public void IterationSetup() =>
        _engine = LiquidationEngine.CreateBuilder(VenueProfile.Binance, _start)
            .AddInstrument(_btc, 60_000m, _book)
            .AddAccounts(_accounts)
            .WithInsuranceFund(500m)
            .WithoutEventLog()
            .Build();

    [Benchmark]
    public int LiquidateThousand()
    {
        EngineResult r = _engine.OnPriceTick("BTCUSDT", 57_000m, _start.AddSeconds(1));
        if (r.LiquidatedAccounts.Length != 1_000)
        {
            throw new InvalidOperationException($"Expected 1,000 liquidations, got {r.LiquidatedAccounts.Length}.");
        }

        return r.Events.Length;
    }
}
