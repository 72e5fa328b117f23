using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// The Monte Carlo runner and results: the same result for every degree of parallelism, shards that merge back into
/// the whole run exactly, hand-computed statistics, cancellation, progress, failures and bad input.
/// </summary>
public class MonteCarloTests
{
    private const ulong Seed = 20_261_121UL;

    private const MonteCarloMetric Liquidated = MonteCarloMetric.LiquidatedNotional;

    private static readonly MonteCarloMetric[] AllMetrics =
        [MonteCarloMetric.InsuranceFundDrawdown, MonteCarloMetric.BadDebt, MonteCarloMetric.AdlVolume, MonteCarloMetric.LiquidatedNotional];

    /// <summary>A toy path: every metric comes from the path's own draws, and the work per path varies.</summary>
    private static MonteCarloPathResult SimulatePath(long pathIndex, SeededRandom random, CancellationToken cancellationToken)
    {
        decimal shock = random.NextStandardNormal();
        Thread.SpinWait((int)random.NextBelow(2_000));
        decimal drawdown = Math.Max(0m, Math.Round(shock * 1_000m, 2));
        decimal badDebt = Math.Max(0m, Math.Round((shock - 1m) * 500m, 2));
        decimal adl = random.NextBelow(10) < 3 ? Math.Round(random.NextDecimalUnit() * 10_000m, 4) : 0m;
        decimal liquidated = Math.Round(random.NextDecimalUnit() * 1_000_000m, 6);
        return new MonteCarloPathResult(pathIndex, drawdown, badDebt, adl, liquidated);
    }

