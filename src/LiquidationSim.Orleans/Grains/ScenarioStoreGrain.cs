using LiquidationSim.Orleans.Scenarios;

namespace LiquidationSim.Orleans.Grains;

/// <summary>The in-memory store of one scenario (see <see cref="IScenarioStoreGrain"/>).</summary>
internal sealed class ScenarioStoreGrain : Grain, IScenarioStoreGrain
{
    private ScenarioUpload? _upload;

    public Task Put(ScenarioUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        string key = this.GetPrimaryKeyString();
        ScenarioVerification.Verify(upload, key, upload.Simulation);
        _upload = upload;
        return Task.CompletedTask;
    }

    public Task<ScenarioUpload?> Get() => Task.FromResult(_upload);
}

/// <summary>The one check every silo makes before it runs or stores a scenario.</summary>
internal static class ScenarioVerification
{
    /// <summary>Throws unless the upload's JSON hashes to <paramref name="sha256"/> and it is for <paramref name="simulation"/>.</summary>
    /// <exception cref="ClusterScenarioException">The hash or the simulator does not match.</exception>
    public static void Verify(ScenarioUpload upload, string sha256, ClusterSimulation simulation)
    {
        string actual = ClusterScenario.HashOf(upload.CanonicalJson);
        if (!string.Equals(upload.Sha256, sha256, StringComparison.Ordinal) || !string.Equals(actual, sha256, StringComparison.Ordinal))
        {
            throw new ClusterScenarioException($"scenario hash {sha256} cannot be verified: the JSON sent hashes to {actual}; refused.");
        }

        if (upload.Simulation != simulation)
        {
            throw new ClusterScenarioException($"scenario {sha256} was stored for {upload.Simulation}, not {simulation}; refused.");
        }
    }
}
