using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// A Liquity v1 system: troves of ETH collateral and LUSD debt, the stability pool, and the liquidation rules that
/// offset bad debt against the pool and redistribute what it cannot absorb to the remaining troves — the third
/// liquidation design beside fixed-spread (Aave, Compound) and Dutch auctions (Maker).
/// </summary>
/// <remarks>
/// <para>
/// Source: liquity/dev at commit bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14 (the deployed v1 logic):
/// <c>packages/contracts/contracts/TroveManager.sol</c> (<c>liquidate</c>, <c>liquidateTroves</c>,
/// <c>batchLiquidateTroves</c>, <c>_liquidateNormalMode</c>, <c>_liquidateRecoveryMode</c>,
/// <c>_getOffsetAndRedistributionVals</c>, <c>_getCappedOffsetVals</c>, <c>_redistributeDebtAndColl</c>, pending
/// rewards, stakes and system snapshots), <c>StabilityPool.sol</c> (see <see cref="LiquityStabilityPool"/>),
/// <c>BorrowerOperations.openTrove</c>'s checks, and <c>Dependencies/LiquityBase.sol</c> and <c>LiquityMath.sol</c>
/// (see <see cref="LiquityMath"/>, <see cref="LiquityParameters"/>). All amounts are 18-decimal integers with the
/// contracts' floor division: ICR = coll·price/debt, TCR over the active and default pools, Recovery Mode iff TCR &lt;
/// CCR.
/// </para>
/// <para>
/// Liquidation: each liquidated trove pays the liquidator its 200 LUSD reserve and 0.5 % of its collateral; as much of
/// its debt as the pool holds is cancelled against deposits, with the matching share of collateral going to the
/// depositors; the rest is redistributed to the active troves in proportion to their stakes through L_ETH and L_LUSDDebt.
/// In Recovery Mode a trove with 110 % ≤ ICR &lt; TCR whose whole debt the pool covers is liquidated at a collateral
/// ratio capped at 110 %, and the borrower keeps the rest as surplus. A transaction offsets and redistributes its
/// totals once, at its end, as the contracts do.
/// </para>
/// <para>
/// Not modelled: borrowing and redemption fees and their base rate (a trove's debt is given whole), trove adjustments
/// and closing, redemptions, LQTY. The sorted list is the troves ordered by nominal ICR (redistribution preserves that
/// order), ties in opening order.
/// </para>
/// <para>
/// Immutable: every operation returns a new system and leaves this one as it was, also when it throws. Thread safe.
/// </para>
/// </remarks>
public sealed class LiquitySystem
{
    private readonly LiquityLedger _ledger;

    private LiquitySystem(LiquityLedger frozen) => _ledger = frozen;

    /// <summary>The protocol constants.</summary>
    public LiquityParameters Parameters => _ledger.Parameters;

    /// <summary>The stability pool now.</summary>
    public LiquityStabilityPool StabilityPool => new(_ledger.Pool);

    /// <summary>Active troves, in opening order.</summary>
    public ImmutableArray<Trove> Troves =>
        [.. _ledger.Troves.OrderBy(kv => kv.Value.Index).Select(kv => ToTrove(kv.Key, kv.Value))];

    /// <summary>Number of active troves.</summary>
    public int TroveCount => _ledger.TroveCount;

    /// <summary>ETH in the active pool (collateral of active troves, without pending rewards), in wei.</summary>
    public UInt256 ActivePoolEth => _ledger.ActiveEth;

    /// <summary>Debt in the active pool, in LUSD wei.</summary>
    public UInt256 ActivePoolDebt => _ledger.ActiveDebt;

    /// <summary>Redistributed ETH not yet applied to troves (the default pool), in wei.</summary>
    public UInt256 DefaultPoolEth => _ledger.DefaultEth;

    /// <summary>Redistributed debt not yet applied to troves (the default pool), in LUSD wei.</summary>
    public UInt256 DefaultPoolDebt => _ledger.DefaultDebt;

    /// <summary>LUSD held in the gas pool: the reserves of the active troves.</summary>
    public UInt256 GasPoolLusd => _ledger.GasPoolLusd;

    /// <summary>ETH held for borrowers after capped Recovery-Mode liquidations (the collateral surplus pool), in wei.</summary>
    public UInt256 CollSurplusPoolEth => _ledger.CollSurplusEth;

