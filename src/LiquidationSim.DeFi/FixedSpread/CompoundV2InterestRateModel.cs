using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// A Compound v2 interest rate model: the per-block borrow rate a cToken charges, from its cash, borrows and
/// reserves (<c>InterestRateModel.getBorrowRate</c>). <see cref="CompoundV2Market.AccrueInterest"/> reads it once
/// per accrual.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-protocol commit a3214f6 (reference defi.md §0): <c>contracts/WhitePaperInterestRateModel.sol</c>,
/// <c>contracts/JumpRateModel.sol</c>, <c>contracts/BaseJumpRateModelV2.sol</c> (same <c>getBorrowRate</c>, other
/// per-block scaling of the multiplier) and <c>tests/Contracts/InterestRateModelHarness.sol</c> (the fixed rate the
/// protocol's scenarios deploy as <c>InterestRateModel Deploy Fixed</c>). Each model is a sealed record carrying its
/// per-block parameters; every division truncates, as in the contracts.
/// </para>
/// <para>Immutable; thread safe.</para>
/// </remarks>
public abstract record CompoundV2InterestRateModel
{
    /// <summary><c>blocksPerYear</c> = 2,102,400 (15-second blocks), the constant the yearly constructors divide by.</summary>
    public const ulong BlocksPerYear = 2_102_400;

    private protected CompoundV2InterestRateModel()
    {
    }

    /// <summary><c>getBorrowRate(cash, borrows, reserves)</c>: the borrow rate per block, scaled by 1e18.</summary>
    /// <param name="cash">The cToken's underlying balance (<c>getCashPrior()</c>).</param>
    /// <param name="borrows"><c>totalBorrows</c>.</param>
    /// <param name="reserves"><c>totalReserves</c>.</param>
    /// <returns>The per-block rate mantissa.</returns>
    /// <exception cref="OverflowException"><c>cash + borrows − reserves</c> underflows or a product overflows (reverts on chain).</exception>
    public abstract UInt256 GetBorrowRate(UInt256 cash, UInt256 borrows, UInt256 reserves);

    /// <summary>
    /// <c>utilizationRate(cash, borrows, reserves)</c>: zero without borrows, else
    /// <c>borrows × 1e18 / (cash + borrows − reserves)</c>, truncated.
    /// </summary>
    /// <param name="cash">The cToken's underlying balance.</param>
    /// <param name="borrows"><c>totalBorrows</c>.</param>
    /// <param name="reserves"><c>totalReserves</c>.</param>
    /// <returns>The utilization, scaled by 1e18 (it can exceed 1e18 when reserves exceed cash).</returns>
    /// <exception cref="OverflowException"><c>cash + borrows − reserves</c> underflows or <c>borrows × 1e18</c> overflows.</exception>
    /// <exception cref="DivideByZeroException"><c>cash + borrows − reserves</c> is zero with borrows (reverts on chain).</exception>
    public static UInt256 UtilizationRate(UInt256 cash, UInt256 borrows, UInt256 reserves)
    {
        if (borrows.IsZero)
        {
            return UInt256.Zero;
        }

        UInt256 pool = cash + borrows - reserves;
        return UInt256.DivRem(UInt256.MultiplyChecked(borrows, ExponentialNoError.ExpScale, "utilizationRate"), pool, out _, "utilizationRate");
    }

    /// <summary><c>a × b / 1e18</c>, truncated, with checked multiplication (the models' <c>x * y / BASE</c>).</summary>
    private protected static UInt256 MulBase(UInt256 a, UInt256 b) => ExponentialNoError.Mul(a, b);

    private protected static UInt256 PerBlock(UInt256 perYear) => perYear / BlocksPerYear;
}

/// <summary>
/// <c>WhitePaperInterestRateModel</c>: <c>borrowRate = utilization × multiplierPerBlock / 1e18 + baseRatePerBlock</c>.
/// </summary>
/// <remarks>
/// compound-protocol <c>contracts/WhitePaperInterestRateModel.sol</c>, commit a3214f6. The contract's constructor
/// takes yearly rates and stores <c>rate / blocksPerYear</c>, truncated; <see cref="FromYearly"/> does the same.
/// Immutable; thread safe.
/// </remarks>
/// <param name="BaseRatePerBlock"><c>baseRatePerBlock</c>, scaled by 1e18.</param>
/// <param name="MultiplierPerBlock"><c>multiplierPerBlock</c>, scaled by 1e18.</param>
public sealed record CompoundV2WhitePaperRateModel(UInt256 BaseRatePerBlock, UInt256 MultiplierPerBlock) : CompoundV2InterestRateModel
{
    /// <summary>The model the contract's constructor builds: each yearly rate divided by <see cref="CompoundV2InterestRateModel.BlocksPerYear"/>, truncated.</summary>
    /// <param name="baseRatePerYear">The base rate per year, scaled by 1e18.</param>
    /// <param name="multiplierPerYear">The utilization multiplier per year, scaled by 1e18.</param>
    /// <returns>The model.</returns>
    public static CompoundV2WhitePaperRateModel FromYearly(UInt256 baseRatePerYear, UInt256 multiplierPerYear) =>
        new(PerBlock(baseRatePerYear), PerBlock(multiplierPerYear));

