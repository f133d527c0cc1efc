namespace FastNeuron;

/// <summary>The optimizers <see cref="Network{T}.Fit"/> offers.</summary>
public enum Optimizer
{
    /// <summary>w += η·g (g the batch's mean descent direction).</summary>
    Sgd,
    /// <summary>v = μ·v + η·g; w += v.</summary>
    Momentum,
    /// <summary>Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), bias-corrected.</summary>
    Adam,
    /// <summary>iRprop−, FANN's default: per-weight steps grow ×1.2 while the gradient keeps its sign, shrink ×0.5 when it flips (0.1 initial, 1e-6 to 50). Meant for full batches.</summary>
    Rprop,
}

/// <summary>One epoch's figures, for progress display.</summary>
public sealed record EpochReport(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationAccuracy);

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

    /// <summary>Called after every epoch.</summary>
    public Action<EpochReport>? OnEpoch { get; init; }
}
