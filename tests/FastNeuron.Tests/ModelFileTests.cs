using System.Buffers.Binary;
using System.IO.Hashing;

namespace FastNeuron.Tests;

/// <summary>Network.Save/Load: bit-exact round trips, atomic saves, and a clear rejection of every damaged file.</summary>
public class ModelFileTests
{
    private static Network<float> Trained()
    {
        var random = new Random(4);
        int rows = 60;
        float[] x = Enumerable.Range(0, rows * 13).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var network = new Network<float>([new DenseLayer(13, 9, Activation.Tanh), new DenseLayer(9, 3, Activation.Softmax)], loss: Loss.CrossEntropy);
        (double[] means, double[] scales) = ModelMetadata.Standardisation<float>(x, 13);
        network.Metadata = new ModelMetadata
        {
            FeatureNames = Enumerable.Range(0, 13).Select(j => $"feature {j} ü").ToArray(),
            TargetName = "class",
            ClassLabels = ["setosa", "versicolor", "virginica"],
            Means = means,
            Scales = scales,
        };
        var standardised = new float[x.Length];
        network.Standardise(x, standardised);
        network.Fit(standardised, network.OneHot(Enumerable.Range(0, rows).Select(i => i % 3).ToArray()), new FitOptions { Epochs = 3 });
        return network;
    }

    internal static byte[] Bytes<T>(Network<T> network)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void ARoundTripIsBitExact()
    {
        Network<float> network = Trained();
        Network<float> loaded = Network<float>.Load(new MemoryStream(Bytes(network)));
        Assert.Equal(network.Sizes, loaded.Sizes);
        Assert.Equal(network.Loss, loaded.Loss);
        Assert.Equal(network.UseBias, loaded.UseBias);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(network.ActivationOf(l), loaded.ActivationOf(l));
            TestData.AssertBitwiseEqual<float>(network.Weights(l), loaded.Weights(l), $"layer {l} weights");
            TestData.AssertBitwiseEqual<float>(network.Biases(l), loaded.Biases(l), $"layer {l} biases");
        }
        Assert.Equal(network.Metadata.FeatureNames, loaded.Metadata.FeatureNames);
        Assert.Equal(network.Metadata.ClassLabels, loaded.Metadata.ClassLabels);
        Assert.Equal("class", loaded.Metadata.TargetName);
        Assert.Equal(network.Metadata.Means, loaded.Metadata.Means);
        Assert.Equal(network.Metadata.Scales, loaded.Metadata.Scales);
        float[] raw = Enumerable.Range(0, 5 * 13).Select(i => i * 0.1f - 3).ToArray();
        float[] expected = new float[15], actual = new float[15];
        network.Predict(raw, expected);
        loaded.Predict(raw, actual);
        TestData.AssertBitwiseEqual<float>(expected, actual, "predictions");
        Assert.Equal(Bytes(network), Bytes(loaded));

        var doubles = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        doubles.Train([0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1], [0, 1, 1, 0], 100);
        Network<double> back = Network<double>.Load(new MemoryStream(Bytes(doubles)));
        TestData.AssertBitwiseEqual<double>(doubles.Weights(0), back.Weights(0), "float64 layer 0");
        Assert.False(back.UseBias);
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        byte[] file = Bytes(Trained());
        for (int length = 0; length < file.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream(file, 0, length)));
            Assert.StartsWith("model stream: ", error.Message);
        }
    }

    [Fact]
    public void RandomCorruptionsAreRejected()
    {
        byte[] file = Bytes(Trained());
        var random = new Random(9);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] damaged = (byte[])file.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++) damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            if (damaged.AsSpan().SequenceEqual(file)) continue;   // two flips of one bit cancel
            Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream(damaged)));
        }
    }

    [Fact]
    public void UnknownVersionsAndLyingHeadersAreRejectedWithoutHugeAllocations()
    {
        byte[] file = Bytes(Trained());
        byte[] version = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(version.AsSpan(8), 3);   // version 2 holds several targets' names and their standardisation
        Assert.Contains("version 3", Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream(version))).Message);

        // Headers that lie, with a checksum recomputed so that only the sizes are wrong.
        Assert.Contains("layer count is 1048576", Rejected(file, 24, 1 << 20));
        Assert.Contains("input count is 0", Rejected(file, 28, 0));
        Assert.Contains("needs", Rejected(file, 32, 1 << 24));          // layer 0 with 16M units: sizes, not bytes, say no
        Assert.Contains("activation is 99", Rejected(file, 36, 99));
        Assert.Contains("element size is 2", Rejected(file, 12, 2));
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream([]))).Message);
        Assert.Contains("not a FastNeuron model", Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream("hello, world"u8.ToArray()))).Message);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejected(file, 32, 1 << 24);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * file.Length + 100_000, "a lying header made Load allocate");
    }

    private static string Rejected(byte[] file, int offset, int value)
    {
        byte[] lying = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(lying.AsSpan(offset), value);
        BinaryPrimitives.WriteUInt64LittleEndian(lying.AsSpan(lying.Length - 8), Crc64.HashToUInt64(lying.AsSpan(0, lying.Length - 8)));
        return Assert.Throws<InvalidDataException>(() => Network<float>.Load(new MemoryStream(lying))).Message;
    }

    [Fact]
    public void SavingIsAtomicAndAFailedSaveKeepsTheOldFile()
    {
        string folder = Directory.CreateTempSubdirectory("fastneuron-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.fnn");
            Network<float> network = Trained();
            network.Save(path);
            byte[] saved = File.ReadAllBytes(path);
            Assert.Equal(Bytes(network), saved);
            Assert.Equal(Bytes(network), Bytes(Network<float>.Load(path)));

            var bad = new Network<float>([2, 2], [Activation.Softmax], loss: Loss.CrossEntropy)
            {
                Metadata = new ModelMetadata { ClassLabels = [new string('x', 5000), "b"] },
            };
            Assert.Throws<ArgumentException>(() => bad.Save(path));
            Assert.Equal(saved, File.ReadAllBytes(path));
            Assert.Throws<DirectoryNotFoundException>(() => network.Save(Path.Combine(folder, "missing", "model.fnn")));
            Assert.Equal(["model.fnn"], Directory.GetFiles(folder).Select(Path.GetFileName));
            var missing = Assert.Throws<FileNotFoundException>(() => Network<float>.Load(Path.Combine(folder, "nope.fnn")));
            Assert.Contains("nope.fnn", missing.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
