using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedPoint;

// Decimal strings, BigInteger and System.Decimal.
public readonly partial struct UInt256
{
    /// <summary>The largest number of decimals a conversion accepts: 10^77 is the largest power of ten below 2^256.</summary>
    public const int MaxScale = 77;

    private const int ChunkDigits = 9;
    private const uint ChunkDivisor = 1_000_000_000;

    private static readonly UInt256[] s_powersOfTen = BuildPowersOfTen();

    private static readonly UInt256 s_decimalMantissaLimit = new(0, 1UL << 32, 0, 0);

    private enum ParseStatus
    {
        Ok,
        Empty,
        NotADigit,
        TooLarge,
    }

    /// <summary>Converts a <see cref="BigInteger"/>, which must be in <c>[0, 2^256)</c>.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative or 2^256 or more.</exception>
    public static explicit operator UInt256(BigInteger value)
    {
        if (value.Sign < 0 || value.GetBitLength() > 256)
        {
            ThrowHelper.Overflow("Conversion from BigInteger");
        }

        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new UInt256(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }

    /// <summary>Converts to <see cref="BigInteger"/>; always exact.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator BigInteger(UInt256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value._u0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], value._u1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], value._u2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], value._u3);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>10^<paramref name="exponent"/>: 10^18 is one wad, 10^27 one ray, 10^45 one rad.</summary>
    /// <param name="exponent">0 to <see cref="MaxScale"/>.</param>
    /// <returns>The power of ten.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is outside 0 to 77.</exception>
    public static UInt256 Pow10(int exponent)
    {
        CheckScale(exponent, nameof(exponent));
        return s_powersOfTen[exponent];
    }

    /// <summary>
    /// Parses a plain base-10 integer: one or more ASCII digits and nothing else (no sign, white space, separators,
    /// decimal point or exponent). Leading zeros are allowed.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is empty or holds a character other than 0-9.</exception>
    /// <exception cref="OverflowException">The number is 2^256 or more.</exception>
    public static UInt256 Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        switch (TryParseCore(s, out UInt256 result))
        {
            case ParseStatus.Empty:
                ThrowHelper.Format(s, "it is empty");
                break;
            case ParseStatus.NotADigit:
                ThrowHelper.Format(s, "only the digits 0-9 are allowed");
                break;
            case ParseStatus.TooLarge:
                ThrowHelper.Overflow("Parse");
                break;
        }

        return result;
    }

    /// <summary>Parses like <see cref="Parse(string)"/>, reporting failure instead of throwing.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The value, or zero when parsing failed.</param>
    /// <returns>Whether <paramref name="s"/> is a plain base-10 integer below 2^256.</returns>
    public static bool TryParse(string? s, out UInt256 result)
    {
        if (s is null)
        {
            result = default;
            return false;
        }

        return TryParseCore(s, out result) == ParseStatus.Ok;
    }

    /// <summary>
    /// Converts a <see cref="decimal"/> amount to integer units with <paramref name="scale"/> decimals, exactly:
    /// <c>FromDecimal(1.5m, 18)</c> is 1.5 wad, 1500000000000000000.
    /// </summary>
    /// <param name="value">The amount; not negative.</param>
    /// <param name="scale">The unit's number of decimals (18 wad, 27 ray, 45 rad, a token's decimals), 0 to 77.</param>
    /// <returns><paramref name="value"/> × 10^<paramref name="scale"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> has more than <paramref name="scale"/> decimal places, so the conversion would lose precision.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0 to 77.</exception>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative, or the result is 2^256 or more.</exception>
    public static UInt256 FromDecimal(decimal value, int scale) => FromDecimalCore(value, scale, rounding: null);

    /// <summary>
    /// Converts a <see cref="decimal"/> amount to integer units with <paramref name="scale"/> decimals, rounding the
    /// digits beyond the last one as <paramref name="rounding"/> says (values are never negative, so
    /// <see cref="MidpointRounding.ToZero"/> and <see cref="MidpointRounding.ToNegativeInfinity"/> are the floor,
    /// <see cref="MidpointRounding.ToPositiveInfinity"/> the ceiling, <see cref="MidpointRounding.AwayFromZero"/> half-up).
    /// </summary>
    /// <param name="value">The amount; not negative.</param>
    /// <param name="scale">The unit's number of decimals, 0 to 77.</param>
    /// <param name="rounding">How to round digits beyond <paramref name="scale"/>.</param>
    /// <returns><paramref name="value"/> × 10^<paramref name="scale"/>, rounded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0 to 77, or <paramref name="rounding"/> is not a defined mode.</exception>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative, or the result is 2^256 or more.</exception>
    public static UInt256 FromDecimal(decimal value, int scale, MidpointRounding rounding)
    {
        CheckRounding(rounding);
        return FromDecimalCore(value, scale, rounding);
    }

    /// <summary>
    /// Converts integer units with <paramref name="scale"/> decimals to a <see cref="decimal"/> amount, exactly:
    /// 1500000000000000000 at scale 18 is 1.5. Trailing zeros are dropped from the result's scale.
    /// </summary>
    /// <param name="scale">The unit's number of decimals (18 wad, 27 ray, 45 rad), 0 to 77.</param>
    /// <returns>This value ÷ 10^<paramref name="scale"/>.</returns>
    /// <exception cref="ArgumentException">The exact amount needs more significant digits than a <see cref="decimal"/> holds (96-bit mantissa, at most 28 decimals).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0 to 77.</exception>
    /// <exception cref="OverflowException">The amount exceeds <see cref="decimal.MaxValue"/>.</exception>
    public decimal ToDecimal(int scale) => ToDecimalCore(scale, rounding: null);

    /// <summary>
    /// Converts integer units with <paramref name="scale"/> decimals to the nearest <see cref="decimal"/> in the
    /// direction <paramref name="rounding"/> says, keeping as many decimals as the <see cref="decimal"/> can hold.
    /// </summary>
    /// <param name="scale">The unit's number of decimals, 0 to 77.</param>
    /// <param name="rounding">How to round digits a <see cref="decimal"/> cannot hold.</param>
    /// <returns>This value ÷ 10^<paramref name="scale"/>, rounded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0 to 77, or <paramref name="rounding"/> is not a defined mode.</exception>
    /// <exception cref="OverflowException">The amount exceeds <see cref="decimal.MaxValue"/>.</exception>
    public decimal ToDecimal(int scale, MidpointRounding rounding)
    {
        CheckRounding(rounding);
        return ToDecimalCore(scale, rounding);
    }

    /// <summary>The value as a plain base-10 integer (invariant: digits only, no separators).</summary>
    /// <returns>The digits.</returns>
    public override string ToString()
    {
        if (FitsInUInt64)
        {
            return _u0.ToString(CultureInfo.InvariantCulture);
        }

        // At most 78 digits: nine chunks of nine.
        Span<uint> chunks = stackalloc uint[9];
        int count = 0;
        UInt256 rest = this;
        while (!rest.IsZero)
        {
            rest = DivRem(rest, ChunkDivisor, out uint chunk);
            chunks[count++] = chunk;
        }

        Span<char> text = stackalloc char[count * ChunkDigits];
        int length = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            bool first = i == count - 1;
            chunks[i].TryFormat(text[length..], out int written, first ? default : "D9", CultureInfo.InvariantCulture);
            length += written;
        }

        return new string(text[..length]);
    }

    /// <summary>Rounds <c>quotient + remainder / divisor</c> (remainder &lt; divisor) to an integer.</summary>
    internal static UInt256 Round(in UInt256 quotient, in UInt256 remainder, in UInt256 divisor, MidpointRounding rounding, string operation)
    {
        if (remainder.IsZero)
        {
            return quotient;
        }

        // remainder compared with divisor − remainder: above, at or below one half, without doubling (which could overflow).
        int half = remainder.CompareTo(divisor - remainder);
        bool up = rounding switch
        {
            MidpointRounding.ToZero or MidpointRounding.ToNegativeInfinity => false,
            MidpointRounding.ToPositiveInfinity => true,
            MidpointRounding.AwayFromZero => half >= 0,
            _ => half > 0 || (half == 0 && quotient.IsOdd),
        };
        return up ? quotient.Increment(operation) : quotient;
    }

    private static void CheckScale(int scale, string paramName)
    {
        if (scale is < 0 or > MaxScale)
        {
            ThrowHelper.OutOfRange(paramName, scale, "must be between 0 and 77 (10^77 is the largest power of ten below 2^256)");
        }
    }

    private static void CheckRounding(MidpointRounding rounding)
    {
        if (rounding is < MidpointRounding.ToEven or > MidpointRounding.ToPositiveInfinity)
        {
            ThrowHelper.OutOfRange(nameof(rounding), rounding, "must be a defined MidpointRounding");
        }
    }

    private static UInt256 FromDecimalCore(decimal value, int scale, MidpointRounding? rounding)
    {
        CheckScale(scale, nameof(scale));
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new UInt256(unchecked((uint)bits[0] | ((ulong)(uint)bits[1] << 32)), unchecked((uint)bits[2]), 0, 0);
        int decimals = (bits[3] >> 16) & 0xFF;
        if (mantissa.IsZero)
        {
            return default;
        }

        if (bits[3] < 0)
        {
            ThrowHelper.Overflow("FromDecimal of a negative amount");
        }

        if (scale >= decimals)
        {
            return MultiplyChecked(mantissa, s_powersOfTen[scale - decimals], "FromDecimal");
        }

        UInt256 divisor = s_powersOfTen[decimals - scale];
        UInt256 quotient = DivRem(mantissa, divisor, out UInt256 remainder, "FromDecimal");
        if (remainder.IsZero)
        {
            return quotient;
        }

        if (rounding is not MidpointRounding mode)
        {
            ThrowHelper.Argument(
                nameof(value),
                value,
                string.Create(CultureInfo.InvariantCulture, $"has more than {scale} decimal places, so converting it at scale {scale} would lose precision; pass a MidpointRounding to round"));
            return default;
        }

        return Round(quotient, remainder, divisor, mode, "FromDecimal");
    }

    private decimal ToDecimalCore(int scale, MidpointRounding? rounding)
    {
        CheckScale(scale, nameof(scale));
        UInt256 value = this;
        int decimals = scale;
        while (decimals > 0 && !(decimals <= 28 && value < s_decimalMantissaLimit))
        {
            UInt256 reduced = DivRem(value, 10u, out uint digit);
            if (digit != 0)
            {
                break;
            }

            value = reduced;
            decimals--;
        }

        if (decimals <= 28 && value < s_decimalMantissaLimit)
        {
            return ToDecimal(value, decimals);
        }

        if (decimals == 0)
        {
            ThrowHelper.Overflow("ToDecimal: the amount exceeds decimal.MaxValue");
        }

        if (rounding is not MidpointRounding mode)
        {
            ThrowHelper.Argument(
                nameof(scale),
                scale,
                string.Create(CultureInfo.InvariantCulture, $"leaves {this} with more significant digits than a decimal holds; pass a MidpointRounding to round"));
            return default;
        }

        for (int target = Math.Min(28, decimals); target >= 0; target--)
        {
            UInt256 divisor = s_powersOfTen[decimals - target];
            UInt256 quotient = DivRem(value, divisor, out UInt256 remainder, "ToDecimal");
            UInt256 rounded = Round(quotient, remainder, divisor, mode, "ToDecimal");
            if (rounded < s_decimalMantissaLimit)
            {
                return ToDecimal(rounded, target);
            }
        }

        return ThrowHelper.Overflow<decimal>("ToDecimal: the amount exceeds decimal.MaxValue");
    }

    private static decimal ToDecimal(in UInt256 mantissa, int decimals) =>
        new(unchecked((int)(uint)mantissa._u0), unchecked((int)(uint)(mantissa._u0 >> 32)), unchecked((int)(uint)mantissa._u1), isNegative: false, (byte)decimals);

    private static ParseStatus TryParseCore(ReadOnlySpan<char> s, out UInt256 result)
    {
        result = default;
        if (s.IsEmpty)
        {
            return ParseStatus.Empty;
        }

        foreach (char c in s)
        {
            if (c is < '0' or > '9')
            {
                return ParseStatus.NotADigit;
            }
        }

        UInt256 value = default;
        int start = 0;
        while (start < s.Length)
        {
            int length = Math.Min(19, s.Length - start);
            ulong chunk = 0;
            for (int i = 0; i < length; i++)
            {
                chunk = (chunk * 10) + (ulong)(s[start + i] - '0');
            }

            MultiplyFull(value, s_powersOfTen[length], out UInt256 scaled, out UInt256 high);
            if (!high.IsZero || !TryAdd(scaled, chunk, out value))
            {
                return ParseStatus.TooLarge;
            }

            start += length;
        }

        result = value;
        return ParseStatus.Ok;
    }

    private static UInt256[] BuildPowersOfTen()
    {
        var powers = new UInt256[MaxScale + 1];
        UInt256 power = One;
        for (int i = 0; i <= MaxScale; i++)
        {
            powers[i] = power;
            if (i < MaxScale)
            {
                MultiplyFull(power, 10UL, out power, out _);
            }
        }

        return powers;
    }
}
