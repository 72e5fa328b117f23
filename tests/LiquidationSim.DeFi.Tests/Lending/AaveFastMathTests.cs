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
    /// The 128-bit-quotient form the health-factor scan uses against the four-limb form: the same quotient and
    /// inexactness whenever the quotient is below 2^128, and a refusal exactly when it is not (operands of up to 128
    /// bits, every power of ten up to 10^27, with and without the half-ray addend).
    /// </summary>
    [CiProperty(MaxTest = 20_000)]
    public Property Narrow_quotient_equals_the_four_limb_quotient_or_refuses() =>
        Prop.ForAll(Gen.Two(Operand.Select(x => new UInt256(x.U0, x.U1, 0, 0))).Zip(Gen.Choose(0, 27)).Zip(Gen.Elements(true, false)).ToArbitrary(), t =>
        {
            (((UInt256 a, UInt256 b), int k), bool halfUp) = t;
            ulong addendHigh = halfUp ? AaveFastMath.HalfRayHigh : 0, addendLow = halfUp ? AaveFastMath.HalfRayLow : 0;
            AaveFastMath.MulDivPow10(a.U0, a.U1, b.U0, b.U1, addendHigh, addendLow, k, out ulong q0, out ulong q1, out ulong q2, out ulong q3, out bool inexact);
            bool fits = AaveFastMath.TryMulDivPow10To128(a.U0, a.U1, b.U0, b.U1, addendHigh, addendLow, k, out ulong n0, out ulong n1, out bool narrowInexact);

            fits.Should().Be((q2 | q3) == 0, "the quotient of {0} · {1} / 10^{2} fits 128 bits exactly when its top limbs are zero", a, b, k);
            if (fits)
            {
                (n0, n1, narrowInexact).Should().Be((q0, q1, inexact));
            }
        });

    /// <summary>
    /// Edges of the narrow form: 2^127 · 2^127 = 2^254 divided by 10^18 is shifted left by 4 into the divisor's scale,
    /// which pushes the top limb's bits out entirely (into the first remainder) and leaves the top limb zero; the
    /// quotient, about 2^194, must still be refused. The largest operands refuse for every k; one times a 128-bit
    /// number fits for k = 0.
    /// </summary>
    [Theory]
    [InlineData("170141183460469231731687303715884105728", "170141183460469231731687303715884105728", 18, false)]
    [InlineData("340282366920938463463374607431768211455", "340282366920938463463374607431768211455", 27, false)]
    [InlineData("340282366920938463463374607431768211455", "340282366920938463463374607431768211455", 1, false)]
    [InlineData("340282366920938463463374607431768211455", "1", 0, true)]
    [InlineData("340282366920938463463374607431768211455", "10", 1, true)]
    public void Narrow_quotient_edges(string a, string b, int k, bool fits)
    {
        UInt256 x = Literals.U(a), y = Literals.U(b);
        AaveFastMath.TryMulDivPow10To128(x.U0, x.U1, y.U0, y.U1, 0, 0, k, out ulong q0, out ulong q1, out _).Should().Be(fits);
        if (fits)
        {
            new UInt256(q0, q1, 0, 0).Should().Be(x * y / UInt256.Pow10(k));
        }
    }

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
