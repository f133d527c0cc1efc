// docs/distributed.md's figures: epoch times on 1, 2 and 3 in-process silos against the single-process trainer, the
// per-chunk compute time, the bytes per step, and one step's broadcast and gather overhead.
//   dotnet run -c Release --project bench/FastNeuron.Orleans.Bench [--quick]
// --quick: 100,000 rows instead of 1,000,000 for the neuron, one timed step (a smoke run).
using System.Diagnostics;
using FastNeuron;
using FastNeuron.Orleans;
using FastNeuron.Orleans.Bench;
using Orleans.TestingHost;

bool quick = args.Contains("--quick");
int neuronRows = quick ? 100_000 : 1_000_000, timedSteps = quick ? 1 : 5;
string folder = Directory.CreateTempSubdirectory("fastneuron-orleans-bench-").FullName;
try
{
    Console.WriteLine($"{Environment.ProcessorCount} cores; silos in this process share them. Times are medians of the per-step figures.");
    var neuron = Workload.Neuron(folder, neuronRows, 64);
    var network = Workload.Network(folder, 65_536, [64, 32, 10]);
    foreach (var work in new[] { neuron, network })
    {
        Console.WriteLine($"\n{work.Name}: {work.Rows:N0} rows, {work.Chunks} chunks, {work.Parameters:N0} parameters, 3 shards");
        Console.WriteLine($"  single process, {Environment.ProcessorCount} threads: {work.SingleProcess(Environment.ProcessorCount, timedSteps):0.0} ms per epoch");
        double oneThread = work.SingleProcess(1, timedSteps);
        Console.WriteLine($"  single process, 1 thread: {oneThread:0.0} ms per epoch, {1000 * oneThread / work.Chunks:0} µs per chunk");
        Console.WriteLine($"  bytes per step per shard: broadcast {work.Parameters * 4:N0} + job ~{work.JobBytes:N0}, gather {work.Parameters * 4:N0} × its chunks (a 1/3 shard: {work.Parameters * 4L * ((work.Chunks + 2) / 3):N0})");
        for (int silos = 1; silos <= 3; silos++)
        {
            await using InProcessTestCluster cluster = await Cluster.Start(silos, Path.Combine(folder, $"state-{work.Name}-{silos}"));
            Console.WriteLine($"  {silos} silo(s): {await work.ClusterStep(cluster, timedSteps, persistEvery: 1):0.0} ms per epoch");
        }
    }

    Console.WriteLine("\nOverhead of one step (broadcast, gather, fold, update; one shard, compute ~0):");
    foreach (var work in new[] { Workload.Neuron(folder, 4, 3, "seed neuron (3 inputs, 4 rows)"), Workload.Network(folder, 64, [64, 32, 10], "64-32-10 (64 rows)") })
    {
        foreach (int silos in new[] { 1, 3 })
        {
            await using InProcessTestCluster cluster = await Cluster.Start(silos, Path.Combine(folder, $"state-o-{work.Name.Length}-{silos}"));
            double stored = await work.ClusterStep(cluster, 50, persistEvery: 1);
            double unstored = await work.ClusterStep(cluster, 50, persistEvery: 1_000_000);
            Console.WriteLine($"  {work.Name}, {silos} silo(s): {stored:0.00} ms per step with the state stored each step, {unstored:0.00} ms without");
        }
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
