namespace LiquidationSim.Kernel;

/// <summary>
/// A price model stepped through time: given the price at a time, a step and the path's generator, the price one
/// step later.
/// </summary>
/// <remarks>
/// Implementations are immutable and thread-safe: all randomness comes from the <see cref="SeededRandom"/> passed in,
/// so one process instance serves every Monte Carlo path, each with its own generator
/// (<see cref="SeededRandom.ForPath"/>). Annualised parameters use a 365-day year (<see cref="YearFraction.Of"/>):
/// crypto venues trade every day of the year.
/// </remarks>
public interface IPriceProcess
{
    /// <summary>The price <paramref name="step"/> after <paramref name="time"/>.</summary>
    /// <param name="price">The price at <paramref name="time"/>; greater than zero.</param>
    /// <param name="time">The offset of <paramref name="price"/> from the start of the path; zero or greater.</param>
    /// <param name="step">The time step; greater than zero.</param>
    /// <param name="random">The path's generator; stochastic processes draw from it, scripted ones ignore it.</param>
    /// <returns>The price at <paramref name="time"/> + <paramref name="step"/>; greater than zero.</returns>
    /// <exception cref="ArgumentException">An argument breaks the rule stated for it.</exception>
    decimal Next(decimal price, TimeSpan time, TimeSpan step, SeededRandom random);
}
