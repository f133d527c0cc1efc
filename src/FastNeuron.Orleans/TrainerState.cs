namespace FastNeuron.Orleans;

/// <summary>What the trainer grain persists after every step (or epoch, for mini-batches): the job it belongs to, the step and the weights after it.</summary>
[GenerateSerializer]
public sealed class TrainerState
{
    /// <summary>The job's fingerprint (the model, the shards, the iterations).</summary>
    [Id(0)] public string Fingerprint { get; set; } = "";

    /// <summary>Steps done.</summary>
    [Id(1)] public int Step { get; set; }

    /// <summary>The compact parameters after <see cref="Step"/>, raw bytes.</summary>
    [Id(2)] public byte[] Parameters { get; set; } = [];

    /// <summary>Mini-batch jobs: the stepper's state after epoch <see cref="Step"/> (<c>MiniBatchStepper.SaveState</c>).</summary>
    [Id(3)] public byte[] MiniBatch { get; set; } = [];
}
