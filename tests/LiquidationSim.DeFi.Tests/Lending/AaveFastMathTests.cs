using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Tests.Support;

namespace LiquidationSim.DeFi.Tests.Lending;

/// <summary>
/// The health factor's fast paths (<see cref="AaveFastMath"/>) against the FixedPoint functions they stand in for:
/// equal results, and the same exception when the FixedPoint function throws.
/// </summary>
public sealed class AaveFastMathTests
{
    private static readonly Gen<UInt256> Operand = Gen.Frequency(
        (3, UInt256Gen.AnyBig.Select(b => (UInt256)(b & ((BigInteger.One << 128) - 1)))),
        (1, UInt256Gen.Any));

    [CiProperty(MaxTest = 20_000)]
    public Property Fast_paths_equal_the_fixed_point_functions() =>
        Prop.ForAll(Gen.Two(Operand).Zip(Gen.Choose(0, 36)).ToArbitrary(), t =>
        {
            ((UInt256 a, UInt256 b), int decimals) = t;
            UInt256 unit = UInt256.Pow10(decimals);
            Same(() => AaveFastMath.RayMul(a, b), () => WadRayMath.RayMul(a, b));
            Same(() => AaveFastMath.RayMulFloor(a, b), () => WadRayMath.RayMulFloor(a, b));
            Same(() => AaveFastMath.RayMulCeil(a, b), () => WadRayMath.RayMulCeil(a, b));
            Same(() => AaveFastMath.PercentMul(a, b), () => PercentageMath.PercentMul(a, b));
            Same(() => AaveFastMath.MulDivFloor(a, b, decimals, unit), () => a * b / unit);
            Same(() => AaveFastMath.MulDivCeil(a, b, decimals, unit), () => AaveMathUtils.MulDivCeil(a, b, unit));
            Same(() => AaveFastMath.MulSmall(a, b.U0), () => a * b.U0);
            if (!b.IsZero)
            {
                AaveFastMath.Divide(a, b).Should().Be(a / b);
                UInt256 small = a / (UInt256.One + (a / ulong.MaxValue));
                Same(() => AaveFastMath.WadDiv(small, b), () => WadRayMath.WadDiv(small, b));
                Same(() => AaveFastMath.WadDiv(a, b), () => WadRayMath.WadDiv(a, b));
            }
        });

    /// <summary>
    /// The reciprocal division step, plain and in the normalised divisor's scale, against <see cref="UInt128"/>
    /// division: any divisor (the powers of five the fast paths use, and arbitrary ones with every leading-zero count),
    /// any remainder below it, any limb.
    /// </summary>
    [CiProperty(MaxTest = 50_000)]
    public Property Reciprocal_division_steps_equal_the_hardware_quotient_and_remainder()
    {
        Gen<ulong> anyULong = UInt256Gen.Any.Zip(Gen.Choose(0, 63)).Select(t => t.Item1.U0 >> t.Item2);
        Gen<ulong> divisor = Gen.Frequency(
            (1, Gen.Choose(1, 27).Select(k => (ulong)BigInteger.Pow(5, k))),
            (2, anyULong.Where(d => d != 0)),
            (1, Gen.Elements(1UL, 2UL, 3UL, (1UL << 63) - 1, 1UL << 63, ulong.MaxValue)));
        Gen<(ulong, ulong, ulong)> cases = divisor.Zip(anyULong).Zip(UInt256Gen.Any).Select(t => (t.Item1.Item1, t.Item1.Item2, t.Item2.U1));
        return Prop.ForAll(cases.ToArbitrary(), t =>
        {
            (ulong d, ulong high, ulong limb) = t;
            ulong remainder = high % d;
            UInt128 n = ((UInt128)remainder << 64) | limb;
            var step = new InvariantDivisor(d);

            ulong r = remainder;
            ulong q = step.Step(ref r, limb);

            ((UInt128)q).Should().Be(n / d, "quotient of {0} / {1}", n, d);
            r.Should().Be((ulong)(n % d), "remainder of {0} / {1}", n, d);

            // The same step in the normalised divisor's scale (top bit set), with any remainder below it.
            ulong normalized = d << step.Shift;
            ulong scaledRemainder = high % normalized;
            UInt128 scaled = ((UInt128)scaledRemainder << 64) | limb;
            ulong rs = scaledRemainder;
            ulong qs = step.NormalizedStep(ref rs, limb);
            ((UInt128)qs).Should().Be(scaled / normalized, "quotient of {0} / {1}", scaled, normalized);
            rs.Should().Be((ulong)(scaled % normalized), "remainder of {0} / {1}", scaled, normalized);
        });
    }

    [Theory]
    [InlineData("max", "1")]
    [InlineData("340282366920938463463374607431768211455", "340282366920938463463374607431768211455")]
    [InlineData("1", "500000000000000000000000000")]
    [InlineData("0", "0")]
    public void Edges_agree(string a, string b)
    {
        UInt256 x = Literals.U(a), y = Literals.U(b);
        Same(() => AaveFastMath.RayMul(x, y), () => WadRayMath.RayMul(x, y));
        Same(() => AaveFastMath.RayMulCeil(x, y), () => WadRayMath.RayMulCeil(x, y));
        Same(() => AaveFastMath.MulDivCeil(x, y, 18, UInt256.Pow10(18)), () => AaveMathUtils.MulDivCeil(x, y, UInt256.Pow10(18)));
    }

    private static void Same(Func<UInt256> fast, Func<UInt256> reference)
    {
        UInt256 expected;
        try
        {
            expected = reference();
        }
        catch (OverflowException)
        {
            fast.Should().Throw<OverflowException>();
            return;
        }

        fast().Should().Be(expected);
    }
}
