using LiquidationSim.Internal;

namespace LiquidationSim.Instruments;

/// <summary>
/// One maintenance-margin bracket (Binance "leverage bracket", Bybit "risk limit", Hyperliquid "margin tier"):
/// positions whose notional lies in <c>[NotionalFloor, NotionalCap)</c> are charged
/// <c>notional × MaintenanceMarginRate − MaintenanceAmount</c>.
/// </summary>
/// <remarks>
/// Notional is in the instrument's settlement asset (USDT for USDⓈ-M, the coin for COIN-M). A notional equal to
/// a floor belongs to the higher bracket (freqtrade's reading of Binance's API, reference cefi.md §1.3.1).
/// Construct tiers through <see cref="RiskTierTable"/>, which validates the whole table.
/// </remarks>
public readonly record struct RiskTier
{
    /// <summary>Creates a bracket from its published maximum leverage; the initial-margin rate is <c>1 ÷ maxLeverage</c>.</summary>
    /// <param name="notionalFloor">Lowest notional in the bracket (inclusive).</param>
    /// <param name="notionalCap">Notional at which the next bracket starts; <see cref="decimal.MaxValue"/> for open-ended.</param>
    /// <param name="maxLeverage">Highest leverage allowed in the bracket.</param>
    /// <param name="maintenanceMarginRate">Maintenance rate as a fraction.</param>
    /// <param name="maintenanceAmount">Deduction (Binance <c>cum</c>).</param>
    public RiskTier(decimal notionalFloor, decimal notionalCap, decimal maxLeverage, decimal maintenanceMarginRate, decimal maintenanceAmount)
        : this(notionalFloor, notionalCap, 1m / Preconditions.Positive(maxLeverage), maxLeverage, maintenanceMarginRate, maintenanceAmount)
    {
    }

    private RiskTier(decimal floor, decimal cap, decimal initialMarginRate, decimal maxLeverage, decimal mmr, decimal amount)
    {
        Preconditions.NonNegative(floor, nameof(NotionalFloor));
        Preconditions.NonNegative(mmr, nameof(MaintenanceMarginRate));
        Preconditions.NonNegative(amount, nameof(MaintenanceAmount));
        NotionalFloor = floor;
        NotionalCap = cap;
        InitialMarginRate = initialMarginRate;
        MaxLeverage = maxLeverage;
        MaintenanceMarginRate = mmr;
        MaintenanceAmount = amount;
    }

    /// <summary>
    /// Creates a bracket from its published initial-margin rate (BitMEX, Bybit); the maximum leverage is
    /// <c>1 ÷ initialMarginRate</c>.
    /// </summary>
    /// <param name="notionalFloor">Lowest notional in the bracket (inclusive).</param>
    /// <param name="notionalCap">Notional at which the next bracket starts; <see cref="decimal.MaxValue"/> for open-ended.</param>
    /// <param name="initialMarginRate">Initial-margin rate as a fraction.</param>
    /// <param name="maintenanceMarginRate">Maintenance rate as a fraction.</param>
    /// <param name="maintenanceAmount">Deduction.</param>
    public static RiskTier FromInitialMarginRate(
        decimal notionalFloor, decimal notionalCap, decimal initialMarginRate, decimal maintenanceMarginRate, decimal maintenanceAmount) =>
        new(notionalFloor, notionalCap, initialMarginRate, 1m / Preconditions.Positive(initialMarginRate), maintenanceMarginRate, maintenanceAmount);

    /// <summary>Lowest notional in the bracket (inclusive).</summary>
    public decimal NotionalFloor { get; }

    /// <summary>
    /// Notional at which the next bracket starts (exclusive). <see cref="decimal.MaxValue"/> marks an open-ended
    /// last bracket.
    /// </summary>
    public decimal NotionalCap { get; }

    /// <summary>Initial-margin rate at maximum leverage, <c>1 ÷ MaxLeverage</c> unless the venue publishes it separately (BitMEX).</summary>
    public decimal InitialMarginRate { get; }

    /// <summary>Highest leverage a position in this bracket may use.</summary>
    public decimal MaxLeverage { get; }

    /// <summary>Maintenance-margin rate as a fraction (0.004 = 0.4%).</summary>
    public decimal MaintenanceMarginRate { get; }

    /// <summary>
    /// The constant subtracted from <c>notional × rate</c>: Binance <c>cum</c>, Bybit "MM deduction", Hyperliquid
    /// "maintenance deduction". Zero on venues that charge the bracket rate on the whole position (BitMEX).
    /// </summary>
    public decimal MaintenanceAmount { get; }

    /// <summary>Maintenance margin this bracket charges on <paramref name="notional"/>.</summary>
    /// <param name="notional">Absolute position notional in the settlement asset; must not be negative.</param>
    public decimal MaintenanceMargin(decimal notional)
    {
        Preconditions.NonNegative(notional);
        return (notional * MaintenanceMarginRate) - MaintenanceAmount;
    }
}
