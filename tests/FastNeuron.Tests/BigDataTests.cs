namespace FastNeuron.Tests;

/// <summary>
/// Issue 5: the fused single-pass epoch, multi-threaded training and the memory-mapped path all give the
/// Scalar backend's bits.
/// </summary>
[Trait("Category", "Verification")]
[Collection(ChunkWorkersAlone.Name)]
public class BigDataTests
{
    private static (float[] X, float[] Y) Data(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        float[] x = new float[rows * columns];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 4 - 2);
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = x[i * columns] + 0.3f * x[i * columns + columns - 1] > 0 ? 1 : 0;
        return (x, y);
    }

    public static TheoryData<VectorWidth> Widths() => new() { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 };

    [Theory, MemberData(nameof(Widths))]
    public void FusedEpochsOnOneAndManyThreadsAreBitwiseScalar(VectorWidth width)
    {
        // 20,000 × 16 = 320,000 values: five gradient chunks, the last one short, and above the parallel threshold.
        (float[] x, float[] y) = Data(20_000, 16, 1);
        var options = new NeuronOptions { LearningRate = 0.5 / 20_000, UseBias = true };
        var scalar = new Neuron<float>(16, 3, options with { Backend = Backend.Scalar });
        scalar.Train(x, y, 4);
        foreach (int threads in new[] { 1, 2, 3, 8 })
        {
            var vector = new Neuron<float>(16, 3, options with { Backend = Backend.Vector, Width = width, Threads = threads });
            vector.Train(x, y, 4);
            TestData.AssertBitwiseEqual(scalar.Weights, vector.Weights, $"{width}, {threads} threads");
            Assert.Equal(TestData.Hex(scalar.Bias), TestData.Hex(vector.Bias));
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void RowBlockWeightedSumsAreBitwiseScalar(VectorWidth width)
    {
        // Rows of 64 and 96 float32 values take the 8-rows-at-once shuffle tree at 256 and 512 bits; 4,100 rows
        // cross a chunk boundary and leave a short last block.
        foreach (int columns in new[] { 64, 96, 4, 8, 13, 16, 24, 31 })
        {
            (float[] x, float[] y) = Data(4_100, columns, columns);
            for (int i = 0; i < x.Length; i += 97) x[i] = -x[i] * 1e3f;   // large terms: rounding order shows
            var options = new NeuronOptions { LearningRate = 1e-3, UseBias = true, Threads = 1 };
            var scalar = new Neuron<float>(columns, 2, options with { Backend = Backend.Scalar });
            var vector = new Neuron<float>(columns, 2, options with { Backend = Backend.Vector, Width = width });
            scalar.Train(x, y, 3);
            vector.Train(x, y, 3);
            TestData.AssertBitwiseEqual(scalar.Weights, vector.Weights, $"{columns} columns at {width}");
            Assert.Equal(TestData.Hex(scalar.Bias), TestData.Hex(vector.Bias));
        }
    }

    [Theory, MemberData(nameof(Widths))]
    public void WideRowsGradientGroupsAreBitwiseScalar(VectorWidth width)
    {
        // Each block of rows adds into eight, then four, then one column vector of partials at a time, then single
        // columns: 160 and 259 columns take every kind at every width, across a chunk boundary and a short last block.
        foreach (int columns in new[] { 160, 259 })
        {
            (float[] x, float[] y) = Data(4_100, columns, columns + 1);
            for (int i = 0; i < x.Length; i += 89) x[i] = -x[i] * 1e3f;   // large terms: rounding order shows
            var options = new NeuronOptions { LearningRate = 1e-3, UseBias = true, Threads = 1 };
            var scalar = new Neuron<float>(columns, 2, options with { Backend = Backend.Scalar });
            var vector = new Neuron<float>(columns, 2, options with { Backend = Backend.Vector, Width = width });
            scalar.Train(x, y, 3);
            vector.Train(x, y, 3);
            TestData.AssertBitwiseEqual(scalar.Weights, vector.Weights, $"{columns} columns at {width}");
            Assert.Equal(TestData.Hex(scalar.Bias), TestData.Hex(vector.Bias));
        }
    }

    [Fact]
    public void Float64FusedEpochsMatchScalarAcrossThreadCounts()
    {
        var random = new Random(9);
        int rows = 9_000, columns = 37;
        double[] x = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] y = Enumerable.Range(0, rows).Select(i => (double)(i % 3 == 0 ? 1 : 0)).ToArray();
        var scalar = new Neuron<double>(columns, 5, new NeuronOptions { Backend = Backend.Scalar, LearningRate = 1e-3 });
        var one = new Neuron<double>(columns, 5, new NeuronOptions { LearningRate = 1e-3, Threads = 1 });
        var two = new Neuron<double>(columns, 5, new NeuronOptions { LearningRate = 1e-3, Threads = 2 });
        scalar.Train(x, y, 3);
        one.Train(x, y, 3);
        two.Train(x, y, 3);
        TestData.AssertBitwiseEqual(scalar.Weights, one.Weights, "1 thread");
        TestData.AssertBitwiseEqual(scalar.Weights, two.Weights, "2 threads");
    }

    [Fact]
    public void TrainingFromAMappedFileIsBitwiseTheInMemoryTraining()
    {
        (float[] x, float[] y) = Data(10_000, 12, 2);
        string path = Path.Combine(Path.GetTempPath(), $"fastneuron-{Guid.NewGuid():N}.fnm");
        try
        {
            MatrixFile.Write<float>(path, x, 12, y);
            var options = new NeuronOptions { LearningRate = 1e-4, UseBias = true };
            var inMemory = new Neuron<float>(12, 4, options);
            inMemory.Train(x, y, 3);
            using var file = MatrixFile.Open(path);
            Assert.Equal(10_000, file.Rows);
            Assert.Equal(12, file.Columns);
            var mapped = new Neuron<float>(12, 4, options);
            mapped.Train(file, 3);
            TestData.AssertBitwiseEqual(inMemory.Weights, mapped.Weights, "mapped vs in-memory");
            Assert.Equal(TestData.Hex(inMemory.Bias), TestData.Hex(mapped.Bias));

            var scalar = new Neuron<float>(12, 4, options with { Backend = Backend.Scalar });
            scalar.Train(x, y, 3);
            TestData.AssertBitwiseEqual(scalar.Weights, mapped.Weights, "mapped vs Scalar");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrainingFromAMappedFileHonoursTheBackend()
    {
        (float[] x, float[] y) = Data(9_000, 7, 5);
        string path = Path.Combine(Path.GetTempPath(), $"fastneuron-{Guid.NewGuid():N}.fnm");
        try
        {
            MatrixFile.Write<float>(path, x, 7, y);
            using var file = MatrixFile.Open(path);
            var options = new NeuronOptions { LearningRate = 1e-3, UseBias = true, Backend = Backend.Scalar };

            // Scalar: the mapped file runs at one lane and gives the in-memory Scalar training's bits.
            var inMemory = new Neuron<float>(7, 6, options);
            inMemory.Train(x, y, 3);
            var mapped = new Neuron<float>(7, 6, options);
            Assert.Equal(VectorWidth.Scalar, mapped.Width);
            mapped.Train(file, 3);
            TestData.AssertBitwiseEqual(inMemory.Weights, mapped.Weights, "Scalar backend, mapped vs in-memory");
            Assert.Equal(TestData.Hex(inMemory.Bias), TestData.Hex(mapped.Bias));

            // TensorPrimitives: refused, naming the backend, and the weights are untouched.
            var tensor = new Neuron<float>(7, 6, options with { Backend = Backend.TensorPrimitives });
            float[] before = tensor.Weights.ToArray();
            var error = Assert.Throws<NotSupportedException>(() => tensor.Train(file, 3));
            Assert.Contains("TensorPrimitives", error.Message);
            TestData.AssertBitwiseEqual<float>(before, tensor.Weights, "refused training");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FusedEpochsAllocateNothing()
    {
        (float[] x, float[] y) = Data(20_000, 16, 3);
        var neuron = new Neuron<float>(16, 1, new NeuronOptions { LearningRate = 1e-5, Threads = 2 });
        neuron.Train(x, y, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        neuron.Train(x, y, 5);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

public class MatrixFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Valid()
    {
        string path = Path.Combine(_folder, "valid.fnm");
        MatrixFile.Write<float>(path, [1, 2, 3, 4, 5, 6], 3, [0, 1]);
        return path;
    }

    private string Variant(string name, Action<byte[]> change)
    {
        byte[] bytes = File.ReadAllBytes(Valid());
        change(bytes);
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void ARoundTripKeepsEveryValue()
    {
        using var file = MatrixFile.Open(Valid());
        Assert.Equal((2L, 3, 4), (file.Rows, file.Columns, file.ElementSize));
        var row = new float[3];
        file.ReadRow(1, row, out float target);
        Assert.Equal([4f, 5, 6], row);
        Assert.Equal(1f, target);
    }

    [Fact]
    public void EveryTruncationIsRejectedNamingTheFile()
    {
        byte[] bytes = File.ReadAllBytes(Valid());
        for (int length = 0; length < bytes.Length; length++)
        {
            string path = Path.Combine(_folder, $"cut{length}.fnm");
            File.WriteAllBytes(path, bytes[..length]);
            var error = Assert.Throws<InvalidDataException>(() => MatrixFile.Open(path));
            Assert.Contains(path, error.Message);
            Assert.True(error.Message.Contains("truncated") || error.Message.Contains("needs"), error.Message);
        }
    }

    [Fact]
    public void BadHeadersNameTheField()
    {
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(Variant("magic.fnm", b => b[0] = (byte)'X'))).Message);
        Assert.Contains("version is 2", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(Variant("version.fnm", b => b[8] = 2))).Message);
        Assert.Contains("element size is 3", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(Variant("type.fnm", b => b[12] = 3))).Message);
        Assert.Contains("rows 3", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(Variant("rows.fnm", b => b[16] = 3))).Message);
        Assert.Contains("columns is 0", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(Variant("columns.fnm", b => b[24] = 0))).Message);
        string huge = Variant("huge.fnm", b => b[23] = 0x0F);
        Assert.Contains("rows", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(huge)).Message);
        string extra = Path.Combine(_folder, "extra.fnm");
        File.WriteAllBytes(extra, [.. File.ReadAllBytes(Valid()), 0]);
        Assert.Contains("needs", Assert.Throws<InvalidDataException>(() => MatrixFile.Open(extra)).Message);
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileIntact()
    {
        string path = Valid();
        byte[] before = File.ReadAllBytes(path);
        Assert.ThrowsAny<ArgumentException>(() => MatrixFile.Write<float>(path, [1, 2, 3], 3, [0, 1]));
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}

/// <summary>
/// Tests that measure the allocations of the threaded epochs run alone: another test class training on the shared
/// chunk workers at the same moment contends for their lock, and the first contention allocates (about 4.7 KB seen
/// once in CI), which is not what those tests measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChunkWorkersAlone
{
    public const string Name = "Chunk workers, alone";
}
