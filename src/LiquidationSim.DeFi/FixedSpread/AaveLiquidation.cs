using System.Collections.Immutable;
using System.Runtime.InteropServices;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Aave v3's <c>Pool.liquidationCall</c> as a pure function: given a market, a user, the collateral to seize, the
/// debt to repay and the amount the liquidator offers, what the call would repay, seize and pay the treasury, and
/// the user's account afterwards — in each version's exact integer arithmetic and rounding.
/// </summary>
/// <remarks>
/// <para>
/// Sources: reference/defi.md §1.3–§1.5, and <c>LiquidationLogic.executeLiquidationCall</c> /
/// <c>_calculateAvailableCollateralToLiquidate</c> / <c>_burnDebtTokens</c> / <c>_burnBadDebt</c> in aave-v3-core
/// 782f519 (v3.0) and aave-v3-origin v3.3.0 / v3.5.0 / main (v3.7). The steps, in the contract's order:
/// </para>
/// <list type="number">
/// <item>Account data and the checks of <c>ValidationLogic.validateLiquidationCall</c>: HF &lt; 1e18, the collateral
/// usable (threshold ≠ 0, enabled, held), some debt in the debt reserve. A failed check is a status, not an
/// exception (<see cref="AaveLiquidationStatus"/>).</item>
/// <item>Close factor (<see cref="AaveRules.CloseFactorRule"/>): v3.0–v3.2 <c>percentMul(reserveDebt, 50% or 100%)</c>
/// with 100% when HF ≤ 0.95; v3.3+ 100% of the reserve debt unless the reserve's collateral and debt are both worth
/// at least 2000e8 and HF &gt; 0.95, and then the reserve debt is capped at <c>percentMul(totalDebtBase, 50%)</c>
/// converted back to the debt token (floor) when it exceeds it.</item>
/// <item>Collateral to seize: <c>baseCollateral = debtPrice·debt·collUnit / (collPrice·debtUnit)</c> (floor), times the
/// bonus; capped at the user's balance with the debt recomputed from the collateral; the protocol fee is its share of
/// the bonus part, <c>(coll − coll (/) bonus) (x) fee</c>. Rounding per <see cref="AaveRules"/> (§1.5 table).</item>
/// <item>v3.3+ dust rule: a call that leaves both some debt and some collateral must leave at least
/// <see cref="AaveRules.MinLeftoverBase"/> of each (debt valued rounding up from v3.5).</item>
/// <item>v3.3+ bad debt: when no collateral is left (<see cref="AaveRules.BadDebt"/>), the rest of the repaid
/// reserve's debt and all the user's other debt are burned into reserve deficits.</item>
/// </list>
/// <para>
/// The new account: the seized collateral's scaled balance loses the liquidator's part and the fee, each scaled as the
/// version burns (if the fee's scaled amount exceeds what is left, the fee is cut to what is left, as the contract
/// does against 1-wei imprecision); the collateral is disabled when all of it is taken. The repaid reserve's scaled
/// debt loses the repayment scaled as the version burns. A balance taken or repaid in full is set to exactly zero
/// (the contract burns the equivalent scaled amount, which can differ from the stored one by a unit of rounding).
/// Whether the liquidator takes aTokens or the underlying does not change these amounts and is not modelled.
/// </para>
/// <para>
/// Not modelled: stable debt (v3.0–v3.1), isolation-mode debt ceilings, the PriceOracleSentinel, reserve activity
/// and pause flags, interest accrual during the call (give the reserves their updated indices). Stateless; thread safe.
/// </para>
/// </remarks>
public static class AaveLiquidation
{
    private const int FullCloseFactor = 10_000;

