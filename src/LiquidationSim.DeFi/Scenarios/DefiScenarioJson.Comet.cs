using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Scenarios;

/// <summary>The <c>comet</c> run of a DeFi scenario file: one Compound III market with one collateral asset under a price stress.</summary>
internal sealed partial class DefiScenarioReader
{
    private static readonly string[] s_cometFields = ["description", "market", "population", "initialPrice", "priceProcess", "duration", "step"];

    private static readonly string[] s_cometMarketFields =
    [
        "baseToken", "baseDecimals", "basePrice", "collateralToken", "collateralDecimals", "borrowCollateralFactor", "liquidateCollateralFactor",
        "liquidationFactor", "storeFrontPriceFactor", "targetReserves", "reserves", "supply",
    ];

    private Func<DefiCometRun?>? Comet(JsonElement e, string path, ulong seed)
    {
        if (!Fields(e, path, s_cometFields))
        {
            return null;
        }

        ImmutableArray<string> description = Description(e, path);
        string marketPath = path + ".market";
        string? baseToken = null, collateral = null;
        int? baseDecimals = null, collateralDecimals = null;
        decimal? basePrice = null, borrowCf = null, liquidateCf = null, liquidationFactor = null, storeFront = null, target = null, reserves = null, supply = null;
        if (Required(e, path, "market", out JsonElement market) && Fields(market, marketPath, s_cometMarketFields))
        {
            baseToken = Text(market, marketPath, "baseToken", null);
            collateral = Text(market, marketPath, "collateralToken", null);

            // Comet's constructor: BadDecimals above 18 or below BASE_ACCRUAL_SCALE (1e6); AssetInfo.scale is a uint64.
            baseDecimals = Int(market, marketPath, "baseDecimals", null, CometMarket.MinBaseDecimals, CometAssetConfig.MaxDecimals, "must be a whole number from 6 to 18");
            collateralDecimals = Int(market, marketPath, "collateralDecimals", null, 0, CometAssetConfig.MaxDecimals, "must be a whole number from 0 to 18");
            basePrice = Dec(market, marketPath, "basePrice", 1m, v => v > 0m && v <= MaxAmount && decimal.Round(v, 8) == v, "must be greater than 0, at most 1e18 dollars, with at most 8 decimals (PRICE_SCALE = 1e8)");
            borrowCf = Dec(market, marketPath, "borrowCollateralFactor", null, v => v is >= 0m and < 1m && decimal.Round(v, 4) == v, "must be from 0 to below 1 with at most 4 decimals (Comet stores factors as uint16 of 1e-4)");
            liquidateCf = Dec(market, marketPath, "liquidateCollateralFactor", null, v => v is > 0m and <= 1m && decimal.Round(v, 4) == v, "must be above 0 and at most 1 (LiquidateCFTooLarge) with at most 4 decimals");
            liquidationFactor = Dec(market, marketPath, "liquidationFactor", null, v => v is > 0m and <= 1m && decimal.Round(v, 4) == v, "must be above 0 and at most 1 with at most 4 decimals");
            storeFront = Dec(market, marketPath, "storeFrontPriceFactor", null, v => v is >= 0m and <= 1m && decimal.Round(v, 18) == v, "must be from 0 to 1 (BadDiscount) with at most 18 decimals");
            target = Dec(market, marketPath, "targetReserves", null, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 base tokens");
            reserves = Dec(market, marketPath, "reserves", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 base tokens");
            supply = Dec(market, marketPath, "supply", 0m, v => v is >= 0m and <= MaxAmount, "must be from 0 to 1e18 base tokens (0: the borrowers' total debt)");
            if (baseToken is not null && string.Equals(baseToken, collateral, StringComparison.Ordinal))
            {
                Add(marketPath + ".collateralToken", "must differ from baseToken");
            }

            if (borrowCf is not null && liquidateCf is not null && borrowCf >= liquidateCf)
            {
                Add(marketPath + ".borrowCollateralFactor", string.Create(CultureInfo.InvariantCulture, $"must be below liquidateCollateralFactor ({liquidateCf}) (BorrowCFTooLarge); got {borrowCf}"));
            }
        }

        string popPath = path + ".population";
        (int? count, decimal? cMin, decimal? cMax, decimal? hMin, decimal? hMax) = BorrowerPopulation(e, path);

        decimal? initialPrice = Dec(e, path, "initialPrice", null, v => v > 0m && v <= MaxAmount && decimal.Round(v, 8) == v, "must be greater than 0 dollars, at most 1e18, with at most 8 decimals (PRICE_SCALE = 1e8)");
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

        return () =>
        {
            IPriceProcess? prices = process!();
            int cd = collateralDecimals!.Value, bd = baseDecimals!.Value;
            CometAssetConfig? asset = Build(marketPath, () => CometDecimal.Asset(
                collateral!, cd, initialPrice!.Value, borrowCf!.Value, liquidateCf!.Value, liquidationFactor!.Value, 0m));
            if (prices is null || asset is null)
            {
                return null;
            }

            (ImmutableArray<CometAccount> Accounts, UInt256 Debt, UInt256 Collateral)? population = Build(popPath, () =>
                CometPopulation(count!.Value, cMin!.Value, cMax!.Value, hMin!.Value, hMax!.Value, initialPrice!.Value / basePrice!.Value, liquidateCf!.Value, asset.Asset, cd, bd, seed));
            if (population is not { } drawn)
            {
                return null;
            }

            UInt256 supplied = UInt256.FromDecimal(supply!.Value, bd, MidpointRounding.ToZero);
            if (supplied.IsZero)
            {
                supplied = drawn.Debt;
            }
            else if (supplied < drawn.Debt)
            {
                Add(marketPath + ".supply", $"must be at least the borrowers' total debt, {drawn.Debt.ToDecimal(bd, MidpointRounding.ToZero).ToString(CultureInfo.InvariantCulture)} {baseToken}; got {supply.Value.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }

            // Lenders supplied `supply`, borrowers took `debt` out of it, and the protocol holds `reserves` on top:
            // getReserves() = baseBalance − supply + debt = reserves (indices at 1e15, so principals are present values).
            UInt256 initialReserves = UInt256.FromDecimal(reserves!.Value, bd, MidpointRounding.ToZero);
            CometMarket? m = Build(marketPath, () => new CometMarket(
                baseToken!, bd, CometDecimal.Price(basePrice!.Value), CometDecimal.Factor(storeFront!.Value), UInt256.FromDecimal(target!.Value, bd, MidpointRounding.ToZero), [asset])
            {
                TotalSupplyBase = supplied,
                TotalBorrowBase = drawn.Debt,
                BaseBalance = supplied - drawn.Debt + initialReserves,
                CollateralTotals = [new CometCollateralTotals(asset.Asset, drawn.Collateral, drawn.Collateral)],
            });
            if (m is null)
            {
                return null;
            }

            var scenario = new CometStressScenario
            {
                Market = m,
                Accounts = drawn.Accounts,
                CollateralPrice = prices,
                Duration = duration!.Value,
                Step = step!.Value,
                Seed = seed,
            };
            return Build(path, () => CometStressSimulation.Create(scenario)) is null ? null : new DefiCometRun(scenario, description);
        };
    }

    /// <summary>
    /// Draws Comet borrowers as <see cref="LendingPopulation"/> draws Aave accounts: account k's collateral uniform in
    /// [min, max] (rounded down to 1e-6 tokens), then its health (collateral value × <c>liquidateCollateralFactor</c> ÷
    /// debt, so below 1 is <c>isLiquidatable</c>) uniform in [min, max]; its debt is <c>collateral · price · liquidateCF ÷
    /// health</c> in base tokens rounded down to the base unit, at least one unit, held as the principal <c>−debt</c>
    /// (the indices start at 1e15, so principal and present value agree).
    /// </summary>
    private static (ImmutableArray<CometAccount> Accounts, UInt256 Debt, UInt256 Collateral) CometPopulation(
        int count, decimal collateralMin, decimal collateralMax, decimal healthMin, decimal healthMax, decimal priceInBase, decimal liquidateCf, string asset, int collateralDecimals, int baseDecimals, ulong seed)
    {
        var random = new SeededRandom(seed);
        var accounts = ImmutableArray.CreateBuilder<CometAccount>(count);
        UInt256 debtTotal = UInt256.Zero, collateralTotal = UInt256.Zero;
        for (int k = 0; k < count; k++)
        {
            decimal amount = Math.Max(0.000001m, Math.Round(collateralMin + ((collateralMax - collateralMin) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero));
            decimal health = healthMin + ((healthMax - healthMin) * random.NextDecimalUnit());
            UInt256 held = UInt256.FromDecimal(amount, collateralDecimals, MidpointRounding.ToZero);
            if (held.IsZero)
            {
                held = UInt256.One;
            }

            UInt256 debt = UInt256.FromDecimal(amount * priceInBase * liquidateCf / health, baseDecimals, MidpointRounding.ToZero);
            if (debt.IsZero)
            {
                debt = UInt256.One;
            }

            debtTotal += debt;
            collateralTotal += held;
            accounts.Add(new CometAccount(
                "borrower-" + k.ToString(CultureInfo.InvariantCulture), -(BigInteger)debt, [new CometCollateralBalance(asset, held)]));
        }

        return (accounts.MoveToImmutable(), debtTotal, collateralTotal);
    }
}
