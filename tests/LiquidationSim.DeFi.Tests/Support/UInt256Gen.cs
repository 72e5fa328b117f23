using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Tests.Support;

/// <summary>
/// Random uint256 operands of every size: a bit length drawn uniformly from 0 to 256 and random bits below it, so
/// that products, quotients and sums land on both sides of 2^256; plus the edges (0, 1, powers of two and ten, max).
/// Built through <see cref="BigInteger"/>, the oracle, so a bug in the conversion shows up as a failed property.
/// </summary>
internal static class UInt256Gen
{
    public static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static readonly BigInteger[] s_edges =
    [
        BigInteger.Zero, BigInteger.One, 2, 3, 10, ulong.MaxValue, (BigInteger)ulong.MaxValue + 1, BigInteger.One << 128,
        (BigInteger.One << 128) - 1, BigInteger.One << 255, BigInteger.Pow(10, 18), BigInteger.Pow(10, 27),
        BigInteger.Pow(10, 27) / 2, BigInteger.Pow(10, 45), BigInteger.Pow(10, 77), TwoTo256 - 1, TwoTo256 - 2, 10_000, 5_000,
    ];

    public static readonly Gen<BigInteger> AnyBig = Gen.Frequency(
        (8, from bits in Gen.Choose(0, 256)
            from words in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 9)
            select Mask(words, bits)),
        (1, Gen.Elements(s_edges)));

    public static readonly Gen<UInt256> Any = AnyBig.Select(b => (UInt256)b);

    /// <summary>Three operands at once (FsCheck shrinking is not needed: failures print the operands).</summary>
    public static readonly Arbitrary<UInt256[]> Triple = Gen.ArrayOf(Any, 3).ToArbitrary();

    private static BigInteger Mask(int[] words, int bits)
    {
        BigInteger value = BigInteger.Zero;
        foreach (int w in words)
        {
            value = (value << 31) | w;
        }

        return value & ((BigInteger.One << bits) - 1);
    }
}
