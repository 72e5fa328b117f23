using System.Globalization;
using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Grains;
using LiquidationSim.Orleans.Scenarios;

namespace LiquidationSim.Orleans.Client;

/// <summary>
/// Runs a Monte Carlo on an Orleans cluster: splits the paths into ranges, dispatches them to the silos with bounded
/// concurrency, reports progress, re-runs a range whose silo died, and merges the ranges with the kernel's merge.
/// </summary>
/// <remarks>
/// <para>
/// <b>Same result as one machine.</b> Path <c>i</c> depends only on the root seed and <c>i</c>, ranges are disjoint
/// and the kernel's merge is order-independent, so the result (and its digest) equals
/// <c>RunMonteCarlo</c> on one machine for any number of silos, range size, completion order or retry.
/// </para>
/// <para>
/// <b>The scenario travels once.</b> Its canonical JSON goes to a store grain keyed by its SHA-256; each range request
/// carries only the hash and the range, and each silo fetches, verifies and compiles the scenario once.
/// </para>
/// <para>
/// <b>Cancellation</b> is passed to every grain call in flight, so the silos stop their paths too. A range that fails
/// because its silo died, its call timed out or the scenario store was lost is tried again (a new activation, placed on
/// a live silo), up to <see cref="ClusterMonteCarloOptions.MaxAttempts"/> times; a refusal is not.
/// </para>
/// <para>Thread-safe: one instance may run several Monte Carlos at once.</para>
/// </remarks>
public sealed class ClusterMonteCarlo
{
    private const int MaxAutomaticRangeSize = 1_000;

    /// <summary>How long one wait call lasts at most: well inside Orleans' default 30 s response timeout.</summary>
    private static readonly TimeSpan WaitPerCall = TimeSpan.FromSeconds(10);

    private readonly IClusterClient _client;
    private readonly ClusterMonteCarloOptions _options;

