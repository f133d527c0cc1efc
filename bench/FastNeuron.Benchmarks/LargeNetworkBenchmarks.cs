using BenchmarkDotNet.Attributes;
using FastNeuron;

namespace FastNeuron.Benchmarks;

/// <summary>
/// Beyond toy sizes: the 784-256-128-10 network of shared/reference/mlp784_torch.py (ReLU hidden layers, softmax output
/// with cross-entropy, biases), float32, on one thread, and the batch benchmarks again on two (the *_TwoThreads methods:
/// the network's Threads = 2, which splits batches whose forward pass reaches about a million multiply-adds), on
/// random data:
/// - single-sample inference, and a batch of 1,000 rows (also for 64-32-10, against ONNX Runtime's figures);
/// - one epoch of mini-batch SGD, batch 64, over 2,048 samples (PyTorch's loop on 20,000; samples/s = 2,048 / time);
/// - one batch of 64 through the dense kernels alone (forward and backward).
/// Scalar is omitted: at this size it takes seconds per call and says nothing the small networks don't.
/// </summary>
[WarmupCount(5)]
public class LargeNetworkBenchmarks
{
    private const int Rows = 2048;
    private float[] _x = [];
    private float[] _y = [];
    private float[] _small = [];
    private readonly float[] _output = new float[1000 * 10];
    private Network<float> _network = null!;
    private Network<float> _smallNetwork = null!;
    private Network<float> _networkTwoThreads = null!;
    private Network<float> _smallNetworkTwoThreads = null!;
    private static readonly FitOptions SgdEpoch = new() { Epochs = 1, BatchSize = 64, Optimizer = Optimizer.Sgd, LearningRate = 0.01 };

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _x = Enumerable.Range(0, Rows * 784).Select(_ => (float)random.NextDouble()).ToArray();
        _small = Enumerable.Range(0, 1000 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        _network = new([784, 256, 128, 10], [Activation.Relu, Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy,
            scaledInitialization: true) { Threads = 1 };
        _smallNetwork = new([64, 32, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = 1 };
        _networkTwoThreads = new([784, 256, 128, 10], [Activation.Relu, Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy,
            scaledInitialization: true) { Threads = 2 };
        _smallNetworkTwoThreads = new([64, 32, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true) { Threads = 2 };
        _y = _network.OneHot(Enumerable.Range(0, Rows).Select(_ => random.Next(10)).ToArray());
    }

    [Benchmark, BenchmarkCategory("Mlp784Think1")]
    public float Mlp784_ThinkOne()
    {
        _network.Think(_x.AsSpan(0, 784), _output.AsSpan(0, 10));
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("Mlp784Think1000")]
    public float Mlp784_ThinkBatch1000()
    {
        _network.Think(_x.AsSpan(0, 1000 * 784), _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("Mlp784SgdEpoch")]
    public int Mlp784_SgdEpoch2048() => _network.Fit(_x, _y, SgdEpoch);

    [Benchmark, BenchmarkCategory("Mlp784Batch64")]
    public void Mlp784_DenseKernelsBatch64() => _network.ComputeGradients(_x.AsSpan(0, 64 * 784), _y.AsSpan(0, 64 * 10), 64);

    [Benchmark, BenchmarkCategory("Mlp64Think1000")]
    public float Mlp64_ThinkBatch1000()
    {
        _smallNetwork.Think(_small, _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("Mlp784Think1000")]
    public float Mlp784_ThinkBatch1000_TwoThreads()
    {
        _networkTwoThreads.Think(_x.AsSpan(0, 1000 * 784), _output);
        return _output[0];
    }

    [Benchmark, BenchmarkCategory("Mlp784SgdEpoch")]
    public int Mlp784_SgdEpoch2048_TwoThreads() => _networkTwoThreads.Fit(_x, _y, SgdEpoch);

    [Benchmark, BenchmarkCategory("Mlp784Batch64")]
    public void Mlp784_DenseKernelsBatch64_TwoThreads() => _networkTwoThreads.ComputeGradients(_x.AsSpan(0, 64 * 784), _y.AsSpan(0, 64 * 10), 64);

    [Benchmark, BenchmarkCategory("Mlp64Think1000")]
    public float Mlp64_ThinkBatch1000_TwoThreads()
    {
        _smallNetworkTwoThreads.Think(_small, _output);
        return _output[0];
    }
}
