using LiquidationSim.Kernel;
using LiquidationSim.Orleans.Client;
using LiquidationSim.Orleans.Scenarios;
using LiquidationSim.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace LiquidationSim.Cli;

/// <summary><c>liqsim run --paths N --cluster CONNECTION</c>: the Monte Carlo's paths run on an Orleans cluster of <c>liqsim silo</c>s.</summary>
internal static class ClusterRun
{
    private const int ConnectAttempts = 5;

    /// <summary>The <c>--cluster</c> option of <c>liqsim run</c>.</summary>
    public static System.CommandLine.Option<string?> Option() => new("--cluster")
    {
        Description = $"Run the Monte Carlo's paths on a cluster of 'liqsim silo' processes instead of here (same table, files and digest): {ClusterConnection.Syntax}. See {Docs.PathOf(Docs.Cluster)}.",
        HelpName = "CONNECTION",
    };

    /// <summary>
    /// Connects to the cluster, runs the paths there and returns the merged result (equal to a local run's), or throws a
    /// <see cref="CommandException"/> that says what went wrong.
    /// </summary>
    public static MonteCarloResult Run(ClusterConnection connection, ScenarioInput input, MonteCarloOptions paths, CancellationToken cancellationToken)
    {
        ClusterScenario<MonteCarloResult> scenario;
        try
        {
            scenario = ClusterScenario.Cascade(input.Document);
        }
        catch (ClusterScenarioException e)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"'{input.Source}' cannot run on a cluster: {e.Message}");
        }

        return Connect(connection, runner => runner.RunAsync(scenario, paths, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Connects a client to the cluster, hands it to <paramref name="work"/> (which may run several scenarios, as
    /// <c>liqsim defi --cluster</c> does, one per run) and disconnects; failures become <see cref="CommandException"/>s
    /// that say what went wrong.
    /// </summary>
    public static T Connect<T>(ClusterConnection connection, Func<ClusterMonteCarlo, Task<T>> work, CancellationToken cancellationToken) =>
        ConnectAsync(connection, work, cancellationToken).GetAwaiter().GetResult();

    private static async Task<T> ConnectAsync<T>(ClusterConnection connection, Func<ClusterMonteCarlo, Task<T>> work, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            connection.Configure(client, ClusterConnection.DefaultClusterId, ClusterConnection.DefaultClusterId);

            // A range of a large scenario may take minutes; a dead silo is noticed through membership, not this timeout.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30));

            // Without a filter the client retries a gateway that does not answer for ever; five tries, a second apart.
            int attempts = 0;
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (++attempts >= ConnectAttempts)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return true;
            });
        });
        using IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CommandException(ExitCodes.Failure, $"cannot connect to the cluster at {connection.Text}: {e.Message.ReplaceLineEndings(" ")}");
        }

        try
        {
            var runner = new ClusterMonteCarlo(host.Services.GetRequiredService<IClusterClient>());
            return await work(runner).ConfigureAwait(false);
        }
        catch (ClusterScenarioException e)
        {
            throw new CommandException(ExitCodes.InvalidInput, $"the cluster at {connection.Text} refused the scenario: {e.Message}");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
