using System.Text.Json;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// A Maker auction Monte Carlo (<see cref="AuctionSimulation.RunMonteCarlo"/>): the root seed and each path's
/// <see cref="AuctionRunResult"/> in path order, with nearest-rank percentiles; it merges with other shards of the run, has a
/// digest and round-trips through JSON (<see cref="IMonteCarloResult{TSelf}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Percentiles use the nearest-rank definition of the core package's CeFi Monte Carlo result (<c>LiquidationSim.Simulation.MonteCarloResult.Percentile</c>): <c>p</c> is a fraction from 0 to 1, and the
/// value is the one at rank ⌈p·n⌉ of the n sorted values (the smallest when p is 0).
/// </para>
/// <para>
/// JSON: format <c>liquidationsim-auction-montecarlo</c>, each path <c>{"pathIndex":…,"tabTotal":"…",…,"meanDurationSeconds":…}</c> with the <see cref="AuctionRunResult"/> figures in
/// declaration order, camel-cased; rad and wad amounts are exact base-10 integer strings; see <see cref="MonteCarloPaths{TSelf, TPath}"/>. Immutable and
/// thread-safe.
/// </para>
/// </remarks>
public sealed class AuctionMonteCarloResult : MonteCarloPaths<AuctionMonteCarloResult, AuctionRunResult>, IMonteCarloResult<AuctionMonteCarloResult>
{
    private const string JsonFormat = "liquidationsim-auction-montecarlo";

    /// <summary>A result from per-path results in any order, for example read back from storage.</summary>
    /// <param name="rootSeed">The seed the paths were run with (the scenario's <c>Seed</c>).</param>
    /// <param name="paths">At least one path result; no path index twice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or repeats a path index.</exception>
    public AuctionMonteCarloResult(ulong rootSeed, IEnumerable<AuctionRunResult> paths)
        : base(rootSeed, paths)
    {
    }

    /// <inheritdoc />
    protected override string Format => JsonFormat;

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.Merge(IEnumerable{TSelf})" />
    public static AuctionMonteCarloResult Merge(IEnumerable<AuctionMonteCarloResult> results) => MergeAll(results);

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.FromJson(string)" />
    public static AuctionMonteCarloResult FromJson(string json) => ReadJson(
        json,
        JsonFormat,
        static (e, index) => new AuctionRunResult
        {
            PathIndex = index,
            TabTotal = UInt256.Parse(Required(e, "tabTotal").GetString() ?? string.Empty),
            DaiRaised = UInt256.Parse(Required(e, "daiRaised").GetString() ?? string.Empty),
            TabWrittenOff = UInt256.Parse(Required(e, "tabWrittenOff").GetString() ?? string.Empty),
            TabRemaining = UInt256.Parse(Required(e, "tabRemaining").GetString() ?? string.Empty),
            LotTotal = UInt256.Parse(Required(e, "lotTotal").GetString() ?? string.Empty),
            CollateralSold = UInt256.Parse(Required(e, "collateralSold").GetString() ?? string.Empty),
            CollateralReturned = UInt256.Parse(Required(e, "collateralReturned").GetString() ?? string.Empty),
            LotRemaining = UInt256.Parse(Required(e, "lotRemaining").GetString() ?? string.Empty),
            Incentives = UInt256.Parse(Required(e, "incentives").GetString() ?? string.Empty),
            Auctions = Required(e, "auctions").GetInt32(),
            Takes = Required(e, "takes").GetInt32(),
            RecoveryRate = Required(e, "recoveryRate").GetDecimal(),
            BadDebt = Required(e, "badDebt").GetDecimal(),
            KeeperProfit = Required(e, "keeperProfit").GetDecimal(),
            AverageTakeToMarket = Required(e, "averageTakeToMarket").GetDecimal(),
            MeanDurationSeconds = Required(e, "meanDurationSeconds").GetDecimal(),
        },
        static (seed, paths) => new AuctionMonteCarloResult(seed, paths));

    /// <summary>The nearest-rank percentile of bad debt (DAI) over the paths.</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.99 for the 99th percentile).</param>
    /// <returns>The bad debt that at least a fraction <paramref name="p"/> of the paths do not exceed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal BadDebt(decimal p) => Percentile(static x => x.BadDebt, p);

    /// <summary>The nearest-rank percentile of the recovery rate (DAI raised ÷ tab).</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.01 for the worst 1 %).</param>
    /// <returns>The percentile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal RecoveryRate(decimal p) => Percentile(static x => x.RecoveryRate, p);

    /// <summary>The nearest-rank percentile of the keepers' profit (DAI).</summary>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The percentile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal KeeperProfit(decimal p) => Percentile(static x => x.KeeperProfit, p);

    /// <inheritdoc />
    protected override AuctionMonteCarloResult Create(ulong rootSeed, IEnumerable<AuctionRunResult> paths) => new(rootSeed, paths);

    /// <inheritdoc />
    protected override void WritePath(Utf8JsonWriter writer, AuctionRunResult path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("tabTotal", path.TabTotal.ToString());
        writer.WriteString("daiRaised", path.DaiRaised.ToString());
        writer.WriteString("tabWrittenOff", path.TabWrittenOff.ToString());
        writer.WriteString("tabRemaining", path.TabRemaining.ToString());
        writer.WriteString("lotTotal", path.LotTotal.ToString());
        writer.WriteString("collateralSold", path.CollateralSold.ToString());
        writer.WriteString("collateralReturned", path.CollateralReturned.ToString());
        writer.WriteString("lotRemaining", path.LotRemaining.ToString());
        writer.WriteString("incentives", path.Incentives.ToString());
        writer.WriteNumber("auctions", path.Auctions);
        writer.WriteNumber("takes", path.Takes);
        WriteDecimal(writer, "recoveryRate", path.RecoveryRate);
        WriteDecimal(writer, "badDebt", path.BadDebt);
        WriteDecimal(writer, "keeperProfit", path.KeeperProfit);
        WriteDecimal(writer, "averageTakeToMarket", path.AverageTakeToMarket);
        WriteDecimal(writer, "meanDurationSeconds", path.MeanDurationSeconds);
    }
}
