using System.Globalization;
using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// Which paths a Monte Carlo run simulates and how: the path range, the degree of parallelism and an optional progress
/// reporter. Every simulator's <c>RunMonteCarlo(scenario, options, cancellationToken)</c> takes one.
/// </summary>
/// <remarks>
/// <para>
/// Path <c>i</c> of a run always draws from the stream of (the scenario's root seed, <c>i</c>), so
/// <see cref="DegreeOfParallelism"/> and <see cref="Progress"/> never change a result, and shards with disjoint ranges
/// (<see cref="FirstPath"/>, <see cref="PathCount"/>) merge into the result of running all their paths at once.
/// </para>
/// <para>
/// Each property is checked when it is set, throwing <see cref="ArgumentOutOfRangeException"/> naming the property and
/// the value; that the range does not pass <see cref="long.MaxValue"/> is checked when a run starts. Immutable; the
/// options themselves are thread-safe, and so is any reporter the caller gives.
/// </para>
/// </remarks>
/// <example><c>MonteCarloOptions.Paths(0, 1_000) with { DegreeOfParallelism = 4 }</c></example>
public sealed record MonteCarloOptions
{
    private readonly long _firstPath;
    private readonly long _pathCount = 1;
    private readonly int _degreeOfParallelism = Environment.ProcessorCount;

    /// <summary>The first path index of the run or shard.</summary>
    /// <value>Zero or greater; 0 by default. Shards of one run use disjoint ranges.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long FirstPath
    {
        get => _firstPath;
        init
        {
            if (value < 0)
            {
                ThrowHelper.OutOfRange(nameof(FirstPath), value, "must not be negative");
            }

            _firstPath = value;
        }
    }

    /// <summary>How many paths to run: <see cref="FirstPath"/> … <see cref="FirstPath"/> + <see cref="PathCount"/> − 1.</summary>
    /// <value>From 1 to <see cref="Array.MaxLength"/>; required.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public required long PathCount
    {
        get => _pathCount;
        init
        {
            if (value < 1 || value > Array.MaxLength)
            {
                ThrowHelper.OutOfRange(nameof(PathCount), value, "must be from 1 to " + Array.MaxLength.ToString(CultureInfo.InvariantCulture));
            }

            _pathCount = value;
        }
    }

    /// <summary>The most paths run at once.</summary>
    /// <value>At least 1; <see cref="Environment.ProcessorCount"/> by default. It never changes the result.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int DegreeOfParallelism
    {
        get => _degreeOfParallelism;
        init
        {
            if (value < 1)
            {
                ThrowHelper.OutOfRange(nameof(DegreeOfParallelism), value, "must be at least 1");
            }

            _degreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Told the number of completed paths after each path, from worker threads, one report at a time and with counts
    /// that never decrease; the last report is <see cref="PathCount"/> when the run completes.
    /// </summary>
    /// <value>Null (the default): no reports.</value>
    public IProgress<MonteCarloProgress>? Progress { get; init; }

    /// <summary>The last path index of the run: <see cref="FirstPath"/> + <see cref="PathCount"/> − 1.</summary>
    /// <exception cref="OverflowException">The range passes <see cref="long.MaxValue"/>.</exception>
    public long LastPath => checked(FirstPath + PathCount - 1);

    /// <summary>Options for paths <paramref name="firstPath"/> … <paramref name="firstPath"/> + <paramref name="pathCount"/> − 1, other properties at their defaults.</summary>
    /// <param name="firstPath">The first path index; zero or greater.</param>
    /// <param name="pathCount">How many paths; at least 1.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value breaks the rule of <see cref="FirstPath"/> or <see cref="PathCount"/>.</exception>
    public static MonteCarloOptions Paths(long firstPath, long pathCount) => new() { FirstPath = firstPath, PathCount = pathCount };

    /// <summary>Throws when the range passes <see cref="long.MaxValue"/> (each property was checked when set).</summary>
    internal void Validate()
    {
        if (FirstPath > long.MaxValue - PathCount)
        {
            ThrowHelper.OutOfRange(nameof(FirstPath), FirstPath, "plus PathCount must not pass Int64.MaxValue");
        }
    }
}
