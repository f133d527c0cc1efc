namespace FastNeuron;

/// <summary>How <see cref="Network{T}.Fit"/> trains.</summary>
public sealed record FitOptions
{
    /// <summary>Epochs at most. Default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Rows per mini-batch; 0 for the full batch. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The optimizer. Default Adam.</summary>
    public Optimizer Optimizer { get; init; } = Optimizer.Adam;

    /// <summary>η. Default 0.001 (Adam's usual).</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>μ for <see cref="FastNeuron.Optimizer.Momentum"/>. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Seed of the shuffling. The same seed gives the same bits.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many epochs without a better validation loss, keeping the best weights; 0 to never stop early.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>
    /// Whether each epoch's weights are published to <see cref="Network{T}.Think"/> and the other readers as the epoch
    /// ends (a copy of the weights, allocated once per epoch), so that a service can serve while it trains. Off, readers
    /// see the weights from before Fit until it returns, and an epoch allocates nothing. Default on.
    /// </summary>
    public bool PublishEveryEpoch { get; init; } = true;

    /// <summary>Called after every epoch (after that epoch's weights are published).</summary>
    public Action<EpochReport>? OnEpoch { get; init; }
}
