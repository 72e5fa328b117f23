using System.Runtime.ExceptionServices;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>Runs Monte Carlo paths in parallel with results that do not depend on the degree of parallelism.</summary>
/// <remarks>
/// <para>
/// Path <c>i</c> is given <see cref="SeededRandom.ForPath"/>(root seed, <c>i</c>), and its result is stored at its
/// index, so neither thread count nor completion order can change the results: a run with one thread and a run with
/// sixteen are equal. The path function must itself be deterministic in (path index, generator): it must not share
/// mutable state between paths. The runner knows nothing of what a path simulates; every simulator's
/// <c>RunMonteCarlo(scenario, options, cancellationToken)</c> calls it and returns an <see cref="IMonteCarloResult{TSelf}"/>
/// (the CeFi cascade's <c>LiquidationSim.Simulation.MonteCarloResult</c>, the DeFi results on
/// <see cref="MonteCarloPaths{TSelf, TPath}"/>).
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class MonteCarloRunner
{
    /// <summary>Runs paths <see cref="MonteCarloOptions.FirstPath"/> … <see cref="MonteCarloOptions.LastPath"/> with any per-path result type.</summary>
    /// <typeparam name="T">The per-path result.</typeparam>
    /// <param name="rootSeed">The run's seed; with a path index it determines the path's random stream.</param>
    /// <param name="options">
    /// The path range, the degree of parallelism (which never changes the result) and the progress reporter.
    /// </param>
    /// <param name="simulatePath">
    /// Simulates one path from its index and its own generator, observing the token if it runs long. Called
    /// concurrently for different paths.
    /// </param>
    /// <param name="cancellationToken">Stops the run; no further paths start.</param>
    /// <returns>The per-path results in path order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="simulatePath"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range passes <see cref="long.MaxValue"/> (named <c>FirstPath</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// If paths throw, the run stops starting new paths and rethrows, unwrapped and with its original stack trace, the
    /// exception of the lowest-indexed path that failed (not an <see cref="AggregateException"/>); an exception from
    /// the progress reporter counts as a failure of the path it reported. Cancellation takes
    /// precedence: once the token is cancelled the run throws <see cref="OperationCanceledException"/>.
    /// </remarks>
    public static T[] RunPaths<T>(
        ulong rootSeed,
        MonteCarloOptions options,
        Func<long, SeededRandom, CancellationToken, T> simulatePath,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(options);
        options.Validate();
        Preconditions.NotNull(simulatePath);
        cancellationToken.ThrowIfCancellationRequested();

        long firstPath = options.FirstPath;
        long pathCount = options.PathCount;
        IProgress<MonteCarloProgress>? progress = options.Progress;
        var results = new T[pathCount];
        var gate = new object();
        long completed = 0;
        long failedPath = long.MaxValue;
        ExceptionDispatchInfo? failure = null;

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.DegreeOfParallelism,
            CancellationToken = cancellationToken,
        };

        try
        {
            Parallel.For(0L, pathCount, parallel, (offset, state) =>
            {
                long pathIndex = firstPath + offset;
                try
                {
                    results[offset] = simulatePath(pathIndex, SeededRandom.ForPath(rootSeed, pathIndex), cancellationToken);
                    if (progress is not null)
                    {
                        // One report at a time, so the counts a reporter sees never go down.
                        lock (gate)
                        {
                            completed++;
                            progress.Report(new MonteCarloProgress(completed, pathCount));
                        }
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    lock (gate)
                    {
                        if (pathIndex < failedPath)
                        {
                            failedPath = pathIndex;
                            failure = ExceptionDispatchInfo.Capture(ex);
                        }
                    }

                    state.Stop();
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Parallel.For observed the token; rethrown below with the token attached.
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            // A path's own cancellation exception, wrapped by Parallel.For.
        }

        cancellationToken.ThrowIfCancellationRequested();
        failure?.Throw();
        return results;
    }
}

/// <summary>Progress of a <see cref="MonteCarloRunner"/> run.</summary>
/// <param name="CompletedPaths">Paths finished so far; never decreases within a run.</param>
/// <param name="TotalPaths">Paths in the run.</param>
public readonly record struct MonteCarloProgress(long CompletedPaths, long TotalPaths);
