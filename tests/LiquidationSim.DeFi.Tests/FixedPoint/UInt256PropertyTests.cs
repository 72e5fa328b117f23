using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Tests.Support;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>
/// <see cref="UInt256"/> against <see cref="BigInteger"/> as the oracle: every result equals BigInteger's, and an
/// operation throws exactly when BigInteger's result is outside [0, 2^256) or the divisor is zero.
/// </summary>
public sealed class UInt256PropertyTests
{
    private const int Cases = 3_000;

    private static readonly BigInteger Limit = UInt256Gen.TwoTo256;

    [CiProperty(MaxTest = Cases)]
    public Property Add_subtract_and_multiply_agree_with_BigInteger() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        Expect(() => v[0] + v[1], a + b);
        Expect(() => v[0] - v[1], a - b);
        Expect(() => v[0] * v[1], a * b);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Divide_and_modulo_agree_with_BigInteger() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        if (b.IsZero)
        {
            FluentActions.Invoking(() => v[0] / v[1]).Should().Throw<DivideByZeroException>();
            FluentActions.Invoking(() => v[0] % v[1]).Should().Throw<DivideByZeroException>();
            return;
        }

        ((BigInteger)(v[0] / v[1])).Should().Be(a / b);
        ((BigInteger)(v[0] % v[1])).Should().Be(a % b);
    });

    [CiProperty(MaxTest = Cases)]
    public Property MulDiv_floor_and_ceiling_agree_with_BigInteger() => Run(v =>
    {
        BigInteger a = v[0], b = v[1], d = v[2];
        if (d.IsZero)
        {
            FluentActions.Invoking(() => FullMath.MulDiv(v[0], v[1], v[2])).Should().Throw<DivideByZeroException>();
            FluentActions.Invoking(() => FullMath.MulDivRoundingUp(v[0], v[1], v[2])).Should().Throw<DivideByZeroException>();
            return;
        }

        BigInteger floor = BigInteger.DivRem(a * b, d, out BigInteger remainder);
        Expect(() => FullMath.MulDiv(v[0], v[1], v[2]), floor);
        Expect(() => FullMath.MulDivRoundingUp(v[0], v[1], v[2]), remainder.IsZero ? floor : floor + 1);
    });

    /// <summary>A divisor near the product keeps most quotients in range, exercising the 512-bit division itself.</summary>
    [CiProperty(MaxTest = Cases)]
    public Property MulDiv_with_a_large_divisor_agrees_with_BigInteger() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        BigInteger product = a * b;
        BigInteger d = (product >> 200) | v[2];
        if (d.IsZero || d >= Limit)
        {
            return;
        }

        Expect(() => FullMath.MulDiv(v[0], v[1], (UInt256)d), product / d);
    });

    /// <summary>
    /// Operands made of extreme 32-bit digits (0, 1, 2^31 − 1, 2^31, 2^32 − 2, 2^32 − 1) hit the rare branches of
    /// Knuth's division — the quotient-digit correction and the add-back step — that uniform operands almost never
    /// reach; the Hacker's Delight case <c>0x7fffffff_80000000_00000000_00000000 / 0x80000000_00000000_00000001</c>
    /// needed the add-back at 32-bit digit width.
    /// </summary>
    [Fact]
    public void Division_on_extreme_digit_patterns_agrees_with_BigInteger()
    {
        Gen<BigInteger> digits =
            from count in Gen.Choose(1, 8)
            from ds in Gen.ArrayOf(Gen.Elements(0u, 1u, 0x7fff_ffffu, 0x8000_0000u, 0xffff_fffeu, 0xffff_ffffu), count)
            select ds.Aggregate(BigInteger.Zero, (acc, d) => (acc << 32) | d);
        Gen<BigInteger[]> operands = Gen.ArrayOf(digits, 3);
        Check.One(PropertyConfig.For(Cases), Prop.ForAll(operands.ToArbitrary(), v =>
        {
            if (v[1].IsZero || v[2].IsZero)
            {
                return;
            }

            ((BigInteger)((UInt256)v[0] / (UInt256)v[1])).Should().Be(v[0] / v[1]);
            ((BigInteger)((UInt256)v[0] % (UInt256)v[1])).Should().Be(v[0] % v[1]);
            Expect(() => FullMath.MulDiv((UInt256)v[0], (UInt256)v[1], (UInt256)v[2]), v[0] * v[1] / v[2]);
        }));

        // The division works on 64-bit limbs, where that case no longer needs the add-back; these three do (found by
        // emulating algorithm D's quotient estimate on extreme-digit operands).
        foreach ((string u, string d) in new[]
        {
            ("7fffffff800000000000000000000000", "0800000000000000000000001"),
            ("080000000fffffffe00000001800000007fffffff80000000", "080000000fffffffe0000000180000000fffffffe"),
            ("0ffffffff7fffffffffffffff7fffffff0000000100000001", "0ffffffff7fffffffffffffff7fffffffffffffff"),
            ("7fffffff00000000fffffffefffffffffffffffe8000000000000000", "7fffffff00000000fffffffefffffffffffffffffffffffe"),
        })
        {
            BigInteger a = Hex(u), b = Hex(d);
            ((BigInteger)((UInt256)a / (UInt256)b)).Should().Be(a / b);
            ((BigInteger)((UInt256)a % (UInt256)b)).Should().Be(a % b);
        }

        static BigInteger Hex(string s) => BigInteger.Parse(s, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }

    [CiProperty(MaxTest = Cases)]
    public Property Comparison_and_equality_agree_with_BigInteger() => Run(v =>
    {
        BigInteger a = v[0], b = v[1];
        Math.Sign(v[0].CompareTo(v[1])).Should().Be(a.CompareTo(b) switch { < 0 => -1, 0 => 0, _ => 1 });
        (v[0] == v[1]).Should().Be(a == b);
        (v[0] < v[1]).Should().Be(a < b);
        (v[0].GetHashCode() == v[1].GetHashCode() || v[0] != v[1]).Should().BeTrue();
    });

    [CiProperty(MaxTest = Cases)]
    public Property Format_and_parse_round_trip() => Run(v =>
    {
        string text = v[0].ToString();
        text.Should().Be(((BigInteger)v[0]).ToString(System.Globalization.CultureInfo.InvariantCulture));
        UInt256.Parse(text).Should().Be(v[0]);
        UInt256.TryParse("000" + text, out UInt256 padded).Should().BeTrue();
        padded.Should().Be(v[0]);
        ((UInt256)(BigInteger)v[0]).Should().Be(v[0]);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Parse_overflows_exactly_at_two_to_the_256() => Run(v =>
    {
        BigInteger above = Limit + (BigInteger)v[0];
        string text = above.ToString(System.Globalization.CultureInfo.InvariantCulture);
        FluentActions.Invoking(() => UInt256.Parse(text)).Should().Throw<OverflowException>();
        UInt256.TryParse(text, out _).Should().BeFalse();
    });

    [CiProperty(MaxTest = Cases)]
    public Property Decimal_conversion_is_exact_and_round_trips_below_two_to_the_256()
    {
        Gen<(decimal Value, int Scale)> cases =
            from lo in Gen.Choose(0, int.MaxValue)
            from mid in Gen.Choose(0, int.MaxValue)
            from hi in Gen.Choose(0, int.MaxValue)
            from digits in Gen.Choose(0, 28)
            from extra in Gen.Choose(0, 49)
            let value = new decimal(lo, mid, hi >> (hi % 31), isNegative: false, (byte)digits)
            select (value, digits + extra);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            BigInteger exact = Scaled(c.Value, c.Scale);
            Expect(() => UInt256.FromDecimal(c.Value, c.Scale), exact);
            if (exact < Limit)
            {
                UInt256.FromDecimal(c.Value, c.Scale).ToDecimal(c.Scale).Should().Be(c.Value);
            }
        });
    }

    internal static Property Run(Action<UInt256[]> property) =>
        Prop.ForAll(UInt256Gen.Triple, property);

    /// <summary>The call returns <paramref name="exact"/> when it is in range, and throws <see cref="OverflowException"/> otherwise.</summary>
    internal static void Expect(Func<UInt256> call, BigInteger exact)
    {
        if (exact.Sign < 0 || exact >= Limit)
        {
            FluentActions.Invoking(call).Should().Throw<OverflowException>();
        }
        else
        {
            ((BigInteger)call()).Should().Be(exact);
        }
    }

    private static BigInteger Scaled(decimal value, int scale)
    {
        int[] bits = decimal.GetBits(value);
        var mantissa = new BigInteger(new decimal(bits[0], bits[1], bits[2], false, 0));
        int decimals = (bits[3] >> 16) & 0xFF;
        return mantissa * BigInteger.Pow(10, scale - decimals);
    }
}
