using System.Numerics;

namespace LiquidationSim.Internal;

/// <summary>
/// An exact fraction <c>Numerator / Denominator</c> on <see cref="BigInteger"/>, denominator always positive and
/// the fraction always reduced. Protocol formulas that the protocol evaluates on big integers or big rationals
/// (dYdX v4's <c>big.Int</c> / <c>big.Rat</c>) are evaluated on this type, so nothing rounds until a rule says it
/// must, and then only in the direction the rule names.
/// </summary>
/// <remarks>Immutable value; safe to share between threads.</remarks>
internal readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    /// <summary>Largest magnitude a <see cref="decimal"/> mantissa can hold: 2^96 − 1.</summary>
    private static readonly BigInteger s_maxDecimalMantissa = (BigInteger.One << 96) - 1;

    private static readonly BigInteger[] s_powersOfTen = BuildPowersOfTen();

    private readonly BigInteger _denominator;

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational number cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        BigInteger gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        _denominator = denominator;
    }

    public static Rational Zero => default;

    public static Rational One => new(BigInteger.One, BigInteger.One);

    public BigInteger Numerator { get; }

    /// <summary>The denominator; 1 for the default value, so <c>default(Rational)</c> is zero.</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    public int Sign => Numerator.Sign;

    public bool IsInteger => Denominator.IsOne;

    public static implicit operator Rational(BigInteger value) => new(value, BigInteger.One);

    public static implicit operator Rational(long value) => new(value, BigInteger.One);

    public static Rational operator -(Rational value) => new(-value.Numerator, value.Denominator);

    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>The exact value of a decimal: its 96-bit mantissa over 10^scale.</summary>
    public static Rational FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        BigInteger magnitude = (new BigInteger(unchecked((uint)bits[2])) << 64)
            | (new BigInteger(unchecked((uint)bits[1])) << 32)
            | new BigInteger(unchecked((uint)bits[0]));
        int scale = (bits[3] >> 16) & 0xFF;
        return new Rational(bits[3] < 0 ? -magnitude : magnitude, s_powersOfTen[scale]);
    }

    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;

    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    /// <summary>
    /// <paramref name="value"/> bounded to [<paramref name="lower"/>, <paramref name="upper"/>]; when the bounds cross,
    /// values below <paramref name="lower"/> give <paramref name="lower"/> and all others <paramref name="upper"/>.
    /// </summary>
    public static Rational Clamp(Rational value, Rational lower, Rational upper) =>
        value < lower ? lower : value > upper ? upper : value;

    /// <summary>Largest integer not above the value (rounds toward −∞).</summary>
    public BigInteger Floor() => FloorDivide(Numerator, Denominator);

    /// <summary>Smallest integer not below the value (rounds toward +∞).</summary>
    public BigInteger Ceiling() => -FloorDivide(-Numerator, Denominator);

    /// <summary>The integer part (rounds toward zero), as Go's <c>big.Int.Quo</c> does.</summary>
    public BigInteger Truncate() => BigInteger.Divide(Numerator, Denominator);

    /// <summary>
    /// The nearest decimal on the side named by <paramref name="roundUp"/> (toward +∞ when true, toward −∞ when
    /// false), at the finest scale (up to 28 places) whose mantissa fits; exact whenever the value is a decimal.
    /// Trailing zeros are removed, so equal values give identical decimals.
    /// </summary>
    /// <exception cref="OverflowException">The value is beyond the range of <see cref="decimal"/>.</exception>
    public decimal ToDecimal(bool roundUp)
    {
        for (int scale = 28; scale >= 0; scale--)
        {
            var scaled = new Rational(Numerator * s_powersOfTen[scale], Denominator);
            BigInteger mantissa = roundUp ? scaled.Ceiling() : scaled.Floor();
            if (BigInteger.Abs(mantissa) <= s_maxDecimalMantissa)
            {
                int finalScale = scale;
                while (finalScale > 0 && !mantissa.IsZero && (mantissa % 10).IsZero)
                {
                    mantissa /= 10;
                    finalScale--;
                }

                return Build(mantissa, mantissa.IsZero ? 0 : finalScale);
            }
        }

        throw new OverflowException("The value is outside the range of System.Decimal.");
    }

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public override string ToString() => IsInteger ? Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Concat(
            Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "/",
            Denominator.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Floor division for a positive divisor (Go's Euclidean <c>big.Int.Div</c> agrees when the divisor is positive).</summary>
    internal static BigInteger FloorDivide(BigInteger dividend, BigInteger divisor)
    {
        BigInteger quotient = BigInteger.DivRem(dividend, divisor, out BigInteger remainder);
        return remainder.Sign != 0 && (remainder.Sign < 0) != (divisor.Sign < 0) ? quotient - 1 : quotient;
    }

    private static decimal Build(BigInteger mantissa, int scale)
    {
        BigInteger magnitude = BigInteger.Abs(mantissa);
        BigInteger mask = uint.MaxValue;
        int lo = unchecked((int)(uint)(magnitude & mask));
        int mid = unchecked((int)(uint)((magnitude >> 32) & mask));
        int hi = unchecked((int)(uint)((magnitude >> 64) & mask));
        return new decimal(lo, mid, hi, mantissa.Sign < 0, (byte)scale);
    }

    private static BigInteger[] BuildPowersOfTen()
    {
        var powers = new BigInteger[29];
        powers[0] = BigInteger.One;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
