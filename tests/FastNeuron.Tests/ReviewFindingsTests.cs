using System.Diagnostics;
using FastNeuron.Kernels;
using FastNeuron.Kernels.Dense;
using FastNeuron.Training;

namespace FastNeuron.Tests;

/// <summary>
/// A hostile review of c248ac7..72e0374. Each test states the promise it checks; six failed when written, each a
/// defect fixed in the commit that names it (findings 1 to 6), and the seventh is a coverage test that passed.
/// </summary>
[Collection(ChunkWorkersAlone.Name)]
public sealed class ReviewFindingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-review-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A job that holds the shared workers until released, as a long Think (or another network's training) does.</summary>
    private sealed class BlockingJob : IChunkJob
    {
        public readonly ManualResetEventSlim Entered = new();
        public readonly ManualResetEventSlim Release = new();

        public void RunChunk(int chunk)
        {
            Entered.Set();
            Release.Wait();
        }
    }

    /// <summary>
    /// Network.Threads' documentation: "A call that finds the process's worker threads busy with another call runs on
    /// its own thread rather than wait." Train on a batch of several 4,096-row chunks goes through ChunkWorkers.Run,
    /// which blocks on the lock for as long as the other call holds the workers (here: until released, i.e. forever).
    /// </summary>
    [Fact]
    public void TrainingDoesNotWaitForWorkersHeldByAnotherCall()
    {
        var job = new BlockingJob();
        var holder = new Thread(() => ChunkWorkers.Shared.TryRun(job, 1, 1)) { IsBackground = true };
        holder.Start();
        Assert.True(job.Entered.Wait(TimeSpan.FromSeconds(10)), "the holder did not take the workers");
        Thread? trainer = null;
        try
        {
            var network = new Network<float>([2, 4, 1], [Activation.Tanh, Activation.Sigmoid]) { Threads = 2 };
            int rows = 2 * Gradient.ChunkRows + 1;
            var random = new Random(1);
            float[] x = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
            float[] y = Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray();
            trainer = new Thread(() => network.Train(x, y, 1)) { IsBackground = true };
            trainer.Start();
            bool finished = trainer.Join(TimeSpan.FromSeconds(5));
            Assert.True(finished, "Train waited for the workers another call held (5 s and counting) instead of running on its own thread");
        }
        finally
        {
            job.Release.Set();
            holder.Join();
            trainer?.Join();   // leave the workers free for the next test of the collection
        }
    }

    /// <summary>
    /// "No allocation per call": a one-chunk batch split over threads rebuilds its gradient slices (a List, LINQ's
    /// OrderByDescending and an array) whenever min(Threads, rows) differs from the last call's, so a Fit whose last
    /// mini-batch is smaller than Threads (a 64-core machine, batch 64, a last batch of 50) allocates twice per epoch,
    /// even with PublishEveryEpoch off. Backpropagation.SplitBatch.cs EnsureGradientSlices.
    /// </summary>
    [Fact]
    public void AlternatingSplitBatchSizesAllocateNothing()
    {
        var network = new Network<float>([200, 96, 48, 10], [Activation.Relu, Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true)
        {
            Threads = 64,
        };
        var random = new Random(3);
        float[] x = Enumerable.Range(0, 64 * 200).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = network.OneHot(Enumerable.Range(0, 64).Select(i => i % 10).ToArray());
        void Step(int rows) => network.ComputeGradients(x.AsSpan(0, rows * 200), y.AsSpan(0, rows * 10), rows);
        Step(64);
        Step(50);   // 50 × 24,576 multiply-adds: still over the split threshold
        Step(64);
        Step(50);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step(64);
        Step(50);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"two split batches of 64 and 50 rows allocated {allocated:N0} bytes");
    }

    /// <summary>
    /// ModelMetadata.CheckFits refuses duplicate class labels but not duplicate feature names, so a model file (any
    /// library user's, or a crafted one) with FeatureNames ["a", "a"] loads, and evaluate/predict pick the columns by
    /// name (ColumnSelection.ByName, Array.IndexOf): both inputs read column 'a', column 'b' is silently ignored, and
    /// the command prints wrong predictions with exit 0.
    /// </summary>
    [Fact]
    public void AModelWithDuplicateFeatureNamesIsRefusedInsteadOfReadingOneColumnTwice()
    {
        var network = new Network<double>([2, 1], [Activation.Linear]);
        string model = Path.Combine(_folder, "dup.fnn");
        try
        {
            network.Metadata = new ModelMetadata { FeatureNames = ["a", "a"] };
        }
        catch (ArgumentException)
        {
            return;   // refused where it is set: fixed
        }
        network.Save(model);
        File.WriteAllLines(Path.Combine(_folder, "rows.csv"), ["b,a", "100,1", "-100,1"]);
        var predict = CommandLineTests.Run(_folder, "predict dup.fnn rows.csv");
        // Rows that differ only in 'b' get the same prediction: 'b' was never read.
        string[] lines = predict.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(predict.ExitCode != 0,
            $"predict accepted a model whose two inputs are both named 'a' (exit {predict.ExitCode}); output:\n{predict.Output}\nstderr: {predict.Error}");
    }

    /// <summary>
    /// Issue 13's "values beyond the element type named by file, line and column" covers features only: a float32
    /// regression target of 1e39 reaches Fit as +∞ and the command reports the library's
    /// "targets has a non-finite value (Infinity) at index 0", naming neither the file nor the line.
    /// </summary>
    [Fact]
    public void ARegressionTargetBeyondFloat32IsNamedByFileAndLine()
    {
        File.WriteAllLines(Path.Combine(_folder, "reg.csv"), ["a,b,y", "1,2,1e39", "2,3,5.5", "3,1,2.5", "4,4,7.25", "5,2,1.5"]);
        var train = CommandLineTests.Run(_folder, "train reg.csv --task regression --epochs 1 --out reg.fnn");
        Assert.Equal(1, train.ExitCode);
        Assert.True(train.Error.Contains("reg.csv") && train.Error.Contains("line 2"), $"the refusal does not name the file and line: {train.Error}");
    }

    /// <summary>
    /// Coverage the DenseKernelTests shapes lack: every shape that reaches the AVX-512 three-rows × two-vectors tile has
    /// inputs % 4 of 0 or 1, so its remainder branches r == 1 and r == 2 never ran there. (Passes: no defect, a gap.)
    /// </summary>
    [Fact]
    public void ThreeRowsTwoVectorsRemaindersMatchScalar()
    {
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        Check<float>();
        Check<double>();

        static void Check<T>()
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            var random = new Random(9);
            foreach ((int rows, int inputs, int outputs) in new[] { (6, 10, 32), (7, 11, 40), (9, 14, 33), (5, 7, 64), (3, 2, 17), (3, 3, 17) })
            {
                int stride = DenseLayout.Stride<T>(outputs);
                T[] x = Enumerable.Range(0, rows * inputs).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
                var w = new T[inputs * stride];
                var b = new T[stride];
                for (int k = 0; k < inputs; k++) for (int o = 0; o < outputs; o++) w[k * stride + o] = T.CreateChecked(random.NextDouble() * 2 - 1);
                for (int o = 0; o < outputs; o++) b[o] = T.CreateChecked(random.NextDouble());
                var scalar = new T[rows * stride];
                var vector = new T[rows * stride];
                DenseKernels.Forward<T>(x, inputs, rows, inputs, w, stride, b, true, scalar, VectorWidth.Scalar);
                DenseKernels.Forward<T>(x, inputs, rows, inputs, w, stride, b, true, vector, VectorWidth.Vector512);
                TestData.AssertBitwiseEqual<T>(scalar, vector, $"{typeof(T).Name} forward {rows}×{inputs}→{outputs} at Vector512");
            }
        }
    }

    /// <summary>
    /// Issue 12's Think split runs NetworkForward.Think on the shared worker threads, and each packs every big layer
    /// into its own [ThreadStatic] pinned PackBuffers slot (DenseKernels.cs), grown to the largest layer ever packed
    /// and never released: the workers live as long as the process. One Think of a big network on a thread that has
    /// since exited, from a network that is gone, leaves a copy of its weights pinned per worker (here 32 MiB with one
    /// helper; cores − 1 copies of every big layer on a real server).
    /// </summary>
    /// <remarks>With one thread (the control) nothing is retained: the exited thread's own buffers go with it.</remarks>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ABigThinkLeavesNoPinnedCopyOfTheWeightsInTheWorkers(int threads)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var thinker = new Thread(() =>
        {
            var network = new Network<float>([4096, 2048, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true)
            {
                Threads = threads,
            };
            const int rows = 192;
            var inputs = new float[rows * 4096];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (i % 97) / 97f;
            var outputs = new float[rows * 10];
            network.Think(inputs, outputs);
        });
        thinker.Start();
        thinker.Join();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(retained < 4 << 20, $"{retained:N0} bytes are still held after the network and its thread are gone ({threads} threads)");
    }

    /// <summary>
    /// AtomicFile.Target (harden-lib, "a target that is a symbolic link stays one") resolves the link with readlink
    /// and then writes the temporary file beside, and renames it over, the file the link points to. A link planted
    /// by another user in a shared sticky folder (/tmp) therefore redirects a save to any file the saving user can
    /// write (here a stand-in for ~/.bashrc), bypassing fs.protected_symlinks (which guards path lookup, not readlink).
    /// Before, the rename replaced the link itself and the other file was never touched.
    /// </summary>
    [Fact]
    public void ASaveThroughALinkPlantedByAnotherUserLeavesItsTargetAlone()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName != "root") return;   // lchown to another uid needs root
        string shared = Path.Combine(_folder, "shared"), home = Path.Combine(_folder, "home");
        Directory.CreateDirectory(shared);
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(shared, (UnixFileMode)Convert.ToInt32("1777", 8));
        string victim = Path.Combine(home, "bashrc");
        File.WriteAllText(victim, "precious");
        string link = Path.Combine(shared, "model.fnn");
        File.CreateSymbolicLink(link, victim);
        using (var chown = Process.Start("chown", ["-h", "12345:12345", link])) chown.WaitForExit();
        var network = new Network<float>([2, 1], [Activation.Sigmoid]);
        try
        {
            network.Save(link);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Refusing is a fix too.
        }
        Assert.Equal("precious", File.ReadAllText(victim));
    }
}
