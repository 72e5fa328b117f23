using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Liquidation;

/// <summary>What happens to the margin left over when a liquidation fills better than the bankruptcy price.</summary>
public enum LiquidationSurplusRule
{
    /// <summary>The user keeps it; the venue charges only its clearance fee on the liquidated notional (Binance).</summary>
    UserKeepsAfterClearanceFee = 0,

    /// <summary>The remaining margin of a position taken over at bankruptcy goes to the insurance fund (BitMEX, Bybit).</summary>
    RemainingMarginToInsuranceFund = 1,

    /// <summary>The fund takes <c>min(fee ppm × |quote|, surplus)</c>; the rest stays with the user (dYdX v4; the cap is <see cref="DydxFillablePricePolicy"/>'s).</summary>
    CappedFeeToInsuranceFund = 2,

    /// <summary>No fee: the user keeps the surplus (Hyperliquid book liquidations).</summary>
    UserKeepsAll = 3,
}

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

    /// <summary>How liquidation orders are sized: the venue style with its own parameters.</summary>
    public required LiquidationPolicy Policy { get; init; }

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
        Policy = LiquidationPolicy.ImmediateOrCancelToCompliance,
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
        Policy = LiquidationPolicy.RiskTierStepDown,
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
        Policy = LiquidationPolicy.RiskTierStepDown,
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
        Policy = new HyperliquidSlicesPolicy(SliceRules.Hyperliquid),
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.UserKeepsAll,
        AdlRanking = AdlRankingMethod.Hyperliquid,
        AdlAtMarkPrice = true,
        NetsHedgedPositions = false,
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
        Policy = DydxFillablePricePolicy.Default,
        ClearanceFeeRate = 0m,
        Surplus = LiquidationSurplusRule.CappedFeeToInsuranceFund,
        AdlRanking = AdlRankingMethod.Dydx,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = false,
    };

    /// <summary>
    /// OKX perpetual swaps (USDT- and coin-margined), isolated and cross: mark trigger; liquidation when the margin
    /// ratio <c>equity ÷ (position value × (tier maintenance rate + liquidation fee rate))</c> falls to 100%, i.e. the
    /// maintenance margin plus the liquidation fee, both valued at the mark (OKX "Tiered maintenance margin ratio rules",
    /// updated 2025-05-16; reference cefi.md §3); partial liquidation two tiers at a time from tier 3
    /// (<see cref="OkxTierReductionPolicy"/>); the liquidation fee on the liquidated value to the insurance fund; ADL
    /// by "leverage PnL% = position's PnL% × effective leverage" (OKX "Auto-deleveraging", updated 2025-03-06 and
    /// 2025-10-28), which is <see cref="AdlRankingMethod.BitMex"/>'s shape.
    /// </summary>
    /// <remarks>
    /// Assumptions where OKX's pages leave a value open: the liquidation fee is "charged per your fee tier rate"; this
    /// profile uses 0.05%, the regular-user level-1 taker rate for perpetual swaps (change it with <c>with</c>). What a
    /// liquidation fill leaves above the bankruptcy price after the fee stays with the user. OKX closes ADL'd
    /// positions at the mark "in normal circumstances" but at the bankruptcy price when the fund is nearly depleted;
    /// the engine runs ADL only once the fund cannot cover a deficit, so this profile deleverages at the bankruptcy
    /// price (<see cref="AdlAtMarkPrice"/> false). Hedged cross legs are not netted (OKX's hedge offset applies within
    /// its liquidation process, not to the margin requirement).
    /// </remarks>
    public static VenueProfile Okx { get; } = new()
    {
        Name = "OKX",
        Source = new SourceReference(
            "OKX help centre 'Tiered maintenance margin ratio rules' (2022-06-16, updated 2025-05-16), 'Auto-deleveraging' (updated 2025-03-06 / 2025-10-28); partial-liquidation rules via third-party copies (reference cefi.md §3)",
            new DateOnly(2025, 5, 16)),
        MarginModel = MarginModel.Create(
            "OKX",
            MaintenanceBasis.MarkValue,
            0.0005m,
            new SourceReference("OKX 'Tiered maintenance margin ratio rules': margin ratio = equity ÷ (value at mark × (tier MMR + fee rate)), liquidation at 100% (reference cefi.md §3)", new DateOnly(2025, 5, 16)),
            ClosingFeeValuation.LiquidationPrice),
        TriggerPrice = TriggerPriceSource.Mark,
        Policy = OkxTierReductionPolicy.Okx,
        ClearanceFeeRate = 0.0005m,
        Surplus = LiquidationSurplusRule.UserKeepsAfterClearanceFee,
        AdlRanking = AdlRankingMethod.BitMex,
        AdlAtMarkPrice = false,
        NetsHedgedPositions = false,
    };

    /// <summary>Checks that the parameters fit together; called when an engine is built.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range or inconsistent with the policy; the message names it.</exception>
    public void Validate()
    {
        Preconditions.NotBlank(Name, "profile.Name");
        Source.Validate("profile.Source");
        Preconditions.NotNull(MarginModel, "profile.MarginModel");
        Preconditions.Fraction(ClearanceFeeRate, "profile.ClearanceFeeRate");
        Preconditions.NotNull(Policy, "profile.Policy");
        Policy.Validate("profile.Policy");
        if (!Enum.IsDefined(Surplus))
        {
            ThrowHelper.Argument("profile.Surplus", Surplus, "is not a known rule");
        }

        if (!Enum.IsDefined(TriggerPrice) || TriggerPrice == TriggerPriceSource.AdverseBarExtreme)
        {
            ThrowHelper.Argument("profile.TriggerPrice", TriggerPrice, "must be Mark or Last for a tick-driven engine");
        }

        if (Surplus == LiquidationSurplusRule.CappedFeeToInsuranceFund && Policy is not DydxFillablePricePolicy)
        {
            ThrowHelper.Argument("profile.Surplus", Surplus, "caps the fee with the dYdX policy's MaxLiquidationFeePpm, so it needs Policy to be a DydxFillablePricePolicy");
        }

        if (Surplus == LiquidationSurplusRule.UserKeepsAfterClearanceFee && ClearanceFeeRate == 0m)
        {
            ThrowHelper.Argument("profile.ClearanceFeeRate", ClearanceFeeRate, "must be positive when the surplus rule charges a clearance fee");
        }
    }
}
