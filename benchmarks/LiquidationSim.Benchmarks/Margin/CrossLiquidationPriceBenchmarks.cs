using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using LiquidationSim.Accounts;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Benchmarks.Margin;

/// <summary>
/// <see cref="LiquidationPriceSolver.ForPosition"/> for one cross position of a one-way account holding 10 cross
/// positions in 10 symbols (6 long, 4 short), each with its own instrument, under <see cref="MarginModel.Binance"/>.
/// Target: at most 3 µs per call.
/// </summary>
/// <remarks>
/// The solved position is BTCUSDT, opened last, so the account's membership check and the TMM1 / UPNL1 loop both
/// walk all 10 positions (the worst order for a 10-position account). <see cref="Cross_PrecomputedContext"/> calls
/// the solver with the other nine positions already summed, isolating the solve from the aggregation;
/// <see cref="Setup"/> checks that it returns exactly what <see cref="ForPosition_Dictionary"/> does.
/// </remarks>
[MemoryDiagnoser]
public class CrossLiquidationPriceBenchmarks
{
    private static readonly PositionSpec[] s_specs =
    [
        new("ETHUSDT", "ETH", BinanceUsdmTiers.EthUsdt, 0.01m, 0.001m, PositionSide.Long, 200m, 3_000m, 2_950m, 20m),
        new("SOLUSDT", "SOL", BenchInstruments.AltTable, 0.01m, 1m, PositionSide.Short, 2_000m, 150m, 152m, 10m),
        new("BNBUSDT", "BNB", BenchInstruments.AltTable, 0.01m, 0.01m, PositionSide.Long, 300m, 600m, 590m, 10m),
        new("XRPUSDT", "XRP", BenchInstruments.AltTable, 0.0001m, 0.1m, PositionSide.Short, 100_000m, 0.6m, 0.61m, 20m),
        new("DOGEUSDT", "DOGE", BenchInstruments.AltTable, 0.00001m, 1m, PositionSide.Long, 500_000m, 0.15m, 0.148m, 20m),
        new("ADAUSDT", "ADA", BenchInstruments.AltTable, 0.0001m, 1m, PositionSide.Short, 80_000m, 0.45m, 0.44m, 20m),
        new("AVAXUSDT", "AVAX", BenchInstruments.AltTable, 0.001m, 1m, PositionSide.Long, 1_000m, 30m, 29.5m, 20m),
        new("LINKUSDT", "LINK", BenchInstruments.AltTable, 0.001m, 0.01m, PositionSide.Short, 5_000m, 14m, 14.2m, 20m),
        new("LTCUSDT", "LTC", BenchInstruments.AltTable, 0.01m, 0.001m, PositionSide.Long, 500m, 80m, 79m, 20m),
        new("BTCUSDT", "BTC", BinanceUsdmTiers.BtcUsdt, 0.1m, 0.001m, PositionSide.Long, 20m, 60_000m, 59_500m, 20m),
    ];

    private Account _account = null!;
    private Position _target = null!;
    private Dictionary<string, decimal> _marks = null!;
    private FrozenDictionary<string, decimal> _frozenMarks = null!;
    private MarginModel _model = null!;
    private CrossMarginContext _context;

    [GlobalSetup]
    public void Setup()
    {
        _model = MarginModel.Binance;
        _account = Account.Create("USDT", 200_000m);
        _marks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (PositionSpec s in s_specs)
        {
            Instrument instrument = Instrument.Linear(s.Symbol, s.Base, "USDT", s.Tiers, s.TickSize, s.LotSize);
            Position position = Position.Open(instrument, s.Side, s.Size, s.Entry, MarginMode.Cross, s.Leverage);
            _account = _account.WithPosition(position);
            _marks.Add(s.Symbol, s.Mark);
            _target = position;
        }

        _frozenMarks = _marks.ToFrozenDictionary(StringComparer.Ordinal);

        decimal otherMm = 0m, otherUpnl = 0m;
        foreach (PositionMargin row in AccountMargin.Calculate(_account, _marks).Positions)
        {
            if (!ReferenceEquals(row.Position, _target))
            {
                otherMm += row.MaintenanceMargin;
                otherUpnl += row.UnrealizedPnl;
            }
        }

        _context = new CrossMarginContext(_account.WalletBalance, otherMm, otherUpnl);

        LiquidationEstimate expected = ForPosition_Dictionary();
        if (expected.Status != LiquidationPriceStatus.Exists)
        {
            throw new InvalidOperationException($"The target position has no liquidation price ({expected.Status}).");
        }

        if (ForPosition_FrozenDictionary() != expected || Cross_PrecomputedContext() != expected)
        {
            throw new InvalidOperationException("ForPosition and Cross with the precomputed context disagree.");
        }
    }

    [Benchmark(Baseline = true)]
    public LiquidationEstimate ForPosition_Dictionary() =>
        LiquidationPriceSolver.ForPosition(_account, _target, _marks, _model);

    [Benchmark]
    public LiquidationEstimate ForPosition_FrozenDictionary() =>
        LiquidationPriceSolver.ForPosition(_account, _target, _frozenMarks, _model);

    [Benchmark]
    public LiquidationEstimate Cross_PrecomputedContext() =>
        LiquidationPriceSolver.Cross(_target.Instrument, _target.Side, _target.Size, _target.EntryPrice, _context, _model);

    private sealed record PositionSpec(
        string Symbol, string Base, RiskTierTable Tiers, decimal TickSize, decimal LotSize,
        PositionSide Side, decimal Size, decimal Entry, decimal Mark, decimal Leverage);
}
