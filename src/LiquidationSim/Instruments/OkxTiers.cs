using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.Internal;

namespace LiquidationSim.Instruments;

/// <summary>
/// One row of OKX's <c>GET /api/v5/public/position-tiers</c> for a perpetual swap: a tier holds positions of more
/// than the previous tier's <c>maxSz</c> and at most this tier's <see cref="MaxContracts"/> contracts.
/// </summary>
/// <param name="MaxContracts">
/// <c>maxSz</c>: the largest position, in contracts, the tier holds (inclusive: OKX publishes the next tier's
/// <c>minSz</c> as this value + 1). <see cref="decimal.MaxValue"/> marks an open-ended last tier.
/// </param>
/// <param name="MaintenanceMarginRate"><c>mmr</c> as a fraction (0.004 = 0.4%).</param>
/// <param name="InitialMarginRate"><c>imr</c> as a fraction; the tier's maximum leverage is its reciprocal (<c>maxLever</c>).</param>
public readonly record struct OkxPositionTier(decimal MaxContracts, decimal MaintenanceMarginRate, decimal InitialMarginRate)
{
    /// <summary>The tier's maximum leverage, <c>1 ÷ InitialMarginRate</c> (OKX shows it truncated, e.g. 66.66 for 1.5%).</summary>
    public decimal MaxLeverage => 1m / InitialMarginRate;
}

/// <summary>
/// OKX position tiers as OKX states them: in contracts, with the contract value (<c>ctVal</c>) that turns a
/// number of contracts into the underlying. OKX charges the tier's maintenance rate on the whole position value at
/// the mark price, with no deduction (ccxt's <c>fetchLeverageTiers</c> reports no maintenance amount for OKX,
/// reference cefi.md §3).
/// </summary>
/// <remarks>
/// <para>
/// <b>How the library uses a size-based table.</b> <see cref="RiskTierTable"/> and the solvers look brackets up by
/// notional. <see cref="ToRiskTierTable"/> converts this table at one price: each tier's contract bounds become
/// notional bounds at that price, cap-inclusive, with <see cref="MaintenanceAmountRule.WholePosition"/>. At that price
/// a position is in exactly the tier its contract count selects (tested for every boundary of the shipped tables).
/// At another price the converted boundaries are off by the ratio of the two prices; a caller who needs OKX's own
/// boundaries at a price converts there, e.g. at a position's mark price, and <see cref="TierFor"/> answers by
/// contracts directly.
/// </para>
/// <para>
/// <b>Assumption:</b> with fractional lots (OKX's BTC-USDT-SWAP lot is 0.01 contract) a size between one tier's
/// <c>maxSz</c> and the next tier's <c>minSz</c> = <c>maxSz</c> + 1 is not covered by the published rows; here it
/// belongs to the higher tier (only a size at or below <c>maxSz</c> stays in the lower one).
/// </para>
/// <para>Immutable and safe to share between threads.</para>
/// </remarks>
public sealed class OkxPositionTierTable
{
    private OkxPositionTierTable(string name, ContractKind kind, decimal contractValue, ImmutableArray<OkxPositionTier> tiers, SourceReference source)
    {
        Name = name;
        Kind = kind;
        ContractValue = contractValue;
        Tiers = tiers;
        Source = source;
    }

    /// <summary>Table name, e.g. "OKX BTC-USDT-SWAP".</summary>
    public string Name { get; }

    /// <summary>Linear (USDT-margined, <see cref="ContractValue"/> in the base coin) or inverse (coin-margined, in USD).</summary>
    public ContractKind Kind { get; }

    /// <summary>OKX <c>ctVal</c>: base units per contract for a linear swap (0.01 BTC), quote units for an inverse one (100 USD).</summary>
    public decimal ContractValue { get; }

    /// <summary>The tiers, smallest first.</summary>
    public ImmutableArray<OkxPositionTier> Tiers { get; }

    /// <summary>Where the numbers come from and the date they describe.</summary>
    public SourceReference Source { get; }

