using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Scenarios;

/// <summary>The <c>morpho</c> run of a DeFi scenario file: one Morpho Blue market under a lending stress.</summary>
internal sealed partial class DefiScenarioReader
{
    private static readonly string[] s_morphoFields =
        ["description", "market", "population", "initialPrice", "priceProcess", "duration", "step", "pool", "oracleCoupling", "arbitrage", "gasCost"];

    private static readonly string[] s_morphoMarketFields = ["loanToken", "loanDecimals", "collateralToken", "collateralDecimals", "lltv", "supply"];

    private Func<DefiMorphoRun?>? Morpho(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_morphoFields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);
        string marketPath = path + ".market";
        string? loan = null, collateral = null;
        int? loanDecimals = null, collateralDecimals = null;
        decimal? lltv = null, supply = null;
        if (Required(e, path, "market", out JsonElement market) && Fields(market, marketPath, s_morphoMarketFields))
        {
            loan = Text(market, marketPath, "loanToken", null);
            collateral = Text(market, marketPath, "collateralToken", null);
            loanDecimals = Int(market, marketPath, "loanDecimals", null, 0, 28, "must be a whole number from 0 to 28");
            collateralDecimals = Int(market, marketPath, "collateralDecimals", null, 0, 28, "must be a whole number from 0 to 28");

            // Morpho.enableLltv admits an LLTV below WAD; as a fraction, at most 18 decimals.
            lltv = Dec(market, marketPath, "lltv", null, v => v > 0m && v < 1m && decimal.Round(v, 18) == v, "must be above 0 and below 1 (0.86 is 86 %), with at most 18 decimals");
            supply = Dec(market, marketPath, "supply", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 loan tokens (0: the borrowers' total debt)");
            if (loan is not null && string.Equals(loan, collateral, StringComparison.Ordinal))
            {
                Add(marketPath + ".collateralToken", "must differ from loanToken");
            }
        }

        string popPath = path + ".population";
        (int? count, decimal? cMin, decimal? cMax, decimal? hMin, decimal? hMax) = BorrowerPopulation(e, path);

        decimal? initialPrice = Dec(e, path, "initialPrice", null, v => v > 0m && v <= MaxAmount && decimal.Round(v, 8) == v, "must be greater than 0, at most 1e18, with at most 8 decimals");
        Func<IPriceProcess?>? process = PriceProcess(e, path);
        TimeSpan? duration = Span(e, path, "duration");
        TimeSpan? step = Span(e, path, "step");
        if (duration is { } d && step is { } s)
        {
            if (d.Ticks % s.Ticks != 0)
            {
                Add(path + ".duration", string.Create(CultureInfo.InvariantCulture, $"must be a whole multiple of step ({s:c}); got {d:c}"));
            }
            else if (d.Ticks / s.Ticks > MaxSteps)
            {
                Add(path + ".duration", "must be at most 10000000 steps");
            }
        }

        (decimal Base, decimal Quote, int Fee)? pool = Pool(e, path, required: true);
        decimal? coupling = Dec(e, path, "oracleCoupling", 0m, v => v is >= 0m and <= 1m, "must be from 0 to 1");
        decimal? arbitrage = Dec(e, path, "arbitrage", 1m, v => v is >= 0m and <= 1m, "must be from 0 to 1");
        decimal? gas = Dec(e, path, "gasCost", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 loan tokens");

        return () =>
        {
            IPriceProcess? prices = process!();
            int cd = collateralDecimals!.Value, ld = loanDecimals!.Value;
            (ImmutableArray<MorphoPosition> Positions, UInt256 Debt)? population = Build(popPath, () =>
                MorphoPopulation(count!.Value, cMin!.Value, cMax!.Value, hMin!.Value, hMax!.Value, initialPrice!.Value, lltv!.Value, cd, ld, seed));
            if (prices is null || population is not { } drawn)
            {
                return null;
            }

            UInt256 supplied = UInt256.FromDecimal(supply!.Value, ld, MidpointRounding.ToZero);
            if (supplied.IsZero)
            {
                supplied = drawn.Debt;
            }
            else if (supplied < drawn.Debt)
            {
                Add(marketPath + ".supply", $"must be at least the borrowers' total debt, {drawn.Debt.ToDecimal(ld, MidpointRounding.ToZero).ToString(CultureInfo.InvariantCulture)} {loan}; got {supply.Value.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }

            MorphoMarket? m = Build(marketPath, () => new MorphoMarket(
                new MorphoMarketParams(loan!, collateral!, UInt256.FromDecimal(lltv!.Value, 18), UInt256.Zero),
                supplied, supplied * MorphoMath.VirtualShares, drawn.Debt, drawn.Debt * MorphoMath.VirtualShares, 0, UInt256.Zero));
            ConstantProductPool? p = Build(path + ".pool", () => new ConstantProductPool(
                UInt256.FromDecimal(pool!.Value.Base, cd, MidpointRounding.ToZero), UInt256.FromDecimal(pool.Value.Quote, ld, MidpointRounding.ToZero), pool.Value.Fee));
            if (m is null || p is null)
            {
                return null;
            }

            var scenario = new MorphoStressScenario
            {
                Market = m,
                Positions = drawn.Positions,
                CollateralDecimals = cd,
                LoanDecimals = ld,
                InitialPrice = initialPrice!.Value,
                CollateralPrice = prices,
                Duration = duration!.Value,
                Step = step!.Value,
                Pool = p,
                OracleCoupling = coupling!.Value,
                Arbitrage = arbitrage!.Value,
                GasCost = UInt256.FromDecimal(gas!.Value, ld, MidpointRounding.ToZero),
                Seed = seed,
            };
            return Build(path, () => MorphoStressSimulation.Create(scenario)) is null ? null : new DefiMorphoRun(scenario, description);
        };
    }

    /// <summary>
    /// Draws Morpho positions as <see cref="LendingPopulation"/> draws Aave accounts: position k's collateral uniform in
    /// [min, max] (rounded down to 1e-6 tokens), then its health (<c>maxBorrow ÷ debt</c>) uniform in [min, max]; its debt
    /// is <c>collateral · price · LLTV ÷ health</c> rounded down to the loan token's unit, at least one unit. Borrow shares
    /// are the debt times Morpho's virtual shares (1e6), the rate of a market's first borrow
    /// (<c>SharesMathLib.toSharesUp</c> on empty totals), so each position's <c>toAssetsUp</c> is its debt exactly.
    /// </summary>
    private static (ImmutableArray<MorphoPosition> Positions, UInt256 Debt) MorphoPopulation(
        int count, decimal collateralMin, decimal collateralMax, decimal healthMin, decimal healthMax, decimal price, decimal lltv, int collateralDecimals, int loanDecimals, ulong seed)
    {
        var random = new SeededRandom(seed);
        var positions = ImmutableArray.CreateBuilder<MorphoPosition>(count);
        UInt256 total = UInt256.Zero;
        for (int k = 0; k < count; k++)
        {
            decimal amount = Math.Max(0.000001m, Math.Round(collateralMin + ((collateralMax - collateralMin) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero));
            decimal health = healthMin + ((healthMax - healthMin) * random.NextDecimalUnit());
            UInt256 collateral = UInt256.FromDecimal(amount, collateralDecimals, MidpointRounding.ToZero);
            UInt256 debt = UInt256.FromDecimal(amount * price * lltv / health, loanDecimals, MidpointRounding.ToZero);
            if (debt.IsZero)
            {
                debt = UInt256.One;
            }

            total += debt;
            positions.Add(new MorphoPosition(UInt256.Zero, debt * MorphoMath.VirtualShares, collateral.IsZero ? UInt256.One : collateral));
        }

        return (positions.MoveToImmutable(), total);
    }
}
