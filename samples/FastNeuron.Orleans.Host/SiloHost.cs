using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace FastNeuron.Orleans.Host;

/// <summary>
/// The silo and the client with localhost clustering: every silo on this machine, silo 0 the primary that the others
/// join. For many machines, replace UseLocalhostClustering with a membership provider (README).
/// </summary>
internal static class SiloHost
{
    public const int SiloPort = 11111, GatewayPort = 30000;

    public static IHost Build(int index, string stateFolder)
        => new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(SiloPort + index, GatewayPort + index, new IPEndPoint(IPAddress.Loopback, SiloPort))
                .AddFastNeuronTraining(stateFolder))
            .UseConsoleLifetime()
            .Build();

    /// <summary>A client that may use the gateways of silos 0 to <paramref name="silos"/> − 1.</summary>
    public static IHost BuildClient(int silos)
        => new HostBuilder()
            .UseOrleansClient(client => client.UseLocalhostClustering([.. Enumerable.Range(0, silos).Select(i => GatewayPort + i)]))
            .Build();
}
