using System.Text.Json;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.DeFi.Tests.Auctions;
using LiquidationSim.DeFi.Tests.Scenarios;
using LiquidationSim.DeFi.Tests.StabilityPool;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Simulation;

/// <summary>
/// Every DeFi simulator runs its Monte Carlo in the kernel's one shape: <c>RunMonteCarlo(scenario, options, token)</c>
/// and a result that merges with shards, has a digest and round-trips through JSON. Small scenarios, four paths.
/// </summary>
public class DefiMonteCarloShapeTests
{
    private static readonly GeometricBrownianMotion Volatile = new(0m, 3m);

    [Fact]
    public void Aave_lending_stress_has_the_one_shape()
    {
        LendingStressScenario s = LendingStressTests.Scenario(2_000m, coupling: 0.5m, Volatile);

        Shape.Check(
            o => LendingStressSimulation.RunMonteCarlo(s, o),
            o => LendingStressSimulation.RunMonteCarlo(s with { Seed = s.Seed + 1 }, o),
            r => r.Paths);
        LendingStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(2, 1), TestContext.Current.CancellationToken).Paths.Single()
            .Should().Be(LendingStressSimulation.Create(s, 2).Run(TestContext.Current.CancellationToken) with { PathIndex = 2 }, "path k of the run is the single run of path k");
    }

    [Fact]
    public void Morpho_stress_has_the_one_shape()
    {
        MorphoStressScenario s = MorphoStressScenarioTests.Load(MorphoStressScenarioTests.Json());

        Shape.Check(o => MorphoStressSimulation.RunMonteCarlo(s, o), o => MorphoStressSimulation.RunMonteCarlo(s with { Seed = s.Seed + 1 }, o), r => r.Paths);
    }

    [Fact]
    public void Compound_v2_stress_has_the_one_shape()
    {
        CompoundV2StressScenario s = CompoundV2StressScenarioTests.Load(CompoundV2StressScenarioTests.Json());

        Shape.Check(o => CompoundV2StressSimulation.RunMonteCarlo(s, o), o => CompoundV2StressSimulation.RunMonteCarlo(s with { Seed = s.Seed + 1 }, o), r => r.Paths);
    }

    [Fact]
    public void Comet_stress_has_the_one_shape()
    {
        CometStressScenario s = CometStressScenarioTests.Load(CometStressScenarioTests.Json());

        Shape.Check(o => CometStressSimulation.RunMonteCarlo(s, o), o => CometStressSimulation.RunMonteCarlo(s with { Seed = s.Seed + 1 }, o), r => r.Paths);
    }

    [Fact]
    public void Liquity_stress_has_the_one_shape()
    {
        LiquityStressScenario s = LiquityStressTests.Scenario(2_000m, process: Volatile) with { Duration = TimeSpan.FromHours(2) };

        Shape.Check(o => LiquityStressSimulation.RunMonteCarlo(s, o), o => LiquityStressSimulation.RunMonteCarlo(s with { Seed = s.Seed + 1 }, o), r => r.Paths);
    }

    [Fact]
    public void Maker_auctions_have_the_one_shape_seeded_from_the_scenario()
    {
        AuctionSimulationScenario s = AuctionSimulationTests.Stress(40, 10, 200, 3, pool: false) with { Seed = 2026 };

        Shape.Check(o => AuctionSimulation.RunMonteCarlo(s, o), o => AuctionSimulation.RunMonteCarlo(s with { Seed = 2027 }, o), r => r.Paths);
        AuctionRunResult third = AuctionSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(3, 1), TestContext.Current.CancellationToken).Paths.Single();
        third.Should().Be(AuctionSimulation.Run(s, SeededRandom.ForPath(2026, 3)).Outcome with { PathIndex = 3 });
    }

    [Fact]
    public void Auction_json_keeps_rad_amounts_exact()
    {
        AuctionSimulationScenario s = AuctionSimulationTests.Stress(40, 10, 200, 3, pool: false) with { Seed = 2026 };
        AuctionMonteCarloResult r = AuctionSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 2), TestContext.Current.CancellationToken);

        using JsonDocument json = JsonDocument.Parse(r.ToJson());
        JsonElement path = json.RootElement.GetProperty("paths")[0];
        json.RootElement.GetProperty("format").GetString().Should().Be("liquidationsim-auction-montecarlo");
        UInt256.Parse(path.GetProperty("tabTotal").GetString()!).Should().Be(r.Paths[0].TabTotal);
        r.Paths[0].TabTotal.Should().NotBe(UInt256.Zero, "the stress kicks auctions");
    }

    [Fact]
    public void Results_of_different_kinds_do_not_read_each_other()
    {
        LendingStressScenario s = LendingStressTests.Scenario(2_000m) with { Duration = TimeSpan.FromMinutes(5) };
        string lending = LendingStressSimulation.RunMonteCarlo(s, MonteCarloOptions.Paths(0, 1), TestContext.Current.CancellationToken).ToJson();

        FluentActions.Invoking(() => CometMonteCarloResult.FromJson(lending)).Should().Throw<JsonException>().WithMessage("*liquidationsim-comet-montecarlo*");
        FluentActions.Invoking(() => LendingMonteCarloResult.FromJson(lending.Replace("\"badDebt\"", "\"bad\"", StringComparison.Ordinal)))
            .Should().Throw<JsonException>().WithMessage("*badDebt*");
    }

    [Fact]
    public void Options_and_scenarios_are_checked()
    {
        LendingStressScenario s = LendingStressTests.Scenario(2_000m);

        FluentActions.Invoking(() => LendingStressSimulation.RunMonteCarlo(s, null!)).Should().Throw<ArgumentNullException>().WithParameterName("options");
        FluentActions.Invoking(() => AuctionSimulation.RunMonteCarlo(null!, MonteCarloOptions.Paths(0, 1))).Should().Throw<ArgumentNullException>().WithParameterName("scenario");
        FluentActions.Invoking(() => LiquityStressSimulation.RunMonteCarlo(LiquityStressTests.Scenario(2_000m), MonteCarloOptions.Paths(long.MaxValue, 2)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("FirstPath");
    }
}

/// <summary>The checks every simulator's Monte Carlo result passes (the core tests hold the same for the cascade).</summary>
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
