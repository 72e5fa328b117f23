using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>
/// The mutable storage of a Liquity v1 stability pool, <c>StabilityPool.sol</c> at liquity/dev
/// bf638ecba62dce275ee7f9d7e74c0f3ecacbfd14 without LQTY issuance (the G sums, front ends and kickbacks are left out:
/// they do not affect deposits or ETH gains). Public types wrap a frozen copy; work happens on a clone.
/// </summary>
internal sealed partial class StabilityPoolLedger
{
    private readonly Dictionary<(ulong Epoch, ulong Scale), UInt256> _sums;
    private readonly Dictionary<string, StabilityDeposit> _deposits;

    internal StabilityPoolLedger()
    {
        _sums = [];
        _deposits = new Dictionary<string, StabilityDeposit>(StringComparer.Ordinal);
        P = LiquityMath.DecimalPrecision;
    }

    private StabilityPoolLedger(StabilityPoolLedger other)
    {
        _sums = new Dictionary<(ulong Epoch, ulong Scale), UInt256>(other._sums);
        _deposits = new Dictionary<string, StabilityDeposit>(other._deposits, StringComparer.Ordinal);
        P = other.P;
        CurrentScale = other.CurrentScale;
        CurrentEpoch = other.CurrentEpoch;
        LastEthErrorOffset = other.LastEthErrorOffset;
        LastLusdLossErrorOffset = other.LastLusdLossErrorOffset;
        TotalLusdDeposits = other.TotalLusdDeposits;
        Eth = other.Eth;
    }

    internal UInt256 P { get; private set; }

    internal ulong CurrentScale { get; private set; }

    internal ulong CurrentEpoch { get; private set; }

    internal UInt256 LastEthErrorOffset { get; private set; }

    internal UInt256 LastLusdLossErrorOffset { get; private set; }

    internal UInt256 TotalLusdDeposits { get; private set; }

    internal UInt256 Eth { get; private set; }

    internal IReadOnlyDictionary<string, StabilityDeposit> Deposits => _deposits;

    internal IEnumerable<KeyValuePair<(ulong Epoch, ulong Scale), UInt256>> Sums => _sums;

    internal StabilityPoolLedger Clone() => new(this);

    /// <summary><c>epochToScaleToSum[epoch][scale]</c>; zero where never written.</summary>
    internal UInt256 Sum(ulong epoch, ulong scale) => _sums.TryGetValue((epoch, scale), out UInt256 s) ? s : UInt256.Zero;

    /// <summary>
    /// <c>offset</c>: <c>_computeRewardsPerUnitStaked</c> then <c>_updateRewardSumAndProduct</c>, then the pool's own
    /// balances (<c>_moveOffsetCollAndDebt</c>; the active pool's side is the caller's). Returns null when the contract
    /// returns early (empty pool or nothing to offset).
    /// </summary>
    internal StabilityPoolOffset? Offset(UInt256 debtToOffset, UInt256 collToAdd)
    {
        UInt256 totalLusd = TotalLusdDeposits;
        if (totalLusd.IsZero || debtToOffset.IsZero)
        {
            return null;
        }

        if (debtToOffset > totalLusd)
        {
            // The contract asserts this; TroveManager never asks for more than the pool holds.
            ThrowHelper.OutOfRange(nameof(debtToOffset), debtToOffset, "must not exceed the LUSD in the pool");
        }

        UInt256 dp = LiquityMath.DecimalPrecision;

        // Error feedback: each numerator carries the remainder the previous offset's floor division left.
        UInt256 ethNumerator = (collToAdd * dp) + LastEthErrorOffset;
        UInt256 lossPerUnit;
        UInt256 lossError;
        if (debtToOffset == totalLusd)
        {
            lossPerUnit = dp;
            lossError = UInt256.Zero;
        }
        else
        {
            UInt256 lossNumerator = (debtToOffset * dp) - LastLusdLossErrorOffset;

            // The +1 makes every deposit's loss slightly too large, never too small: the pool stays solvent.
            lossPerUnit = (lossNumerator / totalLusd) + UInt256.One;
            lossError = (lossPerUnit * totalLusd) - lossNumerator;
        }

        UInt256 gainPerUnit = ethNumerator / totalLusd;
        UInt256 ethError = ethNumerator - (gainPerUnit * totalLusd);

        // S first: the gain depends on deposits before this offset depletes them.
        UInt256 currentP = P;
        ulong epoch = CurrentEpoch;
        ulong scale = CurrentScale;
        UInt256 newS = Sum(epoch, scale) + (gainPerUnit * currentP);
        UInt256 factor = dp - lossPerUnit;
        UInt256 newP;
        ulong newEpoch = epoch, newScale = scale;
        if (factor.IsZero)
        {
            newEpoch = checked(epoch + 1);
            newScale = 0;
            newP = dp;
        }
        else if (currentP * factor / dp < LiquityMath.ScaleFactor)
        {
            newP = currentP * factor * LiquityMath.ScaleFactor / dp;
            newScale = checked(scale + 1);
        }
        else
        {
            newP = currentP * factor / dp;
        }

        if (newP.IsZero)
        {
            // assert(newP > 0) in the contract: the whole offset reverts.
            throw new InvalidOperationException("StabilityPool: P would reach zero (the contract's assert fails).");
        }

        UInt256 newTotal = totalLusd - debtToOffset;
        UInt256 newEth = Eth + collToAdd;

        // Commit only after every check passed.
        LastEthErrorOffset = ethError;
        LastLusdLossErrorOffset = lossError;
        _sums[(epoch, scale)] = newS;
        CurrentEpoch = newEpoch;
        CurrentScale = newScale;
        P = newP;
        TotalLusdDeposits = newTotal;
        Eth = newEth;
        return new StabilityPoolOffset(debtToOffset, collToAdd, gainPerUnit, lossPerUnit, currentP, newP, newS, epoch, scale, newEpoch, newScale);
    }