    /// <summary>
    /// Computes <c>liquidationCall(collateralAsset, debtAsset, user, debtToCover, receiveAToken)</c>. Nothing passed
    /// in is changed; the result holds the new account.
    /// </summary>
    /// <param name="market">The market: rules, prices, indices.</param>
    /// <param name="account">The user to liquidate.</param>
    /// <param name="collateralAsset">The collateral reserve to seize.</param>
    /// <param name="debtAsset">The debt reserve to repay.</param>
    /// <param name="debtToCover">The most debt the liquidator will repay, in the debt token's smallest units, above
    /// zero; <see cref="UInt256.MaxValue"/> means as much as allowed.</param>
    /// <returns>The outcome: <see cref="AaveLiquidationStatus.Executed"/> with the amounts, or the check that failed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An asset is not a reserve of <paramref name="market"/>, or
    /// <paramref name="account"/> holds a reserve the market does not list.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="debtToCover"/> is zero.</exception>
    /// <exception cref="OverflowException">An intermediate value does not fit in uint256 (the contract would revert).</exception>
    public static AaveLiquidationResult Call(AaveMarket market, AaveUserAccount account, string collateralAsset, string debtAsset, UInt256 debtToCover)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        AaveReserve collateral = market.Reserves[market.IndexOf(collateralAsset, nameof(collateralAsset))];
        AaveReserve debt = market.Reserves[market.IndexOf(debtAsset, nameof(debtAsset))];
        if (debtToCover.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(debtToCover), debtToCover, "must be above zero");
        }

        Prelude p = Prepare(market, account, collateral, debt, collateralAsset, debtAsset);
        if (p.Status != AaveLiquidationStatus.Executed)
        {
            return Stopped(p.Status, market, account, collateralAsset, debtAsset, p.Data.HealthFactor);
        }

        AaveRules rules = market.Rules;
        int eMode = account.EModeCategory;
        ImmutableArray<AavePosition> positions = account.Positions;
        AaveAccountData data = p.Data;
        int collateralIndex = p.CollateralIndex;
        int debtIndex = p.DebtIndex;
        UInt256 collateralBalance = p.CollateralBalance;
        UInt256 reserveDebt = p.ReserveDebt;
        UInt256 maxDebt = p.MaxDebt;
        int closeFactor = p.CloseFactor;
        UInt256 actualDebt = UInt256.Min(debtToCover, maxDebt);

        Seizure seizure = Seize(rules, p, actualDebt);
        actualDebt = seizure.DebtNeeded;
        UInt256 liquidatorCollateral = seizure.LiquidatorCollateral;
        UInt256 fee = seizure.ProtocolFee;

        if (LeavesDust(market, p, seizure))
        {
            return Stopped(AaveLiquidationStatus.MustNotLeaveDust, market, account, collateralAsset, debtAsset, data.HealthFactor) with
            {
                CloseFactor = closeFactor,
                MaxLiquidatableDebt = maxDebt,
                BaseCollateral = seizure.BaseCollateral,
                MaxCollateral = seizure.MaxCollateral,
            };
        }

        bool takesAll = liquidatorCollateral + fee == collateralBalance;
        bool noCollateralLeft = rules.BadDebt switch
        {
            AaveBadDebtDetection.BaseCurrencyEquality => data.TotalCollateralBase == seizure.CollateralBase,
            AaveBadDebtDetection.CollateralExhausted => takesAll && !HasOtherCollateral(market, positions, collateralIndex),
            _ => false,
        };

        AavePosition[] updated = [.. positions];
        AavePosition seized = updated[collateralIndex];
        if (takesAll)
        {
            updated[collateralIndex] = seized with { ScaledCollateral = UInt256.Zero, CollateralEnabled = false };
        }
        else
        {
            UInt256 remaining = seized.ScaledCollateral - market.CollateralBurnScaled(collateral, liquidatorCollateral);
            if (!fee.IsZero)
            {
                UInt256 feeScaled = market.CollateralBurnScaled(collateral, fee);
                if (feeScaled > remaining)
                {
                    fee = market.CollateralBalance(collateral, remaining);
                    feeScaled = remaining;
                }

                remaining -= feeScaled;
            }

            updated[collateralIndex] = seized with { ScaledCollateral = remaining };
        }

        ImmutableArray<AaveDeficit>.Builder? deficits = null;
        AavePosition repaid = updated[debtIndex];
        if (noCollateralLeft)
        {
            UInt256 outstanding = reserveDebt - actualDebt;
            if (!outstanding.IsZero)
            {
                (deficits ??= ImmutableArray.CreateBuilder<AaveDeficit>()).Add(new AaveDeficit(debtAsset, outstanding));
            }

            updated[debtIndex] = repaid with { ScaledDebt = UInt256.Zero };
            for (int i = 0; i < updated.Length; i++)
            {
                if (i != debtIndex && !updated[i].ScaledDebt.IsZero)
                {
                    AaveReserve other = market.Reserves[market.IndexOf(updated[i].Symbol, nameof(account))];
                    (deficits ??= ImmutableArray.CreateBuilder<AaveDeficit>()).Add(new AaveDeficit(updated[i].Symbol, market.DebtBalance(other, updated[i].ScaledDebt)));
                    updated[i] = updated[i] with { ScaledDebt = UInt256.Zero };
                }
            }
        }
        else if (actualDebt == reserveDebt)
        {
            updated[debtIndex] = repaid with { ScaledDebt = UInt256.Zero };
        }
        else
        {
            updated[debtIndex] = repaid with { ScaledDebt = repaid.ScaledDebt - market.DebtBurnScaled(debt, actualDebt) };
        }

        ImmutableArray<AavePosition> after = ImmutableCollectionsMarshal.AsImmutableArray(updated);
        AaveUserAccount newAccount = account.WithPositions(after);
        UInt256 healthFactorAfter = AaveAccountData.CalculateCore(market, eMode, after.AsSpan(), nameof(account), withLtv: false).HealthFactor;
        return new AaveLiquidationResult
        {
            Status = AaveLiquidationStatus.Executed,
            Version = rules.Version,
            CollateralAsset = collateralAsset,
            DebtAsset = debtAsset,
            HealthFactorBefore = data.HealthFactor,
            HealthFactorAfter = healthFactorAfter,
            CloseFactor = closeFactor,
            MaxLiquidatableDebt = maxDebt,
            BaseCollateral = seizure.BaseCollateral,
            MaxCollateral = seizure.MaxCollateral,
            DebtRepaid = actualDebt,
            CollateralSeized = liquidatorCollateral + fee,
            LiquidatorCollateral = liquidatorCollateral,
            ProtocolFee = fee,
            Deficits = deficits?.ToImmutable() ?? [],
            Account = newAccount,
        };
    }

    /// <summary>
    /// What a liquidator reads before calling: the checks, the close-factor cap, the collateral that repaying the cap
    /// would take (base and with the bonus, before the balance cap), and the largest repay that leaves no dust, as
    /// aave-v3-origin's <c>LiquidationDataProvider.getLiquidationInfo</c> (src/contracts/helpers/LiquidationDataProvider.sol,
    /// tag v3.3.0) reports them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The intermediates are <c>LiquidationLogic</c>'s own (aave-v3-origin v3.3.0 <c>executeLiquidationCall</c> and
    /// <c>_calculateAvailableCollateralToLiquidate</c>; aave-v3-core 782f519 for v3.0):
    /// <c>baseCollateral = debtPrice·cap·collateralUnit / (collateralPrice·debtUnit)</c> (floor) and
    /// <c>maxCollateralToLiquidate = baseCollateral (x) bonus</c>, each in the version's rounding.
    /// </para>
    /// <para>
    /// <see cref="AaveLiquidationQuote.LargestRepayWithoutDust"/> is exact: the largest <c>debtToCover</c> up to the
    /// cap for which <see cref="Call"/> does not stop with <see cref="AaveLiquidationStatus.MustNotLeaveDust"/>. The
    /// data provider gets there by subtracting the missing leftover, converted with floor divisions
    /// (<c>_adjustAmountsForGoodLeftovers</c>), which can land a unit away from the boundary; this searches the
    /// boundary itself. It is the cap when repaying the cap leaves no dust (it repays the whole reserve debt, takes all
    /// the collateral, or leaves at least <see cref="AaveRules.MinLeftoverBase"/> of both), and otherwise the largest
    /// repay below it whose leftovers are both worth <see cref="AaveRules.MinLeftoverBase"/>: below the cap the
    /// leftovers only shrink as the repay grows, so the boundary is found by bisection. Zero when no repay avoids
    /// dust. Before v3.3 (no dust rule) it is the cap.
    /// </para>
    /// </remarks>
    /// <param name="market">The market: rules, prices, indices.</param>
    /// <param name="account">The user to liquidate.</param>
    /// <param name="collateralAsset">The collateral reserve to seize.</param>
    /// <param name="debtAsset">The debt reserve to repay.</param>
    /// <returns>The quote; when a check fails, its status and zero amounts.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An asset is not a reserve of <paramref name="market"/>, or
    /// <paramref name="account"/> holds a reserve the market does not list.</exception>
    /// <exception cref="OverflowException">An intermediate value does not fit in uint256 (the contract would revert).</exception>
    public static AaveLiquidationQuote Quote(AaveMarket market, AaveUserAccount account, string collateralAsset, string debtAsset)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        AaveReserve collateral = market.Reserves[market.IndexOf(collateralAsset, nameof(collateralAsset))];
        AaveReserve debt = market.Reserves[market.IndexOf(debtAsset, nameof(debtAsset))];
        Prelude p = Prepare(market, account, collateral, debt, collateralAsset, debtAsset);
        AaveLiquidationQuote quote = new()
        {
            Status = p.Status,
            Version = market.Rules.Version,
            CollateralAsset = collateralAsset,
            DebtAsset = debtAsset,
            HealthFactor = p.Data.HealthFactor,
            CollateralBalance = p.CollateralBalance,
            ReserveDebt = p.ReserveDebt,
        };
        if (p.Status != AaveLiquidationStatus.Executed)
        {
            return quote;
        }

        AaveRules rules = market.Rules;
        Seizure atCap = Seize(rules, p, p.MaxDebt);
        return quote with
        {
            LiquidationBonus = p.Bonus,
            CloseFactor = p.CloseFactor,
            MaxLiquidatableDebt = p.MaxDebt,
            BaseCollateral = atCap.BaseCollateral,
            MaxCollateral = atCap.MaxCollateral,
            LargestRepayWithoutDust = LargestRepayWithoutDust(market, p, atCap),
        };
    }

    private static UInt256 LargestRepayWithoutDust(AaveMarket market, in Prelude p, in Seizure atCap)
    {
        if (!LeavesDust(market, p, atCap))
        {
            return p.MaxDebt;
        }

        // Repaying the cap leaves dust, so it neither repays the whole reserve debt nor takes all the collateral;
        // no smaller repay does either, and the leftovers fall as the repay rises: the clean repays are [1, answer].
        AaveRules rules = market.Rules;
        UInt256 clean = UInt256.Zero;
        UInt256 dusty = p.MaxDebt;
        while (dusty - clean > UInt256.One)
        {
            UInt256 mid = clean + ((dusty - clean) / 2UL);
            if (LeavesDust(market, p, Seize(rules, p, mid)))
            {
                dusty = mid;
            }
            else
            {
                clean = mid;
            }
        }

        return clean;
    }

    private static (UInt256 MaxDebt, int CloseFactor) CloseFactor(
        AaveMarket market,
        in AaveAccountData data,
        UInt256 reserveDebt,
        UInt256 debtPrice,
        AaveReserve debt,
        UInt256 collateralBalance,
        UInt256 collateralPrice,
        AaveReserve collateral)
    {
        AaveRules rules = market.Rules;
        bool aboveThreshold = data.HealthFactor > rules.CloseFactorHealthFactorThreshold;
        if (rules.CloseFactorRule == AaveCloseFactorRule.PerReserve)
        {
            int closeFactor = aboveThreshold ? rules.DefaultCloseFactor : FullCloseFactor;
            return (PercentageMath.PercentMul(reserveDebt, (ulong)closeFactor), closeFactor);
        }

        if (aboveThreshold
            && AaveMarket.CollateralValue(collateralBalance, collateralPrice, collateral) >= rules.MinBaseMaxCloseFactorThreshold)
        {
            UInt256 reserveDebtBase = market.DebtValue(reserveDebt, debtPrice, debt);
            if (reserveDebtBase >= rules.MinBaseMaxCloseFactorThreshold)
            {
                UInt256 half = PercentageMath.PercentMul(data.TotalDebtBase, (ulong)rules.DefaultCloseFactor);
                if (reserveDebtBase > half)
                {
                    return (half * debt.Unit / debtPrice, rules.DefaultCloseFactor);
                }
            }
        }

        return (reserveDebt, FullCloseFactor);
    }

    private readonly record struct Seizure(UInt256 LiquidatorCollateral, UInt256 DebtNeeded, UInt256 ProtocolFee, UInt256 CollateralBase, UInt256 BaseCollateral, UInt256 MaxCollateral);

    /// <summary>What <c>executeLiquidationCall</c> knows before it sizes the seizure: the checks, balances, prices, bonus and close-factor cap.</summary>
    private readonly record struct Prelude(
        AaveLiquidationStatus Status,
        AaveAccountData Data,
        AaveReserve Collateral,
        AaveReserve Debt,
        int CollateralIndex,
        int DebtIndex,
        UInt256 CollateralBalance,
        UInt256 ReserveDebt,
        UInt256 CollateralPrice,
        UInt256 DebtPrice,
        int Bonus,
        UInt256 MaxDebt,
        int CloseFactor);

    private static Prelude Prepare(AaveMarket market, AaveUserAccount account, AaveReserve collateral, AaveReserve debt, string collateralAsset, string debtAsset)
    {
        int eMode = account.EModeCategory;
        ImmutableArray<AavePosition> positions = account.Positions;
        AaveAccountData data = AaveAccountData.CalculateCore(market, eMode, positions.AsSpan(), nameof(account), withLtv: false);

        int collateralIndex = account.IndexOf(collateralAsset);
        int debtIndex = account.IndexOf(debtAsset);
        UInt256 collateralBalance = collateralIndex >= 0 ? market.CollateralBalance(collateral, positions[collateralIndex].ScaledCollateral) : UInt256.Zero;
        UInt256 reserveDebt = debtIndex >= 0 ? market.DebtBalance(debt, positions[debtIndex].ScaledDebt) : UInt256.Zero;
        Prelude stopped = new(AaveLiquidationStatus.NotLiquidatable, data, collateral, debt, collateralIndex, debtIndex, collateralBalance, reserveDebt, UInt256.Zero, UInt256.Zero, 0, UInt256.Zero, 0);

        if (!data.IsLiquidatable)
        {
            return stopped;
        }

        if (collateral.LiquidationThreshold == 0 || collateralIndex < 0 || !positions[collateralIndex].CollateralEnabled || collateralBalance.IsZero)
        {
            return stopped with { Status = AaveLiquidationStatus.CollateralCannotBeLiquidated };
        }

        if (reserveDebt.IsZero)
        {
            return stopped with { Status = AaveLiquidationStatus.DebtNotBorrowed };
        }

        int bonus = AaveMarket.InEMode(collateral, eMode) ? collateral.EMode!.LiquidationBonus : collateral.LiquidationBonus;
        UInt256 collateralPrice = market.PriceFor(collateral, eMode);
        UInt256 debtPrice = market.PriceFor(debt, eMode);
        (UInt256 maxDebt, int closeFactor) = CloseFactor(market, data, reserveDebt, debtPrice, debt, collateralBalance, collateralPrice, collateral);
        return stopped with
        {
            Status = AaveLiquidationStatus.Executed,
            CollateralPrice = collateralPrice,
            DebtPrice = debtPrice,
            Bonus = bonus,
            MaxDebt = maxDebt,
            CloseFactor = closeFactor,
        };
    }

    private static Seizure Seize(AaveRules rules, in Prelude p, UInt256 debtToCover) =>
        Seize(rules, p.CollateralPrice, p.Collateral, p.DebtPrice, p.Debt.Unit, debtToCover, p.CollateralBalance, (ulong)p.Bonus, (ulong)p.Collateral.LiquidationProtocolFee);

    /// <summary>v3.3+ <c>MUST_NOT_LEAVE_DUST</c>: some debt and some collateral stay, and either is worth less than <c>MIN_LEFTOVER_BASE</c>.</summary>
    private static bool LeavesDust(AaveMarket market, in Prelude p, in Seizure seizure)
    {
        AaveRules rules = market.Rules;
        UInt256 seized = seizure.LiquidatorCollateral + seizure.ProtocolFee;
        if (!rules.DustRule || seizure.DebtNeeded >= p.ReserveDebt || seized >= p.CollateralBalance)
        {
            return false;
        }

        bool debtLeftOk = market.DebtValue(p.ReserveDebt - seizure.DebtNeeded, p.DebtPrice, p.Debt) >= rules.MinLeftoverBase;
        bool collateralLeftOk = AaveMarket.CollateralValue(p.CollateralBalance - seized, p.CollateralPrice, p.Collateral) >= rules.MinLeftoverBase;
        return !debtLeftOk || !collateralLeftOk;
    }

    private static Seizure Seize(
        AaveRules rules,
        UInt256 collateralPrice,
        AaveReserve collateral,
        UInt256 debtPrice,
        UInt256 debtUnit,
        UInt256 debtToCover,
        UInt256 collateralBalance,
        UInt256 bonus,
        UInt256 feePercentage)
    {
        UInt256 collateralUnit = collateral.Unit;
        UInt256 baseCollateral = debtPrice * debtToCover * collateralUnit / (collateralPrice * debtUnit);
        UInt256 maxCollateral = PercentMul(baseCollateral, bonus, rules.MaxCollateralRounding);
        UInt256 collateralAmount;
        UInt256 debtNeeded;
        if (maxCollateral > collateralBalance)
        {
            collateralAmount = collateralBalance;
            debtNeeded = PercentDiv(collateralPrice * collateralAmount * debtUnit / (debtPrice * collateralUnit), bonus, rules.DebtNeededRounding);
        }
        else
        {
            collateralAmount = maxCollateral;
            debtNeeded = debtToCover;
        }

        UInt256 collateralBase = AaveMarket.CollateralValue(collateralAmount, collateralPrice, collateral);
        UInt256 fee = UInt256.Zero;
        if (!feePercentage.IsZero)
        {
            UInt256 bonusCollateral = collateralAmount - PercentDiv(collateralAmount, bonus, rules.BonusBaseRounding);
            fee = PercentMul(bonusCollateral, feePercentage, rules.ProtocolFeeRounding);
        }

        return new Seizure(collateralAmount - fee, debtNeeded, fee, collateralBase, baseCollateral, maxCollateral);
    }

    private static bool HasOtherCollateral(AaveMarket market, ImmutableArray<AavePosition> positions, int except)
    {
        for (int i = 0; i < positions.Length; i++)
        {
            AavePosition p = positions[i];
            if (i != except && p.CollateralEnabled && !p.ScaledCollateral.IsZero
                && market.Reserves[market.IndexOf(p.Symbol, "account")].LiquidationThreshold != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static UInt256 PercentMul(UInt256 value, UInt256 percentage, AaveRounding rounding) => rounding switch
    {
        AaveRounding.Floor => PercentageMath.PercentMulFloor(value, percentage),
        AaveRounding.Ceil => PercentageMath.PercentMulCeil(value, percentage),
        _ => PercentageMath.PercentMul(value, percentage),
    };

    private static UInt256 PercentDiv(UInt256 value, UInt256 percentage, AaveRounding rounding) => rounding switch
    {
        AaveRounding.Floor => PercentageMath.PercentDivFloor(value, percentage),
        AaveRounding.Ceil => PercentageMath.PercentDivCeil(value, percentage),
        _ => PercentageMath.PercentDiv(value, percentage),
    };

    private static AaveLiquidationResult Stopped(
        AaveLiquidationStatus status, AaveMarket market, AaveUserAccount account, string collateralAsset, string debtAsset, UInt256 healthFactor) => new()
        {
            Status = status,
            Version = market.Rules.Version,
            CollateralAsset = collateralAsset,
            DebtAsset = debtAsset,
            HealthFactorBefore = healthFactor,
            HealthFactorAfter = healthFactor,
            CloseFactor = 0,
            MaxLiquidatableDebt = UInt256.Zero,
            DebtRepaid = UInt256.Zero,
            CollateralSeized = UInt256.Zero,
            LiquidatorCollateral = UInt256.Zero,
            ProtocolFee = UInt256.Zero,
            Deficits = [],
            Account = account,
        };
}
