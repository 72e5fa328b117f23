using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// dYdX v4's liquidations configuration (<c>x/clob</c> <c>LiquidationsConfig</c>): the liquidation fee cap, the two
/// fillable-price parameters, the per-position limits and the per-subaccount, per-block limits. Field names follow
/// the chain's protobuf fields; amounts are in quote quantums (one quantum is 10⁻⁶ USDC, USDC's atomic resolution
/// −6) and rates in parts per million, with the chain's integer types (<c>uint32</c> ppm, <c>uint64</c> quantums).
/// </summary>
/// <remarks>
/// <para>
/// The checks are the chain's own (<c>LiquidationsConfig.Validate</c> in
/// <c>protocol/x/clob/types/liquidations_config.go</c>, dydxprotocol/v4-chain): the fee cap and the position portion
/// are in 1 … 1,000,000 ppm, the bankruptcy adjustment is at least 1,000,000 ppm (no upper bound), the spread ratio
/// and both subaccount block limits are positive, and the minimum position notional is deliberately unchecked.
/// A value that breaks one is refused with an <see cref="ArgumentOutOfRangeException"/> naming the field, both in the
/// constructor and in a <c>with</c> expression, so a load-one-venue-change-one-parameter copy is validated too.
/// </para>
/// <para>Immutable; safe to share between threads.</para>
/// </remarks>
/// <param name="MaxLiquidationFeePpm">
/// Cap on the liquidation fee, as a share of the quote quantums the liquidated subaccount receives for the fill.
/// </param>
/// <param name="BankruptcyAdjustmentPpm">
/// BA in the adjusted bankruptcy rating <c>ABR = clamp(BA × (1 − TNC ÷ TMMR), 0, 1)</c>; 1,000,000 means ×1.
/// </param>
/// <param name="SpreadToMaintenanceMarginRatioPpm">
/// SMMR: the largest distance of the fillable price from the oracle price, as a multiple of the position's
/// maintenance margin; 100,000 means 0.1 × PMMR.
/// </param>
/// <param name="MinPositionNotionalLiquidated">
/// Quote quantums: a liquidation may always take at least this much notional of a position (or all of it when it is
/// smaller), whatever <paramref name="MaxPositionPortionLiquidatedPpm"/> says.
/// </param>
/// <param name="MaxPositionPortionLiquidatedPpm">Largest share of a position's notional one liquidation may take.</param>
/// <param name="MaxNotionalLiquidatedPerBlock">
/// Quote quantums of notional (at the oracle price) one subaccount may have liquidated in one block
/// (<c>SubaccountBlockLimits.MaxNotionalLiquidated</c>).
/// </param>
/// <param name="MaxQuantumsInsuranceLostPerBlock">
/// Quote quantums the insurance fund may pay out for one subaccount in one block
/// (<c>SubaccountBlockLimits.MaxQuantumsInsuranceLost</c>).
/// </param>
/// <param name="Source">Where the numbers come from, and the date they describe.</param>
public sealed record DydxLiquidationConfig(
    uint MaxLiquidationFeePpm,
    uint BankruptcyAdjustmentPpm,
    uint SpreadToMaintenanceMarginRatioPpm,
    ulong MinPositionNotionalLiquidated,
    uint MaxPositionPortionLiquidatedPpm,
    ulong MaxNotionalLiquidatedPerBlock,
    ulong MaxQuantumsInsuranceLostPerBlock,
    SourceReference Source)
{
    /// <summary>Parts per million in one: the denominator of every ppm field.</summary>
    public const uint OneMillion = 1_000_000;

    private const string ChainRepository = "dydxprotocol/v4-chain";

    /// <summary>
    /// The chain's code default <c>LiquidationsConfig_Default</c>
    /// (<c>protocol/x/clob/types/liquidations_config_keeper.go</c>, commit a41d7cbd, reference cefi.md §5): fee cap
    /// 5,000 ppm (0.5%), BA 1,000,000 ppm, SMMR 100,000 ppm, minimum position notional 1,000 quote quantums
    /// ($0.001), position portion 1,000,000 ppm (the whole position), and 100,000,000,000,000 quote quantums
    /// ($100,000,000) for each subaccount block limit. The test suite of the chain runs on this config.
    /// </summary>
    /// <value>Dated 2026-03-04, the reference snapshot of the repository; the values are those of the code default.</value>
    public static DydxLiquidationConfig Default { get; } = new(
        MaxLiquidationFeePpm: 5_000,
        BankruptcyAdjustmentPpm: 1_000_000,
        SpreadToMaintenanceMarginRatioPpm: 100_000,
        MinPositionNotionalLiquidated: 1_000,
        MaxPositionPortionLiquidatedPpm: 1_000_000,
        MaxNotionalLiquidatedPerBlock: 100_000_000_000_000,
        MaxQuantumsInsuranceLostPerBlock: 100_000_000_000_000,
        Source: new SourceReference(
            ChainRepository + " protocol/x/clob/types/liquidations_config_keeper.go LiquidationsConfig_Default "
            + "(commit a41d7cbd; reference cefi.md §5; AsOf is the reference snapshot)",
            new DateOnly(2026, 3, 4)));

    /// <summary>
    /// The <c>clob.liquidations_config</c> of the chain's sample pre-genesis file
    /// (<c>protocol/scripts/genesis/sample_pregenesis.json</c>, commit 012df2d4, reference cefi.md §5): fee cap
    /// 15,000 ppm (1.5%), BA 1,000,000 ppm, SMMR 1,500,000 ppm, minimum position notional 1,000,000,000 quote
    /// quantums ($1,000), position portion 100,000 ppm (10%), at most 100,000,000,000 quote quantums ($100,000) of
    /// notional and 1,000,000,000,000 quote quantums ($1,000,000) of insurance payout per subaccount per block.
    /// It is the closest published stand-in for a production network's parameters; a live network sets its own by
    /// governance.
    /// </summary>
    /// <value>Dated 2026-03-04, the reference snapshot of the repository.</value>
    public static DydxLiquidationConfig SamplePregenesis { get; } = new(
        MaxLiquidationFeePpm: 15_000,
        BankruptcyAdjustmentPpm: 1_000_000,
        SpreadToMaintenanceMarginRatioPpm: 1_500_000,
        MinPositionNotionalLiquidated: 1_000_000_000,
        MaxPositionPortionLiquidatedPpm: 100_000,
        MaxNotionalLiquidatedPerBlock: 100_000_000_000,
        MaxQuantumsInsuranceLostPerBlock: 1_000_000_000_000,
        Source: new SourceReference(
            ChainRepository + " protocol/scripts/genesis/sample_pregenesis.json app_state.clob.liquidations_config "
            + "(commit 012df2d4; reference cefi.md §5; AsOf is the reference snapshot)",
            new DateOnly(2026, 3, 4)));

    /// <summary>Cap on the liquidation fee, in ppm of the quote quantums received; 1 … 1,000,000.</summary>
    public uint MaxLiquidationFeePpm { get; init => field = ValidMaxLiquidationFeePpm(value); } = ValidMaxLiquidationFeePpm(MaxLiquidationFeePpm);

    /// <summary>Bankruptcy adjustment BA, in ppm; at least 1,000,000.</summary>
    public uint BankruptcyAdjustmentPpm { get; init => field = ValidBankruptcyAdjustmentPpm(value); } = ValidBankruptcyAdjustmentPpm(BankruptcyAdjustmentPpm);

    /// <summary>Spread-to-maintenance-margin ratio SMMR, in ppm; positive.</summary>
    public uint SpreadToMaintenanceMarginRatioPpm { get; init => field = ValidSpreadRatioPpm(value); } = ValidSpreadRatioPpm(SpreadToMaintenanceMarginRatioPpm);

    /// <summary>Minimum notional one liquidation may take from a position, in quote quantums; any value (the chain does not check it).</summary>
    public ulong MinPositionNotionalLiquidated { get; init; } = MinPositionNotionalLiquidated;

    /// <summary>Largest share of a position one liquidation may take, in ppm; 1 … 1,000,000.</summary>
    public uint MaxPositionPortionLiquidatedPpm { get; init => field = ValidPortionPpm(value); } = ValidPortionPpm(MaxPositionPortionLiquidatedPpm);

    /// <summary>Notional one subaccount may have liquidated per block, in quote quantums; positive.</summary>
    public ulong MaxNotionalLiquidatedPerBlock { get; init => field = ValidNotionalLimit(value); } = ValidNotionalLimit(MaxNotionalLiquidatedPerBlock);

    /// <summary>Insurance payout allowed per subaccount per block, in quote quantums; positive.</summary>
    public ulong MaxQuantumsInsuranceLostPerBlock { get; init => field = ValidInsuranceLimit(value); } = ValidInsuranceLimit(MaxQuantumsInsuranceLostPerBlock);

    /// <summary>Where the numbers come from; its citation must not be blank.</summary>
    public SourceReference Source { get; init => field = ValidSource(value); } = ValidSource(Source);

    private static uint ValidMaxLiquidationFeePpm(uint value)
    {
        if (value is 0 or > OneMillion)
        {
            ThrowHelper.OutOfRange(nameof(MaxLiquidationFeePpm), value, "must be between 1 and 1,000,000 ppm");
        }

        return value;
    }

    private static uint ValidBankruptcyAdjustmentPpm(uint value)
    {
        if (value < OneMillion)
        {
            ThrowHelper.OutOfRange(nameof(BankruptcyAdjustmentPpm), value, "must be at least 1,000,000 ppm");
        }

        return value;
    }

    private static uint ValidSpreadRatioPpm(uint value)
    {
        if (value == 0)
        {
            ThrowHelper.OutOfRange(nameof(SpreadToMaintenanceMarginRatioPpm), value, "must be greater than zero");
        }

        return value;
    }

    private static uint ValidPortionPpm(uint value)
    {
        if (value is 0 or > OneMillion)
        {
            ThrowHelper.OutOfRange(nameof(MaxPositionPortionLiquidatedPpm), value, "must be between 1 and 1,000,000 ppm");
        }

        return value;
    }

    private static ulong ValidNotionalLimit(ulong value)
    {
        if (value == 0)
        {
            ThrowHelper.OutOfRange(nameof(MaxNotionalLiquidatedPerBlock), value, "must be greater than zero");
        }

        return value;
    }

    private static ulong ValidInsuranceLimit(ulong value)
    {
        if (value == 0)
        {
            ThrowHelper.OutOfRange(nameof(MaxQuantumsInsuranceLostPerBlock), value, "must be greater than zero");
        }

        return value;
    }

    private static SourceReference ValidSource(SourceReference value)
    {
        value.Validate(nameof(Source));
        return value;
    }
}
