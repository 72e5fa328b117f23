using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Client;
using LiquidationSim.Orleans.Grains;
using LiquidationSim.Orleans.Scenarios;
using LiquidationSim.Simulation;

[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

namespace LiquidationSim.Orleans.Tests;

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "three-silo cluster";
}

/// <summary>
/// A Monte Carlo on a three-silo in-process cluster against the same run on one machine through the library's own
/// <c>RunMonteCarlo</c> (the oracle: the kernel's promise that path i depends only on the seed and i, and that disjoint
/// shards merge into the whole).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterMonteCarloTests(ClusterFixture fixture)
{
    private static readonly ScenarioDocument s_cascade = TestScenarios.SmallCascade();
    private static readonly Lazy<MonteCarloResult> s_local24 = new(() => ScenarioSimulation.RunMonteCarlo(s_cascade, MonteCarloOptions.Paths(0, 24)));

    private ClusterMonteCarlo Runner(ClusterMonteCarloOptions? options = null) => new(fixture.Cluster.Client, options);

    [Fact]
    public async Task Three_silos_give_the_digest_of_a_local_run()
    {
        int startedBefore = fixture.Work().Sum(w => w.Started);

        MonteCarloResult cluster = await Runner(new() { RangeSize = 3 }).RunAsync(ClusterScenario.Cascade(s_cascade), MonteCarloOptions.Paths(0, 24), TestContext.Current.CancellationToken);

        cluster.Digest().Should().Be(s_local24.Value.Digest());
        cluster.Should().Be(s_local24.Value);
        fixture.Cluster.Silos.Should().HaveCount(3);
        fixture.Work().Sum(w => w.Started).Should().Be(startedBefore + 8, "24 paths in ranges of 3 are 8 grain calls, none retried");
    }

    [Theory]
    [InlineData(1, 1, 0L)]
    [InlineData(5, 6, 0L)]
    [InlineData(7, 2, 0L)]
    [InlineData(24, 3, 0L)]
    [InlineData(4, 4, 1_000_000L)]
    public async Task Any_range_size_and_concurrency_give_the_local_result(int rangeSize, int concurrency, long firstPath)
    {
        MonteCarloResult local = firstPath == 0
            ? s_local24.Value
            : ScenarioSimulation.RunMonteCarlo(s_cascade, MonteCarloOptions.Paths(firstPath, 24), TestContext.Current.CancellationToken);

        MonteCarloResult cluster = await Runner(new() { RangeSize = rangeSize, MaxConcurrentRanges = concurrency })
            .RunAsync(ClusterScenario.Cascade(s_cascade), MonteCarloOptions.Paths(firstPath, 24), TestContext.Current.CancellationToken);

        cluster.Digest().Should().Be(local.Digest());
        cluster.FirstPath.Should().Be(firstPath);
        cluster.PathCount.Should().Be(24);
    }

    [Fact]
    public async Task Lending_stress_and_Maker_auction_runs_equal_their_local_runs()
    {
        string json = TestScenarios.SmallDefi();
        DefiScenario defi = DefiScenarioJson.Parse(json, seed: 7);
        LendingMonteCarloResult lendingLocal = LendingStressSimulation.RunMonteCarlo(defi.Lending!.Scenario, MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);
        AuctionMonteCarloResult auctionLocal = AuctionSimulation.RunMonteCarlo(defi.Auction!.Scenario, MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);
        ClusterMonteCarlo runner = Runner(new() { RangeSize = 5 });

        LendingMonteCarloResult lending = await runner.RunAsync(ClusterScenario.AaveLending(json, seed: 7), MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);
        AuctionMonteCarloResult auction = await runner.RunAsync(ClusterScenario.MakerAuction(json, seed: 7), MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);

        lending.Digest().Should().Be(lendingLocal.Digest());
        auction.Digest().Should().Be(auctionLocal.Digest());
        lending.RootSeed.Should().Be(7UL);
    }

    [Fact]
    public async Task Progress_never_decreases_and_ends_at_the_path_count()
    {
        var reports = new List<MonteCarloProgress>();
        var progress = new Recorder(reports);

        _ = await Runner(new() { RangeSize = 5 }).RunAsync(ClusterScenario.Cascade(s_cascade), MonteCarloOptions.Paths(0, 24) with { Progress = progress }, TestContext.Current.CancellationToken);

        reports.Select(r => r.CompletedPaths).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        reports.Should().HaveCount(5, "24 paths in ranges of 5 are five ranges, each reported once");
        reports[^1].Should().Be(new MonteCarloProgress(24, 24));
    }

    [Fact]
    public async Task Each_silo_compiles_a_scenario_once_however_many_ranges_it_runs()
    {
        // A seed no other test uses, so the hash is new to every silo.
        ScenarioDocument fresh = s_cascade with { Seed = 424242 };
        int[] before = [.. fixture.Cluster.Silos.Select(s => ClusterFixture.CacheOf(s).Compilations)];

        _ = await Runner(new() { RangeSize = 1 }).RunAsync(ClusterScenario.Cascade(fresh), MonteCarloOptions.Paths(0, 12), TestContext.Current.CancellationToken);

        int[] after = [.. fixture.Cluster.Silos.Select(s => ClusterFixture.CacheOf(s).Compilations)];
        after.Zip(before, (a, b) => a - b).Should().OnlyContain(d => d <= 1, "twelve ranges, at most one compilation per silo");
        after.Sum().Should().BeGreaterThan(before.Sum());
    }

    [Fact]
    public async Task Cancellation_stops_the_work_on_every_silo()
    {
        // 40 ranges of 3 paths of 2,000 accounts over six hours: far longer than the wait below.
        ScenarioDocument heavy = TestScenarios.SmallCascade(accounts: 2_000, duration: "06:00:00");
        IReadOnlyList<SiloWork> work = fixture.Work();
        int cancelledBefore = work.Sum(w => w.Cancelled);
        int completedBefore = work.Sum(w => w.Completed);
        using var cts = new CancellationTokenSource();

        Task<MonteCarloResult> run = Runner(new() { RangeSize = 3, MaxConcurrentRanges = 6 })
            .RunAsync(ClusterScenario.Cascade(heavy), MonteCarloOptions.Paths(0, 120), cts.Token);
        (await Eventually(() => work.All(w => w.Running > 0))).Should().BeTrue("every silo should have started a range");
        await cts.CancelAsync();

        Func<Task> awaiting = () => run;
        await awaiting.Should().ThrowAsync<OperationCanceledException>();
        (await Eventually(() => work.All(w => w.Running == 0))).Should().BeTrue("every silo should stop its ranges");
        work.Sum(w => w.Cancelled).Should().BeGreaterThan(cancelledBefore, "ranges in flight on the silos observed the cancellation");
        (work.Sum(w => w.Completed) - completedBefore).Should().BeLessThan(40);
    }

    [Fact]
    public void A_scenario_that_fails_validation_is_refused_before_any_silo_starts_work()
    {
        int startedBefore = fixture.Work().Sum(w => w.Started);
        ScenarioDocument invalid = s_cascade with { Population = s_cascade.Population! with { Count = 0 } };
        string badDefi = TestScenarios.SmallDefi().Replace("\"oracleCoupling\":", "\"oracleCoupling\":7,\"x\":", StringComparison.Ordinal);

        Action cascade = () => ClusterScenario.Cascade(invalid);
        Action defi = () => ClusterScenario.AaveLending(badDefi);

        cascade.Should().Throw<ScenarioValidationException>().Which.Problems.Should().Contain(p => p.Path.StartsWith("$.population", StringComparison.Ordinal));
        defi.Should().Throw<ScenarioValidationException>().Which.Problems.Should().NotBeEmpty();
        fixture.Work().Sum(w => w.Started).Should().Be(startedBefore);
    }

    [Fact]
    public async Task A_scenario_whose_hash_does_not_match_its_JSON_is_refused()
    {
        ClusterScenario<MonteCarloResult> scenario = ClusterScenario.Cascade(s_cascade with { Seed = 99 });
        string tampered = scenario.CanonicalJson.Replace("\"seed\": 99", "\"seed\": 98", StringComparison.Ordinal);
        tampered.Should().NotBe(scenario.CanonicalJson);
        IScenarioStoreGrain store = fixture.Cluster.Client.GetGrain<IScenarioStoreGrain>(scenario.Sha256);

        Func<Task> wrongText = () => store.Put(new ScenarioUpload { Simulation = ClusterSimulation.Cascade, Sha256 = scenario.Sha256, CanonicalJson = tampered });
        Func<Task> wrongKey = () => fixture.Cluster.Client.GetGrain<IScenarioStoreGrain>(new string('0', 64))
            .Put(new ScenarioUpload { Simulation = ClusterSimulation.Cascade, Sha256 = scenario.Sha256, CanonicalJson = scenario.CanonicalJson });
        Func<Task> unknown = () => RunRange("unknown-hash-range", new PathRangeRequest { Simulation = ClusterSimulation.Cascade, Sha256 = new string('f', 64), FirstPath = 0, PathCount = 1 });

        await wrongText.Should().ThrowAsync<ClusterScenarioException>().WithMessage("*cannot be verified*");
        await wrongKey.Should().ThrowAsync<ClusterScenarioException>().WithMessage("*cannot be verified*");
        await unknown.Should().ThrowAsync<ScenarioUnavailableException>();
        (await store.Get()).Should().BeNull("nothing unverified is stored");
    }

    [Fact]
    public async Task A_range_for_another_simulator_than_the_stored_one_is_refused()
    {
        ClusterScenario<MonteCarloResult> scenario = ClusterScenario.Cascade(s_cascade with { Seed = 98 });
        await fixture.Cluster.Client.GetGrain<IScenarioStoreGrain>(scenario.Sha256)
            .Put(new ScenarioUpload { Simulation = ClusterSimulation.Cascade, Sha256 = scenario.Sha256, CanonicalJson = scenario.CanonicalJson });

        Func<Task> asLending = () => RunRange("as-lending", new PathRangeRequest { Simulation = ClusterSimulation.AaveLending, Sha256 = scenario.Sha256, FirstPath = 0, PathCount = 1 });

        await asLending.Should().ThrowAsync<ClusterScenarioException>().WithMessage("*not AaveLending*");
    }

    [Fact]
    public async Task Waiting_on_a_range_that_was_never_started_here_reports_it_lost()
    {
        // What a client sees when the silo that ran a range died: the grain's new activation holds no work.
        Func<Task> wait = () => fixture.Cluster.Client.GetGrain<IPathRangeGrain>("never-started").Wait(TimeSpan.FromSeconds(1), CancellationToken.None);

        await wait.Should().ThrowAsync<RangeLostException>();
    }

    /// <summary>Starts a range on its own grain and waits for its result, as the runner does.</summary>
    private async Task<PathRangeResult> RunRange(string key, PathRangeRequest request)
    {
        IPathRangeGrain grain = fixture.Cluster.Client.GetGrain<IPathRangeGrain>(key);
        await grain.Start(request);
        while (true)
        {
            if (await grain.Wait(TimeSpan.FromSeconds(5), CancellationToken.None) is { } result)
            {
                return result;
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> for up to 60 s; true as soon as it holds.</summary>
    internal static async Task<bool> Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 600; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition();
    }

    private sealed class Recorder(List<MonteCarloProgress> reports) : IProgress<MonteCarloProgress>
    {
        public void Report(MonteCarloProgress value) => reports.Add(value);
    }
}
