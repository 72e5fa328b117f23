using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// Merton's jump diffusion (Merton, "Option pricing when underlying stock returns are discontinuous", Journal of
/// Financial Economics 3, 1976): geometric Brownian motion plus jumps arriving as a Poisson process of intensity λ,
/// each multiplying the price by e^Y with Y ~ N(m, δ²).
/// </summary>
/// <remarks>
/// <para>
/// A step of length Δt is sampled exactly (Glasserman, <i>Monte Carlo Methods in Financial Engineering</i>, 2003,
/// §3.5.1): draw Z ~ N(0, 1), then the jump count N ~ Poisson(λΔt), then N jump sizes, and
/// S(t + Δt) = S(t)·exp((μ − σ²/2 − λκ)Δt + σ√Δt·Z + Σ Yᵢ), where κ = e^(m + δ²/2) − 1 is the mean relative jump.
/// The −λκ compensator makes <see cref="Drift"/> the expected total rate of return, jumps included, as in Merton's
/// paper; set a negative <see cref="JumpMean"/> for crash-like jumps.
/// </para>
/// <para>
/// The draws per step are one normal, one Poisson count and one normal per jump, in that order. λΔt must stay within
/// <see cref="SeededRandom.MaxPoissonMean"/>, which any realistic intensity and step does by orders of magnitude.
/// Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class JumpDiffusion : IPriceProcess
{
    /// <summary>A process with the given annualised diffusion and jump parameters.</summary>
    /// <param name="drift">μ, the expected total rate of return per year; within ±<see cref="GeometricBrownianMotion.MaxAbsoluteDrift"/>.</param>
    /// <param name="volatility">σ, the annualised diffusion volatility; from 0 to <see cref="GeometricBrownianMotion.MaxVolatility"/>.</param>
    /// <param name="jumpIntensity">λ, the expected number of jumps per year; from 0 to 1 000 000.</param>
    /// <param name="jumpMean">m, the mean of the log jump size (−0.1 ≈ a 10% drop); within ±5.</param>
    /// <param name="jumpVolatility">δ, the standard deviation of the log jump size; from 0 to 3.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public JumpDiffusion(decimal drift, decimal volatility, decimal jumpIntensity, decimal jumpMean, decimal jumpVolatility)
    {
        // The diffusion part validates drift and volatility with the same rules as plain GBM.
        _ = new GeometricBrownianMotion(drift, volatility);
        if (jumpIntensity < 0m || jumpIntensity > 1_000_000m)
        {
            ThrowHelper.OutOfRange(nameof(jumpIntensity), jumpIntensity, "must be from 0 to 1000000 jumps a year");
        }

        // The bounds keep κ = e^(m + δ²/2) − 1 and λκ comfortably inside decimal range.
        if (jumpMean < -5m || jumpMean > 5m)
        {
            ThrowHelper.OutOfRange(nameof(jumpMean), jumpMean, "must be from -5 to 5");
        }

        if (jumpVolatility < 0m || jumpVolatility > 3m)
        {
            ThrowHelper.OutOfRange(nameof(jumpVolatility), jumpVolatility, "must be from 0 to 3");
        }

        Drift = drift;
        Volatility = volatility;
        JumpIntensity = jumpIntensity;
        JumpMean = jumpMean;
        JumpVolatility = jumpVolatility;
        MeanRelativeJump = DecimalMath.Exp(jumpMean + (jumpVolatility * jumpVolatility / 2m)) - 1m;
    }

    /// <summary>μ, the annualised expected total return.</summary>
    public decimal Drift { get; }

    /// <summary>σ, the annualised diffusion volatility.</summary>
    public decimal Volatility { get; }

    /// <summary>λ, the expected number of jumps per year.</summary>
    public decimal JumpIntensity { get; }

    /// <summary>m, the mean log jump size.</summary>
    public decimal JumpMean { get; }

    /// <summary>δ, the standard deviation of the log jump size.</summary>
    public decimal JumpVolatility { get; }

    /// <summary>κ = e^(m + δ²/2) − 1, the expected relative price change of one jump.</summary>
    public decimal MeanRelativeJump { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="price"/> is not positive, <paramref name="time"/> is negative, <paramref name="step"/> is not
    /// positive, or λ·<paramref name="step"/> exceeds <see cref="SeededRandom.MaxPoissonMean"/>.
    /// </exception>
    /// <exception cref="OverflowException">The new price is beyond decimal range (an extreme parameter and step).</exception>
    public decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random)
    {
        PriceSteps.Check(price, time, step, random);
        decimal dt = YearFraction.Of(step);
        decimal expectedJumps = JumpIntensity * dt;
        if (expectedJumps > SeededRandom.MaxPoissonMean)
        {
            ThrowHelper.OutOfRange(
                nameof(step),
                step,
                "must be short enough that the expected jumps per step (jumpIntensity × step in years) stay at most 30");
        }

        decimal z = random.NextStandardNormal();
        int jumps = random.NextPoisson(expectedJumps);
        decimal logReturn = GeometricBrownianMotion.LogReturn(Drift - (JumpIntensity * MeanRelativeJump), Volatility, dt, z);
        for (int j = 0; j < jumps; j++)
        {
            logReturn += JumpMean + (JumpVolatility * random.NextStandardNormal());
        }

        return PriceSteps.Apply(price, logReturn);
    }
}
