using System.Numerics;

namespace LiquidationSim.Benchmarks.DeFi;

/// <summary>
/// The rejected candidate representation: a uint256 as a <see cref="BigInteger"/> with explicit range checks after
/// each step, with the same semantics as the shipped <c>UInt256</c> functions (Aave's half-up wadMul / rayMul /
/// rayDiv, reverting when the rounded numerator reaches 2^256; 512-bit mulDiv). Kept here only to be measured.
/// </summary>
internal static class BigIntegerFixedPoint
{
    public static readonly BigInteger Limit = BigInteger.One << 256;
    public static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    public static readonly BigInteger Ray = BigInteger.Pow(10, 27);
    private static readonly BigInteger s_halfWad = Wad / 2;
    private static readonly BigInteger s_halfRay = Ray / 2;

    public static BigInteger WadMul(BigInteger a, BigInteger b) => Check((a * b) + s_halfWad) / Wad;

    public static BigInteger RayMul(BigInteger a, BigInteger b) => Check((a * b) + s_halfRay) / Ray;

    public static BigInteger RayDiv(BigInteger a, BigInteger b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException();
        }

        return Check((a * Ray) + (b / 2)) / b;
    }

    public static BigInteger MulDiv(BigInteger x, BigInteger y, BigInteger d)
    {
        if (d.IsZero)
        {
            throw new DivideByZeroException();
        }

        return Check(x * y / d);
    }

    private static BigInteger Check(BigInteger value) =>
        value.Sign < 0 || value >= Limit ? throw new OverflowException("The result does not fit in uint256.") : value;
}
