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
public sealed record LinearDecrease : IAuctionPriceCurve
{
    /// <summary>Creates the curve.</summary>
    /// <param name="tau">Seconds from the start price to zero; not zero (the contract would divide by zero).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tau"/> is zero.</exception>
    public LinearDecrease(UInt256 tau)
    {
        if (tau.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(tau), tau, "must be greater than zero seconds");
        }

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
/// <remarks><see cref="Cut"/> is <c>(1 − percent/100)·RAY</c>: a 1% drop per step is <c>0.99 RAY</c>.</remarks>
public sealed record StairstepExponentialDecrease : IAuctionPriceCurve
{
    // Step counts below this are looked up (8 KiB per curve); ETH-B's tail of 8,400 s is 93 steps of 90 s.
    private const int PrecomputedSteps = 256;
    private readonly RayPowers _powers;

    /// <summary>Creates the curve.</summary>
    /// <param name="step">Seconds between price drops; not zero.</param>
    /// <param name="cut">The multiplier per step (ray), at most one ray (the contract's <c>file</c> refuses more).</param>
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
public sealed record ExponentialDecrease : IAuctionPriceCurve
{
    private readonly RayPowers _powers;

    /// <summary>Creates the curve.</summary>
    /// <param name="cut">The multiplier per second (ray), at most one ray.</param>
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
