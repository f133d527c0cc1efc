using BenchmarkDotNet.Attributes;
using FastNeuron;

namespace FastNeuron.Benchmarks;

/// <summary>
/// A 64-32-10 network (ReLU, softmax, cross-entropy, biases): one epoch of mini-batch SGD (batch 32) over 1,000 random
/// samples — samples per second = 1,000 / time — and single-sample inference. Scalar is the baseline.
/// Fit allocates its shuffling order, batch buffers and optimizer state once per call, which shows in Allocated.
/// </summary>
public class NetworkBenchmarks
{
    private const int Samples = 1000;
    private float[] _x = [];
    private float[] _y = [];
    private readonly float[] _output = new float[10];
    private Network<float> _scalar = null!;
    private Network<float> _vector = null!;
    private static readonly FitOptions OneEpoch = new() { Epochs = 1, BatchSize = 32, Optimizer = Optimizer.Sgd, LearningRate = 0.01 };

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _x = Enumerable.Range(0, Samples * 64).Select(_ => (float)random.NextDouble()).ToArray();
        _y = new float[Samples * 10];
        for (int i = 0; i < Samples; i++) _y[i * 10 + random.Next(10)] = 1;
        _scalar = Create(Backend.Scalar);
        _vector = Create(Backend.Vector);
    }

    private static Network<float> Create(Backend backend)
        => new([64, 32, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, backend: backend);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkEpoch")]
    public int Epoch1000_Scalar() => _scalar.Fit(_x, _y, OneEpoch);

    [Benchmark, BenchmarkCategory("NetworkEpoch")]
    public int Epoch1000_Vector() => _vector.Fit(_x, _y, OneEpoch);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkThink")]
    public float Think_Scalar()
    {
        _scalar.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("NetworkThink")]
    public float Think_Vector()
    {
        _vector.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }
}
