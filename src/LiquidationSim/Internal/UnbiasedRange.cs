namespace LiquidationSim.Internal;

/// <summary>A source of uniformly distributed 64-bit values (the library's seeded generators).</summary>
internal interface IRandomSource
{
    /// <summary>The next 64 uniformly distributed bits.</summary>
    ulong NextUInt64();
}

/// <summary>Uniform integers in a range without modulo bias, shared by the library's generators.</summary>
internal static class UnbiasedRange
{
    /// <summary>
    /// A uniformly distributed integer in [0, <paramref name="bound"/>). Lemire's multiply-and-shift ("Fast random
    /// integer generation in an interval", ACM TOMACS 2019) takes the high half of <c>next × bound</c>, and redraws in
    /// the rare case the low half falls in the short stretch that would over-represent some results.
    /// </summary>
    /// <param name="source">The generator; passed by reference so a struct generator advances in place.</param>
    /// <param name="bound">Exclusive upper bound; positive.</param>
    public static ulong Below<T>(ref T source, ulong bound)
        where T : IRandomSource
    {
        if (bound == 0UL)
        {
            ThrowHelper.OutOfRange(nameof(bound), bound, "must be greater than zero");
        }

        ulong high = Math.BigMul(source.NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            // 2⁶⁴ mod bound: the number of low halves that must be rejected for every result to be equally likely.
            ulong threshold = unchecked(0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(source.NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
