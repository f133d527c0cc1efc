namespace FastNeuron.Orleans.Tests;

/// <summary>
/// A data set of three full 4,096-row chunks and a short one, as one in-memory batch (the single-machine reference)
/// and as three shard files of 2, 1 and 1 chunks in a temporary folder.
/// </summary>
internal sealed class ShardedData : IDisposable
{
    public const int Rows = 3 * 4096 + 1_000;
    public static readonly int[] Starts = [0, 2 * 4096, 3 * 4096, Rows];

    public ShardedData(int columns, int classes, int seed)
    {
        Folder = Directory.CreateTempSubdirectory("fastneuron-orleans-").FullName;
        Columns = columns;
        var random = new Random(seed);
        X = new double[Rows * columns];
        for (int i = 0; i < X.Length; i++) X[i] = random.NextDouble() * 4 - 2;
        Labels = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double s = X[i * columns] + X[i * columns + 1] + 4;
            Labels[i] = classes <= 1 ? (s > 4 ? 1 : 0) : Math.Min(classes - 1, (int)(s * classes / 8));
        }
    }

    public string Folder { get; }

    public int Columns { get; }

    public double[] X { get; }

    /// <summary>y: class labels, or 0/1 targets for one output.</summary>
    public double[] Labels { get; }

    public T[] Inputs<T>() => Convert<T>(X);

    public T[] Targets<T>() => Convert<T>(Labels);

    /// <summary>One-hot targets for <paramref name="classes"/> outputs.</summary>
    public T[] OneHot<T>(int classes)
        where T : struct
    {
        var targets = new double[Rows * classes];
        for (int i = 0; i < Rows; i++) targets[i * classes + (int)Labels[i]] = 1;
        return Convert<T>(targets);
    }

    /// <summary>Writes the three shards as float32 or float64 files, named by <paramref name="tag"/>, and returns their specs.</summary>
    public ShardSpec[] WriteShards<T>(string tag, int? columns = null, int[]? starts = null)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        starts ??= Starts;
        T[] x = Inputs<T>(), y = Targets<T>();
        var specs = new ShardSpec[starts.Length - 1];
        for (int s = 0; s < specs.Length; s++)
        {
            int first = starts[s], rows = starts[s + 1] - first;
            int width = columns ?? Columns;
            string path = Path.Combine(Folder, $"{tag}-{s}.fnm");
            T[] shardX = new T[rows * width];
            for (int r = 0; r < rows; r++) x.AsSpan((first + r) * Columns, Math.Min(width, Columns)).CopyTo(shardX.AsSpan(r * width));
            MatrixFile.Write<T>(path, shardX, width, y.AsSpan(first, rows));
            specs[s] = new ShardSpec { Path = path, FirstRow = first };
        }
        return specs;
    }

    private static T[] Convert<T>(double[] values) => typeof(T) == typeof(float)
        ? (T[])(object)Array.ConvertAll(values, v => (float)v)
        : (T[])(object)(double[])values.Clone();

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
