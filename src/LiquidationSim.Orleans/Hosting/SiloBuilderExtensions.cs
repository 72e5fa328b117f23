using LiquidationSim.Orleans.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace LiquidationSim.Orleans.Hosting;

/// <summary>Adds LiquidationSim's Monte Carlo grains to an Orleans silo.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Registers what a silo needs to run Monte Carlo ranges for <see cref="Client.ClusterMonteCarlo"/>: the per-silo
    /// cache of compiled scenarios and the options. The grains themselves are found by Orleans in this assembly.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the options (<see cref="LiquidationSimSiloOptions"/>), or null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddLiquidationSimMonteCarlo(this ISiloBuilder builder, Action<LiquidationSimSiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LiquidationSimSiloOptions>().Configure(o => configure?.Invoke(o));
        builder.Services.AddSingleton<ScenarioCache>();
        builder.Services.AddSingleton<SiloWork>();
        builder.Services.AddSingleton<RangeFaults>();
        return builder;
    }
}
