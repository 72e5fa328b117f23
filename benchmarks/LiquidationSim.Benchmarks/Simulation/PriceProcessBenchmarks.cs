using BenchmarkDotNet.Attributes;
using LiquidationSim.Kernel;

namespace LiquidationSim.Benchmarks.Simulation;

/// <summary>
/// The cost of one price-process step, which a Monte Carlo run pays per path per step (1 000 paths × 1 440 steps is
/// 1.44 million of them), and of the <see cref="DecimalMath.Exp"/> inside it. Neither should allocate.
/// </summary>
/// <remarks>
/// The GBM step is a one-minute step at 80% volatility from a price that resets every call, so the benchmark does not
/// wander towards the decimal range limits; it draws one normal (half a Marsaglia polar pair on average: ln and √ every
/// second call), then one √ and one exp. The exp arguments cycle through 64 values spread over [−5, 5].
/// </remarks>
[MemoryDiagnoser]
public class PriceProcessBenchmarks
{
    private const int Arguments = 64;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    private readonly decimal[] _exponents = new decimal[Arguments];
    private GeometricBrownianMotion _gbm = null!;
    private SeededRandom _random = null!;
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        _gbm = new GeometricBrownianMotion(drift: 0.05m, volatility: 0.8m);
        _random = SeededRandom.ForPath(20261121UL, 0);
        var setup = new SeededRandom(1UL);
        for (int n = 0; n < Arguments; n++)
        {
            _exponents[n] = (setup.NextDecimalUnit() * 10m) - 5m;
        }

        // A one-minute step at 80% volatility moves the price by about 0.1%: anything far from it measures something else.
        decimal probe = _gbm.Next(60_000m, TimeSpan.Zero, Step, new SeededRandom(2UL));
        if (probe < 59_000m || probe > 61_000m)
        {
            throw new InvalidOperationException($"A one-minute GBM step from 60000 gave {probe}.");
        }
    }

    [Benchmark]
    public decimal GbmStep() => _gbm.Next(60_000m, TimeSpan.Zero, Step, _random);

    [Benchmark]
    public decimal Exp() => DecimalMath.Exp(_exponents[_i++ & (Arguments - 1)]);
}
