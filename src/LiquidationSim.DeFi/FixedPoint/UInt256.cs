using System.Runtime.CompilerServices;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedPoint;

/// <summary>
/// An unsigned 256-bit integer: Solidity's <c>uint256</c>, the type every lending protocol keeps its balances,
/// indices, prices and rates in. Four 64-bit limbs, least significant first.
/// </summary>
/// <remarks>
/// <para>
/// Arithmetic is always checked, as in Solidity 0.8 and as in the protocols' own overflow guards: a result that would
/// not fit in <c>[0, 2^256)</c> — an overflow, or a subtraction going below zero — throws
/// <see cref="OverflowException"/>, and a division or modulo by zero throws <see cref="DivideByZeroException"/>. On
/// chain both revert (panic 0x11 / 0x12, or the library's own <c>revert</c>), so no operation ever returns a wrapped
/// number. Division truncates (rounds toward zero), as the EVM's <c>DIV</c> does.
/// </para>
/// <para>
/// Conversions: implicit from <see cref="ulong"/> and to <see cref="System.Numerics.BigInteger"/> (both lossless);
/// explicit from <see cref="System.Numerics.BigInteger"/> and to <see cref="ulong"/> (throw
/// <see cref="OverflowException"/> when out of range); decimal strings through <see cref="Parse(string)"/> and
/// <see cref="ToString()"/>; <see cref="decimal"/> through <see cref="FromDecimal(decimal, int)"/> and
/// <see cref="ToDecimal(int)"/>, which take the unit's number of decimals (18 for a wad, 27 for a ray) and refuse to
/// lose precision unless given a rounding mode.
/// </para>
/// <para>
/// The representation was chosen by benchmark over a wrapper of <see cref="System.Numerics.BigInteger"/>
/// (<c>benchmarks/LiquidationSim.Benchmarks/DeFi/FixedPointBenchmarks.cs</c>): it does not allocate.
/// <c>default(UInt256)</c> is zero. Immutable value; safe to share between threads.
/// </para>
/// </remarks>
public readonly partial struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable
{
    private readonly ulong _u0;
    private readonly ulong _u1;
    private readonly ulong _u2;
    private readonly ulong _u3;

    internal UInt256(ulong u0, ulong u1, ulong u2, ulong u3)
    {
        _u0 = u0;
        _u1 = u1;
        _u2 = u2;
        _u3 = u3;
    }

    /// <summary>Zero.</summary>
    public static UInt256 Zero => default;

    /// <summary>One (one unit, not one wad).</summary>
    public static UInt256 One => new(1, 0, 0, 0);

    /// <summary>The largest uint256, 2^256 − 1 (Solidity's <c>type(uint256).max</c>).</summary>
    public static UInt256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => (_u0 | _u1 | _u2 | _u3) == 0;

    internal ulong U0 => _u0;

    internal ulong U1 => _u1;

    internal ulong U2 => _u2;

    internal ulong U3 => _u3;

    internal bool IsOdd => (_u0 & 1) != 0;

    internal bool FitsInUInt64 => (_u1 | _u2 | _u3) == 0;

    /// <summary>Converts a <see cref="ulong"/>; always exact.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator UInt256(ulong value) => new(value, 0, 0, 0);

    /// <summary>Converts to <see cref="ulong"/>.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="OverflowException">The value is 2^64 or more.</exception>
    public static explicit operator ulong(UInt256 value)
    {
        if (!value.FitsInUInt64)
        {
            ThrowHelper.Overflow("Conversion to ulong");
        }

        return value._u0;
    }

    /// <summary>Adds; throws instead of wrapping.</summary>
    /// <param name="left">The first addend.</param>
    /// <param name="right">The second addend.</param>
    /// <exception cref="OverflowException">The sum is 2^256 or more.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt256 operator +(UInt256 left, UInt256 right)
    {
        if (!TryAdd(left, right, out UInt256 sum))
        {
            ThrowHelper.Overflow("uint256 addition");
        }

        return sum;
    }

    /// <summary>Subtracts; throws instead of wrapping.</summary>
    /// <param name="left">The minuend.</param>
    /// <param name="right">The subtrahend.</param>
    /// <exception cref="OverflowException"><paramref name="right"/> is greater than <paramref name="left"/>.</exception>
    public static UInt256 operator -(UInt256 left, UInt256 right)
    {
        if (!TrySubtract(left, right, out UInt256 difference))
        {
            ThrowHelper.Overflow("uint256 subtraction");
        }

        return difference;
    }

    /// <summary>Multiplies; throws instead of wrapping.</summary>
    /// <param name="left">The first factor.</param>
    /// <param name="right">The second factor.</param>
    /// <exception cref="OverflowException">The product is 2^256 or more.</exception>
    public static UInt256 operator *(UInt256 left, UInt256 right) => MultiplyChecked(left, right, "uint256 multiplication");

    /// <summary>Divides, truncating (the EVM's <c>DIV</c>).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 operator /(UInt256 left, UInt256 right) => DivRem(left, right, out _, "uint256 division");

    /// <summary>The remainder of truncating division (the EVM's <c>MOD</c>).</summary>
    /// <param name="left">The dividend.</param>
    /// <param name="right">The divisor.</param>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static UInt256 operator %(UInt256 left, UInt256 right)
    {
        DivRem(left, right, out UInt256 remainder, "uint256 modulo");
        return remainder;
    }

    /// <summary>Whether two values are equal.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(UInt256 left, UInt256 right) => left.Equals(right);

    /// <summary>Whether two values differ.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(UInt256 left, UInt256 right) => !left.Equals(right);

    /// <summary>Whether <paramref name="left"/> is less than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is greater than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is less than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is greater than or equal to <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    /// <summary>The smaller of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The smaller value.</returns>
    public static UInt256 Min(UInt256 left, UInt256 right) => left <= right ? left : right;

    /// <summary>The larger of two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>The larger value.</returns>
    public static UInt256 Max(UInt256 left, UInt256 right) => left >= right ? left : right;

    /// <inheritdoc/>
    public bool Equals(UInt256 other) =>
        _u0 == other._u0 && _u1 == other._u1 && _u2 == other._u2 && _u3 == other._u3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_u0, _u1, _u2, _u3);

    /// <inheritdoc/>
    public int CompareTo(UInt256 other)
    {
        if (_u3 != other._u3)
        {
            return _u3 < other._u3 ? -1 : 1;
        }

        if (_u2 != other._u2)
        {
            return _u2 < other._u2 ? -1 : 1;
        }

        if (_u1 != other._u1)
        {
            return _u1 < other._u1 ? -1 : 1;
        }

        return _u0 == other._u0 ? 0 : _u0 < other._u0 ? -1 : 1;
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UInt256 other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a UInt256.", nameof(obj)),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryAdd(in UInt256 left, in UInt256 right, out UInt256 sum)
    {
        ulong carry = 0;
        ulong r0 = AddWithCarry(left._u0, right._u0, ref carry);
        ulong r1 = AddWithCarry(left._u1, right._u1, ref carry);
        ulong r2 = AddWithCarry(left._u2, right._u2, ref carry);
        ulong r3 = AddWithCarry(left._u3, right._u3, ref carry);
        sum = new UInt256(r0, r1, r2, r3);
        return carry == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TrySubtract(in UInt256 left, in UInt256 right, out UInt256 difference)
    {
        ulong borrow = 0;
        ulong r0 = SubtractWithBorrow(left._u0, right._u0, ref borrow);
        ulong r1 = SubtractWithBorrow(left._u1, right._u1, ref borrow);
        ulong r2 = SubtractWithBorrow(left._u2, right._u2, ref borrow);
        ulong r3 = SubtractWithBorrow(left._u3, right._u3, ref borrow);
        difference = new UInt256(r0, r1, r2, r3);
        return borrow == 0;
    }

    /// <summary>Adds one, throwing on overflow: the "+1 when a remainder is left" of every ceiling division.</summary>
    internal UInt256 Increment(string operation)
    {
        if (!TryAdd(this, One, out UInt256 next))
        {
            ThrowHelper.Overflow(operation);
        }

        return next;
    }

    /// <summary>The value halved, rounding down (a logical shift right by one bit).</summary>
    internal UInt256 ShiftRightOne() =>
        new((_u0 >> 1) | (_u1 << 63), (_u1 >> 1) | (_u2 << 63), (_u2 >> 1) | (_u3 << 63), _u3 >> 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong x, ulong y, ref ulong carry)
    {
        unchecked
        {
            ulong sum = x + y;
            ulong carryOut = sum < x ? 1UL : 0UL;
            ulong total = sum + carry;
            carryOut += total < sum ? 1UL : 0UL;
            carry = carryOut;
            return total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubtractWithBorrow(ulong x, ulong y, ref ulong borrow)
    {
        unchecked
        {
            ulong difference = x - y;
            ulong borrowOut = x < y ? 1UL : 0UL;
            ulong total = difference - borrow;
            borrowOut += difference < borrow ? 1UL : 0UL;
            borrow = borrowOut;
            return total;
        }
    }
}
