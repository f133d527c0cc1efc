using BenchmarkDotNet.Attributes;
using FastNeuron;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The 64-32-10 network of the references in shared/reference (sigmoid hidden layer, softmax output with
/// cross-entropy, biases) on 1,000 random samples, float32:
/// - one epoch of mini-batch SGD, batch 32, learning rate 0.1 — PyTorch's mlp_torch.py; samples/s = 1,000 / time;
/// - one epoch of full-batch RPROP with a sigmoid output and squared error — FANN's fann_bench.c "mlp";
/// - the batched dense kernels alone: forward and backward over one batch of 32 (Δw, Δb and hidden deltas);
/// - single-sample inference.
/// Scalar is the baseline of each category. Fit allocates its shuffling order, batch buffers and optimizer state once
/// per call (a few KB, in Allocated); the kernels and Think allocate nothing.
/// </summary>
// Twenty warm-up iterations: Fit's loops reach their tier-1, PGO-optimised code only after a few hundred calls.
[WarmupCount(20)]
public class NetworkBenchmarks
{
    private const int Samples = 1000;
    private float[] _x = [];
    private float[] _y = [];
    private readonly float[] _output = new float[10];
    private Network<float> _scalar = null!;
    private Network<float> _vector = null!;
    private Network<float> _rpropScalar = null!;
    private Network<float> _rpropVector = null!;
    private static readonly FitOptions SgdEpoch = new() { Epochs = 1, BatchSize = 32, Optimizer = Optimizer.Sgd, LearningRate = 0.1 };
    private static readonly FitOptions RpropEpoch = new() { Epochs = 1, BatchSize = 0, Optimizer = Optimizer.Rprop };

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _x = Enumerable.Range(0, Samples * 64).Select(_ => (float)random.NextDouble()).ToArray();
        _y = new float[Samples * 10];
        for (int i = 0; i < Samples; i++) _y[i * 10 + random.Next(10)] = 1;
        _scalar = Classifier(Backend.Scalar);
        _vector = Classifier(Backend.Vector);
        _rpropScalar = FannNetwork(Backend.Scalar);
        _rpropVector = FannNetwork(Backend.Vector);
    }

    private static Network<float> Classifier(Backend backend)
        => new([64, 32, 10], [Activation.Sigmoid, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, backend: backend);

    private static Network<float> FannNetwork(Backend backend)
        => new([64, 32, 10], [Activation.Sigmoid, Activation.Sigmoid], useBias: true, scaledInitialization: true, backend: backend);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkSgdEpoch")]
    public int SgdEpoch1000_Scalar() => _scalar.Fit(_x, _y, SgdEpoch);

    [Benchmark, BenchmarkCategory("NetworkSgdEpoch")]
    public int SgdEpoch1000_Vector() => _vector.Fit(_x, _y, SgdEpoch);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkRpropEpoch")]
    public int RpropEpoch1000_Scalar() => _rpropScalar.Fit(_x, _y, RpropEpoch);

    [Benchmark, BenchmarkCategory("NetworkRpropEpoch")]
    public int RpropEpoch1000_Vector() => _rpropVector.Fit(_x, _y, RpropEpoch);

    [Benchmark(Baseline = true), BenchmarkCategory("DenseBatch32")]
    public void DenseKernelsBatch32_Scalar() => _scalar.ComputeGradients(_x.AsSpan(0, 32 * 64), _y.AsSpan(0, 32 * 10), 32);

    [Benchmark, BenchmarkCategory("DenseBatch32")]
    public void DenseKernelsBatch32_Vector() => _vector.ComputeGradients(_x.AsSpan(0, 32 * 64), _y.AsSpan(0, 32 * 10), 32);

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