    /// <summary><c>getCompoundedLUSDDeposit</c> / <c>_getCompoundedStakeFromSnapshots</c>.</summary>
    internal UInt256 CompoundedDeposit(string depositor) =>
        _deposits.TryGetValue(depositor, out StabilityDeposit d) ? Compounded(d) : UInt256.Zero;

    /// <summary><c>getDepositorETHGain</c> / <c>_getETHGainFromSnapshots</c>.</summary>
    internal UInt256 EthGain(string depositor) =>
        _deposits.TryGetValue(depositor, out StabilityDeposit d) ? Gain(d) : UInt256.Zero;

    internal UInt256 Compounded(in StabilityDeposit d)
    {
        if (d.InitialValue.IsZero || d.Epoch < CurrentEpoch)
        {
            return UInt256.Zero;
        }

        ulong scaleDiff = CurrentScale - d.Scale;
        UInt256 compounded = scaleDiff switch
        {
            0 => d.InitialValue * P / d.SnapshotP,
            1 => d.InitialValue * P / d.SnapshotP / LiquityMath.ScaleFactor,
            _ => UInt256.Zero,
        };

        // Below a billionth of the initial value the contract reports zero.
        return compounded < d.InitialValue / LiquityMath.ScaleFactor ? UInt256.Zero : compounded;
    }

    internal UInt256 Gain(in StabilityDeposit d)
    {
        if (d.InitialValue.IsZero)
        {
            return UInt256.Zero;
        }

        // The gain may span one scale change; the second scale's sum counts a billionth as much.
        UInt256 first = Sum(d.Epoch, d.Scale) - d.SnapshotS;
        UInt256 second = Sum(d.Epoch, d.Scale + 1) / LiquityMath.ScaleFactor;
        return d.InitialValue * (first + second) / d.SnapshotP / LiquityMath.DecimalPrecision;
    }

    /// <summary><c>provideToSP</c> without LQTY: pays the ETH gain, records compounded + amount with fresh snapshots.</summary>
    internal StabilityPoolOperation Provide(string depositor, UInt256 amount)
    {
        UInt256 gain = EthGain(depositor);
        UInt256 compounded = CompoundedDeposit(depositor);
        UInt256 newDeposit = compounded + amount;
        UInt256 newTotal = TotalLusdDeposits + amount;
        UInt256 newEth = Eth - gain;
        TotalLusdDeposits = newTotal;
        Eth = newEth;
        SetDeposit(depositor, newDeposit);
        return new StabilityPoolOperation(depositor, compounded, gain, amount, UInt256.Zero, newDeposit);
    }

    /// <summary><c>withdrawFromSP</c> without LQTY: withdraws min(amount, compounded) and pays the ETH gain.</summary>
    internal StabilityPoolOperation Withdraw(string depositor, UInt256 amount)
    {
        UInt256 gain = EthGain(depositor);
        UInt256 compounded = CompoundedDeposit(depositor);
        UInt256 toWithdraw = UInt256.Min(amount, compounded);
        UInt256 newDeposit = compounded - toWithdraw;
        UInt256 newTotal = TotalLusdDeposits - toWithdraw;
        UInt256 newEth = Eth - gain;
        TotalLusdDeposits = newTotal;
        Eth = newEth;
        SetDeposit(depositor, newDeposit);
        return new StabilityPoolOperation(depositor, compounded, gain, UInt256.Zero, toWithdraw, newDeposit);
    }

    /// <summary><c>_updateDepositAndSnapshots</c>: a zero deposit deletes the record and its snapshots.</summary>
    private void SetDeposit(string depositor, UInt256 value)
    {
        if (value.IsZero)
        {
            _ = _deposits.Remove(depositor);
            return;
        }

        _deposits[depositor] = new StabilityDeposit(depositor, value, P, Sum(CurrentEpoch, CurrentScale), CurrentScale, CurrentEpoch);
    }
}
