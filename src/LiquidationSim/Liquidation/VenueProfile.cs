using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>How a venue sizes the liquidation orders it sends for a liquidatable position.</summary>
public enum PartialLiquidationPolicy
{
    /// <summary>The whole position is closed at once.</summary>
    Full = 0,

    /// <summary>
    /// Binance: one immediate-or-cancel order sized to bring the account back above maintenance after realised
    /// losses and the liquidation fee; stop if compliant, otherwise close the rest and let the insurance fund take
    /// over ("Liquidation Protocols", reference cefi.md §1.9).
    /// </summary>
    ImmediateOrCancelToCompliance = 1,

    /// <summary>
    /// Bybit and BitMEX: reduce the position to the limit of the next lower risk tier with a fill-or-kill order,
    /// repeating while a lower tier exists and the position is still liquidatable; at the lowest tier the whole
    /// position is taken over at its bankruptcy price (reference cefi.md §2.3, §4.2).
    /// </summary>
    RiskTierStepDown = 2,

    /// <summary>
    /// Hyperliquid: a position above the slice threshold (100k USDC) sends a slice (20%) to the book; after a
    /// partial liquidation the user is in a cooldown (30 s) during which liquidation orders are for the whole
    /// position; below two thirds of maintenance the position and its margin go to the liquidator vault
    /// (Hyperliquid docs "Liquidations", reference cefi.md §6).
    /// </summary>
    HyperliquidSlices = 3,

    /// <summary>
    /// dYdX v4: the liquidation order is limited to the fillable price and sized by the position-portion and
    /// per-block limits (reference cefi.md §5).
    /// </summary>
    Dydx = 4,
}

/// <summary>What happens to the margin left over when a liquidation fills better than the bankruptcy price.</summary>
public enum LiquidationSurplusRule
{
    /// <summary>The user keeps it; the venue charges only its clearance fee on the liquidated notional (Binance).</summary>
    UserKeepsAfterClearanceFee = 0,

    /// <summary>The remaining margin of a position taken over at bankruptcy goes to the insurance fund (BitMEX, Bybit).</summary>
    RemainingMarginToInsuranceFund = 1,

    /// <summary>The fund takes <c>min(fee ppm × |quote|, surplus)</c>; the rest stays with the user (dYdX v4).</summary>
    CappedFeeToInsuranceFund = 2,

    /// <summary>No fee: the user keeps the surplus (Hyperliquid book liquidations).</summary>
    UserKeepsAll = 3,
}

/// <summary>Parameters of Hyperliquid-style sliced liquidation.</summary>
/// <param name="SliceThreshold">Notional above which only a slice is sent (100,000 USDC on mainnet).</param>
/// <param name="SliceFraction">Fraction of the position per slice (0.2).</param>
/// <param name="Cooldown">Time after a partial liquidation during which liquidation orders are for the whole position (30 s).</param>
/// <param name="BackstopFraction">Equity below this fraction of maintenance triggers the backstop transfer to the liquidator vault (2/3).</param>
public readonly record struct SliceRules(decimal SliceThreshold, decimal SliceFraction, TimeSpan Cooldown, decimal BackstopFraction);

/// <summary>
/// A venue's liquidation rules as data: margin model, trigger price, partial-liquidation policy, fees, what
/// happens to surplus, ADL ranking, hedge netting. Load one, change one parameter with a <c>with</c> expression,
/// and run (every member is validated by <see cref="Validate"/> when an engine is built).
/// </summary>
public sealed record VenueProfile
{
    /// <summary>Profile name.</summary>
    public required string Name { get; init; }

    /// <summary>Sources and the date the profile describes.</summary>
    public required SourceReference Source { get; init; }

    /// <summary>What counts as margin for liquidation and bankruptcy prices.</summary>
    public required MarginModel MarginModel { get; init; }

    /// <summary>The price liquidation checks run on.</summary>
    public required TriggerPriceSource TriggerPrice { get; init; }

    /// <summary>How liquidation orders are sized.</summary>
    public required PartialLiquidationPolicy PartialPolicy { get; init; }

    /// <summary>Fee on the liquidated notional charged to the liquidated account and credited to the insurance fund (Binance clearance fee); 0 for none.</summary>
    public required decimal ClearanceFeeRate { get; init; }

    /// <summary>Where surplus over bankruptcy goes.</summary>
    public required LiquidationSurplusRule Surplus { get; init; }

