namespace LiquidationSim.Orleans.Client;

/// <summary>How <see cref="ClusterMonteCarlo"/> splits and dispatches a run. None of them changes a result.</summary>
/// <remarks>Immutable; thread-safe. Each property is checked when set.</remarks>
public sealed record ClusterMonteCarloOptions
{
    private readonly int? _rangeSize;
    private readonly int? _maxConcurrentRanges;
    private readonly int _maxAttempts = 3;

    /// <summary>Paths per range (one grain call).</summary>
    /// <value>
    /// At least 1, or null (the default): the paths divided into four ranges per active silo, at most 1,000 paths a
    /// range, so that progress is reported often and the work evens out when silos differ in speed.
    /// </value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int? RangeSize
    {
        get => _rangeSize;
        init => _rangeSize = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(RangeSize), value, "must be at least 1");
    }

    /// <summary>The most ranges in flight at once across the cluster.</summary>
    /// <value>At least 1, or null (the default): two per active silo, so a silo starts its next range while the last one's result travels.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int? MaxConcurrentRanges
    {
        get => _maxConcurrentRanges;
        init => _maxConcurrentRanges = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRanges), value, "must be at least 1");
    }

    /// <summary>How many times a range is tried before the run fails: a range whose silo died or timed out runs again elsewhere.</summary>
    /// <value>At least 1; 3 by default. A range the cluster refuses (<see cref="Scenarios.ClusterScenarioException"/>) is not tried again.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "must be at least 1");
    }
}
