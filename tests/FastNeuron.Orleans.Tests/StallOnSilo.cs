using System.Collections.Concurrent;
using Orleans;

namespace FastNeuron.Orleans.Tests;

/// <summary>
/// A test filter on every silo: once armed for a job and a silo, the first shard computation of that job arriving on
/// that silo reports that it has started and then never finishes, so a test can kill the silo in the middle of a step.
/// </summary>
internal sealed class StallOnSilo : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, (string Silo, TaskCompletionSource Started)> Armed = new();

    /// <summary>Arms the stall for <paramref name="job"/> on <paramref name="silo"/>; the task completes when a computation there has started.</summary>
    public static Task Arm(string job, string silo)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Armed[job] = (silo, started);
        return started.Task;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(IShardGrain.ComputePartials)
            && context.Request.GetArgument(0) is TrainingJob job
            && Armed.TryGetValue(job.Name, out var armed)
            && context.TargetContext.Address.SiloAddress?.ToString() == armed.Silo
            && Armed.TryRemove(job.Name, out _))
        {
            armed.Started.SetResult();
            await Task.Delay(Timeout.Infinite);
        }
        await context.Invoke();
    }
}
