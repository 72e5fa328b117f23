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

/// <summary>Runs one path range on the silo where it is placed.</summary>
[Alias("LiquidationSim.Orleans.IPathRangeGrain")]
internal interface IPathRangeGrain : IGrainWithStringKey
{
    /// <summary>Runs the range; cancelling <paramref name="cancellationToken"/> on the client stops the silo's work.</summary>
    /// <exception cref="Scenarios.ClusterScenarioException">The silo cannot verify the scenario's hash, or the scenario does not compile.</exception>
    /// <exception cref="ScenarioUnavailableException">No scenario of that hash is stored in the cluster (it was lost with a silo).</exception>
    [Alias("Run")]
    Task<PathRangeResult> Run(PathRangeRequest request, CancellationToken cancellationToken);
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
