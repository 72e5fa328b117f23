using System.Numerics;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// The library's seeded random number generator: xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 2021; reference code <c>prng.di.unimi.it/xoshiro256starstar.c</c>),
/// with samplers that return <see cref="decimal"/> values computed without <see cref="Math"/> functions.
/// </summary>
/// <remarks>
/// <para>
/// Seeding follows Vigna's recommendation: the four 64-bit state words are the next four outputs of a SplitMix64
/// generator, which can never give the forbidden all-zero state (its output function is a bijection, so four
/// consecutive outputs are distinct). The same seed gives the same sequence on every runtime, machine and thread
/// count, which <see cref="System.Random"/> does not promise.
/// </para>
/// <para>
/// A sealed class rather than a struct: a mutable struct copied by accident (into a local, a closure, a
/// <c>readonly</c> field) silently repeats a stream, which in a Monte Carlo run is a wrong answer, not a crash.
/// Not thread-safe: give each thread, or better each path, its own instance through <see cref="ForPath"/>.
/// </para>
/// </remarks>
public sealed class SeededRandom : IRandomSource
{
    /// <summary>The largest mean <see cref="NextPoisson"/> accepts.</summary>
    public const decimal MaxPoissonMean = 30m;

    // 10¹⁹ < 2⁶⁴: NextDecimalUnit draws an integer below it and sets decimal scale 19, which is exact.
    private const ulong UnitGrid = 10_000_000_000_000_000_000UL;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private decimal _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>A generator whose state is the first four outputs of SplitMix64 seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value, including 0.</param>
    public SeededRandom(ulong seed)
    {
        var mixer = new SplitMix64(seed);
        _s0 = mixer.Next();
        _s1 = mixer.Next();
        _s2 = mixer.Next();
        _s3 = mixer.Next();
    }

    /// <summary>A generator with the given raw state (for reference-vector tests); not all zero.</summary>
    internal SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>
    /// The generator for Monte Carlo path <paramref name="pathIndex"/> under <paramref name="rootSeed"/>, so a path's
    /// draws depend only on (root seed, index) and never on thread count or the order paths run in.
    /// </summary>
    /// <param name="rootSeed">The run's seed; any 64-bit value.</param>
    /// <param name="pathIndex">The path's index; zero or greater.</param>
    /// <returns>A new generator; the same arguments always give the same stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pathIndex"/> is negative.</exception>
    /// <remarks>
    /// The root seed is first scrambled by one SplitMix64 output, <c>b</c>; path <c>i</c>'s state is then outputs
    /// 4i + 1 … 4i + 4 of the SplitMix64 sequence that starts at <c>b</c>, computed directly by starting SplitMix64 at
    /// <c>b + 4i·γ</c> (γ its Weyl increment). Paths therefore take disjoint, consecutive blocks of one SplitMix64
    /// sequence in O(1) each, with no jump polynomial; two root seeds share blocks only if their scrambled values
    /// happen to differ by a small multiple of 4γ, a chance of about (paths ÷ 2⁶⁴). Within a path, xoshiro256**'s
    /// period 2²⁵⁶ − 1 leaves no practical risk of overlap between the streams of different paths.
    /// </remarks>
    public static SeededRandom ForPath(ulong rootSeed, long pathIndex)
    {
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        ulong scrambled = new SplitMix64(rootSeed).Next();
        var mixer = new SplitMix64(unchecked(scrambled + ((ulong)pathIndex * 4UL * SplitMix64.Golden)));
        return new SeededRandom(mixer.Next(), mixer.Next(), mixer.Next(), mixer.Next());
    }

