using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>Conversion of time steps to the year fractions that annualised drift, volatility and intensity use.</summary>
/// <remarks>
/// Day count Actual/365 with time measured to the <see cref="TimeSpan"/> tick (100 ns): crypto markets trade every
/// calendar day, and 365 rather than 365.25 is the convention of annualised crypto volatility indices such as
/// Deribit's DVOL. The conversion divides tick counts in decimal, so the one rounding is at the 28th digit.
/// </remarks>
public static class YearFraction
{
    /// <summary>The days in the year that annualised parameters refer to.</summary>
    public const int DaysPerYear = 365;

    private const decimal TicksPerYear = 365m * TimeSpan.TicksPerDay;

    /// <summary>The length of <paramref name="span"/> in years of <see cref="DaysPerYear"/> days.</summary>
    /// <param name="span">Any span; a negative span gives a negative fraction.</param>
    /// <returns><paramref name="span"/> ÷ 365 days.</returns>
    public static decimal Of(TimeSpan span) => span.Ticks / TicksPerYear;

    internal static void CheckStep(TimeSpan step, string paramName = "step")
    {
        if (step <= TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(paramName, step, "must be greater than zero");
        }
    }
}
