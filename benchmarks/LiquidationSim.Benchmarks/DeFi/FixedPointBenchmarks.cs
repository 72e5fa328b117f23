using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.Benchmarks.DeFi;

/// <summary>
/// The choice of representation for <see cref="UInt256"/>: four 64-bit limbs (shipped) against a
/// <see cref="BigInteger"/> wrapper with range checks (<see cref="BigIntegerFixedPoint"/>, the baseline of each
/// category), on the operations a lending simulation runs per account per step: Aave's wadMul (health factor),
/// rayMul and rayDiv (balances × indices) and a 512-bit mulDiv (a product beyond 256 bits, a result within).
/// </summary>
/// <remarks>
/// Operands cycle through 64 fixed sets drawn with SplitMix64: wads of 1 to 10^9 tokens, ray indices in [1, 2),
/// mulDiv operands of about 2^200 × 2^100 / 2^80. The setup checks that both candidates agree on every set.
/// Run: <c>dotnet run -c Release --project benchmarks/LiquidationSim.Benchmarks -- --filter '*FixedPoint*' --job Short</c>.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FixedPointBenchmarks
{
    private const int Sets = 64;

    private readonly UInt256[] _wadA = new UInt256[Sets];
    private readonly UInt256[] _wadB = new UInt256[Sets];
    private readonly UInt256[] _rayA = new UInt256[Sets];
    private readonly UInt256[] _rayB = new UInt256[Sets];
    private readonly UInt256[] _x = new UInt256[Sets];
    private readonly UInt256[] _y = new UInt256[Sets];
    private readonly UInt256[] _d = new UInt256[Sets];
    private readonly BigInteger[] _bigWadA = new BigInteger[Sets];
    private readonly BigInteger[] _bigWadB = new BigInteger[Sets];
    private readonly BigInteger[] _bigRayA = new BigInteger[Sets];
    private readonly BigInteger[] _bigRayB = new BigInteger[Sets];
    private readonly BigInteger[] _bigX = new BigInteger[Sets];
    private readonly BigInteger[] _bigY = new BigInteger[Sets];
    private readonly BigInteger[] _bigD = new BigInteger[Sets];
    private int _i;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(20261121UL);
        for (int n = 0; n < Sets; n++)
        {
            // An amount of 1 to 1e9 tokens in wad, a price or factor in wad, a balance in ray and an index in [1, 2) ray.
            _bigWadA[n] = Bits(ref random, 60) * 1_000_000_000 + BigInteger.Pow(10, 18);
            _bigWadB[n] = Bits(ref random, 62);
            _bigRayA[n] = Bits(ref random, 120);
            _bigRayB[n] = BigIntegerFixedPoint.Ray + (Bits(ref random, 89) % BigIntegerFixedPoint.Ray);
            _bigX[n] = Bits(ref random, 200);
            _bigY[n] = Bits(ref random, 100);
            _bigD[n] = Bits(ref random, 80) | (BigInteger.One << 79);

            _wadA[n] = (UInt256)_bigWadA[n];
            _wadB[n] = (UInt256)_bigWadB[n];
            _rayA[n] = (UInt256)_bigRayA[n];
            _rayB[n] = (UInt256)_bigRayB[n];
            _x[n] = (UInt256)_bigX[n];
            _y[n] = (UInt256)_bigY[n];
            _d[n] = (UInt256)_bigD[n];

            Agree(WadRayMath.WadMul(_wadA[n], _wadB[n]), BigIntegerFixedPoint.WadMul(_bigWadA[n], _bigWadB[n]), "wadMul");
            Agree(WadRayMath.RayMul(_rayA[n], _rayB[n]), BigIntegerFixedPoint.RayMul(_bigRayA[n], _bigRayB[n]), "rayMul");
            Agree(WadRayMath.RayDiv(_rayA[n], _rayB[n]), BigIntegerFixedPoint.RayDiv(_bigRayA[n], _bigRayB[n]), "rayDiv");
            Agree(FullMath.MulDiv(_x[n], _y[n], _d[n]), BigIntegerFixedPoint.MulDiv(_bigX[n], _bigY[n], _bigD[n]), "mulDiv");
            if (_bigX[n] * _bigY[n] < BigIntegerFixedPoint.Limit)
            {
                throw new InvalidOperationException("The mulDiv operands must need the 512-bit intermediate.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("wadMul")]
    public BigInteger WadMul_BigInteger()
    {
        int n = Next();
        return BigIntegerFixedPoint.WadMul(_bigWadA[n], _bigWadB[n]);
    }

    [Benchmark]
    [BenchmarkCategory("wadMul")]
    public UInt256 WadMul_Limbs()
    {
        int n = Next();
        return WadRayMath.WadMul(_wadA[n], _wadB[n]);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("rayMul")]
    public BigInteger RayMul_BigInteger()
    {
        int n = Next();
        return BigIntegerFixedPoint.RayMul(_bigRayA[n], _bigRayB[n]);
    }

    [Benchmark]
    [BenchmarkCategory("rayMul")]
    public UInt256 RayMul_Limbs()
    {
        int n = Next();
        return WadRayMath.RayMul(_rayA[n], _rayB[n]);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("rayDiv")]
    public BigInteger RayDiv_BigInteger()
    {
        int n = Next();
        return BigIntegerFixedPoint.RayDiv(_bigRayA[n], _bigRayB[n]);
    }

    [Benchmark]
    [BenchmarkCategory("rayDiv")]
    public UInt256 RayDiv_Limbs()
    {
        int n = Next();
        return WadRayMath.RayDiv(_rayA[n], _rayB[n]);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("mulDiv")]
    public BigInteger MulDiv_BigInteger()
    {
        int n = Next();
        return BigIntegerFixedPoint.MulDiv(_bigX[n], _bigY[n], _bigD[n]);
    }

    [Benchmark]
    [BenchmarkCategory("mulDiv")]
    public UInt256 MulDiv_Limbs()
    {
        int n = Next();
        return FullMath.MulDiv(_x[n], _y[n], _d[n]);
    }

    private int Next() => unchecked(_i++) & (Sets - 1);

    private static BigInteger Bits(ref SplitMix64 random, int bits)
    {
        BigInteger value = BigInteger.Zero;
        for (int b = 0; b < bits; b += 64)
        {
            value = (value << 64) | random.Next();
        }

        return value & ((BigInteger.One << bits) - 1);
    }

    private static void Agree(UInt256 limbs, BigInteger big, string operation)
    {
        if ((BigInteger)limbs != big)
        {
            throw new InvalidOperationException($"{operation}: limbs gave {limbs}, BigInteger gave {big}.");
        }
    }
}