    /// <summary>Sum of the active troves' stakes (<c>totalStakes</c>).</summary>
    public UInt256 TotalStakes => _ledger.TotalStakes;

    /// <summary><c>totalStakesSnapshot</c>, taken after the latest liquidation.</summary>
    public UInt256 TotalStakesSnapshot => _ledger.TotalStakesSnapshot;

    /// <summary><c>totalCollateralSnapshot</c>, taken after the latest liquidation (excluding its gas compensation).</summary>
    public UInt256 TotalCollateralSnapshot => _ledger.TotalCollateralSnapshot;

    /// <summary>Accumulated redistributed ETH per unit staked, 18 decimals (<c>L_ETH</c>).</summary>
    public UInt256 LEth => _ledger.LEth;

    /// <summary>Accumulated redistributed debt per unit staked, 18 decimals (<c>L_LUSDDebt</c>).</summary>
    public UInt256 LLusdDebt => _ledger.LLusdDebt;

    /// <summary>The remainder carried into the next redistribution's ETH numerator (<c>lastETHError_Redistribution</c>).</summary>
    public UInt256 LastEthErrorRedistribution => _ledger.LastEthErrorRedistribution;

    /// <summary>The remainder carried into the next redistribution's debt numerator (<c>lastLUSDDebtError_Redistribution</c>).</summary>
    public UInt256 LastLusdDebtErrorRedistribution => _ledger.LastLusdDebtErrorRedistribution;

    /// <summary>Collateral of active and default pools (<c>getEntireSystemColl</c>), in wei.</summary>
    public UInt256 EntireSystemCollateral => _ledger.EntireSystemColl;

    /// <summary>Debt of active and default pools (<c>getEntireSystemDebt</c>), in LUSD wei.</summary>
    public UInt256 EntireSystemDebt => _ledger.EntireSystemDebt;

    internal LiquityLedger Ledger => _ledger;

    /// <summary>An empty system with the given constants.</summary>
    /// <param name="parameters">The constants; <see cref="LiquityParameters.V1"/> for Liquity as deployed.</param>
    /// <returns>A system with no troves and an empty stability pool.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Inconsistent parameters (zero MCR, CCR below MCR, zero divisor).</exception>
    public static LiquitySystem Create(LiquityParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        return new LiquitySystem(new LiquityLedger(parameters));
    }

    internal static LiquitySystem Wrap(LiquityLedger frozen) => new(frozen);

    /// <summary>The trove of <paramref name="owner"/>, or null when it has none active.</summary>
    /// <param name="owner">The borrower.</param>
    /// <returns>The trove as stored (without pending rewards).</returns>
    public Trove? GetTrove(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return _ledger.Troves.TryGetValue(owner, out TroveRecord t) ? ToTrove(owner, t) : null;
    }

    /// <summary>
    /// A trove's debt and collateral including pending redistribution rewards, and those rewards
    /// (<c>getEntireDebtAndColl</c>).
    /// </summary>
    /// <param name="owner">The borrower; must have an active trove.</param>
    /// <returns>Entire debt and collateral, pending debt and collateral rewards.</returns>
    /// <exception cref="ArgumentException"><paramref name="owner"/> has no active trove.</exception>
    public (UInt256 Debt, UInt256 Collateral, UInt256 PendingDebtReward, UInt256 PendingEthReward) GetEntireDebtAndColl(string owner) =>
        _ledger.EntireDebtAndColl(Active(owner));

    /// <summary>A trove's ICR at a price, pending rewards included (<c>getCurrentICR</c>).</summary>
    /// <param name="owner">The borrower; must have an active trove.</param>
    /// <param name="price">ETH:USD, 18 decimals; greater than zero.</param>
    /// <returns>The ratio, 18 decimals.</returns>
    /// <exception cref="ArgumentException">No active trove, or a zero price.</exception>
    public UInt256 GetCurrentIcr(string owner, UInt256 price)
    {
        CheckPrice(price);
        return _ledger.CurrentIcr(Active(owner), price);
    }

    /// <summary>A trove's nominal ICR, pending rewards included (<c>getNominalICR</c>).</summary>
    /// <param name="owner">The borrower; must have an active trove.</param>
    /// <returns>The nominal ratio, 20 decimals.</returns>
    /// <exception cref="ArgumentException">No active trove.</exception>
    public UInt256 GetNominalIcr(string owner) => _ledger.NominalIcr(Active(owner));

