using System.Globalization;
using LiquidationSim.Internal;

namespace LiquidationSim.Instruments;

/// <summary>
/// A perpetual or futures contract specification: what one contract is worth, how prices and sizes are quantised,
/// what it settles in, and the maintenance-margin brackets that apply to it.
/// </summary>
/// <remarks>
/// <para>
/// Sizes everywhere in the library are in contracts. For a linear contract with <see cref="ContractSize"/> 1
/// (Binance USDⓈ-M, Bybit USDT) a contract is one unit of the base asset, so "0.2 BTC" is size 0.2.
/// For an inverse contract the contract size is in quote units (100 USD per BTCUSD contract on Binance COIN-M,
/// 1 USD on BitMEX XBTUSD).
/// </para>
/// <para>Immutable; create with <see cref="Linear"/> or <see cref="Inverse"/> and change one field with the
/// <c>With…</c> methods, which validate again.</para>
/// </remarks>
public sealed record Instrument
{
    private Instrument(
        string symbol,
        ContractKind kind,
        string baseAsset,
        string quoteAsset,
        decimal contractSize,
        decimal tickSize,
        decimal lotSize,
        RiskTierTable riskTiers,
        int settlementDecimals)
    {
        DomainProblem.ThrowFirst(Check(symbol, baseAsset, quoteAsset, contractSize, tickSize, lotSize, riskTiers, settlementDecimals));
        SettlementDecimals = settlementDecimals;
        Symbol = symbol;
        BaseAsset = baseAsset;
        QuoteAsset = quoteAsset;
        ContractSize = contractSize;
        TickSize = tickSize;
        LotSize = lotSize;
        RiskTiers = riskTiers;
        Kind = kind;
    }

    /// <summary>Venue symbol, e.g. <c>BTCUSDT</c>.</summary>
    public string Symbol { get; }

    /// <summary>Linear (quote-margined) or inverse (coin-margined).</summary>
    public ContractKind Kind { get; }

    /// <summary>The asset whose price the contract tracks (BTC in BTCUSDT).</summary>
    public string BaseAsset { get; }

    /// <summary>The asset prices are quoted in (USDT in BTCUSDT, USD in BTCUSD).</summary>
    public string QuoteAsset { get; }

    /// <summary>
    /// The asset margin, PnL and notional are denominated in: the quote asset for linear contracts, the base
    /// asset for inverse ones.
    /// </summary>
    public string SettlementAsset => Kind == ContractKind.Linear ? QuoteAsset : BaseAsset;

    /// <summary>Base units per contract (linear) or quote units per contract (inverse).</summary>
    public decimal ContractSize { get; }

    /// <summary>Smallest price increment.</summary>
    public decimal TickSize { get; }

    /// <summary>Smallest size increment, in contracts; every size must be a whole multiple of it.</summary>
    public decimal LotSize { get; }

    /// <summary>Maintenance-margin brackets, in the settlement asset.</summary>
    public RiskTierTable RiskTiers { get; }

    /// <summary>
    /// Decimal places of settled amounts (realised PnL, margin moved, funding) in the settlement asset. Rounding
    /// booked amounts to it keeps every wallet sum exact: decimal addition of two 8-place amounts never rounds.
    /// </summary>
    public int SettlementDecimals { get; }

    /// <summary>Creates a linear (quote-margined) contract.</summary>
    /// <param name="symbol">Venue symbol.</param>
    /// <param name="baseAsset">Base asset (BTC).</param>
    /// <param name="quoteAsset">Quote and settlement asset (USDT).</param>
    /// <param name="riskTiers">Brackets with notional in the quote asset.</param>
    /// <param name="tickSize">Price increment.</param>
    /// <param name="lotSize">Size increment in contracts.</param>
    /// <param name="contractSize">Base units per contract; 1 when sizes are quoted in the base asset, as on Binance USDⓈ-M.</param>
    /// <param name="settlementDecimals">Decimal places of booked amounts; 8, the precision of USDT and BTC balances on Binance, Bybit and BitMEX, unless given.</param>
    public static Instrument Linear(
        string symbol, string baseAsset, string quoteAsset, RiskTierTable riskTiers, decimal tickSize, decimal lotSize, decimal contractSize = 1m, int settlementDecimals = 8) =>
        new(symbol, ContractKind.Linear, baseAsset, quoteAsset, contractSize, tickSize, lotSize, riskTiers, settlementDecimals);

