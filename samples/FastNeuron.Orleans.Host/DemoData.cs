using FastNeuron.Orleans;

namespace FastNeuron.Orleans.Host;

/// <summary>The sample's data: a 10-class set of random inputs in three shards, and the single-machine run to compare with.</summary>
internal static class DemoData
{
    private static readonly int[] Sizes = [64, 32, 10];
    private static readonly Activation[] Activations = [Activation.Tanh, Activation.Sigmoid];

    /// <summary>Writes shard-0.fnm … shard-2.fnm: <paramref name="rows"/> rows cut on 4,096-row chunks, as evenly as that allows.</summary>
    public static void WriteShards(string folder, int rows, int columns)
    {
        if (columns != Sizes[0]) throw new ArgumentException($"The sample's network takes {Sizes[0]} inputs; columns is {columns}.", nameof(columns));
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        int chunks = (rows + 4095) / 4096;
        int first = 0;
        for (int s = 0; s < 3; s++)
        {
            int end = s == 2 ? rows : Math.Min(rows, (chunks * (s + 1) / 3) * 4096);
            int count = end - first;
            var x = new float[count * columns];
            var y = new float[count];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
            for (int r = 0; r < count; r++) y[r] = (int)((x[r * columns] + 1) * 5) % 10;
            MatrixFile.Write<float>(Path.Combine(folder, $"shard-{s}.fnm"), x, columns, y);
            Console.WriteLine($"{Path.Combine(folder, $"shard-{s}.fnm")}: rows {first:N0} to {end - 1:N0}");
            first = end;
        }
    }

    /// <summary>The job over the folder's shards, in order, each starting where the one before ends.</summary>
    public static TrainingJob Job(string folder, int iterations)
    {
        var shards = new List<ShardSpec>();
        long first = 0;
        for (int s = 0; File.Exists(Path.Combine(folder, $"shard-{s}.fnm")); s++)
        {
            string path = Path.GetFullPath(Path.Combine(folder, $"shard-{s}.fnm"));
            using MatrixFile file = MatrixFile.Open(path);
            shards.Add(new ShardSpec { Path = path, FirstRow = first });
            first += file.Rows;
        }
        if (shards.Count == 0) throw new FileNotFoundException($"No shard-0.fnm in {folder}: run the shards mode first.");
        return new TrainingJob
        {
            Name = $"sample-{Guid.NewGuid():N}", Model = ModelSpec.Network<float>(Sizes, Activations, seed: 1, useBias: true, learningRate: 1e-4),
            Shards = [.. shards], TotalRows = first, Iterations = iterations,
        };
    }

    /// <summary>Network.Train on this machine over the same rows (the shards read back in order): the bits to match.</summary>
    public static float[] TrainOnOneMachine(TrainingJob job)
    {
        var x = new List<float>();
        var y = new List<float>();
        foreach (ShardSpec shard in job.Shards)
        {
            using MatrixFile file = MatrixFile.Open(shard.Path);
            var row = new float[file.Columns];
            for (long r = 0; r < file.Rows; r++)
            {
                file.ReadRow(r, row, out float label);
                x.AddRange(row);
                var target = new float[Sizes[^1]];
                target[(int)label] = 1;
                y.AddRange(target);
            }
        }
        var network = new Network<float>(Sizes, Activations, seed: 1, useBias: true, learningRate: 1e-4);
        network.Train(x.ToArray(), y.ToArray(), job.Iterations);
        var parameters = new float[network.ParameterCount];
        network.CopyParameters(parameters);
        return parameters;
    }
}
