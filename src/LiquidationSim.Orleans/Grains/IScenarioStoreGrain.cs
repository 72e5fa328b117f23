using Orleans.Concurrency;

namespace LiquidationSim.Orleans.Grains;

/// <summary>
/// Holds one scenario's canonical JSON, keyed by its SHA-256, so that it travels to the cluster once per run and
/// each silo fetches it once. In memory only: a store lost with its silo is filled again by the client.
/// </summary>
[Alias("LiquidationSim.Orleans.IScenarioStoreGrain")]
internal interface IScenarioStoreGrain : IGrainWithStringKey
{
    /// <summary>Stores the scenario after checking that its JSON hashes to the grain's key.</summary>
    /// <exception cref="Scenarios.ClusterScenarioException">The hash does not match the JSON or the key.</exception>
    [Alias("Put")]
    Task Put(ScenarioUpload upload);

    /// <summary>The stored scenario, or null when none was stored (or the store was lost with its silo).</summary>
    [Alias("Get")]
    Task<ScenarioUpload?> Get();
}

/// <summary>
/// Runs one path range on the silo where it is placed. The client starts the work, then waits for it in short calls:
/// a range of a large scenario runs for minutes, past any sensible response timeout, and a silo that dies shows up as
/// a failed wait or as a fresh activation that holds no work (<see cref="RangeLostException"/>), never as a call that
/// hangs.
/// </summary>
[Alias("LiquidationSim.Orleans.IPathRangeGrain")]
internal interface IPathRangeGrain : IGrainWithStringKey
{
    /// <summary>Starts running the range in the background and returns at once; a second start does nothing.</summary>
    [Alias("Start")]
    Task Start(PathRangeRequest request);

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the range; cancelling <paramref name="cancellationToken"/> on the client
    /// cancels the silo's work.
    /// </summary>
    /// <returns>The range's result, or null while it is still running.</returns>
    /// <exception cref="RangeLostException">This activation never started the range: the silo that ran it is gone.</exception>
    /// <exception cref="Scenarios.ClusterScenarioException">The silo cannot verify the scenario's hash, or the scenario does not compile.</exception>
    /// <exception cref="ScenarioUnavailableException">No scenario of that hash is stored in the cluster (it was lost with a silo).</exception>
    [Alias("Wait")]
    Task<PathRangeResult?> Wait(TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Cancels the range's work; runs even while a wait is in progress.</summary>
    [Alias("Cancel")]
    [AlwaysInterleave]
    Task Cancel();
}

/// <summary>A range's activation holds no work: the silo that ran it died, and the client runs the range again.</summary>
[GenerateSerializer]
[Alias("LiquidationSim.Orleans.RangeLostException")]
internal sealed class RangeLostException : Exception
{
    public RangeLostException()
    {
    }

    public RangeLostException(string message)
        : base(message)
    {
    }

    public RangeLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The cluster holds no scenario of the requested hash: the client stores it again and retries.</summary>
[GenerateSerializer]
[Alias("LiquidationSim.Orleans.ScenarioUnavailableException")]
internal sealed class ScenarioUnavailableException : Exception
{
    public ScenarioUnavailableException()
    {
    }

    public ScenarioUnavailableException(string message)
        : base(message)
    {
    }

    public ScenarioUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
