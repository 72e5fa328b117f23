using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// What one dYdX v4 subaccount has had liquidated so far in the current block, the counters the per-subaccount
/// block limits are checked against (<c>SubaccountLiquidationInfo</c> in <c>x/clob</c>, kept in a transient store
/// that starts empty every block). Both counters are in quote quantums (10⁻⁶ USDC).
/// </summary>
/// <remarks>
/// <para>
/// The chain also records which perpetuals of the subaccount were liquidated this block and liquidates each at most
/// once per block; that rule is about choosing what to liquidate and is left to the caller.
/// </para>
/// <para>Immutable value; <see cref="Record"/> returns the next state.</para>
/// </remarks>
/// <param name="NotionalLiquidated">Sum of the absolute oracle-price notional of this block's liquidation fills.</param>
/// <param name="QuantumsInsuranceLost">Sum of what the insurance fund paid for this block's fills (the negative insurance-fund deltas, as magnitudes).</param>
public readonly record struct DydxSubaccountLiquidationInfo(ulong NotionalLiquidated, ulong QuantumsInsuranceLost)
{
    /// <summary>A subaccount with nothing liquidated yet this block.</summary>
    public static DydxSubaccountLiquidationInfo Empty => default;

    /// <summary>
    /// The counters after one more liquidation fill, by the chain's rule (<c>UpdateSubaccountLiquidationInfo</c>,
    /// <c>protocol/x/clob/keeper/liquidations_state.go</c>): the fill's absolute notional is added to
    /// <see cref="NotionalLiquidated"/>, and the insurance fund delta is added to <see cref="QuantumsInsuranceLost"/>
    /// only when it is negative (the fund paid), as its magnitude.
    /// </summary>
    /// <param name="notionalLiquidated">The fill's notional at the oracle price, in quote quantums; either sign.</param>
    /// <param name="insuranceFundDelta">
    /// The fill's insurance fund delta from <see cref="DydxLiquidation.InsuranceFundDelta"/>, in quote quantums.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A counter would pass <see cref="ulong.MaxValue"/> (the chain panics).</exception>
    public DydxSubaccountLiquidationInfo Record(long notionalLiquidated, long insuranceFundDelta)
    {
        ulong notional = NotionalLiquidated;
        ulong lost = QuantumsInsuranceLost;
        if (ulong.MaxValue - notional < Magnitude(notionalLiquidated))
        {
            ThrowHelper.OutOfRange(nameof(notionalLiquidated), notionalLiquidated, "would take the block's notional liquidated past UInt64.MaxValue");
        }

        notional += Magnitude(notionalLiquidated);
        if (insuranceFundDelta < 0)
        {
            if (ulong.MaxValue - lost < Magnitude(insuranceFundDelta))
            {
                ThrowHelper.OutOfRange(nameof(insuranceFundDelta), insuranceFundDelta, "would take the block's insurance lost past UInt64.MaxValue");
            }

            lost += Magnitude(insuranceFundDelta);
        }

        return new DydxSubaccountLiquidationInfo(notional, lost);
    }

    private static ulong Magnitude(long value) => value < 0 ? unchecked(0UL - (ulong)value) : (ulong)value;
}