    /// <summary>Builds a table from rows as published.</summary>
    /// <param name="name">Table name.</param>
    /// <param name="kind">Linear or inverse.</param>
    /// <param name="contractValue"><c>ctVal</c>; positive.</param>
    /// <param name="tiers">Rows, smallest first.</param>
    /// <param name="source">Source and date.</param>
    /// <exception cref="ArgumentException">A row's size does not rise, a rate falls or is outside [0, 1), or an
    /// initial rate is not above its maintenance rate; the message names the row.</exception>
    public static OkxPositionTierTable Create(string name, ContractKind kind, decimal contractValue, IEnumerable<OkxPositionTier> tiers, SourceReference source)
    {
        Preconditions.NotBlank(name);
        Preconditions.Positive(contractValue);
        Preconditions.NotNull(tiers);
        source.Validate(nameof(source));
        if (kind is not (ContractKind.Linear or ContractKind.Inverse))
        {
            ThrowHelper.Argument(nameof(kind), kind, "must be Linear or Inverse");
        }

        ImmutableArray<OkxPositionTier> rows = tiers.ToImmutableArray();
        Validate(rows);
        return new OkxPositionTierTable(name, kind, contractValue, rows, source);
    }

    /// <summary>
    /// A copy extended to <paramref name="tierCount"/> tiers by OKX's published progression for the tiers beyond the
    /// listed ones: each further tier holds <paramref name="contractsStep"/> more contracts and raises both the
    /// maintenance and the initial rate by <paramref name="rateStep"/> ("Increase by N conts from the previous tier",
    /// "Increase by 0.5% from the previous tier", "Max. leverage of the tier" in every OKX "adjust position tiers"
    /// notice, e.g. 2023-08-23 for BTCUSDC). The last tier is open-ended.
    /// </summary>
    /// <param name="tierCount">Total number of tiers; at least the number listed.</param>
    /// <param name="contractsStep">Contracts added per tier; positive.</param>
    /// <param name="rateStep">Rate added per tier, as a fraction (0.005 for OKX's 0.5%); positive.</param>
    /// <exception cref="ArgumentException">A rate would reach 100%, or the arguments are out of range.</exception>
    public OkxPositionTierTable Extend(int tierCount, decimal contractsStep, decimal rateStep)
    {
        if (tierCount < Tiers.Length)
        {
            ThrowHelper.OutOfRange(nameof(tierCount), tierCount, string.Create(CultureInfo.InvariantCulture, $"must be at least the {Tiers.Length} listed tiers"));
        }

        Preconditions.Positive(contractsStep);
        Preconditions.Positive(rateStep);
        ImmutableArray<OkxPositionTier>.Builder rows = ImmutableArray.CreateBuilder<OkxPositionTier>(tierCount);
        rows.AddRange(Tiers);
        OkxPositionTier last = Tiers[^1];
        if (last.MaxContracts == decimal.MaxValue && tierCount > Tiers.Length)
        {
            ThrowHelper.Argument(nameof(tierCount), tierCount, "cannot extend past an open-ended last tier");
        }

        while (rows.Count < tierCount)
        {
            last = new OkxPositionTier(last.MaxContracts + contractsStep, last.MaintenanceMarginRate + rateStep, last.InitialMarginRate + rateStep);
            rows.Add(last);
        }

        rows[^1] = rows[^1] with { MaxContracts = decimal.MaxValue };
        return Create(Name, Kind, ContractValue, rows.MoveToImmutable(), Source);
    }

    /// <summary>Index of the tier a position of <paramref name="contracts"/> contracts is in; above the last cap, the last tier.</summary>
    /// <param name="contracts">Absolute size in contracts; zero or more.</param>
    public int IndexOf(decimal contracts)
    {
        Preconditions.NonNegative(contracts);
        for (int i = 0; i < Tiers.Length; i++)
        {
            if (contracts <= Tiers[i].MaxContracts)
            {
                return i;
            }
        }

        return Tiers.Length - 1;
    }

    /// <summary>The tier a position of <paramref name="contracts"/> contracts is in.</summary>
    /// <param name="contracts">Absolute size in contracts; zero or more.</param>
    public OkxPositionTier TierFor(decimal contracts) => Tiers[IndexOf(contracts)];

    /// <summary>
    /// Position value in the settlement asset: <c>contracts × ctVal × price</c> (linear, USDT) or
    /// <c>contracts × ctVal ÷ price</c> (inverse, the coin).
    /// </summary>
    /// <param name="contracts">Absolute size in contracts; zero or more.</param>
    /// <param name="price">Mark price; positive.</param>
    public decimal PositionValue(decimal contracts, decimal price)
    {
        Preconditions.NonNegative(contracts);
        Preconditions.Positive(price);
        return Kind == ContractKind.Linear ? contracts * ContractValue * price : contracts * ContractValue / price;
    }