    /// <summary>The total collateral ratio at a price (<c>getTCR</c>).</summary>
    /// <param name="price">ETH:USD, 18 decimals; greater than zero.</param>
    /// <returns>The ratio, 18 decimals; 2^256 − 1 with no debt.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A zero price.</exception>
    public UInt256 GetTcr(UInt256 price)
    {
        CheckPrice(price);
        return _ledger.Tcr(price);
    }

    /// <summary>Whether the system is in Recovery Mode at a price: TCR &lt; CCR (<c>checkRecoveryMode</c>).</summary>
    /// <param name="price">ETH:USD, 18 decimals; greater than zero.</param>
    /// <returns>True in Recovery Mode.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A zero price.</exception>
    public bool IsRecoveryMode(UInt256 price)
    {
        CheckPrice(price);
        return _ledger.IsRecoveryMode(price);
    }

    /// <summary>The collateral surplus a borrower can claim after a capped liquidation.</summary>
    /// <param name="owner">The borrower.</param>
    /// <returns>Wei; zero when none.</returns>
    public UInt256 GetCollSurplus(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return _ledger.CollSurplus.TryGetValue(owner, out UInt256 v) ? v : UInt256.Zero;
    }

    /// <summary>
    /// Opens a trove (<c>BorrowerOperations.openTrove</c>) with its whole debt given: the LUSD drawn plus the borrowing fee
    /// plus the 200 LUSD reserve. The contract's checks apply: net debt at least <see cref="LiquityParameters.MinNetDebt"/>;
    /// in Normal Mode ICR ≥ MCR and the new TCR ≥ CCR; in Recovery Mode ICR ≥ CCR. The stake is the collateral scaled by
    /// the stakes-to-collateral ratio of the latest liquidation (<c>_computeNewStake</c>).
    /// </summary>
    /// <param name="owner">The borrower; must not have an active trove.</param>
    /// <param name="collateral">ETH wei; greater than zero.</param>
    /// <param name="debt">The composite debt, LUSD wei.</param>
    /// <param name="price">ETH:USD, 18 decimals; greater than zero.</param>
    /// <returns>The system with the trove.</returns>
    /// <exception cref="ArgumentException">A check above fails; the message names the contract's own.</exception>
    public LiquitySystem OpenTrove(string owner, UInt256 collateral, UInt256 debt, UInt256 price)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Length == 0)
        {
            ThrowHelper.Argument(nameof(owner), owner, "must not be empty");
        }

        if (collateral.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(collateral), collateral, "must be greater than zero");
        }

        CheckPrice(price);
        LiquityLedger work = _ledger.Clone();
        work.OpenTrove(owner, collateral, debt, price);
        return new LiquitySystem(work);
    }

    /// <summary>Deposits LUSD into the stability pool (<c>provideToSP</c>), paying out the depositor's ETH gain.</summary>
    /// <param name="depositor">The depositor.</param>
    /// <param name="amount">LUSD wei; greater than zero.</param>
    /// <returns>The system after, and the operation.</returns>
    /// <exception cref="ArgumentException">An empty depositor or a zero amount.</exception>
    public (LiquitySystem System, StabilityPoolOperation Operation) ProvideToStabilityPool(string depositor, UInt256 amount)
    {
        LiquityStabilityPool.CheckDepositor(depositor);
        if (amount.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(amount), amount, "must be non-zero (StabilityPool: Amount must be non-zero)");
        }

        LiquityLedger work = _ledger.Clone();
        StabilityPoolOperation op = work.Provide(depositor, amount);
        return (new LiquitySystem(work), op);
    }

    /// <summary>
    /// Withdraws up to <paramref name="amount"/> of a compounded deposit and pays the ETH gain (<c>withdrawFromSP</c>); a
    /// non-zero withdrawal is refused while the lowest trove's ICR is below MCR.
    /// </summary>
    /// <param name="depositor">The depositor; must hold a deposit.</param>
    /// <param name="amount">LUSD wei; more than the deposit withdraws all of it.</param>
    /// <param name="price">ETH:USD, 18 decimals; greater than zero.</param>
    /// <returns>The system after, and the operation.</returns>
    /// <exception cref="ArgumentException">No deposit, or a zero price.</exception>
    /// <exception cref="InvalidOperationException">A trove is below MCR and <paramref name="amount"/> is not zero.</exception>
    public (LiquitySystem System, StabilityPoolOperation Operation) WithdrawFromStabilityPool(string depositor, UInt256 amount, UInt256 price)
    {
        LiquityStabilityPool.CheckHasDeposit(_ledger.Pool, depositor);
        CheckPrice(price);
        LiquityLedger work = _ledger.Clone();
        StabilityPoolOperation op = work.Withdraw(depositor, amount, price);
        return (new LiquitySystem(work), op);
    }

    /// <summary>Liquidates one trove (<c>liquidate</c>, a batch of one).</summary>
    /// <param name="owner">The borrower; must have an active trove.</param>
    /// <param name="price">The oracle price, 18 decimals; greater than zero.</param>
    /// <returns>The system after and what happened.</returns>
    /// <exception cref="ArgumentException">No active trove, or a zero price.</exception>
    /// <exception cref="InvalidOperationException">The trove cannot be liquidated ("nothing to liquidate"), or it is the last one.</exception>
    public LiquityLiquidationResult Liquidate(string owner, UInt256 price)
    {
        _ = Active(owner);
        return BatchLiquidate([owner], price);
    }

    /// <summary>
    /// Liquidates the given troves in the given order (<c>batchLiquidateTroves</c>); troves without an active trove are
    /// skipped, as the contract skips them.
    /// </summary>
    /// <param name="owners">The borrowers; not empty.</param>
    /// <param name="price">The oracle price, 18 decimals; greater than zero.</param>
    /// <returns>The system after and what happened.</returns>
    /// <exception cref="ArgumentException">An empty list or a zero price.</exception>
    /// <exception cref="InvalidOperationException">Nothing could be liquidated, or the last trove would be.</exception>
    public LiquityLiquidationResult BatchLiquidate(IReadOnlyList<string> owners, UInt256 price)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Count == 0)
        {
            ThrowHelper.Argument(nameof(owners), owners.Count, "must not be empty (TroveManager: Calldata address array must not be empty)");
        }

        CheckPrice(price);
        LiquityLedger work = _ledger.Clone();
        return Result(work, work.BatchLiquidate(owners, price));
    }

    /// <summary>
    /// Liquidates up to <paramref name="maxTroves"/> troves from the lowest ICR up (<c>liquidateTroves</c>): in Normal
    /// Mode until a trove at or above MCR; from Recovery Mode with its rules, switching to Normal Mode's once the TCR
    /// recovers, and never the highest trove.
    /// </summary>
    /// <param name="maxTroves">The most troves to process; greater than zero.</param>
    /// <param name="price">The oracle price, 18 decimals; greater than zero.</param>
    /// <returns>The system after and what happened.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTroves"/> or the price is not positive.</exception>
    /// <exception cref="InvalidOperationException">Nothing could be liquidated, or the last trove would be.</exception>
    public LiquityLiquidationResult LiquidateTroves(int maxTroves, UInt256 price)
    {
        if (maxTroves <= 0)
        {
            ThrowHelper.OutOfRange(nameof(maxTroves), maxTroves, "must be greater than zero");
        }

        CheckPrice(price);
        LiquityLedger work = _ledger.Clone();
        return Result(work, work.LiquidateTroves(maxTroves, price));
    }

    private static LiquityLiquidationResult Result(LiquityLedger work, LiquidationOutcome? outcome)
    {
        if (outcome is null)
        {
            throw new InvalidOperationException("TroveManager: nothing to liquidate.");
        }

        return new LiquityLiquidationResult(new LiquitySystem(work), outcome.Price, outcome.RecoveryModeAtStart, outcome.Troves, outcome.Totals, outcome.Offset, outcome.Redistribution);
    }

    private TroveRecord Active(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!_ledger.Troves.TryGetValue(owner, out TroveRecord t))
        {
            ThrowHelper.Argument(nameof(owner), owner, "must have an active trove (TroveManager: Trove does not exist or is closed)");
        }

        return t;
    }

    private static void CheckPrice(UInt256 price)
    {
        if (price.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(price), price, "must be greater than zero");
        }
    }

    private static Trove ToTrove(string owner, in TroveRecord t) => new(owner, t.Coll, t.Debt, t.Stake, t.SnapshotLEth, t.SnapshotLLusdDebt);
}
