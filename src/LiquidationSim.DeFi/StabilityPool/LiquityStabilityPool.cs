using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// A Liquity v1 stability pool on its own: LUSD deposits that absorb liquidated debt in exchange for the liquidated
/// collateral, tracked with the product-sum scheme (running product P, sums S per epoch and scale, error feedback) in
/// the contract's 18-decimal floor arithmetic, so every compounded deposit and ETH gain is the wei the contract gives.
/// </summary>
/// <remarks>
/// <para>
/// Source: <c>packages/contracts/contracts/StabilityPool.sol</c> (<c>offset</c>, <c>_computeRewardsPerUnitStaked</c>,
/// <c>_updateRewardSumAndProduct</c>, <c>getCompoundedLUSDDeposit</c>, <c>getDepositorETHGain</c>,
/// <c>_getCompoundedStakeFromSnapshots</c>, <c>_getETHGainFromSnapshots</c>, <c>provideToSP</c>,
/// <c>withdrawFromSP</c>), liquity/dev commit bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14, the deployed v1 logic. The 2025
/// changes on the repository's HEAD (a minimum LUSD left in the pool, P kept at or above 1e9) are not modelled.
/// LQTY issuance (the G sums, front ends) is left out: it does not change deposits or ETH gains.
/// </para>
/// <para>
/// Inside a <see cref="LiquitySystem"/> the trove manager calls the offset; this type also lets one drive the pool
/// directly, as Liquity's README example does. Immutable: every operation returns a new pool. Thread safe.
/// </para>
/// </remarks>
public sealed class LiquityStabilityPool
{
    private readonly StabilityPoolLedger _ledger;

    internal LiquityStabilityPool(StabilityPoolLedger frozen) => _ledger = frozen;

    /// <summary>An empty pool: P = 1e18, epoch 0, scale 0, no errors carried.</summary>
    public static LiquityStabilityPool Empty { get; } = new(new StabilityPoolLedger());

    /// <summary>The running product P, 18 decimals (within the current scale).</summary>
    public UInt256 P => _ledger.P;

    /// <summary>How many times P has been multiplied by 1e9 in this epoch (<c>currentScale</c>).</summary>
    public ulong CurrentScale => _ledger.CurrentScale;

    /// <summary>How many times the pool has been emptied by an offset (<c>currentEpoch</c>).</summary>
    public ulong CurrentEpoch => _ledger.CurrentEpoch;

    /// <summary>The remainder carried into the next offset's ETH gain numerator (<c>lastETHError_Offset</c>).</summary>
    public UInt256 LastEthErrorOffset => _ledger.LastEthErrorOffset;

    /// <summary>The excess carried into the next offset's LUSD loss numerator (<c>lastLUSDLossError_Offset</c>).</summary>
    public UInt256 LastLusdLossErrorOffset => _ledger.LastLusdLossErrorOffset;

    /// <summary>LUSD in the pool, in wei (<c>totalLUSDDeposits</c>).</summary>
    public UInt256 TotalLusdDeposits => _ledger.TotalLusdDeposits;

    /// <summary>ETH in the pool, in wei: collateral received and not yet paid out as gains.</summary>
    public UInt256 Eth => _ledger.Eth;

    /// <summary>The recorded deposits, ordered by depositor (ordinal).</summary>
    public ImmutableArray<StabilityDeposit> Deposits =>
        [.. _ledger.Deposits.Values.OrderBy(d => d.Depositor, StringComparer.Ordinal)];

    internal StabilityPoolLedger Ledger => _ledger;

    /// <summary>The sum S of an epoch and scale (<c>epochToScaleToSum</c>); zero where never written.</summary>
    /// <param name="epoch">The epoch.</param>
    /// <param name="scale">The scale.</param>
    /// <returns>S, 36 decimals (ETH gain per unit staked × P).</returns>
    public UInt256 Sum(ulong epoch, ulong scale) => _ledger.Sum(epoch, scale);

