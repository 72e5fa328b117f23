using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace LiquidationSim.Cli;

/// <summary>
/// How <c>liqsim silo</c> and <c>liqsim run --cluster</c> find the cluster: <c>localhost</c> (development clustering on
/// this machine, for a laptop), or <c>redis://HOST:PORT</c> (Orleans' Redis membership table, for silos on several hosts).
/// </summary>
/// <param name="Text">The connection as given, for messages.</param>
/// <param name="Redis">The StackExchange.Redis configuration string (<c>HOST:PORT[,option=value…]</c>), or null for localhost.</param>
/// <param name="LocalGatewayPort">With localhost: the gateway port the client connects to.</param>
internal sealed record ClusterConnection(string Text, string? Redis, int LocalGatewayPort)
{
    /// <summary>The default silo-to-silo port, which is also the localhost primary silo's.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default gateway port (clients connect to it).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The cluster and service id when none is given.</summary>
    public const string DefaultClusterId = "liqsim";

    /// <summary>The syntax, for help texts.</summary>
    public const string Syntax = "'localhost' or 'localhost:GATEWAYPORT' (silos on this machine), or 'redis://HOST:PORT' (silos on several hosts, clustered through Redis)";

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="CommandException">The text is neither form (exit code 2).</exception>
    public static ClusterConnection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && text.Length > "redis://".Length)
        {
            return new ClusterConnection(text, text["redis://".Length..], DefaultGatewayPort);
        }

        if (text == "localhost")
        {
            return new ClusterConnection(text, null, DefaultGatewayPort);
        }

        if (text.StartsWith("localhost:", StringComparison.Ordinal)
            && int.TryParse(text["localhost:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536)
        {
            return new ClusterConnection(text, null, port);
        }

        throw new CommandException(ExitCodes.Usage, $"--cluster must be {Syntax}; got '{text}'.");
    }

    /// <summary>Configures a client of the cluster.</summary>
    public void Configure(IClientBuilder client, string clusterId, string serviceId)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        if (Redis is null)
        {
            client.UseLocalhostClustering(LocalGatewayPort, serviceId, clusterId);
        }
        else
        {
            client.UseRedisClustering(Redis);
        }
    }

    /// <summary>Configures a silo of the cluster.</summary>
    public void Configure(ISiloBuilder silo, string clusterId, string serviceId, int siloPort, int gatewayPort, int primaryPort, IPAddress? advertise)
    {
        if (Redis is null)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), serviceId, clusterId);
            return;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        silo.UseRedisClustering(Redis);
        if (advertise is null)
        {
            silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
    }
}