    /// <summary>How auto-deleveraging ranks counterparties.</summary>
    public required AdlRankingMethod AdlRanking { get; init; }

    /// <summary>True when ADL fills at the mark (oracle) price instead of the bankruptcy price (Hyperliquid).</summary>
    public required bool AdlAtMarkPrice { get; init; }

    /// <summary>True when, under cross margin in hedge mode, only the net exposure is liquidated (Bybit).</summary>
    public required bool NetsHedgedPositions { get; init; }

    /// <summary>Slicing parameters; used by <see cref="PartialLiquidationPolicy.HyperliquidSlices"/>.</summary>
    public SliceRules? Slices { get; init; }

    /// <summary>dYdX parameters; used by <see cref="PartialLiquidationPolicy.Dydx"/>.</summary>
    public DydxLiquidationConfig? Dydx { get; init; }

    /// <summary>
    /// Binance USDⓈ-M: mark-price trigger, one IOC toward compliance, clearance fee 1.25% of the liquidated notional
    /// to the insurance fund (BTCUSDT <c>liquidationFee</c> "0.012500" in <c>GET /fapi/v1/exchangeInfo</c> samples),
    /// Binance leverage-PnL ADL ranking, gross hedge legs (reference cefi.md §1.8, §1.9).
    /// </summary>
    public static VenueProfile Binance { get; } = new()
    {
        Name = "Binance USDⓈ-M",
        Source = new SourceReference("Binance 'Liquidation Protocols' 360033525271 (2024-05-29), exchangeInfo liquidationFee sample, ADL FAQ 360033525471 (reference cefi.md §1.8-1.9)", new DateOnly(2024, 5, 29)),
        MarginModel = MarginModel.Binance,
        TriggerPrice = TriggerPriceSource.Mark,
        PartialPolicy = PartialLiquidationPolicy.ImmediateOrCancelToCompliance,
        ClearanceFeeRate = 0.0125m,
        Surplus = LiquidationSurplusRule.UserKeepsAfterClearanceFee,
        AdlRanking = AdlRankingMethod.Binance,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = false,
    };

    /// <summary>
    /// Bybit: mark trigger, risk-tier step-down with fill-or-kill orders, remaining margin to the insurance fund,
    /// ADL "by profit and effective leverage" (BitMEX formula), only the net of a cross hedge is liquidated
    /// (reference cefi.md §2.3, §2.4).
    /// </summary>
    public static VenueProfile Bybit { get; } = new()
    {
        Name = "Bybit",
        Source = new SourceReference("Bybit 'Liquidation Process' 000001098 (2024-01-24) and 900000167723, ADL 900000031623 (reference cefi.md §2.3-2.4)", new DateOnly(2024, 9, 6)),
        MarginModel = MarginModel.Bybit,
        TriggerPrice = TriggerPriceSource.Mark,
        PartialPolicy = PartialLiquidationPolicy.RiskTierStepDown,
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.RemainingMarginToInsuranceFund,
        AdlRanking = AdlRankingMethod.BitMex,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = true,
    };

    /// <summary>
    /// BitMEX: fair-price (mark) trigger, risk-limit step-down, remaining margin to the insurance fund, ADL by PnL%
    /// × effective leverage at the bankruptcy price (reference cefi.md §4.2, §4.3).
    /// </summary>
    public static VenueProfile BitMex { get; } = new()
    {
        Name = "BitMEX",
        Source = new SourceReference("bitmex.com/app/liquidation, /app/autoDeleveraging (reference cefi.md §4.2-4.3; pages undated)", new DateOnly(2026, 3, 4)),
        MarginModel = MarginModel.BitMex,
        TriggerPrice = TriggerPriceSource.Mark,
        PartialPolicy = PartialLiquidationPolicy.RiskTierStepDown,
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.RemainingMarginToInsuranceFund,
        AdlRanking = AdlRankingMethod.BitMex,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = false,
    };

    /// <summary>
    /// Hyperliquid: mark trigger, 20% slices above 100k with a 30 s cooldown, backstop below 2/3 of maintenance, no
    /// clearance fee on book liquidations, ADL by unrealised PnL and leverage at the oracle price (reference
    /// cefi.md §6).
    /// </summary>
    public static VenueProfile Hyperliquid { get; } = new()
    {
        Name = "Hyperliquid",
        Source = new SourceReference("hyperliquid.gitbook.io liquidations and auto-deleveraging; partial-liquidation announcement (reference cefi.md §6)", new DateOnly(2026, 3, 4)),
        MarginModel = MarginModel.Hyperliquid,
        TriggerPrice = TriggerPriceSource.Mark,
        PartialPolicy = PartialLiquidationPolicy.HyperliquidSlices,
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.UserKeepsAll,
        AdlRanking = AdlRankingMethod.Hyperliquid,
        AdlAtMarkPrice = true,
        NetsHedgedPositions = false,
        Slices = new SliceRules(100_000m, 0.2m, TimeSpan.FromSeconds(30), 2m / 3m),
    };

