using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Tests.Support;
using static LiquidationSim.DeFi.Tests.FixedPoint.UInt256PropertyTests;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>
/// The protocol functions against their Solidity formulas evaluated on <see cref="BigInteger"/> (the fuzz tests of
/// <c>WadRayMath.t.sol</c> and <c>PercentageMath.t.sol</c>, as properties), and the relations between the roundings:
/// ceil − floor ∈ {0, 1}, half-up ∈ {floor, ceil}.
/// </summary>
public sealed class RoundingPropertyTests
{
    private static readonly BigInteger Max = UInt256Gen.TwoTo256 - 1;
    private static readonly BigInteger Wad = BigInteger.Pow(10, 18);
    private static readonly BigInteger Ray = BigInteger.Pow(10, 27);
    private const int Percent = 10_000;

    [Fact]
    public void Aave_half_up_functions_match_the_fuzz_tests() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        HalfUpMul(() => WadRayMath.WadMul(v[0], v[1]), a, b, Wad);
        HalfUpMul(() => WadRayMath.RayMul(v[0], v[1]), a, b, Ray);
        HalfUpMul(() => PercentageMath.PercentMul(v[0], v[1]), a, b, Percent);
        HalfUpDiv(() => WadRayMath.WadDiv(v[0], v[1]), a, b, Wad);
        HalfUpDiv(() => WadRayMath.RayDiv(v[0], v[1]), a, b, Ray);
        HalfUpDiv(() => PercentageMath.PercentDiv(v[0], v[1]), a, b, Percent);
    });

    [Fact]
    public void Aave_floor_and_ceil_functions_match_their_formulas() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        DirectedMul(() => WadRayMath.RayMulFloor(v[0], v[1]), () => WadRayMath.RayMulCeil(v[0], v[1]), a, b, Ray);
        DirectedMul(() => PercentageMath.PercentMulFloor(v[0], v[1]), () => PercentageMath.PercentMulCeil(v[0], v[1]), a, b, Percent);
        DirectedMul(() => AaveMathUtils.MulDivCeil(v[0], v[1], v[2]), () => AaveMathUtils.MulDivCeil(v[0], v[1], v[2]), a, b, v[2], floorIsCeil: true);
        DirectedDiv(() => WadRayMath.RayDivFloor(v[0], v[1]), () => WadRayMath.RayDivCeil(v[0], v[1]), a, b, Ray);
        DirectedDiv(() => PercentageMath.PercentDivFloor(v[0], v[1]), () => PercentageMath.PercentDivCeil(v[0], v[1]), a, b, Percent);
    });

    [Fact]
    public void Ceil_minus_floor_is_zero_or_one_and_half_up_is_one_of_them() => Run(v =>
    {
        // Keep the products (plus the half) in range so that every variant returns: a·b < max/4.
        UInt256 b = v[1] / 2UL;
        UInt256 a = v[0] / 4UL / (UInt256.One + b);
        Relate(WadRayMath.RayMulFloor(a, b), WadRayMath.RayMulCeil(a, b), WadRayMath.RayMul(a, b));
        Relate(PercentageMath.PercentMulFloor(a, b), PercentageMath.PercentMulCeil(a, b), PercentageMath.PercentMul(a, b));
        Relate(FullMath.MulDiv(a, b, WadRayMath.Wad), FullMath.MulDivRoundingUp(a, b, WadRayMath.Wad), WadRayMath.WadMul(a, b));

        if (!b.IsZero)
        {
            UInt256 n = v[0] / (UInt256.Pow10(27) * 2UL);
            Relate(WadRayMath.RayDivFloor(n, b), WadRayMath.RayDivCeil(n, b), WadRayMath.RayDiv(n, b));
            Relate(PercentageMath.PercentDivFloor(n, b), PercentageMath.PercentDivCeil(n, b), PercentageMath.PercentDiv(n, b));
        }

        UInt256 ray = v[0];
        UInt256 wad = WadRayMath.RayToWad(ray);
        BigInteger floor = (BigInteger)ray / 1_000_000_000;
        ((BigInteger)wad - floor).Should().BeInRange(0, 1);
        ((BigInteger)wad).Should().Be(((BigInteger)ray % 1_000_000_000) >= 500_000_000 ? floor + 1 : floor);
    });

    private static void Relate(UInt256 floor, UInt256 ceil, UInt256 halfUp)
    {
        ((BigInteger)ceil - (BigInteger)floor).Should().BeInRange(0, 1);
        halfUp.Should().Match<UInt256>(h => h == floor || h == ceil);
    }

    private static void HalfUpMul(Func<UInt256> call, BigInteger a, BigInteger b, BigInteger unit)
    {
        // test_wadMul_fuzzing: reverts iff b != 0 && a > (max - HALF) / b.
        bool reverts = !b.IsZero && a > (Max - (unit / 2)) / b;
        if (reverts)
        {
            FluentActions.Invoking(call).Should().Throw<OverflowException>();
        }
        else
        {
            ((BigInteger)call()).Should().Be(((a * b) + (unit / 2)) / unit);
        }
    }

    private static void HalfUpDiv(Func<UInt256> call, BigInteger a, BigInteger b, BigInteger unit)
    {
        // test_wadDiv_fuzzing: reverts iff b == 0 || a > (max - b/2) / WAD.
        if (b.IsZero)
        {
            FluentActions.Invoking(call).Should().Throw<DivideByZeroException>();
        }
        else if (a > (Max - (b / 2)) / unit)
        {
            FluentActions.Invoking(call).Should().Throw<OverflowException>();
        }
        else
        {
            ((BigInteger)call()).Should().Be(((a * unit) + (b / 2)) / b);
        }
    }

    private static void DirectedMul(Func<UInt256> floorCall, Func<UInt256> ceilCall, BigInteger a, BigInteger b, BigInteger divisor, bool floorIsCeil = false)
    {
        if (divisor.IsZero)
        {
            FluentActions.Invoking(ceilCall).Should().Throw<DivideByZeroException>();
            return;
        }

        if (a * b > Max)
        {
            FluentActions.Invoking(floorCall).Should().Throw<OverflowException>();
            FluentActions.Invoking(ceilCall).Should().Throw<OverflowException>();
            return;
        }

        BigInteger floor = BigInteger.DivRem(a * b, divisor, out BigInteger remainder);
        BigInteger ceil = remainder.IsZero ? floor : floor + 1;
        ((BigInteger)floorCall()).Should().Be(floorIsCeil ? ceil : floor);
        ((BigInteger)ceilCall()).Should().Be(ceil);
    }

    private static void DirectedDiv(Func<UInt256> floorCall, Func<UInt256> ceilCall, BigInteger a, BigInteger b, BigInteger unit)
    {
        if (b.IsZero)
        {
            FluentActions.Invoking(floorCall).Should().Throw<DivideByZeroException>();
            FluentActions.Invoking(ceilCall).Should().Throw<DivideByZeroException>();
            return;
        }

        if (a * unit > Max)
        {
            FluentActions.Invoking(floorCall).Should().Throw<OverflowException>();
            FluentActions.Invoking(ceilCall).Should().Throw<OverflowException>();
            return;
        }

        BigInteger floor = BigInteger.DivRem(a * unit, b, out BigInteger remainder);
        ((BigInteger)floorCall()).Should().Be(floor);
        ((BigInteger)ceilCall()).Should().Be(remainder.IsZero ? floor : floor + 1);
    }
}
