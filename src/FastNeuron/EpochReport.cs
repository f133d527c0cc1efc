namespace FastNeuron;

/// <summary>One epoch's figures, for progress display.</summary>
public sealed record EpochReport(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationAccuracy);
