namespace LiquidationSim.Benchmarks.Support;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014; the seeding generator of xoshiro): a tiny generator whose sequence is
/// fixed by its seed on every runtime and machine, unlike <see cref="System.Random"/>. Used only to build inputs.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>); the modulo bias is irrelevant for benchmark inputs.</summary>
    public int NextInt(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>Uniform in [0, 1) with 53 bits, as an exact decimal (no floating point).</summary>
    public decimal NextUnit() => (Next() >> 11) / 9_007_199_254_740_992m;
}
