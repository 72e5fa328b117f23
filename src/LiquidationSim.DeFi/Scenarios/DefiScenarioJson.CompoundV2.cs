using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Scenarios;

/// <summary>The <c>compoundV2</c> run of a DeFi scenario file: a Compound v2 collateral market and borrow market under a lending stress.</summary>
internal sealed partial class DefiScenarioReader
{
    private static readonly string[] s_compoundV2Fields =
        ["description", "comptroller", "collateralMarket", "borrowMarket", "population", "initialPrice", "priceProcess", "duration", "step", "pool", "oracleCoupling", "arbitrage", "gasCost"];

    private static readonly string[] s_comptrollerFields = ["closeFactor", "liquidationIncentive", "protocolSeizeShare"];
    private static readonly string[] s_v2CollateralFields = ["name", "underlyingDecimals", "collateralFactor"];
    private static readonly string[] s_v2BorrowFields = ["name", "underlyingDecimals", "price", "supply"];

    /// <summary>Both markets' cTokens have 8 decimals and an exchange rate of 0.02 underlying per cToken, compound-protocol's initial rate.</summary>
    private const decimal V2ExchangeRate = 0.02m;

    private Func<DefiCompoundV2Run?>? CompoundV2(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_compoundV2Fields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);
        string cPath = path + ".comptroller";
        decimal? closeFactor = null, incentive = null, seizeShare = null;
        if (Required(e, path, "comptroller", out JsonElement comptroller) && Fields(comptroller, cPath, s_comptrollerFields))
        {
            closeFactor = Dec(comptroller, cPath, "closeFactor", null, v => v is > 0m and <= 1m && decimal.Round(v, 18) == v, "must be above 0 and at most 1 (0.5 on mainnet), with at most 18 decimals");
            incentive = Dec(comptroller, cPath, "liquidationIncentive", null, v => v is >= 1m and <= 2m && decimal.Round(v, 18) == v, "must be from 1 to 2, including the 1.0 (1.08 is an 8 % bonus), with at most 18 decimals");
            seizeShare = Dec(comptroller, cPath, "protocolSeizeShare", 0.028m, v => v is >= 0m and <= 1m && decimal.Round(v, 18) == v, "must be from 0 to 1 (0.028 in compound-protocol), with at most 18 decimals");
        }

        string colPath = path + ".collateralMarket";
        string? colName = null;
        int? colDecimals = null;
        decimal? cf = null;
        if (Required(e, path, "collateralMarket", out JsonElement col) && Fields(col, colPath, s_v2CollateralFields))
        {
            colName = Text(col, colPath, "name", null);
            colDecimals = Int(col, colPath, "underlyingDecimals", null, 6, 18, "must be a whole number from 6 to 18");
            cf = Dec(col, colPath, "collateralFactor", null, v => v is > 0m and <= 0.9m && decimal.Round(v, 18) == v, "must be above 0 and at most 0.9 (collateralFactorMaxMantissa), with at most 18 decimals");
        }

