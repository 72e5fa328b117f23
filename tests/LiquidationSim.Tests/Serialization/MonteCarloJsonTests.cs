using System.Text.Json;
using LiquidationSim.Kernel;
using LiquidationSim.Serialization;
using LiquidationSim.Simulation;

namespace LiquidationSim.Tests.Serialization;

/// <summary>Monte Carlo results written as JSON on one machine read back equal, and merge, on another.</summary>
public class MonteCarloJsonTests
{
    private const ulong Seed = 18_446_744_073_709_551_557UL; // above 2⁶³, to check the full ulong range

    private static MonteCarloPathResult SimulatePath(long pathIndex, SeededRandom random, CancellationToken cancellationToken) =>
        new(
            pathIndex,
            Math.Round(random.NextDecimalUnit() * 1_000m, 2),
            random.NextBelow(4) == 0 ? random.NextDecimalUnit() : 0m,
            Math.Round(random.NextDecimalUnit() * 10m, 4),
            random.NextDecimalUnit() * 1_000_000m);

    private static string Write(MonteCarloResult result) => JsonSerializer.Serialize(result, MonteCarloJsonContext.Default.MonteCarloResult);

    private static MonteCarloResult Read(string json) => JsonSerializer.Deserialize(json, MonteCarloJsonContext.Default.MonteCarloResult)!;

    [Fact]
    public void A_result_round_trips_exactly()
    {
        MonteCarloResult result = MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(3, 40) with { DegreeOfParallelism = 2 }, SimulatePath, TestContext.Current.CancellationToken);

        MonteCarloResult back = Read(Write(result));

        back.Should().Be(result);
        back.Digest().Should().Be(result.Digest());
        back.RootSeed.Should().Be(Seed);
        back.Paths.Select(p => p.LiquidatedNotional.Scale).Should().Equal(result.Paths.Select(p => p.LiquidatedNotional.Scale));
    }

    [Fact]
    public void The_format_is_the_documented_one()
    {
        MonteCarloResult result = MonteCarloResult.Create(7, [new MonteCarloPathResult(2, 1.50m, 0m, 0.25m, 1000m)]);

        Write(result).Should().Be(
            """{"schemaVersion":1,"rootSeed":7,"paths":[{"pathIndex":2,"insuranceFundDrawdown":1.50,"badDebt":0,"adlVolume":0.25,"liquidatedNotional":1000}]}""");
    }

    [Fact]
    public void Shards_written_and_read_back_merge_into_the_whole_run()
    {
        MonteCarloResult whole = MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 90) with { DegreeOfParallelism = 4 }, SimulatePath, TestContext.Current.CancellationToken);
        string[] files =
        [
            Write(MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(60, 30) with { DegreeOfParallelism = 1 }, SimulatePath, TestContext.Current.CancellationToken)),
            Write(MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(0, 25) with { DegreeOfParallelism = 2 }, SimulatePath, TestContext.Current.CancellationToken)),
            Write(MonteCarloResult.Run(Seed, MonteCarloOptions.Paths(25, 35) with { DegreeOfParallelism = 3 }, SimulatePath, TestContext.Current.CancellationToken)),
        ];

        MonteCarloResult merged = MonteCarloResult.Merge(files.Select(Read));

        merged.Should().Be(whole);
        merged.Digest().Should().Be(whole.Digest());
        Write(merged).Should().Be(Write(whole));
    }

    [Fact]
    public void The_default_options_use_the_same_converter()
    {
        MonteCarloResult result = MonteCarloResult.Create(1, [new MonteCarloPathResult(0, 1m, 2m, 3m, 4m)]);

        JsonSerializer.Serialize(result, MonteCarloJsonContext.Default.Options).Should().Be(Write(result));
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"rootSeed":1,"paths":[{"pathIndex":0,"insuranceFundDrawdown":0,"badDebt":0,"adlVolume":0,"liquidatedNotional":0}]}""", "*schemaVersion*")]
    [InlineData("""{"schemaVersion":1,"paths":[{"pathIndex":0,"insuranceFundDrawdown":0,"badDebt":0,"adlVolume":0,"liquidatedNotional":0}]}""", "*rootSeed*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":1,"paths":[]}""", "*at least one path*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":1,"seed":2,"paths":[]}""", "*Unknown property*seed*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":1,"paths":[{"pathIndex":0,"insuranceFundDrawdown":0,"badDebt":-1,"adlVolume":0,"liquidatedNotional":0}]}""", "*paths[0]*badDebt*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":1,"paths":[{"pathIndex":0,"insuranceFundDrawdown":0,"badDebt":0,"adlVolume":0}]}""", "*paths[0]*liquidatedNotional*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":1,"paths":[{"pathIndex":4,"insuranceFundDrawdown":0,"badDebt":0,"adlVolume":0,"liquidatedNotional":0},{"pathIndex":4,"insuranceFundDrawdown":1,"badDebt":0,"adlVolume":0,"liquidatedNotional":0}]}""", "*path index twice*4*")]
    [InlineData("""{"schemaVersion":1,"rootSeed":"1","paths":[]}""", "*")]
    [InlineData("""[1,2]""", "*Monte Carlo result object*")]
    public void Bad_JSON_is_refused_with_a_JsonException(string json, string message)
    {
        FluentActions.Invoking(() => Read(json)).Should().Throw<JsonException>().WithMessage(message);
    }
}