    /// <summary>Creates an inverse (coin-margined) contract.</summary>
    /// <param name="symbol">Venue symbol.</param>
    /// <param name="baseAsset">Base and settlement asset (BTC).</param>
    /// <param name="quoteAsset">Quote asset (USD).</param>
    /// <param name="riskTiers">Brackets with notional in the base coin.</param>
    /// <param name="tickSize">Price increment.</param>
    /// <param name="lotSize">Size increment in contracts.</param>
    /// <param name="contractSize">Quote units per contract (100 on Binance BTCUSD, 1 on BitMEX XBTUSD).</param>
    /// <param name="settlementDecimals">Decimal places of booked amounts; 8 (satoshis) unless given.</param>
    public static Instrument Inverse(
        string symbol, string baseAsset, string quoteAsset, RiskTierTable riskTiers, decimal tickSize, decimal lotSize, decimal contractSize, int settlementDecimals = 8) =>
        new(symbol, ContractKind.Inverse, baseAsset, quoteAsset, contractSize, tickSize, lotSize, riskTiers, settlementDecimals);

    /// <summary>A copy with another tier table.</summary>
    /// <param name="riskTiers">The new brackets.</param>
    public Instrument WithRiskTiers(RiskTierTable riskTiers) =>
        new(Symbol, Kind, BaseAsset, QuoteAsset, ContractSize, TickSize, LotSize, riskTiers, SettlementDecimals);

    /// <summary>A copy with another tick size.</summary>
    /// <param name="tickSize">The new price increment.</param>
    public Instrument WithTickSize(decimal tickSize) =>
        new(Symbol, Kind, BaseAsset, QuoteAsset, ContractSize, tickSize, LotSize, RiskTiers, SettlementDecimals);

    /// <summary>A copy with another lot size.</summary>
    /// <param name="lotSize">The new size increment.</param>
    public Instrument WithLotSize(decimal lotSize) =>
        new(Symbol, Kind, BaseAsset, QuoteAsset, ContractSize, TickSize, lotSize, RiskTiers, SettlementDecimals);

    /// <summary>A copy with another settlement precision.</summary>
    /// <param name="settlementDecimals">Decimal places of booked amounts, 0 to 18.</param>
    public Instrument WithSettlementDecimals(int settlementDecimals) =>
        new(Symbol, Kind, BaseAsset, QuoteAsset, ContractSize, TickSize, LotSize, RiskTiers, settlementDecimals);

