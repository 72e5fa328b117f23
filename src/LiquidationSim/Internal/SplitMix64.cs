namespace LiquidationSim.Internal;

/// <summary>
/// SplitMix64, the 64-bit generator of Steele, Lea and Flood ("Fast splittable pseudorandom number generators",
/// OOPSLA 2014), in the form Vigna publishes as the seeding generator for the xoshiro family
/// (<c>prng.di.unimi.it/splitmix64.c</c>): a Weyl sequence with increment 0x9E3779B97F4A7C15 (2⁶⁴ ÷ φ, odd) fed
/// through a variant-13 MurmurHash3 finaliser (shifts 30, 27, 31; multipliers 0xBF58476D1CE4E5B9 and
/// 0x94D049BB133111EB).
/// </summary>
/// <remarks>
/// The library's randomness comes from here rather than <see cref="System.Random"/>, whose sequences are not
/// promised across .NET versions: the same seed gives the same sequence on every runtime, machine and thread count.
/// Every seed is valid, including 0 (the Weyl step moves the state before the first output). The arithmetic is
/// modulo 2⁶⁴ by design, so it runs <see langword="unchecked"/> even though the project checks overflow.
/// A mutable value type: copy it and the copy continues the same sequence independently. Not thread-safe.
/// </remarks>
internal struct SplitMix64 : IRandomSource
{
    /// <summary>2⁶⁴ ÷ φ, the SplitMix64 increment (also the stride between path seeds in <see cref="Kernel.SeededRandom"/>).</summary>
    internal const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    /// <summary>A generator whose first output is the finaliser applied to <paramref name="seed"/> + the increment.</summary>
    /// <param name="seed">Any 64-bit value.</param>
    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong Next()
    {
        unchecked
        {
            _state += Golden;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// A uniformly distributed integer in <c>[0, bound)</c>, without modulo bias: Lemire's multiply-and-shift
    /// ("Fast random integer generation in an interval", ACM TOMACS 2019) takes the high half of
    /// <c>Next() × bound</c>, and redraws in the rare case the low half falls in the short stretch that would
    /// over-represent some results.
    /// </summary>
    /// <param name="bound">Exclusive upper bound; positive.</param>
    public ulong NextBelow(ulong bound) => UnbiasedRange.Below(ref this, bound);

    /// <inheritdoc/>
    ulong IRandomSource.NextUInt64() => Next();
}
