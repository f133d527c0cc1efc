using BenchmarkDotNet.Attributes;
using FastNeuron;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The neuron's kernels, float32, per backend; Scalar is each category's baseline. Gradient and update use the
/// length as the number of columns of a 64-row batch (the gradient) or of the weight vector (the update).
/// </summary>
public class KernelBenchmarks
{
    private float[] _x = [];
    private float[] _w = [];
    private float[] _destination = [];
    private float[] _batch = [];
    private float[] _deltas = [];
    private const int GradientRows = 64;

    /// <summary>4, 64, 4,096 and 1,000,000, or the comma-separated FASTNEURON_BENCH_LENGTHS (bench/run-cpu.sh narrows the ISA runs).</summary>
    public static IEnumerable<int> Lengths =>
        Environment.GetEnvironmentVariable("FASTNEURON_BENCH_LENGTHS") is { Length: > 0 } lengths
            ? lengths.Split(',').Select(int.Parse)
            : [4, 64, 4096, 1_000_000];

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        _w = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _destination = new float[Length];
        _deltas = Enumerable.Range(0, GradientRows).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _batch = Length <= 4096 ? Enumerable.Range(0, GradientRows * Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray() : [];
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

    [Benchmark(Baseline = true), BenchmarkCategory("Gradient")]
    public void Gradient_Scalar() => GradientAt(VectorWidth.Scalar);

    [Benchmark, BenchmarkCategory("Gradient")]
    public void Gradient_Vector() => GradientAt(null);

    [Benchmark, BenchmarkCategory("Gradient")]
    public void Gradient_TensorPrimitives()
    {
        // What a TensorPrimitives user writes: one fused multiply-add of a row into g per row.
        Span<float> g = _destination;
        g.Clear();
        for (int i = 0; i < _deltas.Length && _batch.Length > 0; i++)
        {
            Tensor.FusedMultiplyAdd(_batch.AsSpan(i * Length, Length), _deltas[i], g, g);
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Update")]
    public void Update_Scalar() => NeuronKernels.UpdateWeights<float>(_w, _x, 0.1f, _destination, VectorWidth.Scalar);

    [Benchmark, BenchmarkCategory("Update")]
    public void Update_Vector() => NeuronKernels.UpdateWeights<float>(_w, _x, 0.1f, _destination);

    [Benchmark, BenchmarkCategory("Update")]
    public void Update_TensorPrimitives() => Tensor.MultiplyAdd(_x, 0.1f, _w, _destination);

    private void GradientAt(VectorWidth? width)
    {
        // 64 rows × Length columns; at 1,000,000 columns the batch would be 256 MB, so that length is skipped.
        if (_batch.Length > 0)
        {
            NeuronKernels.Gradient<float>(_batch, _deltas, _destination, width);
        }
    }
}
