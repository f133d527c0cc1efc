using Orleans.Hosting;
using Orleans.TestingHost;

namespace FastNeuron.Orleans.Bench;

internal static class Cluster
{
    public static async Task<InProcessTestCluster> Start(int silos, string stateFolder)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;   // TestingHost writes a logs/ folder into the working directory otherwise
        builder.ConfigureSilo((_, silo) => silo.AddFastNeuronTraining(stateFolder));
        InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
