using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Kernel;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Kernel;

/// <summary>
/// The accuracy the XML docs of <see cref="DecimalMath"/> promise, checked against 40-digit references, then the
/// identities that tie the three functions together, then refusals.
/// </summary>
public class DecimalMathTests
{
    private const decimal ExpRelative = 1e-26m;
    private const decimal LnAbsolute = 1e-26m;
    private const decimal LnRelative = 1e-26m;
    private const decimal SqrtRelative = 1e-28m;
    private const decimal Tiny = 1e-28m;

    public static TheoryData<string, string> ExpCases => DecimalMathReference.Exp;

    public static TheoryData<string, string> LnCases => DecimalMathReference.Ln;

    public static TheoryData<string, string> SqrtCases => DecimalMathReference.Sqrt;

    [Fact]
    public void Exp_of_one_is_e_to_27_significant_digits()
    {
        // e = 2.71828182845904523536028747135266…; decimal holds 28 places, and every one is right.
        DecimalMath.Exp(1m).Should().Be(2.7182818284590452353602874714m);
    }

    [Fact]
    public void Ln_of_two_and_square_root_of_two_are_correct_to_the_last_place()
    {
        DecimalMath.Ln(2m).Should().Be(0.6931471805599453094172321215m);
        DecimalMath.Ln(10m).Should().BeApproximately(2.3025850929940456840179914547m, 1e-27m);
        DecimalMath.Sqrt(2m).Should().BeApproximately(1.4142135623730950488016887242m, 1e-28m);
    }

    [Fact]
    public void Exact_cases_are_exact()
    {
        DecimalMath.Exp(0m).Should().Be(1m);
        DecimalMath.Ln(1m).Should().Be(0m);
        DecimalMath.Sqrt(0m).Should().Be(0m);
        DecimalMath.Sqrt(1m).Should().Be(1m);
        DecimalMath.Sqrt(2.25m).Should().Be(1.5m);
        DecimalMath.Sqrt(1e-28m).Should().Be(1e-14m);
        DecimalMath.Sqrt(144m).Should().Be(12m);
    }

    [Theory]
    [MemberData(nameof(ExpCases))]
    public void Exp_is_within_its_documented_bound(string x, string expected)
    {
        decimal want = DecimalMathReference.Parse(expected);
        DecimalMath.Exp(DecimalMathReference.Parse(x)).Should().BeApproximately(want, (ExpRelative * want) + Tiny);
    }

    [Theory]
    [MemberData(nameof(LnCases))]
    public void Ln_is_within_its_documented_bound(string x, string expected)
    {
        decimal want = DecimalMathReference.Parse(expected);
        decimal actual = DecimalMath.Ln(DecimalMathReference.Parse(x));

        actual.Should().BeApproximately(want, LnAbsolute);
        actual.Should().BeApproximately(want, (LnRelative * Math.Abs(want)) + Tiny);
    }

    [Theory]
    [MemberData(nameof(SqrtCases))]
    public void Sqrt_is_within_its_documented_bound(string x, string expected)
    {
        decimal want = DecimalMathReference.Parse(expected);
        DecimalMath.Sqrt(DecimalMathReference.Parse(x)).Should().BeApproximately(want, (SqrtRelative * want) + Tiny);
    }

    [Fact]
    public void Exp_rounds_to_zero_far_below_the_decimal_range_and_stays_positive_above_it()
    {
        DecimalMath.Exp(-67m).Should().Be(0m);
        DecimalMath.Exp(-1000m).Should().Be(0m);
        DecimalMath.Exp(decimal.MinValue).Should().Be(0m);
        DecimalMath.Exp(-64m).Should().BePositive();
    }

    [Fact]
    public void Exp_of_the_largest_argument_is_close_to_decimal_MaxValue()
    {
        decimal top = DecimalMath.Exp(DecimalMath.MaxExpArgument);

        top.Should().BeApproximately(decimal.MaxValue, decimal.MaxValue * 1e-25m);
    }

    [Fact]
    public void Ln_covers_the_whole_decimal_range()
    {
        DecimalMath.Ln(decimal.MaxValue).Should().BeApproximately(66.54212933375474970405428366m, LnAbsolute);
        DecimalMath.Ln(1e-28m).Should().BeApproximately(-64.47238260383327915250376073m, LnAbsolute);
    }

