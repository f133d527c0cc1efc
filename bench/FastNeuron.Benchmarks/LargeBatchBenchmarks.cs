using BenchmarkDotNet.Attributes;
using FastNeuron;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Benchmarks;

/// <summary>
/// One full-batch epoch of a float32 neuron on large data: the Scalar backend's textbook two-pass epoch (the
/// baseline), the Vector backend's fused single-pass epoch on 1 and 2 threads, and, in the same run, the time to
/// merely read X once (a vectorised sum), which bounds any epoch from below.
/// </summary>
public unsafe class LargeBatchBenchmarks
{
    private float[] _x = [];
    private float[] _y = [];
    private Neuron<float> _scalar = null!;
    private Neuron<float> _oneThread = null!;
    private Neuron<float> _twoThreads = null!;

    [Params("1000000x64", "100000x16", "4096x256")]
    public string Shape { get; set; } = "";

    private int Rows { get; set; }
    private int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Rows = int.Parse(Shape.Split('x')[0]);
        Columns = int.Parse(Shape.Split('x')[1]);
        var random = new Random(7);
        _x = new float[(long)Rows * Columns is var n && n < int.MaxValue ? (int)n : throw new InvalidOperationException()];
        for (int i = 0; i < _x.Length; i++) _x[i] = (float)(random.NextDouble() * 2 - 1);
        _y = new float[Rows];
        for (int i = 0; i < Rows; i++) _y[i] = _x[i * Columns] > 0 ? 1 : 0;
        var options = new NeuronOptions { LearningRate = 0.5 / Rows };
        _scalar = new Neuron<float>(Columns, 1, options with { Backend = Backend.Scalar });
        _oneThread = new Neuron<float>(Columns, 1, options with { Threads = 1 });
        _twoThreads = new Neuron<float>(Columns, 1, options with { Threads = 2 });
        _scalar.Train(_x, _y, 1);
        _oneThread.Train(_x, _y, 1);
        _twoThreads.Train(_x, _y, 1);
    }

    [Benchmark(Baseline = true)]
    public void Epoch_Scalar() => _scalar.Train(_x, _y, 1);

    [Benchmark]
    public void FusedEpoch_Vector_1Thread() => Epoch(_oneThread);

    [Benchmark]
    public void FusedEpoch_Vector_2Threads() => Epoch(_twoThreads);

    /// <summary>Reading X once and nothing else: the floor for any epoch.</summary>
    [Benchmark]
    public float ReadXOnce() => Tensor.Sum(_x);

    private void Epoch(Neuron<float> neuron)
    {
        // The epoch itself, without Train's one-off scan of the data for non-finite values.
        fixed (float* x = _x)
        fixed (float* y = _y)
        {
            neuron.TrainFused(x, y, Rows, 1);
        }
    }
}
