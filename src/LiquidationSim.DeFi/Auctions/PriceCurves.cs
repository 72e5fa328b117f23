using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// A Liquidation 2.0 price curve (dss <c>abaci.sol</c>, commit fa4f663): the auction price as a function of the
/// starting price and the seconds since the auction was kicked or last reset.
/// </summary>
/// <remarks>Implementations are immutable and thread safe; prices are rays and every step truncates as on chain.</remarks>
public interface IAuctionPriceCurve
{
    /// <summary>The price <paramref name="elapsedSeconds"/> after the auction started at <paramref name="top"/>.</summary>
    /// <param name="top">The starting price (ray).</param>
    /// <param name="elapsedSeconds">Seconds since the kick or the last redo (<c>now - tic</c>).</param>
    /// <returns>The current price (ray), never above <paramref name="top"/>.</returns>
    /// <exception cref="OverflowException">An intermediate product does not fit in uint256 (the contract reverts).</exception>
    UInt256 Price(UInt256 top, UInt256 elapsedSeconds);
}

/// <summary>
/// <c>LinearDecrease</c> (dss <c>abaci.sol</c>): the price falls in a straight line from <c>top</c> to zero over
/// <see cref="Tau"/> seconds: <c>dur ≥ tau ? 0 : rmul(top, (tau − dur)·RAY / tau)</c>, both divisions truncating.
/// </summary>
/// <remarks>
/// The checked products revert on chain where they do not fit in uint256 (<c>mul(tau − dur, RAY)</c> when
/// <c>tau − dur</c> exceeds about 1.16e50, and <c>rmul</c>); <see cref="Price"/> throws <see cref="OverflowException"/> there.
/// </remarks>
public sealed record LinearDecrease : IAuctionPriceCurve
{
    /// <summary>Creates the curve.</summary>
    /// <param name="tau">
    /// Seconds from the start price to zero. Zero is accepted, as the contract's <c>file("tau", 0)</c> accepts it (it is
    /// also the value before the first <c>file</c>): <c>dur ≥ tau</c> then always holds, so the contract never divides
    /// and every price is 0.
    /// </param>
    public LinearDecrease(UInt256 tau)
    {
        Tau = tau;
    }

    /// <summary>Seconds after which the price is zero.</summary>
    public UInt256 Tau { get; }

    /// <inheritdoc />
    public UInt256 Price(UInt256 top, UInt256 elapsedSeconds)
    {
        if (elapsedSeconds >= Tau)
        {
            return UInt256.Zero;
        }

        return MakerMath.Rmul(top, (Tau - elapsedSeconds) * MakerMath.Ray / Tau);
    }
}

/// <summary>
/// <c>StairstepExponentialDecrease</c> (dss <c>abaci.sol</c>): the price is multiplied by <see cref="Cut"/> once every
/// <see cref="Step"/> whole seconds: <c>rmul(top, rpow(cut, dur / step, RAY))</c>, with <c>dur / step</c> floored and
/// <c>rpow</c> rounding half up per step.
/// </summary>
/// <remarks>
/// <see cref="Cut"/> is <c>(1 − percent/100)·RAY</c>: a 1% drop per step is <c>0.99 RAY</c>. With <c>cut ≤ RAY</c>
/// <c>rpow</c> cannot overflow, so the only on-chain revert is <c>rmul(top, …)</c> when <c>top</c> times the power does
/// not fit in uint256; <see cref="Price"/> throws <see cref="OverflowException"/> there. Every uint256 <c>dur</c> is
/// accepted, including step counts of 2^63 and above.
/// </remarks>
public sealed record StairstepExponentialDecrease : IAuctionPriceCurve
{
    // Step counts below this are looked up (8 KiB per curve); ETH-B's tail of 8,400 s is 93 steps of 90 s.
    private const int PrecomputedSteps = 256;
    private readonly RayPowers _powers;

