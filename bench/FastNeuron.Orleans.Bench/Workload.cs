using System.Diagnostics;
using FastNeuron.Distributed;
using Orleans.TestingHost;

namespace FastNeuron.Orleans.Bench;

/// <summary>One model on one data set: its three shard files, the single-process epoch and the cluster's step.</summary>
internal sealed class Workload
{
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _targets;
    private readonly ShardSpec[] _shards;
    private readonly Func<int, ModelSpec> _spec;
    private int _jobs;

    private Workload(string name, float[] x, float[] y, float[] targets, int rows, ShardSpec[] shards, Func<int, ModelSpec> spec, int parameters)
        => (Name, _x, _y, _targets, Rows, _shards, _spec, Parameters) = (name, x, y, targets, rows, shards, spec, parameters);

    public string Name { get; }

    public int Rows { get; }

    public int Parameters { get; }

    public int Chunks => ChunkGradients.ChunkCount(Rows);

    /// <summary>What each shard call carries besides the weights: the job (model spec, shard paths), roughly.</summary>
    public int JobBytes => 200 + _shards.Sum(s => s.Path.Length + 16);

    public static Workload Neuron(string folder, int rows, int columns, string? name = null)
    {
        (float[] x, float[] y) = Data(rows, columns, 1);
        ShardSpec[] shards = WriteShards(folder, $"neuron-{rows}-{columns}", x, y, rows, columns);
        return new Workload(name ?? $"neuron {columns} inputs", x, y, y, rows, shards,
            threads => ModelSpec.Neuron<float>(columns, 1, new NeuronOptions { LearningRate = 1e-6, Threads = threads }), columns + 1);
    }

    public static Workload Network(string folder, int rows, int[] sizes, string? name = null)
    {
        (float[] x, float[] y) = Data(rows, sizes[0], sizes[^1]);
        var targets = new float[rows * sizes[^1]];
        for (int r = 0; r < rows; r++) targets[r * sizes[^1] + (int)y[r]] = 1;
        ShardSpec[] shards = WriteShards(folder, $"network-{rows}", x, y, rows, sizes[0]);
        var activations = new[] { Activation.Tanh, Activation.Sigmoid };
        return new Workload(name ?? $"network {string.Join('-', sizes)}", x, y, targets, rows, shards,
            threads => ModelSpec.Network<float>(sizes, activations, 1, useBias: true, learningRate: 1e-5, threads: threads),
            new Network<float>(sizes, activations, useBias: true).ParameterCount);
    }

    /// <summary>Median ms per epoch of Train on this process, after one warm-up epoch.</summary>
    public double SingleProcess(int threads, int steps)
    {
        ModelSpec spec = _spec(threads);
        Action epoch;
        if (spec.IsNeuron)
        {
            var neuron = new Neuron<float>(spec.Sizes[0], 1, new NeuronOptions { LearningRate = spec.LearningRate, Threads = threads });
            epoch = () => neuron.Train(_x, _y, 1);
        }
        else
        {
            var network = new Network<float>(spec.Sizes, [Activation.Tanh, Activation.Sigmoid], 1, true, spec.LearningRate) { Threads = threads };
            epoch = () => network.Train(_x, _targets, 1);
        }
        epoch();
        return Median(Enumerable.Range(0, steps).Select(_ => Time(epoch)));
    }

    /// <summary>ms per step on the cluster: a job of 1 + steps iterations less a job of 1, both after a warm-up job.</summary>
    public async Task<double> ClusterStep(InProcessTestCluster cluster, int steps, int persistEvery)
    {
        async Task<double> Run(int iterations)
        {
            var job = new TrainingJob
            {
                Name = $"{Name}-{_jobs++}", Model = _spec(Environment.ProcessorCount), Shards = _shards, TotalRows = Rows, Iterations = iterations, PersistEvery = persistEvery,
            };
            var clock = Stopwatch.StartNew();
            await DistributedTraining.TrainAsync(cluster.Client, job, TimeSpan.FromMinutes(5));
            return clock.Elapsed.TotalMilliseconds;
        }
        await Run(1);
        double one = Math.Min(await Run(1), await Run(1));
        double many = await Run(1 + steps);
        return (many - one) / steps;
    }

    private static (float[] X, float[] Y) Data(int rows, int columns, int classes)
    {
        var random = new Random(7);
        var x = new float[(long)rows * columns];
        for (long i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        var y = new float[rows];
        for (int r = 0; r < rows; r++) y[r] = classes <= 1 ? (x[(long)r * columns] > 0 ? 1 : 0) : (int)((x[(long)r * columns] + 1) * classes / 2.0001);
        return (x, y);
    }

    /// <summary>Three shards on chunk boundaries, as even as that allows (fewer when the rows make fewer chunks).</summary>
    private static ShardSpec[] WriteShards(string folder, string tag, float[] x, float[] y, int rows, int columns)
    {
        int chunks = ChunkGradients.ChunkCount(rows), count = Math.Min(3, chunks);
        var shards = new ShardSpec[count];
        int first = 0;
        for (int s = 0; s < count; s++)
        {
            int end = s == count - 1 ? rows : chunks * (s + 1) / count * ChunkGradients.ChunkRows;
            string path = Path.Combine(folder, $"{tag}-{s}.fnm");
            MatrixFile.Write<float>(path, x.AsSpan((int)((long)first * columns), (end - first) * columns), columns, y.AsSpan(first, end - first));
            shards[s] = new ShardSpec { Path = path, FirstRow = first };
            first = end;
        }
        return shards;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
