namespace LiquidationSim.Orleans.Hosting;

/// <summary>How a silo runs LiquidationSim's Monte Carlo ranges.</summary>
/// <remarks>Options: set once when the silo is built (<see cref="SiloBuilderExtensions.AddLiquidationSimMonteCarlo"/>).</remarks>
public sealed class LiquidationSimSiloOptions
{
    private int _degreeOfParallelism = Environment.ProcessorCount;
    private int _cachedScenarios = 4;

    /// <summary>The most paths of one range the silo runs at once.</summary>
    /// <value>At least 1; <see cref="Environment.ProcessorCount"/> by default. It never changes a result.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int DegreeOfParallelism
    {
        get => _degreeOfParallelism;
        set => _degreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(DegreeOfParallelism), value, "must be at least 1");
    }

    /// <summary>How many compiled scenarios the silo keeps (the most recently used).</summary>
    /// <value>At least 1; 4 by default. A compiled cascade holds its whole drawn population.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int CachedScenarios
    {
        get => _cachedScenarios;
        set => _cachedScenarios = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(CachedScenarios), value, "must be at least 1");
    }
}
