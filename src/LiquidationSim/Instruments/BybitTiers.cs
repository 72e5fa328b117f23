namespace LiquidationSim.Instruments;

/// <summary>
/// Bybit USDT-perpetual risk-limit tables as sourced, dated data. A risk limit includes its upper bound, so the
/// tables are <see cref="TierBoundary.CapInclusive"/>; the maintenance deduction follows Bybit's recurrence
/// (<see cref="RiskTierTable.NextMaintenanceAmount"/>), and every deduction Bybit publishes beside its table is checked
/// against it in the tests.
/// </summary>
/// <remarks>
/// <para>
/// Source: Bybit "Margin Parameters" (announcement-info/margin-parameters; the rendered table was read from the
/// Portuguese edition on Bybit's bybitx.global domain, since the English page is filled in by the browser and its
/// stored copy reads "No record yet"). The page is undated; <see cref="SourceReference.AsOf"/> is the day the table
/// was read into the library. The page lists tiers 1–20 (up to 80,000,000 USDT) with maximum leverage, maintenance
/// rate and maintenance deduction; Bybit sets the initial rate of a tier to <c>1 ÷ maximum leverage</c>.
/// </para>
/// <para>
/// <b>Not shipped:</b> ETHUSDT. No rendered copy of its Bybit table was reachable (the API,
/// <c>GET /v5/market/risk-limit</c>, is the live source); build it from the API's rows with
/// <see cref="RiskTierTable.Bybit"/>.
/// </para>
/// </remarks>
public static class BybitTiers
{
    private static readonly SourceReference s_marginParameters = new(
        "Bybit 'Margin Parameters' (announcement-info/margin-parameters), USDT perpetual BTCUSDT, isolated & cross, tiers 1-20; page undated, read 2026-12-07",
        new DateOnly(2026, 12, 7));

    /// <summary>
    /// BTCUSDT: 100x and 0.5 % up to 2,000,000 USDT, rising through 20 risk limits to 14x and 4.5 % at
    /// 80,000,000 USDT, the largest position the table allows.
    /// </summary>
    public static RiskTierTable BtcUsdt { get; } = RiskTierTable.FromRates(
        "Bybit BTCUSDT",
        [
            (0m, 100m, 0.005m),
            (2_000_000m, 90m, 0.0056m),
            (2_600_000m, 80m, 0.0063m),
            (3_200_000m, 75m, 0.0067m),
            (3_800_000m, 70m, 0.0071m),
            (4_400_000m, 65m, 0.0077m),
            (5_000_000m, 55m, 0.0091m),
            (5_600_000m, 50m, 0.01m),
            (8_500_000m, 45m, 0.013m),
            (10_000_000m, 40m, 0.015m),
            (14_000_000m, 35m, 0.016m),
            (20_000_000m, 30m, 0.02m),
            (28_000_000m, 25m, 0.025m),
            (38_000_000m, 20m, 0.029m),
            (50_000_000m, 19m, 0.03m),
            (55_000_000m, 18m, 0.035m),
            (60_000_000m, 17m, 0.036m),
            (65_000_000m, 16m, 0.038m),
            (70_000_000m, 15m, 0.04m),
            (75_000_000m, 14m, 0.045m),
        ],
        s_marginParameters,
        lastCap: 80_000_000m,
        boundary: TierBoundary.CapInclusive);
}
