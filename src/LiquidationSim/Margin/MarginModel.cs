using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>Which price a liquidation-price solver values the maintenance margin at.</summary>
public enum MaintenanceBasis
{
    /// <summary>
    /// At the candidate liquidation price itself: the bracket is the one that contains the notional <em>at the
    /// liquidation price</em>, found by solving the fixed point (Binance USDⓈ-M and COIN-M FAQs: "a new liquidation
    /// price will be calculated based on a level of position post liquidation"; Hyperliquid's formula with
    /// maintenance leverage; reference cefi.md §1.1, §6, §11.2).
    /// </summary>
    MarkValue = 0,

    /// <summary>
    /// At the entry price: maintenance (and initial) margin are fixed from the position value at the average entry,
    /// so the liquidation price is <c>entry ∓ (margin − MM) ÷ size</c> (Bybit "Liquidation Price (USDT Contract)",
    /// BitMEX cross example; reference cefi.md §2.1, §4.2).
    /// </summary>
    EntryValue = 1,
}

/// <summary>At which price the fee to close a position is valued when it is set aside from the margin.</summary>
public enum ClosingFeeValuation
{
    /// <summary>
    /// On the position's value at the bankruptcy price (Bybit: "Quantity × 0.00075 ÷ BankruptcyPrice" in the
    /// inverse cross example Y7; Bybit UTA "estimated fee to close"). The fee is a constant in the
    /// liquidation-price equation.
    /// </summary>
    BankruptcyPrice = 0,

    /// <summary>
    /// On the position's value at the liquidation price itself, i.e. added to the maintenance rate (Gate's
    /// "Liquidation Price = (Entry Price ± Margin ÷ Contract Multiplier ÷ Size) ÷ [1 ± (Maintenance Margin Ratio +
    /// Taker Rate)]", quoted in freqtrade's <c>Exchange.dry_run_liquidation_price</c>; OKX's "(tiered margin rate +
    /// fee rate)"; reference cefi.md §3, §7.1).
    /// </summary>
    LiquidationPrice = 1,
}

/// <summary>
/// What a venue counts as margin when it computes liquidation and bankruptcy prices: the basis of the maintenance
/// margin and whether the estimated fee to close is set aside. The venues are variants of one solver
/// (<see cref="LiquidationPriceSolver"/>), not copies of it.
/// </summary>
/// <remarks>Immutable; change one field with <see cref="WithBasis"/> or <see cref="WithClosingFeeRate"/>.</remarks>
public sealed record MarginModel
{
    private MarginModel(string name, MaintenanceBasis basis, decimal closingFeeRate, SourceReference source, ClosingFeeValuation feeValuation = ClosingFeeValuation.BankruptcyPrice)
    {
        if (feeValuation is not (ClosingFeeValuation.BankruptcyPrice or ClosingFeeValuation.LiquidationPrice))
        {
            ThrowHelper.Argument(nameof(feeValuation), feeValuation, "must be BankruptcyPrice or LiquidationPrice");
        }

        ClosingFeeValuation = feeValuation;
        Name = Preconditions.NotBlank(name);
        if (basis is not (MaintenanceBasis.MarkValue or MaintenanceBasis.EntryValue))
        {
            ThrowHelper.Argument(nameof(basis), basis, "must be MarkValue or EntryValue");
        }

        Basis = basis;
        ClosingFeeRate = Preconditions.Fraction(closingFeeRate);
        source.Validate(nameof(source));
        Source = source;
    }

    /// <summary>Model name.</summary>
    public string Name { get; }

    /// <summary>Price the maintenance margin is valued at.</summary>
    public MaintenanceBasis Basis { get; }

    /// <summary>
    /// Taker fee rate charged on the position's value at the bankruptcy price and set aside from the margin
    /// (Bybit's "estimated fee to close"; in Bybit's inverse example <c>Quantity × 0.00075 ÷ BankruptcyPrice</c>).
    /// Zero when the venue sets nothing aside.
    /// </summary>
    public decimal ClosingFeeRate { get; }

    /// <summary>The price the closing fee is valued at; irrelevant when <see cref="ClosingFeeRate"/> is zero.</summary>
    public ClosingFeeValuation ClosingFeeValuation { get; }

    /// <summary>Where the rule comes from.</summary>
    public SourceReference Source { get; }

    /// <summary>
    /// Binance USDⓈ-M / COIN-M: margin balance = wallet (cross) or isolated wallet + unrealised PnL; maintenance
    /// margin at the liquidation price with that notional's bracket; no fee set aside (the clearance fee is charged
    /// during liquidation). Source: Binance FAQ b3c689c1… and ceccfcfb… (reference cefi.md §1.1, §1.5).
    /// </summary>
    public static MarginModel Binance { get; } = new(
        "Binance",
        MaintenanceBasis.MarkValue,
        0m,
        new SourceReference("Binance FAQ 'How to Calculate Liquidation Price of USDⓈ-M Futures Contracts' b3c689c1f50a44cabb3a84e663b81d93 (reference cefi.md §1.1; 2021-2022 page version)", new DateOnly(2022, 1, 31)));