    /// <summary>Maintenance margin: the position value at the mark times the tier's rate, with no deduction.</summary>
    /// <param name="contracts">Absolute size in contracts; zero or more.</param>
    /// <param name="markPrice">Mark price; positive.</param>
    public decimal MaintenanceMargin(decimal contracts, decimal markPrice) =>
        PositionValue(contracts, markPrice) * TierFor(contracts).MaintenanceMarginRate;

    /// <summary>
    /// OKX's isolated margin ratio, <c>equity ÷ (position value at the mark × (tier maintenance rate + fee rate))</c>
    /// (OKX "Tiered maintenance margin ratio rules", updated 2025-05-16, as paraphrased in reference cefi.md §3). OKX
    /// liquidates when it falls to 1 (100%): equity at or below maintenance margin plus the liquidation fee.
    /// </summary>
    /// <param name="equity">Position margin plus unrealised PnL, in the settlement asset.</param>
    /// <param name="contracts">Absolute size in contracts; positive.</param>
    /// <param name="markPrice">Mark price; positive.</param>
    /// <param name="liquidationFeeRate">The liquidation fee rate (the user's taker rate); in [0, 1).</param>
    public decimal MarginRatio(decimal equity, decimal contracts, decimal markPrice, decimal liquidationFeeRate)
    {
        Preconditions.Positive(contracts);
        Preconditions.Fraction(liquidationFeeRate);
        decimal requirement = PositionValue(contracts, markPrice) * (TierFor(contracts).MaintenanceMarginRate + liquidationFeeRate);
        return requirement == 0m ? decimal.MaxValue : equity / requirement;
    }

    /// <summary>
    /// The table in the library's notional form at <paramref name="price"/>: tier <c>i</c> covers position values
    /// above <c>maxSz(i−1) × ctVal × price</c> up to and including <c>maxSz(i) × ctVal × price</c> (inverse:
    /// <c>÷ price</c>), whole-position rates, cap-inclusive boundaries. Exact for positions valued at
    /// <paramref name="price"/>; see the remarks on the type.
    /// </summary>
    /// <param name="price">The price the contract bounds are valued at; positive.</param>
    public RiskTierTable ToRiskTierTable(decimal price)
    {
        Preconditions.Positive(price);
        var rows = new RiskTier[Tiers.Length];
        decimal floor = 0m;
        for (int i = 0; i < Tiers.Length; i++)
        {
            OkxPositionTier t = Tiers[i];
            decimal cap = t.MaxContracts == decimal.MaxValue ? decimal.MaxValue : PositionValue(t.MaxContracts, price);
            rows[i] = RiskTier.FromInitialMarginRate(floor, cap, t.InitialMarginRate, t.MaintenanceMarginRate, 0m);
            floor = cap;
        }

        return RiskTierTable.Create(
            string.Create(CultureInfo.InvariantCulture, $"{Name} (contract tiers valued at {price})"),
            rows,
            MaintenanceAmountRule.WholePosition,
            Source,
            TierBoundary.CapInclusive);
    }

    private static void Validate(ImmutableArray<OkxPositionTier> rows)
    {
        if (rows.IsEmpty)
        {
            ThrowHelper.Argument("tiers", "[]", "must contain at least one tier");
        }

        for (int i = 0; i < rows.Length; i++)
        {
            OkxPositionTier t = rows[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"tiers[{i}]");
            if (t.MaxContracts <= (i == 0 ? 0m : rows[i - 1].MaxContracts))
            {
                ThrowHelper.Argument(at + ".MaxContracts", t.MaxContracts, "must be positive and above the previous tier's");
            }

            if (t.MaintenanceMarginRate < 0m || t.MaintenanceMarginRate >= 1m)
            {
                ThrowHelper.OutOfRange(at + ".MaintenanceMarginRate", t.MaintenanceMarginRate, "must be at least 0 and below 1");
            }

            if (t.InitialMarginRate <= t.MaintenanceMarginRate || t.InitialMarginRate > 1m)
            {
                ThrowHelper.Argument(at + ".InitialMarginRate", t.InitialMarginRate, "must be above the maintenance rate and at most 1");
            }

            if (i > 0 && (t.MaintenanceMarginRate < rows[i - 1].MaintenanceMarginRate || t.InitialMarginRate < rows[i - 1].InitialMarginRate))
            {
                ThrowHelper.Argument(at, t, "rates must not fall from the previous tier's");
            }
        }
    }
}

