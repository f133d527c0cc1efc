using Orleans.Concurrency;

namespace FastNeuron.Orleans;

/// <summary>
/// Trains a job's model across the silos: validates the shards, then each step broadcasts the weights, gathers every
/// shard's chunk partials, folds them in global chunk order, applies the step and stores the weights and the step.
/// Keyed by the job's name. A call after the trainer's silo died resumes from the stored step.
/// </summary>
public interface IDataParallelTrainerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Trains until the job's iterations are done, or until step <paramref name="untilStep"/> when it is positive and
    /// smaller (the rest follows on a later call), resuming from the stored step when the job has one.
    /// </summary>
    Task<TrainingResult> Train(TrainingJob job, int untilStep = 0);

    /// <summary>The steps done so far (answered while Train runs).</summary>
    [AlwaysInterleave]
    Task<int> StepsDone();

    /// <summary>The silo this trainer runs on.</summary>
    [AlwaysInterleave]
    Task<string> Silo();
}