    /// <summary>A runner on a connected cluster client.</summary>
    /// <param name="client">A started client of a cluster whose silos called <c>AddLiquidationSimMonteCarlo</c>.</param>
    /// <param name="options">How to split and dispatch; the defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public ClusterMonteCarlo(IClusterClient client, ClusterMonteCarloOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new ClusterMonteCarloOptions();
    }

    /// <summary>How many ranges were tried again since this runner was made (a silo died, a call timed out).</summary>
    public int Retries => Volatile.Read(ref _retries);

    private int _retries;

    /// <summary>
    /// Runs paths <see cref="MonteCarloOptions.FirstPath"/> … <see cref="MonteCarloOptions.LastPath"/> of the scenario
    /// on the cluster. <see cref="MonteCarloOptions.Progress"/> is told the completed paths as ranges complete (counts
    /// never decrease; the last is the path count); <see cref="MonteCarloOptions.DegreeOfParallelism"/> is ignored
    /// (each silo uses its own).
    /// </summary>
    /// <typeparam name="TResult">The simulator's result type.</typeparam>
    /// <param name="scenario">The scenario, validated when it was made.</param>
    /// <param name="paths">The path range and progress reporter.</param>
    /// <param name="cancellationToken">Stops the run on the client and on every silo.</param>
    /// <returns>The merged result: equal to a single-machine run of the same paths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The path range passes <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="ClusterScenarioException">The cluster refused the scenario (its hash, or it does not compile there).</exception>
    /// <exception cref="InvalidOperationException">The cluster has no active silo.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResult> RunAsync<TResult>(ClusterScenario<TResult> scenario, MonteCarloOptions paths, CancellationToken cancellationToken = default)
        where TResult : class, IMonteCarloResult<TResult>
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.FirstPath > long.MaxValue - paths.PathCount)
        {
            throw new ArgumentOutOfRangeException(nameof(paths), paths.FirstPath, "FirstPath plus PathCount must not pass Int64.MaxValue");
        }

        cancellationToken.ThrowIfCancellationRequested();
        int silos = (await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken).ConfigureAwait(false)).Count;
        if (silos == 0)
        {
            throw new InvalidOperationException("The cluster has no active silo.");
        }

        (long First, int Count)[] ranges = Split(paths.FirstPath, paths.PathCount, _options.RangeSize ?? AutomaticRangeSize(paths.PathCount, silos));
        var upload = new ScenarioUpload { Simulation = scenario.Simulation, Sha256 = scenario.Sha256, CanonicalJson = scenario.CanonicalJson };
        IScenarioStoreGrain store = _client.GetGrain<IScenarioStoreGrain>(scenario.Sha256);
        await store.Put(upload).WaitAsync(cancellationToken).ConfigureAwait(false);

        string run = Guid.NewGuid().ToString("N");
        var results = new TResult[ranges.Length];
        var progress = new ProgressTally(paths.Progress, paths.PathCount);
        var dispatch = new ParallelOptions
        {
            MaxDegreeOfParallelism = _options.MaxConcurrentRanges ?? (2 * silos),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Length), dispatch, async (i, token) =>
        {
            (long first, int count) = ranges[i];
            TResult result = await RunRangeAsync(scenario, store, upload, run, first, count, token).ConfigureAwait(false);
            if (result.RootSeed != scenario.RootSeed || result.FirstPath != first || result.PathCount != count || !result.IsContiguous)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"a silo returned paths {result.FirstPath} to {result.LastPath} (seed {result.RootSeed}) for range {first} + {count} (seed {scenario.RootSeed})."));
            }

            results[i] = result;
            progress.Add(count);
        }).ConfigureAwait(false);

        return TResult.Merge(results);
    }

    /// <summary>Four ranges per silo, at most <see cref="MaxAutomaticRangeSize"/> paths each.</summary>
    internal static int AutomaticRangeSize(long pathCount, int silos) =>
        (int)Math.Clamp((pathCount + (4L * silos) - 1) / (4L * silos), 1L, MaxAutomaticRangeSize);

    /// <summary>Consecutive ranges of at most <paramref name="size"/> paths covering first … first + count − 1.</summary>
    internal static (long First, int Count)[] Split(long first, long count, int size)
    {
        var ranges = new (long, int)[(int)((count + size - 1) / size)];
        for (int i = 0; i < ranges.Length; i++)
        {
            long start = first + ((long)i * size);
            ranges[i] = (start, (int)Math.Min(size, first + count - start));
        }

        return ranges;
    }

    private async Task<TResult> RunRangeAsync<TResult>(
        ClusterScenario<TResult> scenario, IScenarioStoreGrain store, ScenarioUpload upload, string run, long first, int count, CancellationToken cancellationToken)
        where TResult : class, IMonteCarloResult<TResult>
    {
        var request = new PathRangeRequest { Simulation = scenario.Simulation, Sha256 = scenario.Sha256, FirstPath = first, PathCount = count };
        for (int attempt = 1; ; attempt++)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"{scenario.Sha256}/{run}/{first}+{count}/{attempt}");
            IPathRangeGrain grain = _client.GetGrain<IPathRangeGrain>(key);
            try
            {
                await grain.Start(request).WaitAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    PathRangeResult? result;
                    try
                    {
                        result = await grain.Wait(WaitPerCall, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // The wait in flight carried the cancellation to the silo; between waits it may not have.
                        _ = grain.Cancel();
                        throw;
                    }

                    if (result is not null)
                    {
                        return TResult.FromJson(result.ResultJson);
                    }
                }
            }
            catch (ScenarioUnavailableException) when (attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // The store went down with its silo: put the scenario back and try again.
                Interlocked.Increment(ref _retries);
                await store.Put(upload).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Retriable(e) && attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
            }
        }
    }

    private static bool Retriable(Exception e) =>
        e is not (ClusterScenarioException or OperationCanceledException or ArgumentException or System.Text.Json.JsonException);

    /// <summary>Adds up completed paths and reports them one at a time, never decreasing.</summary>
    private sealed class ProgressTally(IProgress<MonteCarloProgress>? progress, long total)
    {
        private readonly object _gate = new();
        private long _completed;

        public void Add(int paths)
        {
            lock (_gate)
            {
                _completed += paths;
                progress?.Report(new MonteCarloProgress(_completed, total));
            }
        }
    }
}