        string borPath = path + ".borrowMarket";
        string? borName = null;
        int? borDecimals = null;
        decimal? borPrice = null, supply = null;
        if (Required(e, path, "borrowMarket", out JsonElement bor) && Fields(bor, borPath, s_v2BorrowFields))
        {
            borName = Text(bor, borPath, "name", null);
            borDecimals = Int(bor, borPath, "underlyingDecimals", null, 6, 18, "must be a whole number from 6 to 18");
            borPrice = Dec(bor, borPath, "price", 1m, v => v > 0m && v <= MaxAmount && decimal.Round(v, 8) == v, "must be greater than 0 dollars, at most 1e18, with at most 8 decimals");
            supply = Dec(bor, borPath, "supply", 0m, v => v is >= 0m and <= MaxAmount && decimal.Round(v, 6) == v, "must be from 0 to 1e18 tokens with at most 6 decimals (0: the borrowers' total debt)");
            if (borName is not null && string.Equals(borName, colName, StringComparison.Ordinal))
            {
                Add(borPath + ".name", "must differ from the collateral market's name");
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
        decimal? gas = Dec(e, path, "gasCost", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 borrowed tokens");

        return () =>
        {
            IPriceProcess? prices = process!();
            int cd = colDecimals!.Value, bd = borDecimals!.Value;
            if (prices is null)
            {
                return null;
            }

            // Account k: collateral uniform in [min, max] (to 1e-6 tokens), health (collateral value × collateralFactor ÷
            // debt) uniform in [min, max]; debt rounded down to the borrowed token's unit, at least one unit.
            var random = new SeededRandom(seed);
            var amounts = new (decimal Collateral, UInt256 Debt)[count!.Value];
            decimal totalCollateral = 0m;
            UInt256 totalDebt = UInt256.Zero;
            for (int k = 0; k < amounts.Length; k++)
            {
                decimal amount = Math.Max(0.000001m, Math.Round(cMin!.Value + ((cMax!.Value - cMin.Value) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero));
                decimal health = hMin!.Value + ((hMax!.Value - hMin.Value) * random.NextDecimalUnit());
                UInt256 debt = UInt256.FromDecimal(amount * initialPrice!.Value * cf!.Value / health, bd, MidpointRounding.ToZero);
                debt = debt.IsZero ? UInt256.One : debt;
                amounts[k] = (amount, debt);
                totalCollateral += amount;
                totalDebt += debt;
            }

            decimal debtTokens = totalDebt.ToDecimal(bd);
            decimal supplied = supply!.Value == 0m ? Math.Ceiling(debtTokens * 1_000_000m) / 1_000_000m : supply.Value;
            if (supplied < debtTokens)
            {
                Add(borPath + ".supply", $"must be at least the borrowers' total debt, {debtTokens.ToString(CultureInfo.InvariantCulture)}; got {supply.Value.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }

            CompoundV2Market? collateral = Build(colPath, () => CompoundV2Decimal.Market(
                colName!, cd, 8, V2ExchangeRate, cf!.Value, initialPrice!.Value * borPrice!.Value, totalCollateral / V2ExchangeRate, 0m, 0m));
            CompoundV2Market? borrowed = Build(borPath, () => CompoundV2Decimal.Market(
                borName!, bd, 8, V2ExchangeRate, 0m, borPrice!.Value, supplied / V2ExchangeRate, debtTokens, 0m));
            CompoundV2Comptroller? c = collateral is null || borrowed is null ? null : Build(cPath, () => new CompoundV2Comptroller(
                CompoundV2Decimal.Mantissa(closeFactor!.Value), CompoundV2Decimal.Mantissa(incentive!.Value), CompoundV2Decimal.Mantissa(seizeShare!.Value), [collateral, borrowed]));
            ConstantProductPool? p = Build(path + ".pool", () => new ConstantProductPool(
                UInt256.FromDecimal(pool!.Value.Base, cd, MidpointRounding.ToZero), UInt256.FromDecimal(pool.Value.Quote, bd, MidpointRounding.ToZero), pool.Value.Fee));
            if (c is null || p is null)
            {
                return null;
            }

            var accounts = ImmutableArray.CreateBuilder<CompoundV2Account>(amounts.Length);
            for (int k = 0; k < amounts.Length; k++)
            {
                accounts.Add(new CompoundV2Account("borrower-" + k.ToString(CultureInfo.InvariantCulture),
                [
                    CompoundV2Decimal.Position(collateral!, amounts[k].Collateral / V2ExchangeRate, 0m),
                    new CompoundV2AccountMarket(borrowed!.Name, UInt256.Zero, amounts[k].Debt, borrowed.BorrowIndex),
                ]));
            }

            var scenario = new CompoundV2StressScenario
            {
                Comptroller = c,
                CollateralMarket = colName!,
                BorrowMarket = borName!,
                Accounts = accounts.MoveToImmutable(),
                InitialPrice = initialPrice!.Value,
                CollateralPrice = prices,
                Duration = duration!.Value,
                Step = step!.Value,
                Pool = p,
                OracleCoupling = coupling!.Value,
                Arbitrage = arbitrage!.Value,
                GasCost = UInt256.FromDecimal(gas!.Value, bd, MidpointRounding.ToZero),
                Seed = seed,
            };
            return Build(path, () => CompoundV2StressSimulation.Create(scenario)) is null ? null : new DefiCompoundV2Run(scenario, description);
        };
    }
}
