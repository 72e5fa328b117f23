using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Benchmarks.Margin;

/// <summary>
/// Maintenance margin of 1,000,000 BTCUSDT positions (Binance's 12 brackets), from sizes and mark prices held in
/// arrays. <c>OperationsPerInvoke</c> is the position count, so each row reads as nanoseconds per position.
/// </summary>
/// <remarks>
/// <para>
/// Inputs come from <see cref="SplitMix64"/> with a fixed seed and exact decimal arithmetic, so they are identical
/// on every run and machine. Notionals are spread over the brackets the way an exchange's book is (most positions
/// small): 45% in bracket 1, 25% in 2, 15% in 3, 8% in 4, 4% in 5, 1% each in 6 and 7, 1% across 8–12; marks are
/// 50,000–70,000 on a 0.1 tick; sizes are whole lots of 0.001.
/// </para>
/// <para>
/// Each row sums the margins (one decimal addition per position is part of the figure) and
/// <see cref="Setup"/> checks that all rows produce the same sum.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class MaintenanceMarginBenchmarks
{
    private const int Positions = 1_000_000;

    private Instrument _btc = null!;
    private RiskTierTable _tiers = null!;
    private decimal[] _sizes = null!;
    private decimal[] _marks = null!;
    private decimal[] _notionals = null!;

    [GlobalSetup]
    public void Setup()
    {
        _btc = BenchInstruments.BtcUsdt();
        _tiers = _btc.RiskTiers;
        _sizes = new decimal[Positions];
        _marks = new decimal[Positions];
        _notionals = new decimal[Positions];

        var rng = new SplitMix64(0x4C49_5155_4944_4154UL);
        var tiers = _tiers.Tiers;
        for (int i = 0; i < Positions; i++)
        {
            int bracket = PickBracket(ref rng);
            RiskTier tier = tiers[bracket];
            decimal cap = tier.NotionalCap == decimal.MaxValue ? tier.NotionalFloor * 2m : tier.NotionalCap;
            decimal notional = tier.NotionalFloor + ((cap - tier.NotionalFloor) * rng.NextUnit());
            decimal mark = 50_000m + (rng.NextInt(200_000) * 0.1m);
            decimal size = Math.Max(0.001m, Math.Round(notional / mark, 3, MidpointRounding.ToZero));
            _sizes[i] = size;
            _marks[i] = mark;
            _notionals[i] = _btc.Notional(size, mark);
        }

        decimal expected = MarginMath_MaintenanceMargin();
        if (RiskTierTable_MaintenanceMargin() != expected || Internal_Unchecked() != expected)
        {
            throw new InvalidOperationException("The maintenance-margin rows disagree.");
        }
    }

    /// <summary>The public per-position call: validates size and price, computes the notional, finds the bracket.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Positions)]
    public decimal MarginMath_MaintenanceMargin()
    {
        Instrument btc = _btc;
        decimal[] sizes = _sizes, marks = _marks;
        decimal sum = 0m;
        for (int i = 0; i < sizes.Length; i++)
        {
            sum += MarginMath.MaintenanceMargin(btc, sizes[i], marks[i]);
        }

        return sum;
    }

    /// <summary>The public table lookup on notionals already computed: bracket search and one multiply-subtract.</summary>
    [Benchmark(OperationsPerInvoke = Positions)]
    public decimal RiskTierTable_MaintenanceMargin()
    {
        RiskTierTable tiers = _tiers;
        decimal[] notionals = _notionals;
        decimal sum = 0m;
        for (int i = 0; i < notionals.Length; i++)
        {
            sum += tiers.MaintenanceMargin(notionals[i]);
        }

        return sum;
    }

    /// <summary>What the library does in bulk (<c>AccountMargin.Calculate</c>): the unchecked notional and bracket lookup.</summary>
    [Benchmark(OperationsPerInvoke = Positions)]
    public decimal Internal_Unchecked()
    {
        Instrument btc = _btc;
        RiskTierTable tiers = _tiers;
        decimal[] sizes = _sizes, marks = _marks;
        decimal sum = 0m;
        for (int i = 0; i < sizes.Length; i++)
        {
            sum += tiers.MaintenanceMarginUnchecked(btc.NotionalUnchecked(sizes[i], marks[i]));
        }

        return sum;
    }

    private static int PickBracket(ref SplitMix64 rng)
    {
        int p = rng.NextInt(100);
        return p switch
        {
            < 45 => 0,
            < 70 => 1,
            < 85 => 2,
            < 93 => 3,
            < 97 => 4,
            97 => 5,
            98 => 6,
            _ => 7 + rng.NextInt(5),
        };
    }
}