    /// <summary>
    /// Position notional in the settlement asset: <c>size × contractSize × price</c> (linear) or
    /// <c>size × contractSize ÷ price</c> (inverse).
    /// </summary>
    /// <param name="size">Absolute size in contracts; must be positive.</param>
    /// <param name="price">Price; must be positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="size"/> or <paramref name="price"/> is not positive, or the notional lies beyond
    /// <see cref="decimal"/>'s range (named as <paramref name="price"/>).
    /// </exception>
    public decimal Notional(decimal size, decimal price)
    {
        Preconditions.Positive(size);
        Preconditions.Positive(price);
        try
        {
            return NotionalUnchecked(size, price);
        }
        catch (OverflowException)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, ThrowHelper.Describe(nameof(price), price, "gives a notional beyond the decimal range at size " + size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Checks that <paramref name="size"/> is positive and a whole number of lots.</summary>
    /// <param name="size">Size in contracts.</param>
    /// <param name="paramName">Name to report.</param>
    /// <exception cref="ArgumentException">The size is not positive or not a multiple of <see cref="LotSize"/>.</exception>
    public void ValidateSize(decimal size, string paramName = "size") => DomainProblem.ThrowFirst(CheckSize(size, paramName));

    /// <summary>
    /// Every rule a contract's inputs break, in the order the factories check them (the first is what
    /// <see cref="Linear"/>, <see cref="Inverse"/> and the <c>With…</c> methods throw); empty when they make a contract.
    /// </summary>
    /// <param name="symbol">Venue symbol; not blank.</param>
    /// <param name="baseAsset">Base asset; not blank.</param>
    /// <param name="quoteAsset">Quote asset; not blank.</param>
    /// <param name="contractSize">Units per contract; positive.</param>
    /// <param name="tickSize">Price increment; positive.</param>
    /// <param name="lotSize">Size increment; positive.</param>
    /// <param name="riskTiers">Brackets; not null.</param>
    /// <param name="settlementDecimals">Decimal places of booked amounts, 0 to 18.</param>
    internal static IReadOnlyList<DomainProblem> Check(
        string? symbol, string? baseAsset, string? quoteAsset, decimal contractSize, decimal tickSize, decimal lotSize, RiskTierTable? riskTiers, int settlementDecimals)
    {
        List<DomainProblem>? problems = null;
        if (settlementDecimals is < 0 or > 18)
        {
            DomainChecks.Add(ref problems, new DomainProblem(nameof(settlementDecimals), "must be between 0 and 18", settlementDecimals, DomainRule.OutOfRange));
        }

        DomainChecks.NotBlank(ref problems, symbol, nameof(symbol));
        DomainChecks.NotBlank(ref problems, baseAsset, nameof(baseAsset));
        DomainChecks.NotBlank(ref problems, quoteAsset, nameof(quoteAsset));
        DomainChecks.Positive(ref problems, contractSize, nameof(contractSize));
        DomainChecks.Positive(ref problems, tickSize, nameof(tickSize));
        DomainChecks.Positive(ref problems, lotSize, nameof(lotSize));
        DomainChecks.NotNull(ref problems, riskTiers, nameof(riskTiers));
        return DomainChecks.Result(problems);
    }

    /// <summary>Every rule <paramref name="size"/> breaks (positive, whole lots); the first is what <see cref="ValidateSize"/> throws.</summary>
    /// <param name="size">Size in contracts.</param>
    /// <param name="paramName">Name to report.</param>
    internal IReadOnlyList<DomainProblem> CheckSize(decimal size, string paramName = "size")
    {
        List<DomainProblem>? problems = null;
        DomainChecks.Positive(ref problems, size, paramName);
        DomainChecks.Multiple(ref problems, size, LotSize, "lot size", paramName);
        return DomainChecks.Result(problems);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Symbol} ({Kind}, contract {ContractSize}, tick {TickSize}, lot {LotSize})");

    /// <summary>A size rounded down to whole lots (what can actually be traded of it).</summary>
    internal decimal FloorToLots(decimal size) => Math.Floor(size / LotSize) * LotSize;

    /// <summary>
    /// The initial margin a venue posts for <paramref name="notional"/> at <paramref name="leverage"/>: notional ÷
    /// leverage, rounded up to <see cref="SettlementDecimals"/> (never less than the exact requirement).
    /// </summary>
    internal decimal InitialMargin(decimal notional, decimal leverage) => RoundAmount(notional / leverage, MidpointRounding.ToPositiveInfinity);

    /// <summary>Rounds a booked amount to <see cref="SettlementDecimals"/> with the given rule.</summary>
    internal decimal RoundAmount(decimal amount, MidpointRounding mode) => Math.Round(amount, SettlementDecimals, mode);

    internal decimal NotionalUnchecked(decimal size, decimal price) =>
        Kind == ContractKind.Linear ? size * ContractSize * price : size * ContractSize / price;

    /// <summary>
    /// The contract's payoff: PnL of <paramref name="size"/> contracts on <paramref name="side"/> (+1 long, −1 short)
    /// from <paramref name="entryPrice"/> to <paramref name="price"/>, linear <c>side × size × contractSize × (price − entry)</c>,
    /// inverse <c>side × size × contractSize × (price − entry) ÷ (entry × price)</c>. Arguments are not checked.
    /// </summary>
    /// <remarks>
    /// It lives with the contract, beside <see cref="NotionalUnchecked"/>, so that positions (Accounts) and the margin
    /// formulas (Margin) share one expression without Accounts depending on Margin.
    /// </remarks>
    internal decimal PnlUnchecked(int side, decimal size, decimal entryPrice, decimal price) =>
        Kind == ContractKind.Linear
            ? side * size * ContractSize * (price - entryPrice)
            : side * size * ContractSize * (price - entryPrice) / (entryPrice * price);
}
