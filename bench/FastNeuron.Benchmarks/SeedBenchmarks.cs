using BenchmarkDotNet.Attributes;
using FastNeuron;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The whole seed training (4 × 3, 10,000 iterations) per backend and type, from seed 1 each time; Scalar is
/// the baseline. The constructor's few hundred bytes show in Allocated; the iterations allocate nothing.
/// </summary>
public class SeedTrainingBenchmarks
{
    private static readonly float[] X32 = [0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1];
    private static readonly float[] Y32 = [0, 1, 1, 0];
    private static readonly double[] X64 = [0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1];
    private static readonly double[] Y64 = [0, 1, 1, 0];

    [Benchmark(Baseline = true), BenchmarkCategory("SeedTraining32")]
    public float Float32_Scalar() => Train32(Backend.Scalar);

    [Benchmark, BenchmarkCategory("SeedTraining32")]
    public float Float32_Vector() => Train32(Backend.Vector);

    [Benchmark, BenchmarkCategory("SeedTraining32")]
    public float Float32_TensorPrimitives() => Train32(Backend.TensorPrimitives);

    [Benchmark(Baseline = true), BenchmarkCategory("SeedTraining64")]
    public double Float64_Scalar() => Train64(Backend.Scalar);

    [Benchmark, BenchmarkCategory("SeedTraining64")]
    public double Float64_Vector() => Train64(Backend.Vector);

    [Benchmark, BenchmarkCategory("SeedTraining64")]
    public double Float64_TensorPrimitives() => Train64(Backend.TensorPrimitives);

    private static float Train32(Backend backend)
    {
        var neuron = new Neuron<float>(3, 1, new NeuronOptions { Backend = backend });
        neuron.Train(X32, Y32, 10_000);
        return neuron.Weights[0];
    }

    private static double Train64(Backend backend)
    {
        var neuron = new Neuron<double>(3, 1, new NeuronOptions { Backend = backend });
        neuron.Train(X64, Y64, 10_000);
        return neuron.Weights[0];
    }
}

/// <summary>Single-sample Think of the trained 3-input seed neuron, and one training iteration: both allocate 0 bytes.</summary>
public class ThinkBenchmarks
{
    private static readonly float[] X32 = [0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1];
    private static readonly float[] Y32 = [0, 1, 1, 0];
    private readonly float[] _sample = [1, 0, 0];
    private readonly Neuron<float> _scalar = Trained(Backend.Scalar);
    private readonly Neuron<float> _vector = Trained(Backend.Vector);
    private readonly Neuron<float> _tensorPrimitives = Trained(Backend.TensorPrimitives);

    [Benchmark(Baseline = true), BenchmarkCategory("Think")]
    public float Think_Scalar() => _scalar.Think(_sample);

    [Benchmark, BenchmarkCategory("Think")]
    public float Think_Vector() => _vector.Think(_sample);

    [Benchmark, BenchmarkCategory("Think")]
    public float Think_TensorPrimitives() => _tensorPrimitives.Think(_sample);

    [Benchmark(Baseline = true), BenchmarkCategory("TrainingIteration")]
    public void Iteration_Scalar() => _scalar.Train(X32, Y32, 1);

    [Benchmark, BenchmarkCategory("TrainingIteration")]
    public void Iteration_Vector() => _vector.Train(X32, Y32, 1);

    [Benchmark, BenchmarkCategory("TrainingIteration")]
    public void Iteration_TensorPrimitives() => _tensorPrimitives.Train(X32, Y32, 1);

    private static Neuron<float> Trained(Backend backend)
    {
        var neuron = new Neuron<float>(3, 1, new NeuronOptions { Backend = backend });
        neuron.Train(X32, Y32, 10_000);
        return neuron;
    }
}
