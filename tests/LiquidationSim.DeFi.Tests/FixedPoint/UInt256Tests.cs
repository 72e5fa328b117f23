using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>The value type itself: range, parsing and formatting, conversions and what each refuses.</summary>
public sealed class UInt256Tests
{
    private const string MaxText = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    [Fact]
    public void Range_is_zero_to_two_to_the_256_minus_one()
    {
        default(UInt256).Should().Be(UInt256.Zero);
        UInt256.Zero.IsZero.Should().BeTrue();
        UInt256.MaxValue.ToString().Should().Be(MaxText);
        ((BigInteger)UInt256.MaxValue).Should().Be((BigInteger.One << 256) - 1);
        FluentActions.Invoking(() => UInt256.MaxValue + UInt256.One).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.Zero - UInt256.One).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.One / UInt256.Zero).Should().Throw<DivideByZeroException>();
        FluentActions.Invoking(() => UInt256.One % UInt256.Zero).Should().Throw<DivideByZeroException>();
        (UInt256.MaxValue - UInt256.MaxValue).Should().Be(UInt256.Zero);
        UInt256.Min(3UL, 5UL).Should().Be((UInt256)3UL);
        UInt256.Max(3UL, 5UL).Should().Be((UInt256)5UL);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("007", "7")]
    [InlineData("18446744073709551616", "18446744073709551616")]
    [InlineData("1000000000000000000000000000", "1000000000000000000000000000")]
    [InlineData(MaxText, MaxText)]
    public void Parses_plain_digits_and_formats_without_leading_zeros(string text, string formatted)
    {
        UInt256.Parse(text).ToString().Should().Be(formatted);
        UInt256.TryParse(text, out UInt256 value).Should().BeTrue();
        value.ToString().Should().Be(formatted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("1e18")]
    [InlineData("1_000")]
    [InlineData("1,000")]
    [InlineData("0x10")]
    [InlineData("\uFF11")] // full-width digit one: char.IsDigit says yes, the parser says no
    public void Refuses_anything_but_ASCII_digits(string text)
    {
        FluentActions.Invoking(() => UInt256.Parse(text)).Should().Throw<FormatException>();
        UInt256.TryParse(text, out UInt256 value).Should().BeFalse();
        value.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Parse_refuses_null_and_values_of_two_to_the_256_or_more()
    {
        FluentActions.Invoking(() => UInt256.Parse(null!)).Should().Throw<ArgumentNullException>();
        UInt256.TryParse(null, out _).Should().BeFalse();
        FluentActions.Invoking(() => UInt256.Parse("115792089237316195423570985008687907853269984665640564039457584007913129639936")).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.Parse(MaxText + "0")).Should().Throw<OverflowException>();
    }

    [Fact]
    public void Integer_conversions_are_exact_or_throw()
    {
        ((ulong)(UInt256)ulong.MaxValue).Should().Be(ulong.MaxValue);
        FluentActions.Invoking(() => (ulong)((UInt256)ulong.MaxValue + UInt256.One)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => (UInt256)BigInteger.MinusOne).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => (UInt256)(BigInteger.One << 256)).Should().Throw<OverflowException>();
        ((UInt256)((BigInteger.One << 256) - 1)).Should().Be(UInt256.MaxValue);
        UInt256.Pow10(77).ToString().Should().Be("1" + new string('0', 77));
        FluentActions.Invoking(() => UInt256.Pow10(78)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => UInt256.Pow10(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Equality_ordering_and_hashing_are_by_value()
    {
        UInt256 a = U("1e27"), b = U("1e27");
        a.Equals(b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.Equals("1e27").Should().BeFalse();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.CompareTo(null).Should().Be(1);
        a.CompareTo((object)U("1e28")).Should().Be(-1);
        FluentActions.Invoking(() => a.CompareTo("x")).Should().Throw<ArgumentException>();
        new[] { U("2e40"), UInt256.One, U("1e19"), UInt256.Zero }.Order().Should().Equal(UInt256.Zero, UInt256.One, U("1e19"), U("2e40"));
    }

    [Theory]
    [InlineData("1.5", 18, "1500000000000000000")]
    [InlineData("0", 45, "0")]
    [InlineData("-0", 18, "0")]
    [InlineData("0.000000000000000001", 18, "1")]
    [InlineData("123.456", 45, "123456000000000000000000000000000000000000000000")]
    [InlineData("79228162514264337593543950335", 0, "79228162514264337593543950335")]
    [InlineData("79228162514264337593543950335", 48, "79228162514264337593543950335000000000000000000000000000000000000000000000000")]
    [InlineData("7.9228162514264337593543950335", 28, "79228162514264337593543950335")]
    public void From_decimal_is_exact(string value, int scale, string expected)
    {
        decimal amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        UInt256.FromDecimal(amount, scale).Should().Be(UInt256.Parse(expected));
        UInt256.FromDecimal(amount, scale, MidpointRounding.ToEven).Should().Be(UInt256.Parse(expected));
    }

    [Fact]
    public void From_decimal_refuses_to_lose_precision_unless_told_how_to_round()
    {
        FluentActions.Invoking(() => UInt256.FromDecimal(0.125m, 2)).Should().Throw<ArgumentException>().WithParameterName("value");
        UInt256.FromDecimal(0.125m, 2, MidpointRounding.ToZero).Should().Be((UInt256)12UL);
        UInt256.FromDecimal(0.125m, 2, MidpointRounding.ToNegativeInfinity).Should().Be((UInt256)12UL);
        UInt256.FromDecimal(0.121m, 2, MidpointRounding.ToPositiveInfinity).Should().Be((UInt256)13UL);
        UInt256.FromDecimal(0.125m, 2, MidpointRounding.AwayFromZero).Should().Be((UInt256)13UL);
        UInt256.FromDecimal(0.125m, 2, MidpointRounding.ToEven).Should().Be((UInt256)12UL);
        UInt256.FromDecimal(0.135m, 2, MidpointRounding.ToEven).Should().Be((UInt256)14UL);
        UInt256.FromDecimal(0.1251m, 2, MidpointRounding.ToEven).Should().Be((UInt256)13UL);
        UInt256.FromDecimal(0.124m, 2, MidpointRounding.AwayFromZero).Should().Be((UInt256)12UL);
    }

    [Fact]
    public void From_decimal_refuses_negatives_overflow_and_bad_arguments()
    {
        FluentActions.Invoking(() => UInt256.FromDecimal(-1m, 18)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.FromDecimal(-0.4m, 0, MidpointRounding.ToZero)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.FromDecimal(decimal.MaxValue, 49)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.FromDecimal(1m, 78)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scale");
        FluentActions.Invoking(() => UInt256.FromDecimal(1m, -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("scale");
        FluentActions.Invoking(() => UInt256.FromDecimal(1m, 2, (MidpointRounding)99)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("rounding");
    }

    [Theory]
    [InlineData("1500000000000000000", 18, "1.5")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("123456000000000000000000000000000000000000000000", 45, "123.456")]
    [InlineData("333333333333333333333333333", 27, "0.333333333333333333333333333")]
    [InlineData("79228162514264337593543950335", 0, "79228162514264337593543950335")]
    [InlineData("79228162514264337593543950335", 28, "7.9228162514264337593543950335")]
    [InlineData("123456789012345678901234567890", 18, "123456789012.34567890123456789")]
    [InlineData("0", 77, "0")]
    public void To_decimal_is_exact(string units, int scale, string expected)
    {
        decimal amount = UInt256.Parse(units).ToDecimal(scale);
        amount.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        UInt256.Parse(units).ToDecimal(scale, MidpointRounding.ToZero).Should().Be(amount);
    }

    [Fact]
    public void To_decimal_refuses_to_lose_precision_unless_told_how_to_round()
    {
        // One unit of a rad is 1e-45: a decimal holds 28 decimals at most.
        FluentActions.Invoking(() => UInt256.One.ToDecimal(45)).Should().Throw<ArgumentException>().WithParameterName("scale");
        UInt256.One.ToDecimal(45, MidpointRounding.ToZero).Should().Be(0m);
        UInt256.One.ToDecimal(45, MidpointRounding.ToPositiveInfinity).Should().Be(0.0000000000000000000000000001m);

        // 30 significant digits; a decimal holds 28-29.
        UInt256 wad = UInt256.Parse("123456789012345678901234567891");
        FluentActions.Invoking(() => wad.ToDecimal(18)).Should().Throw<ArgumentException>();
        wad.ToDecimal(18, MidpointRounding.ToEven).Should().Be(123456789012.34567890123456789m);
        wad.ToDecimal(18, MidpointRounding.ToPositiveInfinity).Should().Be(123456789012.3456789012345679m);

        // Rounding up can carry into a new digit: 0.99999…9 (30 nines) at scale 30 is 1 after rounding.
        UInt256.Parse(new string('9', 30)).ToDecimal(30, MidpointRounding.AwayFromZero).Should().Be(1m);
    }

    [Fact]
    public void To_decimal_throws_overflow_beyond_decimal_max_value()
    {
        FluentActions.Invoking(() => UInt256.Parse("79228162514264337593543950336").ToDecimal(0)).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => UInt256.MaxValue.ToDecimal(18, MidpointRounding.ToEven)).Should().Throw<OverflowException>();
        UInt256.MaxValue.ToDecimal(77, MidpointRounding.ToZero).Should().Be(1.1579208923731619542357098500m);
        UInt256.MaxValue.ToDecimal(77, MidpointRounding.ToEven).Should().Be(1.1579208923731619542357098501m);
        FluentActions.Invoking(() => UInt256.One.ToDecimal(78)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => UInt256.One.ToDecimal(1, (MidpointRounding)(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
