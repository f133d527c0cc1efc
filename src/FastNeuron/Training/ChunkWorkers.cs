using System.Runtime.ExceptionServices;

namespace FastNeuron.Training;

/// <summary>Work split into numbered chunks; each chunk's result must depend only on its number.</summary>
internal interface IChunkJob
{
    void RunChunk(int chunk);
}

/// <summary>
/// A fixed set of worker threads, created once per process and reused for every epoch: creating threads per
/// epoch would cost tens of microseconds each time. Workers claim chunk numbers from a shared counter, so which
/// thread runs which chunk varies, but a chunk's result does not, and the caller reduces the results in chunk
/// order: the bits never depend on the thread count. Nothing here allocates per run.
/// </summary>
internal sealed class ChunkWorkers
{
    private static readonly Lazy<ChunkWorkers> SharedInstance = new(() => new ChunkWorkers(Environment.ProcessorCount - 1));

    // Semaphores, not events: SemaphoreSlim creates its lock object up front, while ManualResetEventSlim (inside
    // CountdownEvent) allocates one the first time a wait must block, which made a later epoch allocate.
    private readonly SemaphoreSlim _start = new(0);
    private readonly SemaphoreSlim _finished = new(0);
    private readonly object _oneRunAtATime = new();
    private readonly int _helperCount;
    private IChunkJob? _job;
    private int _nextChunk;
    private int _chunkCount;
    private Exception? _error;

    private ChunkWorkers(int helperCount)
    {
        _helperCount = Math.Max(0, helperCount);
        for (int i = 0; i < _helperCount; i++)
        {
            var thread = new Thread(HelperLoop) { IsBackground = true, Name = $"FastNeuron worker {i + 1}" };
            thread.Start();
        }
    }

    /// <summary>The process-wide workers: one fewer than the logical cores, the calling thread being the last.</summary>
    public static ChunkWorkers Shared => SharedInstance.Value;

    /// <summary>
    /// Runs chunks 0 .. chunkCount−1 on up to <paramref name="threads"/> threads (the caller's included) and waits,
    /// for another call's run first if there is one. The library's callers use <see cref="TryRun"/> and run alone when
    /// the workers are busy; this is for tests that hold them.
    /// </summary>
    public void Run(IChunkJob job, int chunkCount, int threads)
    {
        lock (_oneRunAtATime)
        {
            RunLocked(job, chunkCount, threads);
        }
    }

    /// <summary>
    /// <see cref="Run"/> when no other call is using the workers; false, having run nothing, when one is (the caller
    /// then does the work alone rather than wait: inference never queues behind another call).
    /// </summary>
    public bool TryRun(IChunkJob job, int chunkCount, int threads)
    {
        if (!Monitor.TryEnter(_oneRunAtATime)) return false;
        try
        {
            RunLocked(job, chunkCount, threads);
            return true;
        }
        finally
        {
            Monitor.Exit(_oneRunAtATime);
        }
    }

    private void RunLocked(IChunkJob job, int chunkCount, int threads)
    {
        int helpers = Math.Clamp(threads - 1, 0, _helperCount);
        _job = job;
        _chunkCount = chunkCount;
        _nextChunk = -1;
        _error = null;
        if (helpers > 0)
        {
            _start.Release(helpers);
        }
        Work();
        for (int i = 0; i < helpers; i++)
        {
            _finished.Wait();
        }
        _job = null;
        if (_error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    private void HelperLoop()
    {
        while (true)
        {
            _start.Wait();
            Work();
            _finished.Release();
        }
    }

    private void Work()
    {
        IChunkJob job = _job!;
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk)) < _chunkCount)
        {
            try
            {
                job.RunChunk(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
        }
    }
}
