using System.Globalization;
using System.Runtime.ExceptionServices;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>Runs Monte Carlo paths in parallel with results that do not depend on the degree of parallelism.</summary>
/// <remarks>
/// <para>
/// Path <c>i</c> is given <see cref="SeededRandom.ForPath"/>(root seed, <c>i</c>), and its result is stored at its
/// index, so neither thread count nor completion order can change the results: a run with one thread and a run with
/// sixteen are equal. The path function must itself be deterministic in (path index, generator): it must not share
/// mutable state between paths. The runner knows nothing of what a path simulates; the CeFi cascade's result with
/// its loss metrics is <c>LiquidationSim.Simulation.MonteCarloResult</c>, the DeFi stress runs have their own.
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class MonteCarloRunner
{
    /// <summary>Runs paths <paramref name="firstPath"/> … <paramref name="firstPath"/> + <paramref name="pathCount"/> − 1 with any per-path result type.</summary>
    /// <typeparam name="T">The per-path result.</typeparam>
    /// <param name="rootSeed">The run's seed; with a path index it determines the path's random stream.</param>
    /// <param name="firstPath">The first path index; zero or greater. Shards of one run use disjoint ranges.</param>
    /// <param name="pathCount">How many paths to run; at least 1.</param>
    /// <param name="degreeOfParallelism">The most paths run at once; at least 1. It never changes the result.</param>
    /// <param name="simulatePath">
    /// Simulates one path from its index and its own generator, observing the token if it runs long. Called
    /// concurrently for different paths.
    /// </param>
    /// <param name="progress">
    /// Told the number of completed paths after each path, from worker threads, one report at a time and with counts
    /// that never decrease; the last report is <paramref name="pathCount"/> when the run completes.
    /// </param>
    /// <param name="cancellationToken">Stops the run; no further paths start.</param>
    /// <returns>The per-path results in path order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="simulatePath"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="firstPath"/> is negative, <paramref name="pathCount"/> is below 1 or above
    /// <see cref="Array.MaxLength"/>, the range passes <see cref="long.MaxValue"/>, or
    /// <paramref name="degreeOfParallelism"/> is below 1.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// If paths throw, the run stops starting new paths and rethrows, unwrapped and with its original stack trace, the
    /// exception of the lowest-indexed path that failed (not an <see cref="AggregateException"/>); an exception from
    /// <paramref name="progress"/> counts as a failure of the path it reported. Cancellation takes
    /// precedence: once the token is cancelled the run throws <see cref="OperationCanceledException"/>.
    /// </remarks>
    public static T[] RunPaths<T>(
        ulong rootSeed,
        long firstPath,
        long pathCount,
        int degreeOfParallelism,
        Func<long, SeededRandom, CancellationToken, T> simulatePath,
        IProgress<MonteCarloProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (firstPath < 0)
        {
            ThrowHelper.OutOfRange(nameof(firstPath), firstPath, "must not be negative");
        }

        if (pathCount < 1 || pathCount > Array.MaxLength)
        {
            ThrowHelper.OutOfRange(nameof(pathCount), pathCount, "must be from 1 to " + Array.MaxLength.ToString(CultureInfo.InvariantCulture));
        }

        if (firstPath > long.MaxValue - pathCount)
        {
            ThrowHelper.OutOfRange(nameof(firstPath), firstPath, "plus pathCount must not pass Int64.MaxValue");
        }

        if (degreeOfParallelism < 1)
        {
            ThrowHelper.OutOfRange(nameof(degreeOfParallelism), degreeOfParallelism, "must be at least 1");
        }

        Preconditions.NotNull(simulatePath);
        cancellationToken.ThrowIfCancellationRequested();

        var results = new T[pathCount];
        var gate = new object();
        long completed = 0;
        long failedPath = long.MaxValue;
        ExceptionDispatchInfo? failure = null;

        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = degreeOfParallelism,
            CancellationToken = cancellationToken,
        };

        try
        {
            Parallel.For(0L, pathCount, options, (offset, state) =>
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
