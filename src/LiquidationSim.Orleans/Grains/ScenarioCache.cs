using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Hosting;
using LiquidationSim.Orleans.Scenarios;
using Microsoft.Extensions.Options;

namespace LiquidationSim.Orleans.Grains;

/// <summary>
/// A silo's compiled scenarios, by hash: each is fetched from its store grain, verified and compiled once, however
/// many ranges of it the silo runs. Holds the <see cref="LiquidationSimSiloOptions.CachedScenarios"/> most recently
/// used.
/// </summary>
/// <remarks>Thread-safe. A fetch or compilation that fails is not kept, so a retry starts afresh.</remarks>
internal sealed class ScenarioCache(IOptions<LiquidationSimSiloOptions> options)
{
    private readonly object _gate = new();
    private readonly LinkedList<(string Hash, ClusterSimulation Simulation, Lazy<Task<PreparedRun>> Run)> _entries = [];

    /// <summary>How many times a scenario was compiled on this silo (for tests: once per hash).</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    private int _compilations;

    /// <summary>The compiled scenario of <paramref name="request"/>'s hash, fetching and compiling it on first use.</summary>
    /// <exception cref="ScenarioUnavailableException">No store holds the hash.</exception>
    /// <exception cref="ClusterScenarioException">The hash does not verify, or the scenario does not compile.</exception>
    public Task<PreparedRun> GetAsync(PathRangeRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        Lazy<Task<PreparedRun>> entry;
        lock (_gate)
        {
            LinkedListNode<(string Hash, ClusterSimulation Simulation, Lazy<Task<PreparedRun>> Run)>? node = _entries.First;
            while (node is not null && !(node.Value.Hash == request.Sha256 && node.Value.Simulation == request.Simulation))
            {
                node = node.Next;
            }

            if (node is null)
            {
                node = new((request.Sha256, request.Simulation, new Lazy<Task<PreparedRun>>(() => FetchAndCompile(request, grains))));
                while (_entries.Count >= options.Value.CachedScenarios)
                {
                    _entries.RemoveLast();
                }
            }
            else
            {
                _entries.Remove(node);
            }

            _entries.AddFirst(node);
            entry = node.Value.Run;
        }

        // The compilation is shared by every range of the hash: one caller's cancellation stops its wait, not the compilation.
        return entry.Value.WaitAsync(cancellationToken);
    }

    private async Task<PreparedRun> FetchAndCompile(PathRangeRequest request, IGrainFactory grains)
    {
        try
        {
            ScenarioUpload upload = await grains.GetGrain<IScenarioStoreGrain>(request.Sha256).Get().ConfigureAwait(false)
                ?? throw new ScenarioUnavailableException($"no scenario with hash {request.Sha256} is stored in the cluster.");
            ScenarioVerification.Verify(upload, request.Sha256, request.Simulation);
            Interlocked.Increment(ref _compilations);
            return await Task.Run(() =>
            {
                try
                {
                    return PreparedRun.Prepare(upload.Simulation, upload.CanonicalJson, CancellationToken.None);
                }
                catch (ScenarioValidationException e)
                {
                    throw new ClusterScenarioException($"scenario {request.Sha256} does not compile on this silo: {string.Join("; ", e.Problems.Select(p => $"{p.Path}: {p.Message}"))}");
                }
            }).ConfigureAwait(false);
        }
        catch
        {
            Forget(request.Sha256);
            throw;
        }
    }

    private void Forget(string hash)
    {
        lock (_gate)
        {
            for (LinkedListNode<(string Hash, ClusterSimulation Simulation, Lazy<Task<PreparedRun>> Run)>? node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Hash == hash)
                {
                    _entries.Remove(node);
                    return;
                }
            }
        }
    }
}