    /// <inheritdoc/>
    public override UInt256 GetBorrowRate(UInt256 cash, UInt256 borrows, UInt256 reserves) =>
        MulBase(UtilizationRate(cash, borrows, reserves), MultiplierPerBlock) + BaseRatePerBlock;
}

/// <summary>
/// <c>JumpRateModel</c> (and <c>BaseJumpRateModelV2</c>): up to the kink,
/// <c>utilization × multiplierPerBlock / 1e18 + baseRatePerBlock</c>; past it, that rate at the kink plus
/// <c>(utilization − kink) × jumpMultiplierPerBlock / 1e18</c>.
/// </summary>
/// <remarks>
/// compound-protocol <c>contracts/JumpRateModel.sol</c> and <c>contracts/BaseJumpRateModelV2.sol</c>, commit a3214f6;
/// the two share <c>getBorrowRate</c> and differ only in how the constructor scales the multiplier
/// (<see cref="FromYearly"/>, <see cref="FromYearlyV2"/>). A utilization exactly at the kink takes the lower branch.
/// Immutable; thread safe.
/// </remarks>
/// <param name="BaseRatePerBlock"><c>baseRatePerBlock</c>, scaled by 1e18.</param>
/// <param name="MultiplierPerBlock"><c>multiplierPerBlock</c>, scaled by 1e18.</param>
/// <param name="JumpMultiplierPerBlock"><c>jumpMultiplierPerBlock</c>, scaled by 1e18.</param>
/// <param name="Kink"><c>kink</c>: the utilization where the jump starts, scaled by 1e18.</param>
public sealed record CompoundV2JumpRateModel(UInt256 BaseRatePerBlock, UInt256 MultiplierPerBlock, UInt256 JumpMultiplierPerBlock, UInt256 Kink) : CompoundV2InterestRateModel
{
    /// <summary><c>JumpRateModel</c>'s constructor: every yearly rate divided by <see cref="CompoundV2InterestRateModel.BlocksPerYear"/>, truncated.</summary>
    /// <param name="baseRatePerYear">Base rate per year, scaled by 1e18.</param>
    /// <param name="multiplierPerYear">Multiplier per year, scaled by 1e18.</param>
    /// <param name="jumpMultiplierPerYear">Jump multiplier per year, scaled by 1e18.</param>
    /// <param name="kink">The kink, scaled by 1e18.</param>
    /// <returns>The model.</returns>
    public static CompoundV2JumpRateModel FromYearly(UInt256 baseRatePerYear, UInt256 multiplierPerYear, UInt256 jumpMultiplierPerYear, UInt256 kink) =>
        new(PerBlock(baseRatePerYear), PerBlock(multiplierPerYear), PerBlock(jumpMultiplierPerYear), kink);

    /// <summary>
    /// <c>BaseJumpRateModelV2.updateJumpRateModelInternal</c>: as <see cref="FromYearly"/>, except
    /// <c>multiplierPerBlock = multiplierPerYear × 1e18 / (blocksPerYear × kink)</c>, so the yearly multiplier is the
    /// rate added between zero utilization and the kink.
    /// </summary>
    /// <param name="baseRatePerYear">Base rate per year, scaled by 1e18.</param>
    /// <param name="multiplierPerYear">Rate added up to the kink, per year, scaled by 1e18.</param>
    /// <param name="jumpMultiplierPerYear">Jump multiplier per year, scaled by 1e18.</param>
    /// <param name="kink">The kink, scaled by 1e18; not zero.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kink"/> is zero (the constructor divides by it).</exception>
    public static CompoundV2JumpRateModel FromYearlyV2(UInt256 baseRatePerYear, UInt256 multiplierPerYear, UInt256 jumpMultiplierPerYear, UInt256 kink)
    {
        CompoundChecks.Positive(kink, nameof(kink));
        UInt256 multiplier = multiplierPerYear * ExponentialNoError.ExpScale / (kink * BlocksPerYear);
        return new(PerBlock(baseRatePerYear), multiplier, PerBlock(jumpMultiplierPerYear), kink);
    }

    /// <inheritdoc/>
    public override UInt256 GetBorrowRate(UInt256 cash, UInt256 borrows, UInt256 reserves)
    {
        UInt256 utilization = UtilizationRate(cash, borrows, reserves);
        if (utilization <= Kink)
        {
            return MulBase(utilization, MultiplierPerBlock) + BaseRatePerBlock;
        }

        UInt256 normalRate = MulBase(Kink, MultiplierPerBlock) + BaseRatePerBlock;
        return MulBase(utilization - Kink, JumpMultiplierPerBlock) + normalRate;
    }
}

/// <summary>
/// A borrow rate per block that does not depend on utilization: compound-protocol's test model
/// <c>InterestRateModelHarness</c> (<c>tests/Contracts/InterestRateModelHarness.sol</c>, commit a3214f6), which the
/// protocol's scenarios deploy as <c>InterestRateModel Deploy Fixed</c>; handy for what-if accrual.
/// </summary>
/// <remarks>Immutable; thread safe.</remarks>
/// <param name="BorrowRatePerBlock">The rate per block, scaled by 1e18 (0.000005 per block is 5e12).</param>
public sealed record CompoundV2FixedRateModel(UInt256 BorrowRatePerBlock) : CompoundV2InterestRateModel
{
    /// <inheritdoc/>
    public override UInt256 GetBorrowRate(UInt256 cash, UInt256 borrows, UInt256 reserves) => BorrowRatePerBlock;
}
