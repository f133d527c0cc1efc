using BenchmarkDotNet.Attributes;
using FastNeuron;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The 64-32-10 network of the references in shared/reference (sigmoid hidden layer, softmax output with
/// cross-entropy, biases) on 1,000 random samples, float32:
/// - ten epochs of mini-batch SGD, batch 32, learning rate 0.1 — PyTorch's mlp_torch.py; samples/s = 10,000 / time
///   (ten epochs per call, like the references' timed loops, so that Fit's once-per-call setup does not dominate);
/// - ten epochs of full-batch RPROP with a sigmoid output and squared error — FANN's fann_bench.c "mlp";
/// - the batched dense kernels alone: forward and backward over one batch of 32 (Δw, Δb and hidden deltas);
/// - single-sample inference of the same module PyTorch times (Linear, Sigmoid, Linear: logits out), and of the
///   classifier with its softmax.
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
    private Network<float> _rpropVectorOneThread = null!;
    private Network<float> _logitsScalar = null!;
    private Network<float> _logitsVector = null!;
    private static readonly FitOptions SgdEpochs = new() { Epochs = 10, BatchSize = 32, Optimizer = Optimizer.Sgd, LearningRate = 0.1 };
    private static readonly FitOptions RpropEpochs = new() { Epochs = 10, BatchSize = 0, Optimizer = Optimizer.Rprop };

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
        _rpropVectorOneThread = FannNetwork(Backend.Vector);
        _rpropVectorOneThread.Threads = 1;
        _logitsScalar = new([64, 32, 10], [Activation.Sigmoid, Activation.Linear], useBias: true, scaledInitialization: true, backend: Backend.Scalar);
        _logitsVector = new([64, 32, 10], [Activation.Sigmoid, Activation.Linear], useBias: true, scaledInitialization: true, backend: Backend.Vector);
    }

    private static Network<float> Classifier(Backend backend)
        => new([64, 32, 10], [Activation.Sigmoid, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, backend: backend);

    private static Network<float> FannNetwork(Backend backend)
        => new([64, 32, 10], [Activation.Sigmoid, Activation.Sigmoid], useBias: true, scaledInitialization: true, backend: backend);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkSgdEpochs")]
    public int SgdTenEpochs_Scalar() => _scalar.Fit(_x, _y, SgdEpochs);

    [Benchmark, BenchmarkCategory("NetworkSgdEpochs")]
    public int SgdTenEpochs_Vector() => _vector.Fit(_x, _y, SgdEpochs);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkRpropEpochs")]
    public int RpropTenEpochs_Scalar() => _rpropScalar.Fit(_x, _y, RpropEpochs);

    [Benchmark, BenchmarkCategory("NetworkRpropEpochs")]
    public int RpropTenEpochs_Vector() => _rpropVector.Fit(_x, _y, RpropEpochs);

    /// <summary>
    /// The same on one thread, as FANN runs. The full batch of 1,000 rows is big enough that the default (every core)
    /// splits it; on the 2-vCPU VM that split's figure swings between processes of the same build, in streaks of
    /// consecutive processes that slow both threads at once (the host's, not the process's), while one thread stays
    /// steady: docs/benchmarks/amd-epyc-avx512-2core/NOTES.md, eighth session.
    /// </summary>
    [Benchmark, BenchmarkCategory("NetworkRpropEpochs")]
    public int RpropTenEpochs_Vector1Thread() => _rpropVectorOneThread.Fit(_x, _y, RpropEpochs);

    private float[] _bigX = [];
    private float[] _bigY = [];
    private Network<float> _bigScalar = null!;
    private Network<float> _bigOneThread = null!;
    private Network<float> _bigTwoThreads = null!;

    [GlobalSetup(Targets = [nameof(FullBatch65536_Scalar), nameof(FullBatch65536_Vector1Thread), nameof(FullBatch65536_Vector2Threads)])]
    public void SetupFullBatch()
    {
        var random = new Random(6);
        _bigX = Enumerable.Range(0, 65_536 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        _bigScalar = FannNetwork(Backend.Scalar);
        _bigScalar.Threads = 1;
        _bigOneThread = FannNetwork(Backend.Vector);
        _bigOneThread.Threads = 1;
        _bigTwoThreads = FannNetwork(Backend.Vector);
        _bigTwoThreads.Threads = 2;
        _bigY = _bigOneThread.OneHot(Enumerable.Range(0, 65_536).Select(_ => random.Next(10)).ToArray());
    }

    /// <summary>One full-batch iteration (forward, backward, update) over 65,536 rows: the threaded chunk path.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("NetworkFullBatch65536")]
    public void FullBatch65536_Scalar() => _bigScalar.Train(_bigX, _bigY, 1);

    [Benchmark, BenchmarkCategory("NetworkFullBatch65536")]
    public void FullBatch65536_Vector1Thread() => _bigOneThread.Train(_bigX, _bigY, 1);

    [Benchmark, BenchmarkCategory("NetworkFullBatch65536")]
    public void FullBatch65536_Vector2Threads() => _bigTwoThreads.Train(_bigX, _bigY, 1);

    [Benchmark(Baseline = true), BenchmarkCategory("DenseBatch32")]
    public void DenseKernelsBatch32_Scalar() => _scalar.ComputeGradients(_x.AsSpan(0, 32 * 64), _y.AsSpan(0, 32 * 10), 32);

    [Benchmark, BenchmarkCategory("DenseBatch32")]
    public void DenseKernelsBatch32_Vector() => _vector.ComputeGradients(_x.AsSpan(0, 32 * 64), _y.AsSpan(0, 32 * 10), 32);

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkThink")]
    public float Think_Scalar()
    {
        _logitsScalar.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("NetworkThink")]
    public float Think_Vector()
    {
        _logitsVector.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("NetworkThinkSoftmax")]
    public float ThinkSoftmax_Scalar()
    {
        _scalar.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("NetworkThinkSoftmax")]
    public float ThinkSoftmax_Vector()
    {
        _vector.Think(_x.AsSpan(0, 64), _output);
        return _output[0];
    }
}
