using System.Numerics;
using LiquidationSim.Internal;

namespace LiquidationSim.Tests.Internal;

/// <summary>The exact fraction behind the dYdX arithmetic: Go's division semantics and directed conversion to decimal.</summary>
public sealed class RationalTests
{
    /// <summary>Go's <c>big.Int.Div</c> is Euclidean; for a positive divisor that is the floor: −10 ÷ 3 = −4, not −3.</summary>
    [Theory]
    [InlineData(10, 3, 3)]
    [InlineData(-10, 3, -4)]
    [InlineData(-9, 3, -3)]
    [InlineData(0, 7, 0)]
    [InlineData(10, -3, -4)]
    public void Floor_divide_rounds_toward_negative_infinity(long a, long b, long expected) =>
        Rational.FloorDivide(a, b).Should().Be(new BigInteger(expected));

    [Fact]
    public void Floor_ceiling_and_truncate_differ_only_in_direction()
    {
        var minusTenThirds = new Rational(-10, 3);

        minusTenThirds.Floor().Should().Be(new BigInteger(-4));
        minusTenThirds.Ceiling().Should().Be(new BigInteger(-3));
        minusTenThirds.Truncate().Should().Be(new BigInteger(-3), "Go's big.Int.Quo truncates toward zero");
        new Rational(10, 3).Truncate().Should().Be(new BigInteger(3));
    }

    [Fact]
    public void Decimal_round_trips_exactly()
    {
        foreach (decimal d in new[] { 0m, 1m, -1m, 0.000001m, 499.99m, decimal.MaxValue, decimal.MinValue, 7.9228162514264337593543950335m, -0.0000000000000000000000000001m })
        {
            Rational.FromDecimal(d).ToDecimal(roundUp: false).Should().Be(d);
            Rational.FromDecimal(d).ToDecimal(roundUp: true).Should().Be(d);
        }
    }

    [Fact]
    public void To_decimal_rounds_in_the_direction_asked_at_the_last_place()
    {
        new Rational(1, 3).ToDecimal(roundUp: false).Should().Be(0.3333333333333333333333333333m);
        new Rational(1, 3).ToDecimal(roundUp: true).Should().Be(0.3333333333333333333333333334m);
        new Rational(-1, 3).ToDecimal(roundUp: true).Should().Be(-0.3333333333333333333333333333m);
        new Rational(-1, 3).ToDecimal(roundUp: false).Should().Be(-0.3333333333333333333333333334m);
        new Rational(2_976, 1_000).ToDecimal(roundUp: true).Should().Be(2.976m);
    }

    [Fact]
    public void Default_is_zero_and_fractions_are_reduced()
    {
        default(Rational).Should().Be(Rational.Zero);
        (default(Rational) + Rational.One).Should().Be(Rational.One);
        new Rational(6, -4).Should().Be(new Rational(-3, 2));
        new Rational(6, -4).Denominator.Should().Be(new BigInteger(2));
        FluentActions.Invoking(() => new Rational(1, 0)).Should().Throw<DivideByZeroException>();
    }
}