    /// <summary>A depositor's compounded deposit now (<c>getCompoundedLUSDDeposit</c>); zero for an unknown depositor.</summary>
    /// <param name="depositor">The depositor.</param>
    /// <returns>LUSD wei.</returns>
    public UInt256 CompoundedDeposit(string depositor)
    {
        ArgumentNullException.ThrowIfNull(depositor);
        return _ledger.CompoundedDeposit(depositor);
    }

    /// <summary>A depositor's ETH gain now (<c>getDepositorETHGain</c>); zero for an unknown depositor.</summary>
    /// <param name="depositor">The depositor.</param>
    /// <returns>Wei.</returns>
    public UInt256 EthGain(string depositor)
    {
        ArgumentNullException.ThrowIfNull(depositor);
        return _ledger.EthGain(depositor);
    }

    /// <summary>
    /// Cancels <paramref name="debtToOffset"/> LUSD of pool deposits against <paramref name="collToAdd"/> collateral
    /// (<c>offset</c>). With an empty pool or no debt the contract returns without change, and so does this.
    /// </summary>
    /// <param name="debtToOffset">LUSD wei to cancel; at most <see cref="TotalLusdDeposits"/>.</param>
    /// <param name="collToAdd">Collateral wei distributed to the depositors.</param>
    /// <returns>The pool after, and the offset's figures (null when nothing happened).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="debtToOffset"/> exceeds the pool.</exception>
    public (LiquityStabilityPool Pool, StabilityPoolOffset? Offset) Offset(UInt256 debtToOffset, UInt256 collToAdd)
    {
        StabilityPoolLedger work = _ledger.Clone();
        StabilityPoolOffset? offset = work.Offset(debtToOffset, collToAdd);
        return offset is null ? (this, null) : (new LiquityStabilityPool(work), offset);
    }

    /// <summary>
    /// Deposits LUSD (<c>provideToSP</c>): pays the depositor's ETH gain, then records compounded deposit + amount with
    /// fresh snapshots.
    /// </summary>
    /// <param name="depositor">The depositor.</param>
    /// <param name="amount">LUSD wei; greater than zero.</param>
    /// <returns>The pool after, and the operation.</returns>
    /// <exception cref="ArgumentException">An empty depositor name or a zero amount.</exception>
    public (LiquityStabilityPool Pool, StabilityPoolOperation Operation) Provide(string depositor, UInt256 amount)
    {
        CheckDepositor(depositor);
        if (amount.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(amount), amount, "must be non-zero (StabilityPool: Amount must be non-zero)");
        }

        StabilityPoolLedger work = _ledger.Clone();
        StabilityPoolOperation op = work.Provide(depositor, amount);
        return (new LiquityStabilityPool(work), op);
    }

    /// <summary>
    /// Withdraws up to <paramref name="amount"/> of the compounded deposit and pays the ETH gain (<c>withdrawFromSP</c>).
    /// The contract's refusal while a trove is below MCR is <see cref="LiquitySystem"/>'s check, not the pool's.
    /// </summary>
    /// <param name="depositor">The depositor; must hold a deposit.</param>
    /// <param name="amount">LUSD wei; more than the deposit withdraws all of it; zero only pays the gain.</param>
    /// <returns>The pool after, and the operation.</returns>
    /// <exception cref="ArgumentException">The depositor has no deposit.</exception>
    public (LiquityStabilityPool Pool, StabilityPoolOperation Operation) Withdraw(string depositor, UInt256 amount)
    {
        CheckHasDeposit(_ledger, depositor);
        StabilityPoolLedger work = _ledger.Clone();
        StabilityPoolOperation op = work.Withdraw(depositor, amount);
        return (new LiquityStabilityPool(work), op);
    }

    internal static void CheckDepositor(string depositor)
    {
        ArgumentNullException.ThrowIfNull(depositor);
        if (depositor.Length == 0)
        {
            ThrowHelper.Argument(nameof(depositor), depositor, "must not be empty");
        }
    }

    internal static void CheckHasDeposit(StabilityPoolLedger ledger, string depositor)
    {
        CheckDepositor(depositor);
        if (!ledger.Deposits.ContainsKey(depositor))
        {
            ThrowHelper.Argument(nameof(depositor), depositor, "must hold a deposit (StabilityPool: User must have a non-zero deposit)");
        }
    }
}
