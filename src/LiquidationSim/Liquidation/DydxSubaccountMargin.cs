using System.Numerics;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>One perpetual position of a dYdX v4 subaccount, in decimal units, as the margin figures read it.</summary>
/// <param name="Size">Size in base units: positive for a long, negative for a short; non-zero.</param>
/// <param name="OraclePrice">The perpetual's oracle price in USDC per base unit; positive.</param>
/// <param name="MaintenanceMarginFraction">The perpetual's maintenance margin as a fraction of notional (0.03 for 3 %); 0 to 1.</param>
public readonly record struct DydxPerpetualPosition(decimal Size, decimal OraclePrice, decimal MaintenanceMarginFraction);

/// <summary>
/// A dYdX v4 subaccount's total net collateral (TNC) and total maintenance margin requirement (TMMR), added up from
/// its quote balance and positions as the chain adds them (<see cref="DydxLiquidation.SubaccountMargin"/>).
/// </summary>
/// <param name="TotalNetCollateral">TNC in USDC: the quote balance plus every position's net notional.</param>
/// <param name="TotalMaintenanceMargin">TMMR in USDC: the sum of the positions' maintenance margins.</param>
public readonly record struct DydxSubaccountMargin(decimal TotalNetCollateral, decimal TotalMaintenanceMargin)
{
    /// <summary>Whether the subaccount is liquidatable: TNC &lt; TMMR with TMMR positive (the chain's check).</summary>
    public bool IsLiquidatable => TotalMaintenanceMargin > 0m && TotalNetCollateral < TotalMaintenanceMargin;
}

/// <summary>The subaccount-level figures of <see cref="DydxLiquidation"/>.</summary>
public static partial class DydxLiquidation
{
    /// <summary>
    /// Adds up a subaccount's TNC and TMMR from its USDC balance and positions, per position as the chain computes
    /// them (dydxprotocol/v4-chain <c>protocol/x/subaccounts</c>, GetNetCollateralAndMarginRequirements): each
    /// position's net notional <c>size × oracle price</c> truncated toward zero to a quote quantum (10⁻⁶ USDC), its
    /// maintenance margin <c>|net notional| × fraction</c> rounded up to a quote quantum; the balance is rounded down
    /// to a quote quantum. What <see cref="ForPosition(decimal, decimal, decimal, decimal, decimal, DydxLiquidationConfig)"/>
    /// needs as its totals, without the caller adding them up.
    /// </summary>
    /// <param name="quoteBalance">The subaccount's USDC balance; any sign.</param>
    /// <param name="positions">Its perpetual positions; each valid as <see cref="DydxPerpetualPosition"/> states.</param>
    /// <returns>TNC and TMMR, each a whole number of quote quantums.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="positions"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A position breaks its rule (named as <c>positions[i].Size</c> and so on).</exception>
    public static DydxSubaccountMargin SubaccountMargin(decimal quoteBalance, IEnumerable<DydxPerpetualPosition> positions)
    {
        DydxPerpetualPosition[] all = [.. Preconditions.NotNull(positions)];
        BigInteger collateral = (Rational.FromDecimal(quoteBalance) * s_quoteQuantumsPerUsdc).Floor();
        BigInteger maintenance = BigInteger.Zero;
        for (int i = 0; i < all.Length; i++)
        {
            DydxPerpetualPosition p = all[i];
            if (p.Size == 0m)
            {
                ThrowHelper.OutOfRange(FormattableString.Invariant($"positions[{i}].Size"), p.Size, "must not be zero");
            }

            if (p.OraclePrice <= 0m)
            {
                ThrowHelper.OutOfRange(FormattableString.Invariant($"positions[{i}].OraclePrice"), p.OraclePrice, "must be positive");
            }

            if (p.MaintenanceMarginFraction is < 0m or > 1m)
            {
                ThrowHelper.OutOfRange(FormattableString.Invariant($"positions[{i}].MaintenanceMarginFraction"), p.MaintenanceMarginFraction, "must be between 0 and 1");
            }

            BigInteger netNotional = (Rational.FromDecimal(p.Size) * Rational.FromDecimal(p.OraclePrice) * s_quoteQuantumsPerUsdc).Truncate();
            collateral += netNotional;
            maintenance += ((Rational)BigInteger.Abs(netNotional) * Rational.FromDecimal(p.MaintenanceMarginFraction)).Ceiling();
        }

        return new DydxSubaccountMargin(QuantumsToUsdc(collateral), QuantumsToUsdc(maintenance));
    }

    /// <summary>
    /// One position's liquidation figures with the subaccount's totals taken from <paramref name="subaccount"/>
    /// (<see cref="SubaccountMargin"/>), which must include the position.
    /// </summary>
    /// <param name="subaccount">The subaccount's TNC and TMMR.</param>
    /// <param name="position">The position to liquidate.</param>
    /// <param name="config">The liquidations configuration.</param>
    /// <returns>The position's liquidation figures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="ForPosition(decimal, decimal, decimal, decimal, decimal, DydxLiquidationConfig)"/>.</exception>
    public static DydxPositionLiquidation ForPosition(DydxSubaccountMargin subaccount, DydxPerpetualPosition position, DydxLiquidationConfig config) =>
        ForPosition(position.Size, position.OraclePrice, position.MaintenanceMarginFraction, subaccount.TotalNetCollateral, subaccount.TotalMaintenanceMargin, config);

    private static decimal QuantumsToUsdc(BigInteger quantums) => (decimal)quantums / 1_000_000m;
}