    /// <summary>The next 64 uniformly distributed bits: one step of xoshiro256**.</summary>
    /// <returns>Any 64-bit value, each equally likely over the generator's period.</returns>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong result = BitOperations.RotateLeft(_s1 * 5UL, 7) * 9UL;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    /// <param name="bound">Exclusive upper bound; greater than zero.</param>
    /// <returns>An integer below <paramref name="bound"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is zero.</exception>
    /// <remarks>
    /// Lemire's multiply-and-shift ("Fast random integer generation in an interval", ACM TOMACS 2019): the high half
    /// of <c>NextUInt64() × bound</c>, redrawn in the rare case the low half falls in the short biased stretch.
    /// </remarks>
    public ulong NextBelow(ulong bound)
    {
        SeededRandom self = this;
        return UnbiasedRange.Below(ref self, bound);
    }

    /// <summary>A uniformly distributed decimal in [0, 1) with 19 decimal places.</summary>
    /// <returns>k × 10⁻¹⁹ for an integer k drawn uniformly from [0, 10¹⁹).</returns>
    /// <remarks>
    /// Binary fractions k/2⁵³ or k/2⁶⁴ are not short decimals, so converting them would round. Instead the draw is
    /// an unbiased integer below 10¹⁹ (<see cref="NextBelow"/>, almost always one 64-bit output) given decimal scale
    /// 19: every value is exact, equally likely, and finer than a double's 2⁻⁵³ spacing.
    /// </remarks>
    public decimal NextDecimalUnit()
    {
        ulong k = NextBelow(UnitGrid);
        return new decimal(unchecked((int)(uint)k), unchecked((int)(uint)(k >> 32)), 0, false, 19);
    }

    /// <summary>A standard normal variate (mean 0, variance 1) as a decimal.</summary>
    /// <returns>A draw from N(0, 1).</returns>
    /// <remarks>
    /// Marsaglia's polar method (Marsaglia and Bray, "A convenient method for generating normal variables",
    /// SIAM Review 6, 1964): draw u, v uniform on (−1, 1) until 0 &lt; s = u² + v² &lt; 1, then u·√(−2 ln s / s) and
    /// v·√(−2 ln s / s) are independent standard normals. It needs only ln and √, taken from
    /// <see cref="DecimalMath"/>. The second variate is kept and returned by the next call, so draws come in pairs
    /// and each pair consumes the same outputs whatever the caller does between them.
    /// </remarks>
    public decimal NextStandardNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        decimal u;
        decimal v;
        decimal s;
        do
        {
            u = (2m * NextDecimalUnit()) - 1m;
            v = (2m * NextDecimalUnit()) - 1m;
            s = (u * u) + (v * v);
        }
        while (s >= 1m || s == 0m);

        decimal factor = DecimalMath.Sqrt(-2m * DecimalMath.Ln(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>A Poisson-distributed count with mean <paramref name="lambda"/>.</summary>
    /// <param name="lambda">The mean; from 0 to <see cref="MaxPoissonMean"/>.</param>
    /// <returns>A count k ≥ 0 with probability e^−λ λ^k / k!; always 0 when <paramref name="lambda"/> is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or above <see cref="MaxPoissonMean"/>.</exception>
    /// <remarks>
    /// Knuth's multiplication method (<i>The Art of Computer Programming</i> vol. 2, 3.4.1 F): multiply uniforms until
    /// the product falls to e^−λ or below (<see cref="DecimalMath.Exp"/>). It costs λ + 1 uniforms on average, which
    /// is why the mean is capped: the per-step jump counts of a jump-diffusion are far below the cap.
    /// </remarks>
    public int NextPoisson(decimal lambda)
    {
        if (lambda < 0m || lambda > MaxPoissonMean)
        {
            ThrowHelper.OutOfRange(nameof(lambda), lambda, "must be from 0 to " + MaxPoissonMean.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (lambda == 0m)
        {
            return 0;
        }

        decimal limit = DecimalMath.Exp(-lambda);
        int k = 0;
        decimal product = NextDecimalUnit();
        while (product > limit)
        {
            k++;
            product *= NextDecimalUnit();
        }

        return k;
    }

}