    /// <summary>
    /// Hyperliquid: <c>liq_price = price − side × margin_available ÷ size ÷ (1 − l × side)</c> with
    /// <c>l = 1 ÷ maintenance leverage</c>, which is the mark-valued solver with a single-rate bracket and no fee.
    /// Source: Hyperliquid docs "Liquidations" (reference cefi.md §6).
    /// </summary>
    public static MarginModel Hyperliquid { get; } = new(
        "Hyperliquid",
        MaintenanceBasis.MarkValue,
        0m,
        new SourceReference("hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations (reference cefi.md §6)", new DateOnly(2026, 3, 4)));

    /// <summary>
    /// Bybit (classic USDT and inverse isolated): <c>LP = entry ∓ (IM − MM + extra margin) ÷ size</c> with MM from
    /// the position value at entry, no fee set aside. Use <see cref="WithClosingFeeRate"/> for Bybit's closing-fee
    /// variant (inverse cross example Y7, UTA pages). Source: Bybit "Liquidation Price (USDT Contract)" (reference
    /// cefi.md §2.1, §2.2).
    /// </summary>
    public static MarginModel Bybit { get; } = new(
        "Bybit",
        MaintenanceBasis.EntryValue,
        0m,
        new SourceReference("Bybit help centre 'Liquidation Price (USDT Contract)' and 900000181046 (reference cefi.md §2.1)", new DateOnly(2026, 5, 27)));

    /// <summary>
    /// BitMEX: maintenance margin on the position value at entry; in cross mode the whole wallet backs the
    /// position (example X1: wallet 10,000, 20 ETHUSDT at 1,000, MM 1% → bankruptcy 500, liquidation 510). BitMEX
    /// adds the commission to close to the maintenance margin; set it with <see cref="WithClosingFeeRate"/>.
    /// Source: bitmex.com/app/isolatedMarginExamples (reference cefi.md §4.2).
    /// </summary>
    public static MarginModel BitMex { get; } = new(
        "BitMEX",
        MaintenanceBasis.EntryValue,
        0m,
        new SourceReference("bitmex.com/app/isolatedMarginExamples and /app/liquidation (reference cefi.md §4.2)", new DateOnly(2026, 3, 4)));

    /// <summary>
    /// Gate-style isolated model (also freqtrade's default for Gate and OKX): maintenance at the liquidation price
    /// plus the taker fee valued there, <c>LP = (entry ∓ margin ÷ size) ÷ (1 ∓ (MMR + taker))</c> (reference cefi.md
    /// §7.1, §9.1 vector G2).
    /// </summary>
    /// <param name="takerFeeRate">Taker fee rate as a fraction.</param>
    public static MarginModel Gate(decimal takerFeeRate) => new(
        "Gate",
        MaintenanceBasis.MarkValue,
        takerFeeRate,
        new SourceReference("Gate liquidation-price doc as quoted in freqtrade/freqtrade exchange.py dry_run_liquidation_price @ c9ae5e1e (reference cefi.md §7.1)", new DateOnly(2024, 10, 24)),
        ClosingFeeValuation.LiquidationPrice);

    /// <summary>Creates a custom model.</summary>
    /// <param name="name">Name.</param>
    /// <param name="basis">Maintenance basis.</param>
    /// <param name="closingFeeRate">Fee rate set aside to close the position; in [0, 1).</param>
    /// <param name="source">Source of the rule.</param>
    /// <param name="feeValuation">Price the closing fee is valued at.</param>
    public static MarginModel Create(
        string name, MaintenanceBasis basis, decimal closingFeeRate, SourceReference source, ClosingFeeValuation feeValuation = ClosingFeeValuation.BankruptcyPrice) =>
        new(name, basis, closingFeeRate, source, feeValuation);

    /// <summary>A copy that sets aside <paramref name="closingFeeRate"/> of the position's value to close it.</summary>
    /// <param name="closingFeeRate">Taker fee rate as a fraction, in [0, 1).</param>
    public MarginModel WithClosingFeeRate(decimal closingFeeRate) => new(Name, Basis, closingFeeRate, Source, ClosingFeeValuation);

    /// <summary>A copy that values the closing fee at another price.</summary>
    /// <param name="feeValuation">The price.</param>
    public MarginModel WithClosingFeeValuation(ClosingFeeValuation feeValuation) => new(Name, Basis, ClosingFeeRate, Source, feeValuation);

    /// <summary>A copy with another maintenance basis.</summary>
    /// <param name="basis">The basis.</param>
    public MarginModel WithBasis(MaintenanceBasis basis) => new(Name, basis, ClosingFeeRate, Source, ClosingFeeValuation);
}