    private static MonteCarloResult RunToy(long firstPath, long pathCount, int degreeOfParallelism) =>
        MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(firstPath, pathCount) with { DegreeOfParallelism = degreeOfParallelism }, SimulatePath);

    /// <summary>A result whose liquidated notional on the path i is values[i] and whose other metrics are 0.</summary>
    private static MonteCarloResult FromLiquidated(params decimal[] values) =>
        MonteCarloResult.Create(Seed, values.Select((v, i) => new MonteCarloPathResult(i, 0m, 0m, 0m, v)));

    [Fact]
    public void Every_degree_of_parallelism_gives_the_same_result_and_digest()
    {
        MonteCarloResult one = RunToy(0, 200, 1);

        foreach (int dop in new[] { 2, 4, 8 })
        {
            MonteCarloResult many = RunToy(0, 200, dop);
            many.Should().Be(one, "DOP {0} must not change anything", dop);
            many.Paths.Should().Equal(one.Paths);
            many.Digest().Should().Be(one.Digest());
            foreach (MonteCarloMetric metric in AllMetrics)
            {
                many.Mean(metric).Should().Be(one.Mean(metric));
                many.ValueAtRisk(metric, 0.99m).Should().Be(one.ValueAtRisk(metric, 0.99m));
            }
        }
    }

    [Fact]
    public void Paths_are_in_index_order_and_draw_from_their_own_stream()
    {
        MonteCarloResult result = RunToy(10, 50, 4);

        result.FirstPath.Should().Be(10);
        result.LastPath.Should().Be(59);
        result.PathCount.Should().Be(50);
        result.IsContiguous.Should().BeTrue();
        result.RootSeed.Should().Be(Seed);
        result.Paths.Select(p => p.PathIndex).Should().Equal(Enumerable.Range(10, 50).Select(i => (long)i));
        result.Paths[7].Should().Be(SimulatePath(17, SeededRandom.ForPath(Seed, 17), CancellationToken.None));
        result.Paths.Select(p => p.LiquidatedNotional).Distinct().Should().HaveCount(50, "distinct paths draw distinct streams");
    }

    [Fact]
    public void A_different_seed_gives_a_different_result()
    {
        MonteCarloResult other = MonteCarloResult.Run(Seed + 1, MonteCarloOptions.Paths(0, 20) with { DegreeOfParallelism = 2 }, SimulatePath, TestContext.Current.CancellationToken);

        other.Digest().Should().NotBe(RunToy(0, 20, 2).Digest());
    }

    [Fact]
    public void Adjacent_shards_merge_into_the_whole_run()
    {
        MonteCarloResult whole = RunToy(0, 100, 4);

        MonteCarloResult merged = RunToy(0, 40, 2).Merge(RunToy(40, 60, 3));

        merged.Should().Be(whole);
        merged.Digest().Should().Be(whole.Digest());
        merged.FirstPath.Should().Be(0);
        merged.PathCount.Should().Be(100);
        foreach (MonteCarloMetric metric in AllMetrics)
        {
            merged.Mean(metric).Should().Be(whole.Mean(metric));
            merged.Min(metric).Should().Be(whole.Min(metric));
            merged.Max(metric).Should().Be(whole.Max(metric));
            merged.ValueAtRisk(metric, 0.95m).Should().Be(whole.ValueAtRisk(metric, 0.95m));
            merged.ValueAtRisk(metric, 0.99m).Should().Be(whole.ValueAtRisk(metric, 0.99m));
        }
    }

    [Fact]
    public void Shards_merged_out_of_order_or_with_gaps_equal_the_run_of_their_union()
    {
        MonteCarloResult a = RunToy(0, 25, 1);
        MonteCarloResult b = RunToy(25, 25, 2);
        MonteCarloResult c = RunToy(50, 50, 4);

        MonteCarloResult.Merge([c, a, b]).Should().Be(RunToy(0, 100, 1));
        c.Merge(a).Merge(b).Digest().Should().Be(RunToy(0, 100, 1).Digest());

        MonteCarloResult gapped = c.Merge(a);
        gapped.IsContiguous.Should().BeFalse();
        gapped.PathCount.Should().Be(75);
        gapped.Paths.Should().Equal(a.Paths.Concat(c.Paths));
        gapped.Should().Be(MonteCarloResult.Create(Seed, c.Paths.Concat(a.Paths)));
    }

    [Fact]
    public void Merging_refuses_overlapping_shards_and_different_seeds()
    {
        MonteCarloResult a = RunToy(0, 40, 2);

        FluentActions.Invoking(() => a.Merge(RunToy(39, 10, 2)))
            .Should().Throw<ArgumentException>().WithMessage("*path index twice*39*");
        FluentActions.Invoking(() => a.Merge(a)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => a.Merge(MonteCarloResult.Run(Seed + 1, MonteCarloOptions.Paths(40, 10) with { DegreeOfParallelism = 1 }, SimulatePath)))
            .Should().Throw<ArgumentException>().WithMessage("*root seed*").Which.ParamName.Should().Be("results");
        FluentActions.Invoking(() => MonteCarloResult.Merge([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => a.Merge(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Percentiles_are_nearest_rank_on_the_sorted_sample()
    {
        // 1 … 10 in scrambled order: rank ⌈p·10⌉.
        MonteCarloResult r = FromLiquidated(7m, 3m, 10m, 1m, 9m, 2m, 5m, 8m, 4m, 6m);

        r.Percentile(Liquidated, 0m).Should().Be(1m);
        r.Percentile(Liquidated, 0.05m).Should().Be(1m);   // ⌈0.5⌉ = 1
        r.Percentile(Liquidated, 0.5m).Should().Be(5m);    // ⌈5⌉ = 5
        r.Percentile(Liquidated, 0.51m).Should().Be(6m);   // ⌈5.1⌉ = 6
        r.Percentile(Liquidated, 0.9m).Should().Be(9m);    // ⌈9⌉ = 9
        r.Percentile(Liquidated, 0.95m).Should().Be(10m);  // ⌈9.5⌉ = 10
        r.Percentile(Liquidated, 1m).Should().Be(10m);
        r.Min(Liquidated).Should().Be(1m);
        r.Max(Liquidated).Should().Be(10m);
        r.Mean(Liquidated).Should().Be(5.5m);
        r.Mean(MonteCarloMetric.BadDebt).Should().Be(0m);
    }

    [Fact]
    public void Value_at_risk_95_and_99_on_twenty_losses()
    {
        // Losses 100, 200, …, 2000: VaR 95 is rank ⌈19⌉ = 19 → 1900; VaR 99 is rank ⌈19.8⌉ = 20 → 2000;
        // VaR 90 is rank 18 → 1800.
        MonteCarloResult r = FromLiquidated([.. Enumerable.Range(1, 20).Reverse().Select(i => i * 100m)]);

        r.ValueAtRisk(Liquidated, 0.95m).Should().Be(1900m);
        r.ValueAtRisk(Liquidated, 0.99m).Should().Be(2000m);
        r.ValueAtRisk(Liquidated, 0.90m).Should().Be(1800m);
        r.Mean(Liquidated).Should().Be(1050m);
    }

    [Fact]
    public void The_mean_is_exact_decimal_and_ignores_trailing_zeros_in_the_digest()
    {
        MonteCarloResult r = FromLiquidated(0.1m, 0.2m, 0.3m);
        r.Mean(Liquidated).Should().Be(0.2m);

        FromLiquidated(1.0m, 2.50m).Digest().Should().Be(FromLiquidated(1m, 2.5m).Digest());
        FromLiquidated(1m, 2.5m).Digest().Should().NotBe(FromLiquidated(1m, 2.6m).Digest());
        FromLiquidated(1m).Digest().Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void The_digest_is_SHA256_of_the_documented_text()
    {
        MonteCarloResult r = MonteCarloResult.Create(42, [new MonteCarloPathResult(1, 2.50m, 0m, 0.000001m, 1000m), new MonteCarloPathResult(0, 1m, 0.1m, 0m, 3m)]);
        string text = "LiquidationSim.MonteCarloResult v1\n42\n0,1,0.1,0,3\n1,2.5,0,1E-06,1000\n";

        string expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

        r.Digest().Should().Be(expected);
    }

    [Fact]
    public void Golden_digest_of_a_seeded_run()
    {
        // Pins SeededRandom.ForPath, the sampler and the digest format together: any change here must be deliberate.
        MonteCarloResult r = MonteCarloResult.Run(
            Seed,
            MonteCarloOptions.Paths(0, 16) with { DegreeOfParallelism = 2 },
            (i, random, token) => new MonteCarloPathResult(i, random.NextDecimalUnit(), random.NextBelow(1_000), 0m, random.NextDecimalUnit() * 100m),
            TestContext.Current.CancellationToken);

        r.Digest().Should().Be("1e3bfe10fe0b037af170766be3163d07ef9b4a6a3c8aedf3fa03588e7a5e0f1d");
    }

    [Fact]
    public void Histogram_counts_half_open_bins_with_a_closed_last_bin()
    {
        MonteCarloResult r = FromLiquidated(1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 10m);

        MonteCarloHistogram h = r.Histogram(Liquidated, [2m, 5m, 8m]);
        h.Edges.Should().Equal(2m, 5m, 8m);
        h.Counts.Should().Equal(3L, 4L);  // [2, 5): 2 3 4; [5, 8]: 5 6 7 8
        h.BelowRange.Should().Be(1);      // 1
        h.AboveRange.Should().Be(2);      // 9 10

        MonteCarloHistogram all = r.Histogram(Liquidated, [0m, 5m, 10m]);
        all.Counts.Should().Equal(4L, 6L);
        all.BelowRange.Should().Be(0);
        all.AboveRange.Should().Be(0);
    }

    [Fact]
    public void Progress_reaches_the_path_count_and_never_decreases()
    {
        var progress = new RecordingProgress();

        MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(5, 64) with { DegreeOfParallelism = 4, Progress = progress }, SimulatePath, TestContext.Current.CancellationToken);

        progress.Reports.Should().HaveCount(64);
        progress.Reports.Select(p => p.CompletedPaths).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        progress.Reports[^1].Should().Be(new MonteCarloProgress(64, 64));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Cancellation_throws_OperationCanceledException(int dop)
    {
        using var cts = new CancellationTokenSource();
        int started = 0;

        Action run = () => MonteCarloResult.Run(
            Seed,
            MonteCarloOptions.Paths(0, 10_000) with { DegreeOfParallelism = dop },
            (i, random, token) =>
            {
                if (Interlocked.Increment(ref started) == 10)
                {
                    cts.Cancel();
                }

                token.ThrowIfCancellationRequested();
                return SimulatePath(i, random, token);
            },
            cancellationToken: cts.Token);

        run.Should().Throw<OperationCanceledException>();
        started.Should().BeLessThan(10_000);
    }

    [Fact]
    public void A_cancelled_token_runs_nothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int calls = 0;

        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 10) with { DegreeOfParallelism = 1 }, (i, r, t) => { calls++; return new(i, 0m, 0m, 0m, 0m); }, cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();
        calls.Should().Be(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_failing_path_surfaces_its_own_exception_unwrapped(int dop)
    {
        FluentActions.Invoking(() => MonteCarloResult.Run(
                Seed,
                MonteCarloOptions.Paths(0, 50) with { DegreeOfParallelism = dop },
                (i, random, token) => i == 17 ? throw new InvalidDataException("path 17 broke") : SimulatePath(i, random, token)))
            .Should().Throw<InvalidDataException>().WithMessage("path 17 broke");
    }

    [Fact]
    public void A_throwing_progress_reporter_surfaces_its_exception()
    {
        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 20) with { DegreeOfParallelism = 2, Progress = new ThrowingProgress() }, SimulatePath))
            .Should().Throw<InvalidDataException>().WithMessage("reporter broke");
    }

    [Fact]
    public void A_result_for_the_wrong_path_index_is_refused()
    {
        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 5) with { DegreeOfParallelism = 2 }, (i, r, t) => new MonteCarloPathResult(i == 3 ? 4 : i, 0m, 0m, 0m, 0m)))
            .Should().Throw<InvalidOperationException>().WithMessage("*path 4 when asked for path 3*");
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter()
    {
        Func<long, SeededRandom, CancellationToken, MonteCarloPathResult> ok = (i, r, t) => new(i, 0m, 0m, 0m, 0m);

        FluentActions.Invoking(() => MonteCarloOptions.Paths(0, 0))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("PathCount");
        FluentActions.Invoking(() => MonteCarloOptions.Paths(0, -5))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("PathCount");
        FluentActions.Invoking(() => MonteCarloOptions.Paths(-1, 5))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("FirstPath");
        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(long.MaxValue - 2, 5), ok))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("FirstPath");
        FluentActions.Invoking(() => MonteCarloOptions.Paths(0, 5) with { DegreeOfParallelism = 0 })
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("DegreeOfParallelism");
        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, null!, ok))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
        FluentActions.Invoking(() => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 5) with { DegreeOfParallelism = 1 }, null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("simulatePath");

        FluentActions.Invoking(() => new MonteCarloPathResult(-1, 0m, 0m, 0m, 0m))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("pathIndex");
        FluentActions.Invoking(() => new MonteCarloPathResult(0, -0.01m, 0m, 0m, 0m))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("insuranceFundDrawdown");
        FluentActions.Invoking(() => new MonteCarloPathResult(0, 0m, -1m, 0m, 0m))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("badDebt");
        FluentActions.Invoking(() => new MonteCarloPathResult(0, 0m, 0m, -1m, 0m))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("adlVolume");
        FluentActions.Invoking(() => new MonteCarloPathResult(0, 0m, 0m, 0m, -1m))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("liquidatedNotional");

        MonteCarloResult r = FromLiquidated(1m, 2m);
        FluentActions.Invoking(() => r.Percentile(Liquidated, 1.01m)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("p");
        FluentActions.Invoking(() => r.Percentile(Liquidated, -0.01m)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => r.ValueAtRisk(Liquidated, 1m)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("confidence");
        FluentActions.Invoking(() => r.ValueAtRisk(Liquidated, 0m)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => r.Mean((MonteCarloMetric)9)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => r.Max((MonteCarloMetric)(-1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => r.Histogram(Liquidated, [1m])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("binEdges");
        FluentActions.Invoking(() => r.Histogram(Liquidated, [1m, 3m, 3m])).Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
        FluentActions.Invoking(() => MonteCarloResult.Create(Seed, [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("paths");
        FluentActions.Invoking(() => MonteCarloResult.Create(Seed, [new(3, 0m, 0m, 0m, 0m), new(3, 1m, 0m, 0m, 0m)]))
            .Should().Throw<ArgumentException>().WithMessage("*path index twice*3*");
    }

    [CiProperty(MaxTest = 100)]
    public Property Any_split_of_a_range_merges_back_into_the_whole()
    {
        const int MaxPaths = 60;
        MonteCarloResult whole = MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, MaxPaths) with { DegreeOfParallelism = 4 }, SimulatePath, TestContext.Current.CancellationToken);

        Gen<(int Count, int[] Cuts, ulong OrderSeed, int Dop)> cases =
            from count in Gen.Choose(1, MaxPaths)
            from cuts in Gen.SubListOf(Enumerable.Range(1, count - 1).ToArray())
            from orderSeed in Gen.Choose(0, int.MaxValue)
            from dop in Gen.Choose(1, 3)
            select (count, cuts.ToArray(), (ulong)orderSeed, dop);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            int[] bounds = [0, .. c.Cuts.Order(), c.Count];
            var order = new SeededRandom(c.OrderSeed);
            MonteCarloResult[] shards = [.. bounds
                .Zip(bounds.Skip(1), (from, to) => MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(from, to - from) with { DegreeOfParallelism = c.Dop }, SimulatePath))
                .Select(s => (Key: order.NextUInt64(), Shard: s))
                .OrderBy(x => x.Key)
                .Select(x => x.Shard)];

            MonteCarloResult merged = MonteCarloResult.Merge(shards);
            MonteCarloResult expected = MonteCarloResult.Create(Seed, whole.Paths.Take(c.Count));

            merged.Should().Be(expected);
            merged.Digest().Should().Be(expected.Digest());
            merged.ValueAtRisk(MonteCarloMetric.InsuranceFundDrawdown, 0.95m)
                .Should().Be(expected.ValueAtRisk(MonteCarloMetric.InsuranceFundDrawdown, 0.95m));
        });
    }

    private sealed class ThrowingProgress : IProgress<MonteCarloProgress>
    {
        public void Report(MonteCarloProgress value) => throw new InvalidDataException("reporter broke");
    }

    private sealed class RecordingProgress : IProgress<MonteCarloProgress>
    {
        private readonly object _gate = new();
        private readonly List<MonteCarloProgress> _reports = [];

        public List<MonteCarloProgress> Reports
        {
            get
            {
                lock (_gate)
                {
                    return [.. _reports];
                }
            }
        }

        public void Report(MonteCarloProgress value)
        {
            lock (_gate)
            {
                _reports.Add(value);
            }
        }
    }
}
