using System.Text.Json;
using LiquidationSim.Kernel;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Simulation;

namespace LiquidationSim.Tests.Kernel;

/// <summary>
/// The one Monte Carlo shape: <see cref="MonteCarloOptions"/>, the runner on it, <see cref="IMonteCarloResult{TSelf}"/>
/// on the cascade's <see cref="MonteCarloResult"/>, and the reusable <see cref="MonteCarloPaths{TSelf, TPath}"/>.
/// </summary>
public class MonteCarloShapeTests
{
    private const ulong Seed = 424_242UL;

    [Fact]
    public void Options_default_to_path_zero_and_every_processor()
    {
        var options = new MonteCarloOptions { PathCount = 5 };

        options.FirstPath.Should().Be(0);
        options.LastPath.Should().Be(4);
        options.DegreeOfParallelism.Should().Be(Environment.ProcessorCount);
        options.Progress.Should().BeNull();
        MonteCarloOptions.Paths(7, 3).Should().Be(new MonteCarloOptions { FirstPath = 7, PathCount = 3 });
    }

    [Theory]
    [InlineData(-1L, 1L, 1, "FirstPath", "-1")]
    [InlineData(0L, 0L, 1, "PathCount", "0")]
    [InlineData(0L, -3L, 1, "PathCount", "-3")]
    [InlineData(0L, 1L, 0, "DegreeOfParallelism", "0")]
    public void Options_refuse_bad_values_naming_the_property_and_value(long first, long count, int dop, string property, string value)
    {
        FluentActions.Invoking(() => new MonteCarloOptions { FirstPath = first, PathCount = count, DegreeOfParallelism = dop })
            .Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == property && e.Message.Contains("got " + value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_range_past_the_last_index_is_refused_when_the_run_starts()
    {
        MonteCarloOptions options = MonteCarloOptions.Paths(long.MaxValue - 1, 5);

        FluentActions.Invoking(() => MonteCarloRunner.RunPaths(Seed, options, (i, r, t) => i))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("FirstPath");
    }

    [Fact]
    public void The_runner_honours_the_first_path_and_reports_progress()
    {
        var reports = new List<MonteCarloProgress>();
        var progress = new SynchronousProgress(reports.Add);

        ulong[] draws = MonteCarloRunner.RunPaths(
            Seed, MonteCarloOptions.Paths(10, 4) with { DegreeOfParallelism = 2, Progress = progress }, (i, r, t) => r.NextUInt64(), TestContext.Current.CancellationToken);

        draws.Should().Equal(Enumerable.Range(10, 4).Select(i => SeededRandom.ForPath(Seed, i).NextUInt64()));
        reports.Select(p => p.CompletedPaths).Should().Equal(1L, 2L, 3L, 4L);
        reports.Should().OnlyContain(p => p.TotalPaths == 4);
    }

    [Fact]
    public void The_cascade_result_has_the_one_shape()
    {
        ScenarioDocument golden = ScenarioSimulationTests.Load(ScenarioSimulationTests.Golden());

        Shape.Check<MonteCarloResult, MonteCarloPathResult>(
            options => ScenarioSimulation.RunMonteCarlo(golden, options),
            options => ScenarioSimulation.RunMonteCarlo(golden with { Seed = golden.Seed + 1 }, options),
            r => r.Paths);
    }

    [Fact]
    public void The_cascade_result_writes_the_json_its_serializer_context_writes()
    {
        MonteCarloResult result = MonteCarloResult.Create(7, [new MonteCarloPathResult(2, 1.50m, 0m, 0.25m, 1000m), new MonteCarloPathResult(5, 0m, 3m, 0m, 1m)]);

        result.ToJson().Should().Be(JsonSerializer.Serialize(result, MonteCarloJsonContext.Default.MonteCarloResult));
        MonteCarloResult.FromJson(result.ToJson()).Should().Be(result);
        FluentActions.Invoking(() => MonteCarloResult.FromJson(result.ToJson() + "{}")).Should().Throw<JsonException>();
        FluentActions.Invoking(() => MonteCarloResult.FromJson("""{"schemaVersion":2,"rootSeed":7,"paths":[]}""")).Should().Throw<JsonException>().WithMessage("*schemaVersion*");
    }

    [Fact]
    public void A_toy_result_merges_shards_and_round_trips()
    {
        Shape.Check<ToyResult, ToyPath>(options => ToyResult.Run(Seed, options), options => ToyResult.Run(Seed + 1, options), r => r.Paths);
    }

    [Fact]
    public void Equal_decimals_of_different_scales_write_equal_json_and_digests()
    {
        var a = new ToyResult(Seed, [new ToyPath(0, 1.50m, 3), new ToyPath(1, 2m, 0)]);
        var b = new ToyResult(Seed, [new ToyPath(1, 2.000m, 0), new ToyPath(0, 1.5m, 3)]);

        b.Should().Be(a);
        b.ToJson().Should().Be(a.ToJson());
        a.ToJson().Should().Be("""{"format":"toy","schemaVersion":1,"rootSeed":424242,"paths":[{"pathIndex":0,"value":1.5,"count":3},{"pathIndex":1,"value":2,"count":0}]}""");
        b.Digest().Should().Be(a.Digest()).And.MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void A_toy_result_refuses_bad_paths_and_bad_json()
    {
        FluentActions.Invoking(() => new ToyResult(Seed, [])).Should().Throw<ArgumentException>().WithParameterName("paths");
        FluentActions.Invoking(() => new ToyResult(Seed, [new ToyPath(-1, 0m, 0)])).Should().Throw<ArgumentException>().WithMessage("*negative path index*-1*");
        FluentActions.Invoking(() => new ToyResult(Seed, [new ToyPath(4, 0m, 0), new ToyPath(4, 1m, 0)])).Should().Throw<ArgumentException>().WithMessage("*path index twice*4*");

        string good = new ToyResult(Seed, [new ToyPath(0, 1m, 1)]).ToJson();
        ToyResult.FromJson(good).Should().Be(new ToyResult(Seed, [new ToyPath(0, 1m, 1)]));
        FluentActions.Invoking(() => ToyResult.FromJson(good.Replace("\"toy\"", "\"other\"", StringComparison.Ordinal))).Should().Throw<JsonException>().WithMessage("*format*other*");
        FluentActions.Invoking(() => ToyResult.FromJson(good.Replace("\"schemaVersion\":1", "\"schemaVersion\":2", StringComparison.Ordinal))).Should().Throw<JsonException>().WithMessage("*schemaVersion*2*");
        FluentActions.Invoking(() => ToyResult.FromJson(good.Replace("\"rootSeed\"", "\"extra\":0,\"rootSeed\"", StringComparison.Ordinal))).Should().Throw<JsonException>().WithMessage("*extra*");
        FluentActions.Invoking(() => ToyResult.FromJson(good.Replace(",\"count\":1", string.Empty, StringComparison.Ordinal))).Should().Throw<JsonException>().WithMessage("*count*");
        FluentActions.Invoking(() => ToyResult.FromJson(good.Replace("[{", "[{\"pathIndex\":0,\"value\":1,\"count\":1},{", StringComparison.Ordinal))).Should().Throw<JsonException>().WithMessage("*path index twice*");
        FluentActions.Invoking(() => ToyResult.FromJson("[]")).Should().Throw<JsonException>();
    }

    [Fact]
    public void A_toy_result_gives_nearest_rank_percentiles()
    {
        var r = new ToyResult(Seed, Enumerable.Range(0, 10).Select(i => new ToyPath(i, 10 - i, 0)));

        r.ValuePercentile(0m).Should().Be(1m);
        r.ValuePercentile(0.5m).Should().Be(5m);
        r.ValuePercentile(0.95m).Should().Be(10m);
        FluentActions.Invoking(() => r.ValuePercentile(1.5m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("p");
    }

    /// <summary>A per-path result for the toy.</summary>
    internal readonly record struct ToyPath(long PathIndex, decimal Value, long Count) : IMonteCarloPathResult;

    /// <summary>The least a result on <see cref="MonteCarloPaths{TSelf, TPath}"/> has to write.</summary>
    internal sealed class ToyResult : MonteCarloPaths<ToyResult, ToyPath>, IMonteCarloResult<ToyResult>
    {
        public ToyResult(ulong rootSeed, IEnumerable<ToyPath> paths)
            : base(rootSeed, paths)
        {
        }

        protected override string Format => "toy";

        public static ToyResult Run(ulong seed, MonteCarloOptions options) => new(
            seed,
            MonteCarloRunner.RunPaths(seed, options, (i, r, t) => new ToyPath(i, r.NextDecimalUnit() * 1_000m, (long)r.NextBelow(100))));

        public static ToyResult Merge(IEnumerable<ToyResult> results) => MergeAll(results);

        public static ToyResult FromJson(string json) => ReadJson(
            json, "toy", static (e, i) => new ToyPath(i, Required(e, "value").GetDecimal(), Required(e, "count").GetInt64()), static (s, p) => new ToyResult(s, p));

        public decimal ValuePercentile(decimal p) => Percentile(static x => x.Value, p);

        protected override ToyResult Create(ulong rootSeed, IEnumerable<ToyPath> paths) => new(rootSeed, paths);

        protected override void WritePath(Utf8JsonWriter writer, ToyPath path)
        {
            WriteDecimal(writer, "value", path.Value);
            writer.WriteNumber("count", path.Count);
        }
    }

    private sealed class SynchronousProgress(Action<MonteCarloProgress> report) : IProgress<MonteCarloProgress>
    {
        public void Report(MonteCarloProgress value) => report(value);
    }
}

/// <summary>The checks every simulator's Monte Carlo result passes.</summary>
internal static class Shape
{
    /// <summary>
    /// Runs paths 0–3 whole (one thread and two) and as shards [0, 1) and [1, 4), and checks: thread count changes
    /// nothing, the shard starting at path 1 holds the whole run's paths 1–3, the shards merge (in either order) into
    /// the whole run with its digest, JSON round-trips, and overlapping shards or another root seed refuse to merge.
    /// </summary>
    public static void Check<TResult, TPath>(
        Func<MonteCarloOptions, TResult> run, Func<MonteCarloOptions, TResult> runOtherSeed, Func<TResult, IEnumerable<TPath>> paths)
        where TResult : IMonteCarloResult<TResult>
    {
        TResult one = run(MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 1 });
        TResult two = run(MonteCarloOptions.Paths(0, 4) with { DegreeOfParallelism = 2 });
        TResult head = run(MonteCarloOptions.Paths(0, 1) with { DegreeOfParallelism = 1 });
        TResult tail = run(MonteCarloOptions.Paths(1, 3) with { DegreeOfParallelism = 2 });

        two.Should().Be(one);
        two.Digest().Should().Be(one.Digest()).And.MatchRegex("^[0-9a-f]{64}$");
        (one.FirstPath, one.LastPath, one.PathCount, one.IsContiguous).Should().Be((0L, 3L, 4L, true));
        (tail.FirstPath, tail.LastPath, tail.PathCount).Should().Be((1L, 3L, 3L));
        paths(tail).Should().Equal(paths(one).Skip(1));
        paths(head).Should().Equal(paths(one).Take(1));

        TResult merged = TResult.Merge([tail, head]);
        merged.Should().Be(one);
        merged.Digest().Should().Be(one.Digest());
        tail.Merge(head).Digest().Should().Be(one.Digest());
        head.Digest().Should().NotBe(one.Digest());

        string json = one.ToJson();
        TResult back = TResult.FromJson(json);
        back.Should().Be(one);
        back.Digest().Should().Be(one.Digest());
        back.ToJson().Should().Be(json);
        TResult.Merge([TResult.FromJson(tail.ToJson()), TResult.FromJson(head.ToJson())]).Should().Be(one);

        FluentActions.Invoking(() => one.Merge(tail)).Should().Throw<ArgumentException>().WithMessage("*path index twice*; got 1.*");
        TResult other = runOtherSeed(MonteCarloOptions.Paths(1, 1));
        other.RootSeed.Should().NotBe(one.RootSeed);
        FluentActions.Invoking(() => head.Merge(other)).Should().Throw<ArgumentException>()
            .WithMessage($"*root seed*results[0] has {head.RootSeed}*results[1] has; got {other.RootSeed}.*");
        FluentActions.Invoking(() => TResult.Merge([])).Should().Throw<ArgumentException>().WithParameterName("results");
    }
}
