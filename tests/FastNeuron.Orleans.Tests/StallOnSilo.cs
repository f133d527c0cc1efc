using System.Collections.Concurrent;
using Orleans;

namespace FastNeuron.Orleans.Tests;

/// <summary>
/// A test filter on every silo. Armed for a job and a silo, the first shard computation of that job arriving on that
/// silo reports that it has started and then never finishes, so a test can kill the silo in the middle of a step.
/// Armed for a job's shard everywhere, every computation of that shard hangs until released: a shard that no silo
/// can answer for.
/// </summary>
internal sealed class StallOnSilo : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, (string Silo, TaskCompletionSource Started)> Armed = new();
    private static readonly ConcurrentDictionary<string, (int Shard, TaskCompletionSource Release)> Everywhere = new();

    /// <summary>Arms the stall for <paramref name="job"/> on <paramref name="silo"/>; the task completes when a computation there has started.</summary>
    public static Task Arm(string job, string silo)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Armed[job] = (silo, started);
        return started.Task;
    }

    /// <summary>Makes shard <paramref name="shard"/> of <paramref name="job"/> hang on every silo until the returned object is disposed.</summary>
    public static IDisposable HangEverywhere(string job, int shard)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Everywhere[job] = (shard, release);
        return new Releaser(() =>
        {
            Everywhere.TryRemove(job, out _);
            release.TrySetResult();
        });
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName is nameof(IShardGrain.ComputePartials) or nameof(IShardGrain.ComputeRowPartials)
            && context.Request.GetArgument(0) is TrainingJob job)
        {
            if (Armed.TryGetValue(job.Name, out var armed)
                && context.TargetContext.Address.SiloAddress?.ToString() == armed.Silo
                && Armed.TryRemove(job.Name, out _))
            {
                armed.Started.SetResult();
                await Task.Delay(Timeout.Infinite);
            }
            if (Everywhere.TryGetValue(job.Name, out var hang) && context.MethodName == nameof(IShardGrain.ComputePartials)
                && context.Request.GetArgument(1) is int shard && shard == hang.Shard)
            {
                await hang.Release.Task;
            }
        }
        await context.Invoke();
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
