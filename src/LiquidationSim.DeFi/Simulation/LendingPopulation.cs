using System.Collections.Immutable;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.Kernel;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>Generates borrowers for a lending stress run from seeded uniform distributions.</summary>
/// <remarks>
/// Account k draws, in this order, its collateral amount (uniform in the range, rounded down to 1e-6 token) and its
/// target health factor (uniform in the range); it then borrows the debt that gives that health factor at the
/// market's current prices: debt value = collateral value × liquidation threshold ÷ health factor (rounded down to
/// the debt token's 1e-6). Stateless; thread safe.
/// </remarks>
public static class LendingPopulation
{
    /// <summary>Draws <paramref name="count"/> single-collateral, single-debt Aave accounts.</summary>
    /// <param name="market">The market (prices and liquidation thresholds).</param>
    /// <param name="collateralAsset">The collateral reserve.</param>
    /// <param name="debtAsset">The debt reserve.</param>
    /// <param name="count">Accounts; at least 1.</param>
    /// <param name="collateralMin">Smallest collateral, in tokens; positive.</param>
    /// <param name="collateralMax">Largest collateral, in tokens; not below the smallest.</param>
    /// <param name="healthMin">Lowest target health factor; above 1.</param>
    /// <param name="healthMax">Highest target health factor; not below the lowest.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The accounts, in draw order.</returns>
    /// <exception cref="ArgumentException">An argument breaks its rule.</exception>
    public static ImmutableArray<AaveUserAccount> Generate(
        AaveMarket market, string collateralAsset, string debtAsset, int count, decimal collateralMin, decimal collateralMax, decimal healthMin, decimal healthMax, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(market);
        AaveReserve collateral = market.Reserve(collateralAsset);
        AaveReserve debt = market.Reserve(debtAsset);
        Check(count >= 1, nameof(count), count, "must be at least 1");
        Check(collateralMin > 0m, nameof(collateralMin), collateralMin, "must be positive");
        Check(collateralMax >= collateralMin, nameof(collateralMax), collateralMax, "must not be below collateralMin");
        Check(healthMin > 1m, nameof(healthMin), healthMin, "must be above 1");
        Check(healthMax >= healthMin, nameof(healthMax), healthMax, "must not be below healthMin");

        decimal collateralPrice = AaveDecimal.BaseCurrency(collateral.Price, market);
        decimal debtPrice = AaveDecimal.BaseCurrency(debt.Price, market);
        decimal threshold = collateral.LiquidationThreshold / 10_000m;
        var random = new SeededRandom(seed);
        var accounts = ImmutableArray.CreateBuilder<AaveUserAccount>(count);
        for (int k = 0; k < count; k++)
        {
            decimal amount = Math.Round(collateralMin + ((collateralMax - collateralMin) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero);
            decimal health = healthMin + ((healthMax - healthMin) * random.NextDecimalUnit());
            decimal borrowed = Math.Round(amount * collateralPrice * threshold / health / debtPrice, 6, MidpointRounding.ToZero);
            accounts.Add(AaveDecimal.Account(
                market,
                0,
                new AaveTokenPosition(collateralAsset, Math.Max(0.000001m, amount), 0m, CollateralEnabled: true),
                new AaveTokenPosition(debtAsset, 0m, Math.Max(0.000001m, borrowed), CollateralEnabled: false)));
        }

        return accounts.MoveToImmutable();
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            ThrowHelper.OutOfRange(name, value, rule);
        }
    }
}