    /// <summary>Creates the curve.</summary>
    /// <param name="step">
    /// Seconds between price drops; not zero. Here the library differs from the contract in when it refuses, not in
    /// any price: <c>file("step", 0)</c> succeeds on chain (and 0 is the value before the first <c>file</c>), but then
    /// every <c>price</c> call reverts dividing <c>dur / step</c> by zero, so no price exists; the library refuses the
    /// curve up front instead of throwing on every <see cref="Price"/>.
    /// </param>
    /// <param name="cut">
    /// The multiplier per step (ray), 0 to one ray inclusive. The contract's <c>file("cut", data)</c> reverts with
    /// <c>StairstepExponentialDecrease/cut-gt-RAY</c> above one ray, so such a curve cannot exist on chain either; the
    /// library refuses it at construction. Zero is accepted by both.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is zero or <paramref name="cut"/> exceeds one ray.</exception>
    public StairstepExponentialDecrease(UInt256 step, UInt256 cut)
    {
        if (step.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(step), step, "must be greater than zero seconds");
        }

        if (cut > MakerMath.Ray)
        {
            ThrowHelper.OutOfRange(nameof(cut), cut, "must be at most 1 ray (1e27)");
        }

        Step = step;
        Cut = cut;
        _powers = new RayPowers(cut, PrecomputedSteps);
    }

    /// <summary>Seconds between price drops.</summary>
    public UInt256 Step { get; }

    /// <summary>The price multiplier per step (ray, ≤ 1 ray).</summary>
    public UInt256 Cut { get; }

    /// <inheritdoc />
    public UInt256 Price(UInt256 top, UInt256 elapsedSeconds) =>
        MakerMath.Rmul(top, _powers.Pow(elapsedSeconds / Step));

    /// <summary>Equal when <see cref="Step"/> and <see cref="Cut"/> are equal.</summary>
    /// <param name="other">The other curve.</param>
    /// <returns>True when both parameters match.</returns>
    public bool Equals(StairstepExponentialDecrease? other) => other is not null && Step == other.Step && Cut == other.Cut;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, Cut);
}

/// <summary>
/// <c>ExponentialDecrease</c> (dss <c>abaci.sol</c>): the price is multiplied by <see cref="Cut"/> every second:
/// <c>rmul(top, rpow(cut, dur, RAY))</c>.
/// </summary>
/// <remarks>
/// As for <see cref="StairstepExponentialDecrease"/>, the only on-chain revert is <c>rmul(top, …)</c> overflowing,
/// where <see cref="Price"/> throws <see cref="OverflowException"/>; every uint256 <c>dur</c> is accepted.
/// </remarks>
public sealed record ExponentialDecrease : IAuctionPriceCurve
{
    private readonly RayPowers _powers;

    /// <summary>Creates the curve.</summary>
    /// <param name="cut">
    /// The multiplier per second (ray), 0 to one ray inclusive. The contract's <c>file("cut", data)</c> reverts with
    /// <c>ExponentialDecrease/cut-gt-RAY</c> above one ray, so the library refuses the same values, at construction.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cut"/> exceeds one ray.</exception>
    public ExponentialDecrease(UInt256 cut)
    {
        if (cut > MakerMath.Ray)
        {
            ThrowHelper.OutOfRange(nameof(cut), cut, "must be at most 1 ray (1e27)");
        }

        Cut = cut;
        _powers = new RayPowers(cut);
    }

    /// <summary>The price multiplier per second (ray, ≤ 1 ray).</summary>
    public UInt256 Cut { get; }

    /// <inheritdoc />
    public UInt256 Price(UInt256 top, UInt256 elapsedSeconds) =>
        MakerMath.Rmul(top, _powers.Pow(elapsedSeconds));

    /// <summary>Equal when <see cref="Cut"/> is equal.</summary>
    /// <param name="other">The other curve.</param>
    /// <returns>True when the cuts match.</returns>
    public bool Equals(ExponentialDecrease? other) => other is not null && Cut == other.Cut;

    /// <inheritdoc />
    public override int GetHashCode() => Cut.GetHashCode();
}