    [CiProperty(MaxTest = 300)]
    public Property Property_ln_inverts_exp()
    {
        // Below zero, Exp's result carries only 28 decimal places, so ln loses what the tiny result could not keep:
        // an absolute 1e-28 in e^x is a relative 1e-28 / e^x.
        return Check(Gen.Choose(-60_000_000, 60_000_000).Select(n => n / 1_000_000m), x =>
        {
            decimal ex = DecimalMath.Exp(x);
            DecimalMath.Ln(ex).Should().BeApproximately(x, 1e-24m + (Tiny / ex));
        });
    }

    [CiProperty(MaxTest = 300)]
    public Property Property_exp_inverts_ln()
    {
        return Check(PositiveDecimals, x =>
            DecimalMath.Exp(DecimalMath.Ln(x)).Should().BeApproximately(x, x * 1e-24m));
    }

    [CiProperty(MaxTest = 300)]
    public Property Property_exp_turns_sums_into_products()
    {
        Gen<decimal> arg = Gen.Choose(-30_000_000, 30_000_000).Select(n => n / 1_000_000m);
        return Check(Gen.Zip(arg, arg), pair =>
        {
            (decimal a, decimal b) = pair;
            decimal want = DecimalMath.Exp(a + b);
            decimal ea = DecimalMath.Exp(a);
            decimal eb = DecimalMath.Exp(b);

            // Each factor may be off by its own 1e-28 absolute floor, which the other factor scales.
            (ea * eb).Should().BeApproximately(want, (want * 1e-24m) + (Tiny * (1m + ea + eb)));
        });
    }

    [CiProperty(MaxTest = 300)]
    public Property Property_sqrt_squared_gives_back_its_argument()
    {
        return Check(PositiveDecimals, x =>
        {
            decimal root = DecimalMath.Sqrt(x);
            (root * root).Should().BeApproximately(x, (x * 1e-26m) + (2m * root * Tiny));
        });
    }

    [CiProperty(MaxTest = 300)]
    public Property Property_all_three_are_monotone()
    {
        return Check(Gen.Zip(PositiveDecimals, PositiveDecimals), pair =>
        {
            (decimal a, decimal b) = pair.Item1 <= pair.Item2 ? pair : (pair.Item2, pair.Item1);
            DecimalMath.Ln(a).Should().BeLessThanOrEqualTo(DecimalMath.Ln(b));
            DecimalMath.Sqrt(a).Should().BeLessThanOrEqualTo(DecimalMath.Sqrt(b));
            decimal ea = Math.Min(a, 66m);
            decimal eb = Math.Min(b, 66m);
            DecimalMath.Exp(ea).Should().BeLessThanOrEqualTo(DecimalMath.Exp(eb));
            DecimalMath.Exp(-eb).Should().BeLessThanOrEqualTo(DecimalMath.Exp(-ea));
        });
    }

    [Fact]
    public void Exp_above_the_decimal_range_is_refused_not_rounded()
    {
        Action act = () => DecimalMath.Exp(66.6m);

        act.ShouldRefuse("x", "66.6").Which.Should().BeOfType<ArgumentOutOfRangeException>();
        new Action(() => DecimalMath.Exp(decimal.MaxValue)).ShouldRefuse("x", "79228162514264337593543950335");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.0000000000000000000000000001")]
    public void Ln_of_zero_or_a_negative_number_is_refused(string text)
    {
        decimal x = DecimalMathReference.Parse(text);
        new Action(() => DecimalMath.Ln(x)).ShouldRefuse("x", text);
    }

    [Fact]
    public void Sqrt_of_a_negative_number_is_refused()
    {
        new Action(() => DecimalMath.Sqrt(-2m)).ShouldRefuse("x", "-2");
    }

    // Positive decimals spread over the whole range: a 1-to-9-digit mantissa times 10^e, e in [-28, 19].
    private static Gen<decimal> PositiveDecimals =>
        Gen.Zip(Gen.Choose(1, 999_999_999), Gen.Choose(-28, 19)).Select(t => Scale(t.Item1, t.Item2));

    private static decimal Scale(int mantissa, int exponent)
    {
        decimal value = mantissa;
        for (int i = 0; i < Math.Abs(exponent); i++)
        {
            value = exponent > 0 ? value * 10m : value / 10m;
        }

        return value == 0m ? 1e-28m : value;
    }

    private static Property Check<T>(Gen<T> gen, Action<T> property) =>
        Prop.ForAll(gen.ToArbitrary(), property);
}
