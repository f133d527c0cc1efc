using BenchmarkDotNet.Attributes;
using FastNeuron;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Benchmarks;

/// <summary>The sigmoid and weighted-sum kernels, float32, per backend; Scalar is each category's baseline.</summary>
public class KernelBenchmarks
{
    private float[] _x = [];
    private float[] _w = [];
    private float[] _destination = [];

    [Params(4, 64, 4096, 1_000_000)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        _w = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _destination = new float[Length];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Sigmoid")]
    public void Sigmoid_Scalar() => NeuronKernels.Sigmoid<float>(_x, _destination, VectorWidth.Scalar);

    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void Sigmoid_Vector() => NeuronKernels.Sigmoid<float>(_x, _destination);

    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void Sigmoid_TensorPrimitives() => Tensor.Sigmoid(_x, _destination);

    [Benchmark(Baseline = true), BenchmarkCategory("WeightedSum")]
    public float WeightedSum_Scalar() => NeuronKernels.WeightedSum<float>(_x, _w, VectorWidth.Scalar);

    [Benchmark, BenchmarkCategory("WeightedSum")]
    public float WeightedSum_Vector() => NeuronKernels.WeightedSum<float>(_x, _w);

    [Benchmark, BenchmarkCategory("WeightedSum")]
    public float WeightedSum_TensorPrimitives() => Tensor.Dot(_x, _w);
}
