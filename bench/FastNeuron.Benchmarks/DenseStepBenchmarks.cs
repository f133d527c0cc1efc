using BenchmarkDotNet.Attributes;
using FastNeuron.Kernels.Dense;

namespace FastNeuron.Benchmarks;

/// <summary>
/// Where a training step of 784-256-128-10 (batch of 64, float32, one thread, the native width) spends its time: each
/// kernel of <c>LargeNetworkBenchmarks.Mlp784_DenseKernelsBatch64</c> on its own, at the step's shapes. The
/// multiply-adds per call are in the names' comments; at two 16-lane FMAs per cycle one core does 32 per cycle.
/// </summary>
[WarmupCount(5)]
public class DenseStepBenchmarks
{
    private const int Rows = 64;
    private readonly float[] _x = new float[Rows * 784];
    private readonly float[] _z0 = new float[Rows * 256];
    private readonly float[] _d0 = new float[Rows * 256];
    private readonly float[] _d1 = new float[Rows * 128];
    private readonly float[] _w0 = new float[784 * 256];
    private readonly float[] _w1 = new float[256 * 128];
    private readonly float[] _transposed1 = new float[128 * 256];
    private readonly float[] _g0 = new float[784 * 256];
    private readonly float[] _bias = new float[256];
    private readonly float[] _d10 = new float[Rows * 16];
    private readonly float[] _g10 = new float[100 * 16];
    private readonly VectorWidth _width = VectorWidths.Best;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        foreach (float[] a in new[] { _x, _z0, _d0, _d1, _w0, _w1, _bias })
        {
            for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() - 0.5);
        }
        for (int i = 0; i < _z0.Length; i++) _z0[i] = Math.Abs(_z0[i]);
        for (int i = 0; i < Rows; i++)
        {
            for (int o = 0; o < 10; o++) _d10[i * 16 + o] = (float)(random.NextDouble() - 0.5);   // lanes 10-15: padding, 0
        }
        WeightTranspose.Invoke<float>(_w1, 256, 128, 128, _transposed1, 256);
    }

    /// <summary>Layer 0's weights into panels (784 × 256, 800 KB): the blocked forward pass does it once per call.</summary>
    [Benchmark]
    public void PackWeights784x256() => DenseKernels.PackWeights<float>(_w0, 784, 256, 0);

    /// <summary>Layer 0's forward pass, packing included: 12.8 M multiply-adds.</summary>
    [Benchmark]
    public void Forward784x256() => DenseKernels.Forward<float>(_x, 784, Rows, 784, _w0, 256, _bias, true, _z0, _width);

    /// <summary>Layer 1's weights transposed for the backward pass (256 × 128).</summary>
    [Benchmark]
    public void TransposeWeights256x128() => WeightTranspose.Invoke<float>(_w1, 256, 128, 128, _transposed1, 256);

    /// <summary>Layer 0's deltas from layer 1's: 2.1 M multiply-adds.</summary>
    [Benchmark]
    public void HiddenDelta256From128() => DenseKernels.HiddenDelta<float>(Activation.Relu, _d1, 128, 128, _transposed1, 256, _z0, _d0, Rows, _width);

    /// <summary>Layer 0's Δw = xᵀδ: 12.8 M multiply-adds.</summary>
    [Benchmark]
    public void WeightGradient784x256() => DenseKernels.WeightGradient<float>(_x, 784, 784, _d0, 256, Rows, _g0, _bias, true, _width);

    /// <summary>
    /// Not a layer of 784-256-128-10: the output layer of a 784-100-10 network (10 units, one vector of 16 lanes), whose
    /// 100 inputs are not a multiple of the per-vector loop's 8: Δw for 100 inputs from the first 100 columns of
    /// <c>_z0</c>: 64,000 multiply-adds (102,400 lanes with the padding), the last four inputs' the leftovers.
    /// </summary>
    [Benchmark]
    public void WeightGradient100x10() => DenseKernels.WeightGradient<float>(_z0, 256, 100, _d10, 16, Rows, _g10, _bias, true, _width);
}