    /// <summary>
    /// dYdX v4-like: oracle (mark) trigger, fillable-price limit and portion / block limits, capped fee to the
    /// insurance fund, deleveraging from a pseudo-random start at the bankruptcy price (reference cefi.md §5).
    /// </summary>
    public static VenueProfile DydxV4 { get; } = new()
    {
        Name = "dYdX v4",
        Source = new SourceReference("dydxprotocol/v4-chain protocol/x/clob/keeper/liquidations.go, deleveraging.go @ 84d4664b (reference cefi.md §5)", new DateOnly(2026, 3, 4)),
        MarginModel = MarginModel.Create(
            "dYdX v4",
            MaintenanceBasis.MarkValue,
            0m,
            new SourceReference("dydxprotocol/v4-chain x/clob IsLiquidatable: TNC < TMMR at the oracle price (reference cefi.md §5)", new DateOnly(2026, 3, 4))),
        TriggerPrice = TriggerPriceSource.Mark,
        PartialPolicy = PartialLiquidationPolicy.Dydx,
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.CappedFeeToInsuranceFund,
        AdlRanking = AdlRankingMethod.Dydx,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = false,
        Dydx = DydxLiquidationConfig.Default,
    };

    /// <summary>Checks that the parameters fit together; called when an engine is built.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range or inconsistent with the policy; the message names it.</exception>
    public void Validate()
    {
        Preconditions.NotBlank(Name, "profile.Name");
        Source.Validate("profile.Source");
        Preconditions.NotNull(MarginModel, "profile.MarginModel");
        Preconditions.Fraction(ClearanceFeeRate, "profile.ClearanceFeeRate");
        if (!Enum.IsDefined(PartialPolicy))
        {
            ThrowHelper.Argument("profile.PartialPolicy", PartialPolicy, "is not a known policy");
        }

        if (!Enum.IsDefined(Surplus))
        {
            ThrowHelper.Argument("profile.Surplus", Surplus, "is not a known rule");
        }

        if (!Enum.IsDefined(TriggerPrice) || TriggerPrice == TriggerPriceSource.AdverseBarExtreme)
        {
            ThrowHelper.Argument("profile.TriggerPrice", TriggerPrice, "must be Mark or Last for a tick-driven engine");
        }

        if (PartialPolicy == PartialLiquidationPolicy.HyperliquidSlices)
        {
            if (Slices is not SliceRules s)
            {
                ThrowHelper.Argument("profile.Slices", null, "must be set for the HyperliquidSlices policy");
                return;
            }

            Preconditions.Positive(s.SliceThreshold, "profile.Slices.SliceThreshold");
            if (s.SliceFraction <= 0m || s.SliceFraction >= 1m)
            {
                ThrowHelper.OutOfRange("profile.Slices.SliceFraction", s.SliceFraction, "must be above 0 and below 1");
            }

            if (s.Cooldown < TimeSpan.Zero)
            {
                ThrowHelper.OutOfRange("profile.Slices.Cooldown", s.Cooldown, "must not be negative");
            }

            if (s.BackstopFraction <= 0m || s.BackstopFraction >= 1m)
            {
                ThrowHelper.OutOfRange("profile.Slices.BackstopFraction", s.BackstopFraction, "must be above 0 and below 1");
            }
        }

        if ((PartialPolicy == PartialLiquidationPolicy.Dydx || Surplus == LiquidationSurplusRule.CappedFeeToInsuranceFund) && Dydx is null)
        {
            ThrowHelper.Argument("profile.Dydx", null, "must be set for the dYdX policy or surplus rule");
        }

        if (Surplus == LiquidationSurplusRule.UserKeepsAfterClearanceFee && ClearanceFeeRate == 0m)
        {
            ThrowHelper.Argument("profile.ClearanceFeeRate", ClearanceFeeRate, "must be positive when the surplus rule charges a clearance fee");
        }
    }
}
