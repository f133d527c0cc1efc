using BenchmarkDotNet.Attributes;
using FastNeuron;
using Tensor = System.Numerics.Tensors.TensorPrimitives;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The neuron's kernels, float32, per backend; Scalar is each category's baseline. Gradient and update use the
/// length as the number of columns of a 64-row batch (the gradient) or of the weight vector (the update). Each length
/// runs with the arrays in several <see cref="ArrayPlacement"/>s, because where they start decides how many loads and
/// stores straddle two cache lines: one lucky or unlucky pair of arrays would say little.
/// </summary>
public class KernelBenchmarks
{
    private ArraySegment<float> _x = [];
    private ArraySegment<float> _w = [];
    private ArraySegment<float> _destination = [];
    private ArraySegment<float> _batch = [];
    private float[] _deltas = [];
    private const int GradientRows = 64;

    /// <summary>4, 64, 4,096 and 1,000,000, or the comma-separated FASTNEURON_BENCH_LENGTHS (bench/run-cpu.sh narrows the ISA runs).</summary>
    public static IEnumerable<int> Lengths =>
        Environment.GetEnvironmentVariable("FASTNEURON_BENCH_LENGTHS") is { Length: > 0 } lengths
            ? lengths.Split(',').Select(int.Parse)
            : [4, 64, 4096, 1_000_000];

    /// <summary>Every placement, or the comma-separated FASTNEURON_BENCH_PLACEMENTS (for example <c>Ordinary</c>).</summary>
    public static IEnumerable<ArrayPlacement> Placements =>
        Environment.GetEnvironmentVariable("FASTNEURON_BENCH_PLACEMENTS") is { Length: > 0 } placements
            ? placements.Split(',').Select(Enum.Parse<ArrayPlacement>)
            : Enum.GetValues<ArrayPlacement>();

    [ParamsSource(nameof(Lengths))]
    public int Length { get; set; }

    [ParamsSource(nameof(Placements))]
    public ArrayPlacement Placement { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        // Allocated in this order, with these offsets past a 64-byte boundary under Misaligned: no two alike.
        _x = Place(Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 8 - 4)), Length, 4);
        _w = Place(Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5)), Length, 36);
        _destination = Place([], Length, 20);
        _deltas = Enumerable.Range(0, GradientRows).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _batch = Length <= 4096 ? Place(Enumerable.Range(0, GradientRows * Length).Select(_ => (float)(random.NextDouble() - 0.5)), GradientRows * Length, 52) : [];
    }

    /// <summary>
    /// <paramref name="length"/> floats holding <paramref name="values"/> (zeros if none): an ordinary array, or a slice of a
    /// pinned one starting on a 64-byte boundary, or <paramref name="misalignedBytes"/> past one.
    /// </summary>
    private unsafe ArraySegment<float> Place(IEnumerable<float> values, int length, int misalignedBytes)
    {
        if (Placement == ArrayPlacement.Ordinary)
        {
            float[] array = new float[length];
            values.Take(length).ToArray().CopyTo(array, 0);
            return array;
        }
        float[] pinned = GC.AllocateArray<float>(length + 32, pinned: true);
        int toBoundary;
        fixed (float* start = pinned)
        {
            toBoundary = (int)((64 - (nuint)start % 64) % 64) / sizeof(float);
        }
        int offset = toBoundary + (Placement == ArrayPlacement.Misaligned ? misalignedBytes / sizeof(float) : 0);
        var segment = new ArraySegment<float>(pinned, offset, length);
        values.Take(length).ToArray().AsSpan().CopyTo(segment.AsSpan());
        return segment;
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
        for (int i = 0; i < _deltas.Length && _batch.Count > 0; i++)
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
        if (_batch.Count > 0)
        {
            NeuronKernels.Gradient<float>(_batch, _deltas, _destination, width);
        }
    }
}

/// <summary>Where a benchmark's arrays start in memory.</summary>
public enum ArrayPlacement
{
    /// <summary>Ordinary arrays, allocated one after another: wherever the GC puts them (16 bytes past a 64-byte boundary, often).</summary>
    Ordinary,

    /// <summary>Every array on a 64-byte boundary: no vector load or store straddles two cache lines.</summary>
    Aligned,

    /// <summary>Every array 4 to 52 bytes past a 64-byte boundary, no two the same: aligning one array leaves the others straddling.</summary>
    Misaligned,
}
