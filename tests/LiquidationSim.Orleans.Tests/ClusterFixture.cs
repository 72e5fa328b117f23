using LiquidationSim.Orleans.Grains;
using LiquidationSim.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LiquidationSim.Orleans.Tests;

/// <summary>An in-process Orleans test cluster of silos that run LiquidationSim's Monte Carlo grains.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly short _silos;

    public ClusterFixture() => _silos = 3;

    internal ClusterFixture(short silos) => _silos = silos;

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(_silos);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>The work counters of a silo that is running.</summary>
    internal static SiloWork WorkOf(SiloHandle silo) => Services(silo).GetRequiredService<SiloWork>();

    /// <summary>The scenario cache of a silo that is running.</summary>
    internal static ScenarioCache CacheOf(SiloHandle silo) => Services(silo).GetRequiredService<ScenarioCache>();

    /// <summary>The fault seam of a silo that is running.</summary>
    internal static RangeFaults FaultsOf(SiloHandle silo) => Services(silo).GetRequiredService<RangeFaults>();

    internal IReadOnlyList<SiloWork> Work() => [.. Cluster.Silos.Select(WorkOf)];

    private static IServiceProvider Services(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        // One path at a time per silo: three in-process silos share this machine's cores.
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddLiquidationSimMonteCarlo(o => o.DegreeOfParallelism = 1);
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        // A range whose silo was killed fails within this time at worst, and is re-run elsewhere.
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(20));
    }
}
