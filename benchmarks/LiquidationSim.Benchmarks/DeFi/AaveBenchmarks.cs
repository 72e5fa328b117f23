using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using LiquidationSim.Benchmarks.Support;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.Benchmarks.DeFi;

/// <summary>
/// Aave v3.3: one <see cref="AaveLiquidation.Call"/> and one <see cref="AaveAccountData.HealthFactorOf"/> on a 4-asset
/// account (targets ≤ 2 µs for the call, ≤ 250 ns and 0 B for the health factor); then the health factors of
/// 1,000,000 accounts of 4 assets each after one price change, recomputed in full (target ≤ 250 ms) on one thread and
/// on all cores, through an <see cref="AaveAccountBook"/> (full and holders only), and incrementally through
/// <see cref="AaveAssetIndex"/>. README.md records these rows beside the code before the 64-bit scan (commit
/// 528615a), measured in the same runs.
/// </summary>
/// <remarks>
/// <para>
/// The market has 10 reserves (decimals 6, 8 and 18; indices above 1 ray, so balances are really scaled); each
/// account holds 4 distinct reserves drawn with <see cref="SplitMix64"/> (fixed seed), 2 supplied and 2 borrowed, so
/// about 40% of accounts hold the reserve whose price moves. The full and incremental rows write into the same kind
/// of array; <see cref="Setup"/> checks that every path gives the general path's health factors (<see
/// cref="AaveAccountData.Calculate"/>), that the liquidation executes, and how many accounts the index selects.
/// </para>
/// <para>Rows are whole operations (the 1,000,000-account rows are one recompute each).</para>
/// </remarks>
[MemoryDiagnoser]
public class AaveBenchmarks
{
    private const int Accounts = 1_000_000;
    private const int ReserveCount = 10;
    private const string Moved = "R3";

    private AaveMarket _market = null!;
    private AaveMarket _moved = null!;
    private AaveUserAccount _account = null!;
    private AaveUserAccount[] _accounts = null!;
    private AaveAssetIndex _index = null!;
    private AaveAccountBook _book = null!;
    private UInt256[] _healthFactors = null!;
    private UInt256 _debtToCover;

    [GlobalSetup]
    public void Setup()
    {
        int[] decimals = [18, 6, 8, 18, 6, 18, 8, 18, 6, 18];
        decimal[] prices = [2000m, 1m, 60_000m, 1m, 0.9998m, 3100m, 1.25m, 15m, 1.0001m, 0.5m];
        var reserves = new AaveReserve[ReserveCount];
        for (int i = 0; i < ReserveCount; i++)
        {
            reserves[i] = new AaveReserve($"R{i}", decimals[i], AaveDecimal.Price(prices[i], 8), 7500, 8000, 10500, 1000)
                .WithIndices(UInt256.Parse("1031234567890123456789012345"), UInt256.Parse("1061234567890123456789012345"));
        }

        _market = new AaveMarket(AaveRules.For(AaveVersion.V3_3), 8, reserves);

        // The single account, with R0 fallen to 500 USD (balances as given, scaled at the indices): 2 R0 and 5000 R1
        // supplied (1000 + 5000 USD), 0.03 R2 and 3200 R3 borrowed (1800 + 3200 USD): HF = 0.8 × 6000 / 5000 = 0.96,
        // liquidatable with the v3.3 50% cap (R1 and R3 both above 2000 USD); repaying 1000 R3 takes 1050 R1.
        AaveMarket crashed = _market.WithPrice("R0", AaveDecimal.Price(500m, 8));
        _account = AaveDecimal.Account(crashed, 0,
            new AaveTokenPosition("R0", 2m, 0m, true),
            new AaveTokenPosition("R1", 5000m, 0m, true),
            new AaveTokenPosition("R2", 0m, 0.03m, false),
            new AaveTokenPosition("R3", 0m, 3200m, false));
        _market = crashed;
        _moved = crashed.WithPrice(Moved, AaveDecimal.Price(0.97m, 8));
        _debtToCover = AaveDecimal.Amount(1000m, crashed.Reserve("R3"));
        AaveLiquidationResult check = AaveLiquidation.Call(_market, _account, "R1", "R3", _debtToCover);
        if (check.Status != AaveLiquidationStatus.Executed)
        {
            throw new InvalidOperationException($"Setup: the benchmark liquidation must execute; got {check.Status}.");
        }

        var random = new SplitMix64(20_261_121UL);
        _accounts = new AaveUserAccount[Accounts];
        Span<int> picked = stackalloc int[4];
        for (int a = 0; a < Accounts; a++)
        {
            for (int k = 0; k < 4; k++)
            {
                int r;
                do
                {
                    r = random.NextInt(ReserveCount);
                }
                while (picked[..k].Contains(r));
                picked[k] = r;
            }

            var positions = new AavePosition[4];
            for (int k = 0; k < 4; k++)
            {
                AaveReserve reserve = reserves[picked[k]];
                UInt256 amount = (UInt256)(ulong)(1 + random.NextInt(1_000_000)) * UInt256.Pow10(reserve.Decimals);
                positions[k] = k < 2
                    ? new AavePosition(reserve.Symbol, amount, UInt256.Zero, true)
                    : new AavePosition(reserve.Symbol, UInt256.Zero, amount / 3UL, false);
            }

            _accounts[a] = new AaveUserAccount(0, positions);
        }

        _index = AaveAssetIndex.Build(_accounts);
        _book = AaveAccountBook.Build(_market, _accounts);
        _healthFactors = new UInt256[Accounts];
        FullRecompute();
        UInt256[] full = [.. _healthFactors];
        for (int a = 0; a < Accounts; a++)
        {
            _healthFactors[a] = AaveAccountData.Calculate(_market, _accounts[a]).HealthFactor;
            if (a < 1000 && AaveAccountData.HealthFactorOf(_market, _accounts[a]) != _healthFactors[a])
            {
                throw new InvalidOperationException("Setup: HealthFactorOf and Calculate disagree.");
            }

            if (AaveAccountData.Calculate(_moved, _accounts[a]).HealthFactor != full[a])
            {
                throw new InvalidOperationException("Setup: the full recompute and the general path (Calculate) disagree after the price change.");
            }
        }

        IncrementalRecompute();
        if (!full.AsSpan().SequenceEqual(_healthFactors))
        {
            throw new InvalidOperationException("Setup: incremental and full recompute disagree.");
        }

        Array.Clear(_healthFactors);
        FullRecomputeBook();
        if (!full.AsSpan().SequenceEqual(_healthFactors))
        {
            throw new InvalidOperationException("Setup: the account book and the per-account recompute disagree.");
        }

        IncrementalRecomputeBook();
        if (!full.AsSpan().SequenceEqual(_healthFactors))
        {
            throw new InvalidOperationException("Setup: the account book's holders-only recompute disagrees.");
        }

        Array.Clear(_healthFactors);
        FullRecomputeParallel();
        if (!full.AsSpan().SequenceEqual(_healthFactors))
        {
            throw new InvalidOperationException("Setup: parallel and sequential full recompute disagree.");
        }

        int holders = _index.AccountsHolding(Moved).Length;
        if (holders is < Accounts / 4 or > Accounts / 2)
        {
            throw new InvalidOperationException($"Setup: expected about 40% of accounts to hold {Moved}; got {holders}.");
        }
    }

