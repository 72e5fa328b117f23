using System.CommandLine;
using System.Net;
using LiquidationSim.Orleans.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace LiquidationSim.Cli;

/// <summary><c>liqsim silo</c>: starts an Orleans silo that runs Monte Carlo ranges for <c>liqsim run --cluster</c>.</summary>
internal static class SiloCommand
{
    /// <summary>The command and its options.</summary>
    public static Command Create()
    {
        var cluster = new Option<string?>("--cluster", "-c")
        {
            Description = $"The cluster to join: {ClusterConnection.Syntax}. Default: configuration key Liqsim:Cluster (environment variable Liqsim__Cluster), else localhost.",
            HelpName = "CONNECTION",
        };
        var siloPort = new Option<int>("--port")
        {
            Description = "Silo-to-silo port.",
            HelpName = "PORT",
            DefaultValueFactory = _ => ClusterConnection.DefaultSiloPort,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        var gatewayPort = new Option<int>("--gateway-port")
        {
            Description = "Port clients (liqsim run --cluster) connect to.",
            HelpName = "PORT",
            DefaultValueFactory = _ => ClusterConnection.DefaultGatewayPort,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        var primaryPort = new Option<int>("--primary-port")
        {
            Description = "localhost only: the silo port of the first (primary) silo, which the others join.",
            HelpName = "PORT",
            DefaultValueFactory = _ => ClusterConnection.DefaultSiloPort,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        var advertise = new Option<string?>("--advertise")
        {
            Description = "Redis only: the IP address other silos and clients reach this silo at (default: this host's address).",
            HelpName = "IP",
        };
        var clusterId = new Option<string>("--cluster-id")
        {
            Description = "Orleans cluster id (all silos and clients of a cluster share it).",
            HelpName = "ID",
            DefaultValueFactory = _ => ClusterConnection.DefaultClusterId,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Paths of one range this silo runs at once (results do not depend on it).",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        var dashboard = new Option<bool>("--dashboard") { Description = "Serve the Orleans dashboard over HTTP (see --dashboard-port)." };
        var dashboardPort = new Option<int>("--dashboard-port")
        {
            Description = "Port of the dashboard.",
            HelpName = "PORT",
            DefaultValueFactory = _ => 8080,
            CustomParser = r => RunCommand.WholeNumber(r, 1) ?? 1,
        };
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = "Running in a Kubernetes pod: take the silo's name, address and cluster id from the pod (Orleans' Kubernetes hosting) and watch the pods of the deployment.",
        };

        var command = new Command("silo", "Start an Orleans silo that runs Monte Carlo ranges for 'liqsim run --cluster'; runs until Ctrl+C or SIGTERM. See " + Docs.PathOf(Docs.Cluster) + ".")
        {
            cluster, siloPort, gatewayPort, primaryPort, advertise, clusterId, threads, dashboard, dashboardPort, kubernetes,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            IPAddress? address = null;
            if (parsed.GetValue(advertise) is { } text && !IPAddress.TryParse(text, out address))
            {
                throw new CommandException(ExitCodes.Usage, $"--advertise must be an IP address; got '{text}'.");
            }

            IHostApplicationBuilder builder = parsed.GetValue(dashboard)
                ? WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] })
                : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            string connectionText = parsed.GetValue(cluster) ?? builder.Configuration["Liqsim:Cluster"] ?? "localhost";
            ClusterConnection connection = ClusterConnection.Parse(connectionText);
            string id = parsed.GetValue(clusterId)!;
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

            // Start-up advice (server GC) and the watchdog's first reading say nothing about the silo's health.
            builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
            builder.UseOrleans(silo =>
            {
                connection.Configure(silo, id, id, parsed.GetValue(siloPort), parsed.GetValue(gatewayPort), parsed.GetValue(primaryPort), address);
                if (parsed.GetValue(kubernetes))
                {
                    silo.UseKubernetesHosting();
                }

                if (parsed.GetValue(dashboard))
                {
                    silo.AddDashboard();
                }

                silo.AddLiquidationSimMonteCarlo(o => o.DegreeOfParallelism = parsed.GetValue(threads));
            });

            IHost host;
            if (builder is WebApplicationBuilder web)
            {
                web.WebHost.UseUrls($"http://0.0.0.0:{parsed.GetValue(dashboardPort)}");
                WebApplication app = web.Build();
                app.MapOrleansDashboard();
                host = app;
            }
            else
            {
                host = ((HostApplicationBuilder)builder).Build();
            }

            using (host)
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"liqsim silo: joined {connection.Text} as cluster '{id}', silo port {parsed.GetValue(siloPort)}, gateway port {parsed.GetValue(gatewayPort)}"
                    + (parsed.GetValue(dashboard) ? $", dashboard on http://localhost:{parsed.GetValue(dashboardPort)}/" : string.Empty) + "; Ctrl+C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or SIGTERM: leave the cluster gracefully, so its ranges move to the other silos at once.
                }

                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Console.WriteLine("liqsim silo: stopped.");
            return ExitCodes.Success;
        });
        return command;
    }
}
