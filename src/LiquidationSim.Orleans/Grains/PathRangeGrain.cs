using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Hosting;
using LiquidationSim.Orleans.Scenarios;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace LiquidationSim.Orleans.Grains;

/// <summary>
/// Runs one path range. Each attempt at a range is its own activation (the key names the run, the range and the
/// attempt), placed on the silo with the fewest activations, so ranges spread across the cluster and a range re-run
/// after a silo died lands elsewhere.
/// </summary>
[ActivationCountBasedPlacement]
internal sealed class PathRangeGrain(ScenarioCache cache, SiloWork work, RangeFaults faults, IOptions<LiquidationSimSiloOptions> options, ILocalSiloDetails silo)
    : Grain, IPathRangeGrain
{
    private readonly CancellationTokenSource _cancellation = new();
    private Task<PathRangeResult>? _range;

    public Task Start(PathRangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _range ??= RunAsync(request, _cancellation.Token);
        return Task.CompletedTask;
    }

    public async Task<PathRangeResult?> Wait(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task<PathRangeResult> range = _range ?? throw new RangeLostException($"range {this.GetPrimaryKeyString()} is not running on this silo; the silo that ran it is gone.");
        using CancellationTokenRegistration stop = cancellationToken.Register(static c => ((CancellationTokenSource)c!).Cancel(), _cancellation);
        if (await Task.WhenAny(range, Task.Delay(wait, cancellationToken)) != range)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        DeactivateOnIdle();
        return await range;
    }

    public Task Cancel()
    {
        _cancellation.Cancel();
        return Task.CompletedTask;
    }

    private async Task<PathRangeResult> RunAsync(PathRangeRequest request, CancellationToken cancellationToken)
    {
        work.Start();
        try
        {
            if (faults.Lose?.Invoke(request) == true)
            {
                throw new RangeLostException($"range {this.GetPrimaryKeyString()} lost (injected).");
            }

            PreparedRun run = await cache.GetAsync(request, GrainFactory, cancellationToken);
            MonteCarloOptions paths = MonteCarloOptions.Paths(request.FirstPath, request.PathCount) with
            {
                DegreeOfParallelism = options.Value.DegreeOfParallelism,
            };

            // Off the activation's single-threaded scheduler: the kernel runs the paths in parallel on the thread pool.
            string json = await Task.Run(() => run.RunRange(paths, cancellationToken), cancellationToken);
            work.Complete();
            return new PathRangeResult { ResultJson = json, Silo = silo.SiloAddress.ToString() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            work.Cancel();
            throw;
        }
        catch
        {
            work.Fail();
            throw;
        }
        finally
        {
            work.Stop();
        }
    }
}
