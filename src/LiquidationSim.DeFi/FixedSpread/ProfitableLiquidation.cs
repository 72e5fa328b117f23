using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// What a liquidator earns from one Aave v3 liquidation: repay <see cref="DebtToCover"/>, receive the seized
/// collateral, sell it for <see cref="Proceeds"/> of the debt asset, pay <see cref="GasCost"/>.
/// </summary>
/// <param name="DebtToCover">The debt the liquidator repays, in the debt token's smallest units.</param>
/// <param name="Proceeds">What selling the liquidator's collateral brings, in debt-token units.</param>
/// <param name="GasCost">The gas cost, in debt-token units.</param>
/// <param name="Profit">Proceeds − debt repaid − gas, in debt-token units; negative for a loss.</param>
/// <param name="Liquidation">The liquidation call's outcome at <paramref name="DebtToCover"/>.</param>
public sealed record LiquidationOpportunity(UInt256 DebtToCover, UInt256 Proceeds, UInt256 GasCost, BigInteger Profit, AaveLiquidationResult Liquidation)
{
    /// <summary>Whether the liquidation pays: it executes and its profit is above zero.</summary>
    public bool IsProfitable => Liquidation.IsExecuted && Profit > BigInteger.Zero;
}

/// <summary>
/// A liquidator's sizing: the repay amount, within what the protocol allows (close factor, available collateral,
/// dust rule), that maximises profit after the slippage of selling the seized collateral and a gas cost.
/// </summary>
/// <remarks>
/// Profit as a function of the repaid amount is the bonus-carrying collateral, valued through a concave sale curve,
/// less the repayment: it rises while the marginal collateral sells for more than it costs and falls after. The
/// search is a ternary search on whole debt units over [1, the most the call accepts], followed by the exact check
/// of the few candidates left and of the largest repayment (the answer when slippage never bites). Each probe is one
/// <see cref="AaveLiquidation.Call"/>, so the search costs about 2·log₁.₅(max) calls. A repay the protocol refuses
/// (dust) counts as no profit. Stateless; thread safe.
/// </remarks>
public static class ProfitableLiquidation
{
    /// <summary>
    /// The most profitable liquidation of <paramref name="account"/> repaying <paramref name="debtAsset"/> and seizing
    /// <paramref name="collateralAsset"/>.
    /// </summary>
    /// <param name="market">The market: rules, prices, indices.</param>
    /// <param name="account">The user.</param>
    /// <param name="collateralAsset">The collateral to seize.</param>
    /// <param name="debtAsset">The debt to repay.</param>
    /// <param name="sell">
    /// What selling a collateral amount (its smallest units) brings in debt-token units: a DEX quote such as
    /// <see cref="Simulation.ConstantProductPool.AmountOut"/>. Must not decrease as the amount grows.
    /// </param>
    /// <param name="gasCost">The gas cost of the liquidation, in debt-token units.</param>
    /// <returns>
    /// The best opportunity; when the account cannot be liquidated at all, the refused call (<see cref="LiquidationOpportunity.Liquidation"/>
    /// carries the status) with zero amounts. Check <see cref="LiquidationOpportunity.IsProfitable"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An asset is not a reserve of the market.</exception>
    public static LiquidationOpportunity Best(
        AaveMarket market, AaveUserAccount account, string collateralAsset, string debtAsset, Func<UInt256, UInt256> sell, UInt256 gasCost)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(sell);

        LiquidationOpportunity Evaluate(UInt256 repay)
        {
            AaveLiquidationResult r = AaveLiquidation.Call(market, account, collateralAsset, debtAsset, repay);
            if (!r.IsExecuted)
            {
                return new LiquidationOpportunity(repay, UInt256.Zero, gasCost, BigInteger.MinusOne * (BigInteger)gasCost - BigInteger.One, r);
            }

            UInt256 proceeds = sell(r.LiquidatorCollateral);
            BigInteger profit = (BigInteger)proceeds - (BigInteger)r.DebtRepaid - (BigInteger)gasCost;
            return new LiquidationOpportunity(r.DebtRepaid, proceeds, gasCost, profit, r);
        }

        LiquidationOpportunity largest = Evaluate(UInt256.MaxValue);
        if (!largest.Liquidation.IsExecuted && largest.Liquidation.Status != AaveLiquidationStatus.MustNotLeaveDust)
        {
            return largest with { DebtToCover = UInt256.Zero, Proceeds = UInt256.Zero, Profit = -(BigInteger)gasCost };
        }

        UInt256 max = largest.Liquidation.IsExecuted ? largest.DebtToCover : largest.Liquidation.MaxLiquidatableDebt;
        LiquidationOpportunity best = largest;
        UInt256 lo = UInt256.One, hi = max;
        while (hi > lo && hi - lo > (UInt256)2UL)
        {
            UInt256 third = (hi - lo) / (UInt256)3UL;
            UInt256 m1 = lo + third, m2 = hi - third;
            LiquidationOpportunity a = Evaluate(m1), b = Evaluate(m2);
            best = Better(best, Better(a, b));
            if (a.Profit < b.Profit)
            {
                lo = m1 + UInt256.One;
            }
            else
            {
                hi = m2;
            }
        }

        for (UInt256 r = lo; r <= hi && !hi.IsZero; r += UInt256.One)
        {
            best = Better(best, Evaluate(r));
        }

        return best;
    }

    /// <summary>The higher profit; on a tie the smaller repayment (less capital for the same gain).</summary>
    private static LiquidationOpportunity Better(LiquidationOpportunity x, LiquidationOpportunity y) =>
        y.Profit > x.Profit || (y.Profit == x.Profit && y.DebtToCover < x.DebtToCover) ? y : x;
}
