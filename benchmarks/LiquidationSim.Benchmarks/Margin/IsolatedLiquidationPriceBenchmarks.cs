using BenchmarkDotNet.Attributes;
using LiquidationSim.Accounts;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Benchmarks.Margin;

/// <summary>
/// <see cref="LiquidationPriceSolver.Isolated(Instrument, PositionSide, decimal, decimal, decimal, MarginModel)"/> on
/// Binance BTCUSDT's 12-bracket table under <see cref="MarginModel.Binance"/> (bracket solved at the liquidation
/// price). Target: at most 250 ns and no allocation per call.
/// </summary>
/// <remarks>
/// Brackets are numbered as Binance numbers them (bracket 1 is 0–50k USDT, <c>TierIndex</c> 0). Every input is
/// checked in <see cref="Setup"/> to land in the bracket its name says, so a change to the table or the solver that
/// moves it fails the run instead of silently measuring something else.
/// </remarks>
[MemoryDiagnoser]
public class IsolatedLiquidationPriceBenchmarks
{
    private Instrument _btc = null!;
    private MarginModel _model = null!;

    // 1,500 BTC at 60,000 (90M USDT, bracket 6: 70M–100M, 20x) with 20x isolated margin 4.5M.
    // Long liquidates at notional ≈ 87.2M, short at ≈ 92.7M: both in bracket 6 (TierIndex 5), the middle of 12.
    private decimal _bigSize;
    private decimal _bigEntry;
    private decimal _bigMargin;

    // 0.5 BTC at 60,000 (30k USDT) with 20x isolated margin 1,500: liquidates at notional ≈ 28.6k, bracket 1.
    private decimal _smallSize;
    private decimal _smallEntry;
    private decimal _smallMargin;

    [GlobalSetup]
    public void Setup()
    {
        _btc = BenchInstruments.BtcUsdt();
        _model = MarginModel.Binance;
        _bigSize = 1_500m;
        _bigEntry = 60_000m;
        _bigMargin = 4_500_000m;
        _smallSize = 0.5m;
        _smallEntry = 60_000m;
        _smallMargin = 1_500m;

        Expect(nameof(Long_MiddleBracket), Long_MiddleBracket(), tierIndex: 5);
        Expect(nameof(Short_MiddleBracket), Short_MiddleBracket(), tierIndex: 5);
        Expect(nameof(Long_Bracket1), Long_Bracket1(), tierIndex: 0);
    }

    [Benchmark(Baseline = true)]
    public LiquidationEstimate Long_MiddleBracket() =>
        LiquidationPriceSolver.Isolated(_btc, PositionSide.Long, _bigSize, _bigEntry, _bigMargin, _model);

    [Benchmark]
    public LiquidationEstimate Short_MiddleBracket() =>
        LiquidationPriceSolver.Isolated(_btc, PositionSide.Short, _bigSize, _bigEntry, _bigMargin, _model);

    [Benchmark]
    public LiquidationEstimate Long_Bracket1() =>
        LiquidationPriceSolver.Isolated(_btc, PositionSide.Long, _smallSize, _smallEntry, _smallMargin, _model);

    private static void Expect(string name, LiquidationEstimate estimate, int tierIndex)
    {
        if (estimate.Status != LiquidationPriceStatus.Exists || estimate.TierIndex != tierIndex)
        {
            throw new InvalidOperationException(
                $"{name}: expected a liquidation price in TierIndex {tierIndex}, got {estimate.Status} in TierIndex {estimate.TierIndex?.ToString() ?? "none"} ({estimate.LiquidationPrice?.ToString() ?? "no price"}).");
        }
    }
}
