namespace FastNeuron.Orleans;

/// <summary>
/// Mini-batch training across silos: <see cref="Network{T}.Fit"/>'s options that decide the weights (no validation
/// data, reports or early stopping). Each epoch's rows are <c>System.Random(Seed)</c>'s shuffle, as on one machine;
/// a batch is cut into chunks of 4,096 of its rows, each computed by one silo reading its rows from the shards' files.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FitSpec
{
    /// <summary>Epochs.</summary>
    [Id(0)] public int Epochs { get; init; } = 100;

    /// <summary>Rows per batch; 0 for the full batch.</summary>
    [Id(1)] public int BatchSize { get; init; } = 32;

    /// <summary>The <see cref="FastNeuron.Optimizer"/>.</summary>
    [Id(2)] public int Optimizer { get; init; } = (int)FastNeuron.Optimizer.Adam;

    /// <summary>η.</summary>
    [Id(3)] public double LearningRate { get; init; } = 0.001;

    /// <summary>μ for momentum.</summary>
    [Id(4)] public double Momentum { get; init; } = 0.9;

    /// <summary>The shuffle's seed.</summary>
    [Id(5)] public int Seed { get; init; } = 1;

    /// <summary>The spec of these <paramref name="options"/> (their validation, reports and early stopping are not carried).</summary>
    public static FitSpec From(FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            Epochs = options.Epochs, BatchSize = options.BatchSize, Optimizer = (int)options.Optimizer, LearningRate = options.LearningRate,
            Momentum = options.Momentum, Seed = options.Seed,
        };
    }

    internal FitOptions ToOptions() => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, Optimizer = (Optimizer)Optimizer, LearningRate = LearningRate, Momentum = Momentum, Seed = Seed,
        PublishEveryEpoch = false,
    };

    internal string Describe() => $"fit epochs {Epochs} batch {BatchSize} optimizer {Optimizer} eta {LearningRate:R} mu {Momentum:R} seed {Seed}";
}