/// <summary>
/// OKX USDT-margined perpetual swap position tiers as sourced, dated data, in contracts, and their notional form
/// for scenario files.
/// </summary>
/// <remarks>
/// <para>
/// Tier 1 of each table is OKX's <c>/api/v5/public/position-tiers</c> answer (<c>tdMode=cross</c>,
/// <c>instFamily=BTC-USDT</c> / <c>ETH-USDT</c>) as recorded from the live venue on 2026-09-25 in a public adapter's
/// test fixture: BTC-USDT up to 1,000 contracts and ETH-USDT up to 5,000, both at <c>mmr</c> 0.004, <c>imr</c> 0.01,
/// <c>maxLever</c> 100. Contract values are the same recording's <c>/api/v5/public/instruments</c> rows: <c>ctVal</c>
/// 0.01 BTC and 0.1 ETH.
/// </para>
/// <para>
/// <b>Assumption:</b> the sources available held tier 1 only. Tiers 2 to 20 follow the progression OKX states in
/// its "adjust position tiers" notices for the tiers beyond the listed ones (<see cref="OkxPositionTierTable.Extend"/>):
/// each tier adds tier 1's size in contracts and 0.5 percentage points to both rates; tier 20 is open-ended. Replace
/// them with a fresh <c>position-tiers</c> snapshot before relying on a large position's tier.
/// </para>
/// </remarks>
public static class OkxTiers
{
    /// <summary>The BTC price <see cref="BtcUsdtSwapNotional"/> values the contract bounds at (USDT).</summary>
    public const decimal BtcReferencePrice = 90_000m;

    /// <summary>The ETH price <see cref="EthUsdtSwapNotional"/> values the contract bounds at (USDT).</summary>
    public const decimal EthReferencePrice = 3_000m;

    private static readonly SourceReference s_recorded = new(
        "OKX GET /api/v5/public/position-tiers (SWAP, cross, tier 1) and /api/v5/public/instruments (ctVal), recorded live 2026-09-25 in a public adapter fixture; "
        + "tiers 2-20 by the progression of OKX 'adjust position tiers' notices (+tier-1 size, +0.5% per tier), an assumption",
        new DateOnly(2026, 9, 25));

    /// <summary>BTC-USDT-SWAP: <c>ctVal</c> 0.01 BTC; tier 1 up to 1,000 contracts (10 BTC) at 0.4% / 1% (100x), then +1,000 contracts and +0.5% per tier.</summary>
    public static OkxPositionTierTable BtcUsdtSwap { get; } = OkxPositionTierTable
        .Create("OKX BTC-USDT-SWAP", ContractKind.Linear, 0.01m, [new(1_000m, 0.004m, 0.01m)], s_recorded)
        .Extend(20, 1_000m, 0.005m);

    /// <summary>ETH-USDT-SWAP: <c>ctVal</c> 0.1 ETH; tier 1 up to 5,000 contracts (500 ETH) at 0.4% / 1% (100x), then +5,000 contracts and +0.5% per tier.</summary>
    public static OkxPositionTierTable EthUsdtSwap { get; } = OkxPositionTierTable
        .Create("OKX ETH-USDT-SWAP", ContractKind.Linear, 0.1m, [new(5_000m, 0.004m, 0.01m)], s_recorded)
        .Extend(20, 5_000m, 0.005m);

    /// <summary>
    /// <see cref="BtcUsdtSwap"/> valued at <see cref="BtcReferencePrice"/>: the table a scenario file names
    /// <c>okx-btcusdt-swap</c>. Exact while positions are valued at 90,000; at another price each boundary is off by
    /// the ratio of the prices (convert with <see cref="OkxPositionTierTable.ToRiskTierTable"/> for another level).
    /// </summary>
    public static RiskTierTable BtcUsdtSwapNotional { get; } = BtcUsdtSwap.ToRiskTierTable(BtcReferencePrice);

    /// <summary><see cref="EthUsdtSwap"/> valued at <see cref="EthReferencePrice"/>: the scenario table <c>okx-ethusdt-swap</c>.</summary>
    public static RiskTierTable EthUsdtSwapNotional { get; } = EthUsdtSwap.ToRiskTierTable(EthReferencePrice);
}
