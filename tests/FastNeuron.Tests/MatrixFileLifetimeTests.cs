namespace FastNeuron.Tests;

/// <summary>
/// Issue 13, item 5: a mapped matrix file never kills the process. A file truncated after <see cref="MatrixFile.Open"/>
/// fails with an <see cref="InvalidDataException"/> naming it at the next epoch start, and Dispose on another thread
/// while a neuron trains on it raises <see cref="ObjectDisposedException"/> in the trainer, the memory staying mapped
/// until the trainer has stopped. Before, both read unmapped memory and the test host died (SIGBUS, exit 134).
/// </summary>
public sealed class MatrixFileLifetimeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fastneuron-{Guid.NewGuid():N}.fnm");

    public void Dispose() => File.Delete(_path);

    private void WriteFile(int rows, int columns)
    {
        var random = new Random(5);
        float[] x = Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble()).ToArray();
        float[] y = Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray();
        MatrixFile.Write<float>(_path, x, columns, y);
    }

    [Fact]
    public void AFileTruncatedAfterOpenFailsNamingIt()
    {
        WriteFile(50_000, 8);
        using var file = MatrixFile.Open(_path);
        using (var writer = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            writer.SetLength(MatrixFile.HeaderSize + 4096);
        }
        var neuron = new Neuron<float>(8, 1, new NeuronOptions { LearningRate = 1e-4 });
        var error = Assert.Throws<InvalidDataException>(() => neuron.Train(file, 2));
        Assert.Contains(_path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Throws<InvalidDataException>(() => file.ReadRow(49_999, new float[8], out _));
    }

    [Fact]
    public void DisposeWhileTrainingRaisesObjectDisposedExceptionInTheTrainer()
    {
        WriteFile(20_000, 16);
        var file = MatrixFile.Open(_path);
        var neuron = new Neuron<float>(16, 1, new NeuronOptions { LearningRate = 1e-6, Threads = 1 });
        Exception? thrown = null;
        var trainer = new Thread(() =>
        {
            try
            {
                neuron.Train(file, int.MaxValue);
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });
        trainer.Start();
        Thread.Sleep(300);
        file.Dispose();
        Assert.True(trainer.Join(TimeSpan.FromSeconds(60)), "the trainer did not stop after Dispose");
        Assert.IsType<ObjectDisposedException>(thrown);
        if (OperatingSystem.IsLinux())
        {
            Assert.DoesNotContain(_path, File.ReadAllText("/proc/self/maps"));
        }
        Assert.Throws<ObjectDisposedException>(() => neuron.Train(file, 1));
        Assert.All(neuron.Weights.ToArray(), w => Assert.True(float.IsFinite(w)));
    }
}
