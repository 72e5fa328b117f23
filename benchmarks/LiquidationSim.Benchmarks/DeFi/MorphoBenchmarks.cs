using BenchmarkDotNet.Attributes;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;

namespace LiquidationSim.Benchmarks.DeFi;

/// <summary>
/// Morpho Blue's hot calls: one <see cref="MorphoLiquidation.IsHealthy"/> and one
/// <see cref="MorphoLiquidation.Liquidate(MorphoMarket, MorphoPosition, UInt256, UInt256, UInt256, ulong)"/>, naming the
/// collateral to seize and naming the shares to repay, in the block of the last update and one hour later (so the
/// call accrues interest with a fee first).
/// </summary>
/// <remarks>
/// <para>
/// A WETH/USDC market at LLTV 86%: 10,000,000 USDC supplied, 8,000,000 owed on 7.9e18 borrow shares (interest has
/// accrued, so conversions do real divisions), a rate of about 5% a year (1585489599 wad per second) and a 10% fee. The borrower holds
/// 1,000 WETH against 2,600,000 USDC, priced at 2,900 USDC/WETH (max borrow 2,494,000): liquidatable.
/// <see cref="Setup"/> checks that each liquidation row succeeds and that the health check says unhealthy.
/// </para>
/// <para>
/// Measured with <c>--job Short --inProcess</c> on the shared 2-core machine: 0.43 µs for the health check (0.72 µs
/// before 1e36 divisions were split into two one-limb divisions), 1.6 and 2.0 µs for the two liquidations (576 B: the
/// new market and the result), 2.8 µs with accrual.
/// Run: <c>dotnet run -c Release --project benchmarks/LiquidationSim.Benchmarks -- --filter '*Morpho*' --job Short</c>.
/// </para>
/// </remarks>
[MemoryDiagnoser]
public class MorphoBenchmarks
{
    private MorphoMarket _market = null!;
    private MorphoPosition _borrower;
    private UInt256 _price;
    private UInt256 _seized;
    private UInt256 _repaidShares;
    private ulong _anHourLater;

    [GlobalSetup]
    public void Setup()
    {
        UInt256 usdc = 1_000_000UL;
        var parameters = new MorphoMarketParams("USDC", "WETH", 860_000_000_000_000_000UL, 1_585_489_599UL);
        UInt256 totalBorrowAssets = 8_000_000UL * usdc;
        UInt256 totalBorrowShares = (7_900_000UL * usdc) * 1_000_000UL;
        _market = new MorphoMarket(parameters, 10_000_000UL * usdc, (10_000_000UL * usdc) * 1_000_000UL, totalBorrowAssets, totalBorrowShares, 1_700_000_000, 100_000_000_000_000_000UL);

        UInt256 debtShares = MorphoMath.ToSharesUp(2_600_000UL * usdc, totalBorrowAssets, totalBorrowShares);
        _borrower = new MorphoPosition(UInt256.Zero, debtShares, 1_000UL * UInt256.Pow10(18));
        _price = MorphoMath.OraclePrice(2_900m, 18, 6);
        _seized = 100UL * UInt256.Pow10(18);
        _repaidShares = debtShares / 10UL;
        _anHourLater = _market.LastUpdate + 3_600;

        if (MorphoLiquidation.IsHealthy(_market, _borrower, _price))
        {
            throw new InvalidOperationException("Setup: the benchmark position must be unhealthy.");
        }

        foreach (MorphoLiquidationResult check in new[] { SeizeCollateral(), RepayShares(), SeizeCollateralAfterAccrual() })
        {
            if (!check.Succeeded || !check.BadDebtShares.IsZero)
            {
                throw new InvalidOperationException($"Setup: each benchmark liquidation must succeed without bad debt; got {check.Error}.");
            }
        }

        if (SeizeCollateralAfterAccrual().AccruedInterest.IsZero)
        {
            throw new InvalidOperationException("Setup: the later liquidation must accrue interest.");
        }
    }

    /// <summary>The health check: max borrow against the debt rounded up.</summary>
    /// <returns>Whether the position is healthy (false).</returns>
    [Benchmark(Description = "Morpho isHealthy")]
    public bool IsHealthy() => MorphoLiquidation.IsHealthy(_market, _borrower, _price);

    /// <summary>Liquidate naming 100 WETH to seize, no accrual.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Morpho liquidate(seizedAssets)")]
    public MorphoLiquidationResult SeizeCollateral() => MorphoLiquidation.Liquidate(_market, _borrower, _price, _seized, UInt256.Zero);

    /// <summary>Liquidate naming a tenth of the borrow shares, no accrual.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Morpho liquidate(repaidShares)")]
    public MorphoLiquidationResult RepayShares() => MorphoLiquidation.Liquidate(_market, _borrower, _price, UInt256.Zero, _repaidShares);

    /// <summary>Liquidate naming 100 WETH to seize an hour after the last update: accrual with a fee first.</summary>
    /// <returns>The result.</returns>
    [Benchmark(Description = "Morpho liquidate(seizedAssets) after 1 h of interest")]
    public MorphoLiquidationResult SeizeCollateralAfterAccrual() => MorphoLiquidation.Liquidate(_market, _borrower, _price, _seized, UInt256.Zero, _anHourLater);
}
