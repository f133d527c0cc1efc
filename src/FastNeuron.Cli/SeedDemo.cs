using System.Diagnostics;
using System.Globalization;

namespace FastNeuron.Cli;

/// <summary>The seed program, on FastNeuron: its exact lines, then what ran, the bitwise check and the time.</summary>
internal static class SeedDemo
{
    public static readonly double[,] Inputs = { { 0, 0, 1 }, { 1, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 } };
    public static readonly double[] Outputs = [0, 1, 1, 0];
    public const int Iterations = 10_000;

    public static int Run(Backend backend, TextWriter output)
    {
        var options = new NeuronOptions { Backend = backend };
        var neuron = new Neuron<double>(3, seed: 1, options);
        output.WriteLine("Random starting synaptic weights: ");
        output.WriteLine(NumpyFormat.Column(neuron.Weights.ToArray()));
        neuron.Train(Inputs, Outputs, Iterations);
        output.WriteLine("New synaptic weights after training: ");
        output.WriteLine(NumpyFormat.Column(neuron.Weights.ToArray()));
        output.WriteLine("Considering new situation [1, 0, 0] -> ?: ");
        output.WriteLine(NumpyFormat.Vector([neuron.Think([1.0, 0, 0])]));
        output.WriteLine();

        // The seed's multi-layer follow-up: 3-4-1 sigmoid, XOR of the first two inputs, 60,000 iterations.
        var network = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], backend: backend);
        network.Train([0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0], [0, 1, 1, 1, 1, 0, 0], 60_000);
        var answer = new double[1];
        network.Think([1.0, 1, 0], answer);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Multi-layer follow-up (3-4-1 sigmoid, 60,000 iterations), [1, 1, 0] -> ?: {answer[0]:R} (numpy: 0.00788760437649546)"));
        output.WriteLine();

        string accelerated = VectorWidths.IsHardwareAccelerated(neuron.Width) ? "hardware-accelerated" : "software";
        output.WriteLine($"Backend: {backend}, vector width {neuron.Width} ({accelerated}); CPU {MachineInfo.CpuName()} [{MachineInfo.Isa()}]");

        bool identical = CompareWithScalar<double>(backend, out string detail64) & CompareWithScalar<float>(backend, out string detail32);
        output.WriteLine($"{backend} against Scalar: float64 {detail64}; float32 {detail32}");

        double median64 = MedianTrainingMicroseconds<double>(backend);
        double median32 = MedianTrainingMicroseconds<float>(backend);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training time ({Iterations:N0} iterations, median of 31 runs): float64 {median64:F0} µs, float32 {median32:F0} µs"));
        return backend == Backend.TensorPrimitives || identical ? 0 : 1;
    }

    private static bool CompareWithScalar<T>(Backend backend, out string detail)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var scalar = Train<T>(Backend.Scalar);
        var other = Train<T>(backend);
        T[] expected = [.. scalar.Weights.ToArray(), scalar.Think([T.One, T.Zero, T.Zero])];
        T[] actual = [.. other.Weights.ToArray(), other.Think([T.One, T.Zero, T.Zero])];
        KernelCheck check = KernelVerifier.Compare<T>("seed", other.Width, expected, actual);
        detail = check.Identical
            ? "bitwise identical (weights and prediction)"
            : $"differs at value {check.FirstDifference}: scalar {check.Expected}, {backend} {check.Actual}" +
              (backend == Backend.TensorPrimitives ? " (expected: TensorPrimitives is not bitwise reproducible)" : "");
        return check.Identical;
    }

    private static Neuron<T> Train<T>(Backend backend)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var neuron = new Neuron<T>(3, seed: 1, new NeuronOptions { Backend = backend });
        T[] inputs = Inputs.Cast<double>().Select(T.CreateChecked).ToArray();
        T[] outputs = Outputs.Select(T.CreateChecked).ToArray();
        neuron.Train(inputs, outputs, Iterations);
        return neuron;
    }

    private static double MedianTrainingMicroseconds<T>(Backend backend)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] inputs = Inputs.Cast<double>().Select(T.CreateChecked).ToArray();
        T[] outputs = Outputs.Select(T.CreateChecked).ToArray();
        var times = new double[31];
        for (int run = -3; run < times.Length; run++)
        {
            var neuron = new Neuron<T>(3, seed: 1, new NeuronOptions { Backend = backend });
            long start = Stopwatch.GetTimestamp();
            neuron.Train(inputs, outputs, Iterations);
            if (run >= 0)
            {
                times[run] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