    [Benchmark(Description = "Aave v3.3 liquidationCall, 4-asset account")]
    public AaveLiquidationResult LiquidationCall() => AaveLiquidation.Call(_market, _account, "R1", "R3", _debtToCover);

    [Benchmark(Description = "Aave health factor, 4-asset account")]
    public UInt256 HealthFactor() => AaveAccountData.HealthFactorOf(_market, _account);

    [Benchmark(Description = "HF of 1M accounts after a price change: full")]
    public UInt256 FullRecompute()
    {
        AaveMarket market = _moved;
        AaveUserAccount[] accounts = _accounts;
        UInt256[] healthFactors = _healthFactors;
        for (int a = 0; a < accounts.Length; a++)
        {
            healthFactors[a] = AaveAccountData.HealthFactorOf(market, accounts[a]);
        }

        return healthFactors[^1];
    }

    [Benchmark(Description = "HF of 1M accounts after a price change: full, account book")]
    public UInt256 FullRecomputeBook()
    {
        _book.HealthFactors(_moved, _healthFactors);
        return _healthFactors[^1];
    }

    [Benchmark(Description = "HF of 1M accounts after a price change: holders only, account book")]
    public UInt256 IncrementalRecomputeBook()
    {
        _book.UpdateHealthFactors(_moved, _index.AccountsHolding(Moved).AsSpan(), _healthFactors);
        return _healthFactors[^1];
    }

    [Benchmark(Description = "HF of 1M accounts after a price change: full, all cores")]
    public UInt256 FullRecomputeParallel()
    {
        // Each account's health factor depends on that account alone and lands in its own slot, so the result is the
        // same for any thread count or schedule (DESIGN.md principle 1).
        AaveMarket market = _moved;
        AaveUserAccount[] accounts = _accounts;
        UInt256[] healthFactors = _healthFactors;
        Parallel.ForEach(Partitioner.Create(0, accounts.Length, 16_384), range =>
        {
            for (int a = range.Item1; a < range.Item2; a++)
            {
                healthFactors[a] = AaveAccountData.HealthFactorOf(market, accounts[a]);
            }
        });

        return healthFactors[^1];
    }

    [Benchmark(Description = "HF of 1M accounts after a price change: holders only (index)")]
    public UInt256 IncrementalRecompute()
    {
        AaveMarket market = _moved;
        AaveUserAccount[] accounts = _accounts;
        UInt256[] healthFactors = _healthFactors;
        foreach (int a in _index.AccountsHolding(Moved))
        {
            healthFactors[a] = AaveAccountData.HealthFactorOf(market, accounts[a]);
        }

        return healthFactors[^1];
    }
}
