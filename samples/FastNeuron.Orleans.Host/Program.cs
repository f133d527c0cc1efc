// A FastNeuron training cluster on one machine (README, "Training across machines"):
//   silo N [--state folder]        a silo with localhost clustering: silo port 11111 + N, gateway 30000 + N; silo 0 is the primary
//   shards folder [rows] [columns] three demo shards of a 64-32-10 classification set (float32 .fnm files)
//   train folder [iterations]      a client: trains 64-32-10 on the folder's shards across the silos, then checks the bits
//                                  against Network.Train on this machine
using System.Diagnostics;
using FastNeuron;
using FastNeuron.Orleans;
using FastNeuron.Orleans.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: silo N [--state folder] | shards folder [rows] [columns] | train folder [iterations]");
    return 2;
}
switch (args[0])
{
    case "silo":
        int index = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        string state = args.Length > 3 && args[2] == "--state" ? args[3] : Path.Combine(Path.GetTempPath(), "fastneuron-orleans-state");
        using (IHost silo = SiloHost.Build(index, state))
        {
            Console.WriteLine($"Silo {index}: silo port {SiloHost.SiloPort + index}, gateway {SiloHost.GatewayPort + index}, state in {state}. Ctrl+C stops it.");
            await silo.RunAsync();
        }
        return 0;
    case "shards":
        DemoData.WriteShards(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 65_536,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 64);
        return 0;
    case "train":
        int iterations = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
        TrainingJob job = DemoData.Job(args[1], iterations);
        using (IHost client = SiloHost.BuildClient(3))
        {
            await client.StartAsync();
            var clock = Stopwatch.StartNew();
            TrainingResult result = await DistributedTraining.TrainAsync(client.Services.GetRequiredService<IClusterClient>(), job, TimeSpan.FromMinutes(10));
            Console.WriteLine($"{result.Step} iterations across silos in {clock.Elapsed.TotalSeconds:0.00} s (resumed after step {result.ResumedAfterStep}, " +
                $"{result.Recomputations} shard computations repeated); trainer on {result.TrainerSilo}, shards on {string.Join(", ", result.ShardSilos)}.");
            float[] expected = DemoData.TrainOnOneMachine(job);
            float[] actual = result.ParametersAs<float>();
            bool same = expected.AsSpan().SequenceEqual(actual);
            Console.WriteLine(same ? $"Bitwise equal to Network.Train on one machine ({actual.Length} parameters)." : "DIFFERENT from Network.Train on one machine.");
            await client.StopAsync();
            return same ? 0 : 1;
        }
    default:
        Console.Error.WriteLine($"Unknown mode '{args[0]}': silo, shards or train.");
        return 2;
}
