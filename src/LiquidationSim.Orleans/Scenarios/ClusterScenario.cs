using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;
using LiquidationSim.Simulation;

namespace LiquidationSim.Orleans.Scenarios;

/// <summary>
/// A scenario ready to travel to a cluster: which simulator runs it, its canonical JSON and that text's SHA-256.
/// Made by the factories of <see cref="ClusterScenario"/>, which validate it first, so a scenario that breaks a rule
/// is refused before any silo is asked to do anything.
/// </summary>
/// <typeparam name="TResult">The simulator's Monte Carlo result type.</typeparam>
/// <remarks>
/// The JSON is sent to the cluster once per run and compiled once per silo; every range request names the scenario by
/// its hash, and a silo refuses a range whose hash it cannot verify against the text. Immutable and thread-safe.
/// </remarks>
public sealed class ClusterScenario<TResult>
    where TResult : class, IMonteCarloResult<TResult>
{
    internal ClusterScenario(ClusterSimulation simulation, string name, ulong rootSeed, string canonicalJson)
    {
        Simulation = simulation;
        Name = name;
        RootSeed = rootSeed;
        CanonicalJson = canonicalJson;
        Sha256 = ClusterScenario.HashOf(canonicalJson);
    }

    /// <summary>The simulator that runs the scenario.</summary>
    public ClusterSimulation Simulation { get; }

    /// <summary>The scenario's name.</summary>
    public string Name { get; }

    /// <summary>The root seed every path's random stream derives from (after any override).</summary>
    public ulong RootSeed { get; }

    /// <summary>
    /// The scenario as compact JSON: for the cascade, <c>ScenarioJson.Save</c> of the document (the text whose hash
    /// <c>liqsim</c> writes into its shards); for a DeFi run, the file's JSON without comments or whitespace, the seed
    /// override written in.
    /// </summary>
    public string CanonicalJson { get; }

    /// <summary>SHA-256 of <see cref="CanonicalJson"/>'s UTF-8 bytes, 64 lowercase hexadecimal digits.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// Runs paths of the scenario on this machine from the same canonical JSON a silo compiles: the single-machine
    /// reference a cluster run equals.
    /// </summary>
    /// <param name="options">The path range and degree of parallelism.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public TResult RunLocally(MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TResult.FromJson(PreparedRun.Prepare(Simulation, CanonicalJson, cancellationToken).RunRange(options, cancellationToken));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Simulation} scenario '{Name}' (sha256 {Sha256})";
}

/// <summary>Makes <see cref="ClusterScenario{TResult}"/>s: one factory per simulator, each validating first.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
public static class ClusterScenario
{
    /// <summary>A cascade scenario (<c>ScenarioSimulation</c>), as <c>liqsim run --paths</c> runs it.</summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The scenario breaks a rule of the schema; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">
    /// The scenario replays a historical CSV file: that file is on this machine, not necessarily on the silos.
    /// </exception>
    public static ClusterScenario<MonteCarloResult> Cascade(ScenarioDocument scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.PriceProcess is ScenarioHistoricalProcess)
        {
            throw new ClusterScenarioException("a historical replay reads a CSV file the silos may not have; run it on one machine.");
        }

        string json = ScenarioJson.Save(scenario);
        ScenarioDocument checkedDocument = ScenarioJson.Parse(json);
        return new ClusterScenario<MonteCarloResult>(ClusterSimulation.Cascade, checkedDocument.Name, checkedDocument.Seed, json);
    }

    /// <summary>The Aave lending stress run of a DeFi scenario file (<c>liqsim defi --paths</c>).</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text (schema: <c>docs/defi-scenario-schema.md</c>).</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<LendingMonteCarloResult> AaveLending(string defiScenarioJson, ulong? seed = null) =>
        Defi<LendingMonteCarloResult>(ClusterSimulation.AaveLending, defiScenarioJson, seed);

    /// <summary>The Maker Liquidation 2.0 auction run of a DeFi scenario file.</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<AuctionMonteCarloResult> MakerAuction(string defiScenarioJson, ulong? seed = null) =>
        Defi<AuctionMonteCarloResult>(ClusterSimulation.MakerAuction, defiScenarioJson, seed);

    /// <summary>The Morpho Blue lending stress run of a DeFi scenario file.</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<LendingMonteCarloResult> MorphoLending(string defiScenarioJson, ulong? seed = null) =>
        Defi<LendingMonteCarloResult>(ClusterSimulation.MorphoLending, defiScenarioJson, seed);

    /// <summary>The Compound v2 lending stress run of a DeFi scenario file.</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<LendingMonteCarloResult> CompoundV2Lending(string defiScenarioJson, ulong? seed = null) =>
        Defi<LendingMonteCarloResult>(ClusterSimulation.CompoundV2Lending, defiScenarioJson, seed);

    /// <summary>The Compound III (Comet) stress run of a DeFi scenario file.</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<CometMonteCarloResult> Comet(string defiScenarioJson, ulong? seed = null) =>
        Defi<CometMonteCarloResult>(ClusterSimulation.Comet, defiScenarioJson, seed);

    /// <summary>The Liquity stability-pool stress run of a DeFi scenario file.</summary>
    /// <param name="defiScenarioJson">The DeFi scenario file's text.</param>
    /// <param name="seed">A seed replacing the file's, or null.</param>
    /// <returns>The scenario, ready to travel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="defiScenarioJson"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The file breaks a rule; every problem is listed with its JSON path.</exception>
    /// <exception cref="ClusterScenarioException">The file has no run of this kind.</exception>
    public static ClusterScenario<LiquityMonteCarloResult> Liquity(string defiScenarioJson, ulong? seed = null) =>
        Defi<LiquityMonteCarloResult>(ClusterSimulation.Liquity, defiScenarioJson, seed);

    /// <summary>SHA-256 of a text's UTF-8 bytes as 64 lowercase hexadecimal digits.</summary>
    internal static string HashOf(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static ClusterScenario<TResult> Defi<TResult>(ClusterSimulation simulation, string json, ulong? seed)
        where TResult : class, IMonteCarloResult<TResult>
    {
        ArgumentNullException.ThrowIfNull(json);
        DefiScenario parsed = DefiScenarioJson.Parse(json, seed);
        string canonical = Canonical(json, parsed.Seed);
        _ = PreparedRun.Prepare(simulation, canonical, CancellationToken.None);
        return new ClusterScenario<TResult>(simulation, parsed.Name, parsed.Seed, canonical);
    }

    /// <summary>The document compact, comments dropped, with <c>seed</c> set to <paramref name="seed"/> in place.</summary>
    private static string Canonical(string json, ulong seed)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("seed"))
                {
                    writer.WriteNumber("seed", seed);
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
