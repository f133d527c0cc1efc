using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace FastNeuron.Orleans;

/// <summary>Setting a silo up for FastNeuron's training grains, and running a job from a client.</summary>
public static class DistributedTraining
{
    /// <summary>The grain storage the trainer persists its state in.</summary>
    public const string StorageName = "fastneuron";

    /// <summary>
    /// Registers the shard placement and a file-based grain storage in <paramref name="stateFolder"/> for the trainer's
    /// state. Every silo must see the same folder (a shared path) for a trainer to resume on another silo; use
    /// <see cref="AddFastNeuronTraining(ISiloBuilder)"/> and register an Orleans storage named
    /// <see cref="StorageName"/> (ADO.NET, Azure, …) instead when there is one.
    /// </summary>
    public static ISiloBuilder AddFastNeuronTraining(this ISiloBuilder builder, string stateFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateFolder);
        builder.Services.AddGrainStorage(StorageName, (services, _) => new FileGrainStorage(stateFolder, services.GetRequiredService<Serializer>()));
        return builder.AddFastNeuronTraining();
    }

    /// <summary>Registers the shard placement only; the grain storage named <see cref="StorageName"/> is the host's.</summary>
    public static ISiloBuilder AddFastNeuronTraining(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="job"/> to the end from a client: when the trainer's silo dies during the call, calls again
    /// (the trainer reactivates elsewhere and resumes from its stored step) until <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task<TrainingResult> TrainAsync(IGrainFactory grains, TrainingJob job, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(job);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await grains.GetGrain<IDataParallelTrainerGrain>(job.Name).Train(job);
            }
            catch (Exception e) when (IsSiloFailure(e) && clock.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Whether <paramref name="error"/> is a silo or its connection failing (worth asking again), not an error in the work itself.</summary>
    internal static bool IsSiloFailure(Exception error)
        => error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
            || (error is OrleansException && error is not ShardDataException);
}
