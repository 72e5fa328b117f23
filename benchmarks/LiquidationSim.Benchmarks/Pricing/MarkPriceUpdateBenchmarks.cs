using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Pricing;

namespace LiquidationSim.Benchmarks.Pricing;

/// <summary>
/// One mark-price update as a venue computes it every few seconds: the index over 10 spot sources (outlier and
/// staleness rules), then Binance's median-of-three mark with a 60-sample basis window. Target: at most 1 µs and
/// no allocation.
/// </summary>
/// <remarks>
/// The quotes cycle through 64 pre-generated snapshots (one source is a 6% outlier in every eighth snapshot, so
/// both index paths run); the clock advances 5 s per update, as Binance samples the basis.
/// </remarks>
[MemoryDiagnoser]
public class MarkPriceUpdateBenchmarks
{
    private const int Snapshots = 64;
    private readonly SourceQuote[][] _quotes = new SourceQuote[Snapshots][];
    private readonly decimal[] _bids = new decimal[Snapshots];
    private IndexPriceCalculator _index = null!;
    private BinanceMarkPrice _mark = null!;
    private DateTimeOffset _now;
    private int _i;
    private decimal _lastIndex;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new SplitMix64(20261121);
        var sources = new IndexSource[10];
        for (int s = 0; s < sources.Length; s++)
        {
            sources[s] = new IndexSource("venue" + s, 1m + (s % 3));
        }

        _index = new IndexPriceCalculator(sources, IndexPriceRules.Binance);
        _mark = new BinanceMarkPrice(basisWindow: 60);
        _now = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        for (int n = 0; n < Snapshots; n++)
        {
            var quotes = new SourceQuote[sources.Length];
            for (int s = 0; s < quotes.Length; s++)
            {
                decimal noise = (rng.NextUnit() - 0.5m) * 20m;
                decimal price = Math.Round(60_000m + noise + (n % 8 == 0 && s == 3 ? 3_600m : 0m), 2);
                quotes[s] = new SourceQuote(price, DateTimeOffset.MinValue);
            }

            _quotes[n] = quotes;
            _bids[n] = Math.Round(60_000m + ((rng.NextUnit() - 0.5m) * 30m), 1);
        }

        _lastIndex = 60_000m;
    }

    [Benchmark]
    public decimal IndexAndBinanceMark()
    {
        int n = _i++ & (Snapshots - 1);
        _now = _now.AddSeconds(5);
        SourceQuote[] quotes = _quotes[n];
        for (int s = 0; s < quotes.Length; s++)
        {
            quotes[s] = quotes[s] with { Time = _now };
        }

        IndexPriceResult index = _index.Calculate(quotes, _now, _lastIndex);
        _lastIndex = index.Price;
        decimal bid = _bids[n];
        var inputs = new MarkPriceInputs
        {
            Time = _now,
            IndexPrice = index.Price,
            LastPrice = bid + 0.5m,
            BestBid = bid,
            BestAsk = bid + 0.1m,
            FundingRate = 0.0001m,
            TimeToFunding = TimeSpan.FromHours(3),
            FundingInterval = TimeSpan.FromHours(8),
        };
        return _mark.Update(inputs);
    }
}
