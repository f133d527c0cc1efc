using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace FastNeuron.Orleans.Tests;

/// <summary>In-process clusters of FastNeuron silos sharing one state folder, with failure detection tuned for tests.</summary>
internal static class Clusters
{
    public static async Task<InProcessTestCluster> Start(int silos, string stateFolder)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;   // TestingHost writes a logs/ folder into the working directory otherwise
        // One gateway, on the first silo: the tests kill other silos without cutting the client off.
        builder.Options.GatewayPerSilo = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFastNeuronTraining(stateFolder);
            silo.AddIncomingGrainCallFilter<StallOnSilo>();
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15)));
        InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
