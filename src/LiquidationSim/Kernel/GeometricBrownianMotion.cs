using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// Geometric Brownian motion dS = μS dt + σS dW, stepped with its exact log-normal transition
/// S(t + Δt) = S(t)·exp((μ − σ²/2)Δt + σ√Δt·Z), Z ~ N(0, 1) (Black and Scholes 1973; Glasserman,
/// <i>Monte Carlo Methods in Financial Engineering</i>, 2003, §3.2.1), computed with <see cref="DecimalMath"/>.
/// </summary>
/// <remarks>
/// Being the exact transition, it has no discretisation error: any step size samples the same distribution. Each step
/// draws exactly one normal, even when σ is 0, so changing a parameter never shifts the draws of later steps.
/// Immutable and thread-safe.
/// </remarks>
public sealed class GeometricBrownianMotion : IPriceProcess
{
    /// <summary>The largest annualised volatility accepted (10 000%); beyond it a step's exponent would leave decimal range.</summary>
    public const decimal MaxVolatility = 100m;

    /// <summary>The largest absolute annualised drift accepted (10 000%), for the same reason.</summary>
    public const decimal MaxAbsoluteDrift = 100m;

    /// <summary>A process with the given annualised drift and volatility.</summary>
    /// <param name="drift">μ, the expected rate of return per year (0.05 = 5%); within ±<see cref="MaxAbsoluteDrift"/>.</param>
    /// <param name="volatility">σ, the annualised volatility of log returns (0.8 = 80%); from 0 to <see cref="MaxVolatility"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public GeometricBrownianMotion(decimal drift, decimal volatility)
    {
        if (drift < -MaxAbsoluteDrift || drift > MaxAbsoluteDrift)
        {
            ThrowHelper.OutOfRange(nameof(drift), drift, "must be from -100 to 100 (±10 000% a year)");
        }

        if (volatility < 0m || volatility > MaxVolatility)
        {
            ThrowHelper.OutOfRange(nameof(volatility), volatility, "must be from 0 to 100 (10 000% a year)");
        }

        Drift = drift;
        Volatility = volatility;
    }

    /// <summary>μ, the annualised drift.</summary>
    public decimal Drift { get; }

    /// <summary>σ, the annualised volatility.</summary>
    public decimal Volatility { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="price"/> is not positive, <paramref name="time"/> is negative or <paramref name="step"/> is not
    /// positive.
    /// </exception>
    /// <exception cref="OverflowException">The new price is beyond decimal range (an extreme parameter and step).</exception>
    public decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random)
    {
        PriceSteps.Check(price, time, step, random);
        decimal dt = YearFraction.Of(step);
        decimal z = random.NextStandardNormal();
        return PriceSteps.Apply(price, LogReturn(Drift, Volatility, dt, z));
    }

    internal static decimal LogReturn(decimal drift, decimal volatility, decimal dt, decimal z) =>
        ((drift - (volatility * volatility / 2m)) * dt) + (volatility * DecimalMath.Sqrt(dt) * z);
}
