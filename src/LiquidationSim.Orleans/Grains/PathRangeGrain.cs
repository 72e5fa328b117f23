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
internal sealed class PathRangeGrain(ScenarioCache cache, SiloWork work, IOptions<LiquidationSimSiloOptions> options, ILocalSiloDetails silo)
    : Grain, IPathRangeGrain
{
    public async Task<PathRangeResult> Run(PathRangeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        work.Start();
        try
        {
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
            DeactivateOnIdle();
        }
    }
}
