using System.Globalization;
using System.Numerics;

namespace FastNeuron;

/// <summary>The outcome of comparing one kernel at one width against the scalar reference.</summary>
/// <param name="Kernel">The operation checked.</param>
/// <param name="ElementType">"float32" or "float64".</param>
/// <param name="Width">The width compared against <see cref="VectorWidth.Scalar"/>.</param>
/// <param name="HardwareAccelerated">Whether that width ran in hardware (otherwise in software).</param>
/// <param name="Compared">How many values were compared.</param>
/// <param name="FirstDifference">The index of the first value whose bits differ, or −1.</param>
/// <param name="Expected">The scalar value at <paramref name="FirstDifference"/>, round-trip formatted with its bits.</param>
/// <param name="Actual">The vector value there.</param>
public sealed record KernelCheck(string Kernel, string ElementType, VectorWidth Width, bool HardwareAccelerated,
    int Compared, int FirstDifference, string? Expected, string? Actual)
{
    /// <summary>True when every compared value has the scalar's bits.</summary>
    public bool Identical => FirstDifference < 0;
}

/// <summary>
/// The user-facing form of the test suite's main check: runs every kernel (the neuron's and the networks' batched
/// dense kernels and optimizers), and whole training runs, at every
/// vector width on random data (with ±0, subnormals, huge values, exp's saturation edges, ±∞ and NaN) and
/// compares the bits with the scalar reference. This is what <c>fastneuron verify</c> prints.
/// </summary>
public static class KernelVerifier
{
    /// <summary>Runs all checks for float32 and float64 at 128, 256 and 512 bits.</summary>
    public static IReadOnlyList<KernelCheck> Run(int seed = 1)
    {
        var checks = new List<KernelCheck>();
        foreach (VectorWidth width in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            Run<float>(seed, width, checks);
            Run<double>(seed, width, checks);
        }
        return checks;
    }

    /// <summary>
    /// The TensorPrimitives backend against Scalar, within docs/numerics.md's bounds: the sigmoid's largest distance
    /// in ulps (bound 8) and the weighted sum's largest difference as a fraction of its bound 2·γₙ·Σ|x·w| (≤ 1).
    /// </summary>
    public static (long SigmoidUlps32, long SigmoidUlps64, double DotFractionOfBound) CheckTensorPrimitives(int seed = 1)
    {
        var random = new Random(seed);
        long ulps32 = 0, ulps64 = 0;
        double dotFraction = 0;
        foreach (int length in Enumerable.Range(1, 40).Append(4096))
        {
            float[] x = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 80 - 40)).ToArray();
            double[] xd = x.Select(v => (double)v).ToArray();
            var ours = new float[length];
            var theirs = new float[length];
            var oursD = new double[length];
            var theirsD = new double[length];
            NeuronKernels.Sigmoid<float>(x, ours, VectorWidth.Scalar);
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(x, theirs);
            NeuronKernels.Sigmoid<double>(xd, oursD, VectorWidth.Scalar);
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(xd, theirsD);
            for (int i = 0; i < length; i++)
            {
                ulps32 = Math.Max(ulps32, Math.Abs((long)BitConverter.SingleToInt32Bits(ours[i]) - BitConverter.SingleToInt32Bits(theirs[i])));
                ulps64 = Math.Max(ulps64, Math.Abs(BitConverter.DoubleToInt64Bits(oursD[i]) - BitConverter.DoubleToInt64Bits(theirsD[i])));
            }
            float[] w = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            double magnitude = x.Zip(w, (a, b) => Math.Abs((double)a * b)).Sum();
            const double u = 1.0 / (1 << 24); // float32's unit roundoff, 2^−24
            double bound = 2 * (length * u / (1 - length * u)) * magnitude;
            double difference = Math.Abs((double)NeuronKernels.WeightedSum<float>(x, w, VectorWidth.Scalar) - System.Numerics.Tensors.TensorPrimitives.Dot<float>(x, w));
            dotFraction = Math.Max(dotFraction, bound > 0 ? difference / bound : 0);
        }
        return (ulps32, ulps64, dotFraction);
    }

    /// <summary>Compares two runs bit for bit.</summary>
    public static KernelCheck Compare<T>(string kernel, VectorWidth width, ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string type = typeof(T) == typeof(float) ? "float32" : "float64";
        bool accelerated = VectorWidths.IsHardwareAccelerated(width);
        int length = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < length; i++)
        {
            if (!SameBits(expected[i], actual[i]))
            {
                return new KernelCheck(kernel, type, width, accelerated, length, i, Describe(expected[i]), Describe(actual[i]));
            }
        }
        if (expected.Length != actual.Length)
        {
            return new KernelCheck(kernel, type, width, accelerated, length, length, $"{expected.Length} values", $"{actual.Length} values");
        }
        return new KernelCheck(kernel, type, width, accelerated, length, -1, null, null);
    }

    private static void Run<T>(int seed, VectorWidth width, List<KernelCheck> checks)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        // Lengths 0..67 (every tail of every width) and two long spans, at odd offsets, back to back.
        int[] lengths = [.. Enumerable.Range(0, 68), 1000, 4099];
        T[] x = Values<T>(random, lengths.Sum() + 3);
        T[] y = Values<T>(random, x.Length);
        var expected = new T[x.Length];
        var actual = new T[x.Length];

        checks.Add(Elementwise("sigmoid", width, lengths, x, expected, actual, (a, d, w) => NeuronKernels.Sigmoid(a, d, w)));
        checks.Add(Elementwise("exp", width, lengths, x, expected, actual, (a, d, w) => NeuronKernels.Exp(a, d, w)));
        checks.Add(Elementwise("sigmoid derivative", width, lengths, x, expected, actual, (a, d, w) => NeuronKernels.SigmoidFromOutputDerivative(a, d, w)));
        checks.Add(Elementwise("delta", width, lengths, x, expected, actual, (a, d, w) => NeuronKernels.SigmoidDelta(a, y.AsSpan(0, a.Length), d, w)));
        checks.Add(Elementwise("weight update", width, lengths, x, expected, actual, (a, d, w) => NeuronKernels.UpdateWeights(a, y.AsSpan(0, a.Length), T.CreateChecked(0.37), d, w)));

        // Weighted sums of every length up to 300, one value each.
        var sumsExpected = new T[301];
        var sumsActual = new T[301];
        for (int n = 0; n <= 300; n++)
        {
            sumsExpected[n] = NeuronKernels.WeightedSum<T>(x.AsSpan(1, n), y.AsSpan(2, n), VectorWidth.Scalar);
            sumsActual[n] = NeuronKernels.WeightedSum<T>(x.AsSpan(1, n), y.AsSpan(2, n), width);
        }
        checks.Add(Compare<T>("weighted sum", width, sumsExpected, sumsActual));

        // Gradients of a few shapes, one crossing a row chunk.
        var gradientExpected = new List<T>();
        var gradientActual = new List<T>();
        foreach ((int rows, int columns) in new[] { (4, 3), (37, 41), (300, 64), (4100, 5) })
        {
            T[] inputs = Values<T>(random, rows * columns, specials: false);
            T[] deltas = Values<T>(random, rows, specials: false);
            var g1 = new T[columns];
            var g2 = new T[columns];
            NeuronKernels.Gradient<T>(inputs, deltas, g1, VectorWidth.Scalar);
            NeuronKernels.Gradient<T>(inputs, deltas, g2, width);
            gradientExpected.AddRange(g1);
            gradientActual.AddRange(g2);
        }
        checks.Add(Compare<T>("gradient", width, gradientExpected.ToArray(), gradientActual.ToArray()));

        // Whole training runs: the seed, and a 200 × 33 set with a bias.
        var trainedExpected = new List<T>();
        var trainedActual = new List<T>();
        foreach ((int rows, int columns, int iterations, bool bias) in new[] { (4, 3, 1000, false), (200, 33, 20, true) })
        {
            T[] inputs = Values<T>(random, rows * columns, specials: false);
            T[] targets = Enumerable.Range(0, rows).Select(i => T.CreateChecked(random.Next(2))).ToArray();
            var options = new NeuronOptions { UseBias = bias, LearningRate = 0.05 };
            var scalar = new Neuron<T>(columns, (uint)seed, options with { Backend = Backend.Scalar });
            var vector = new Neuron<T>(columns, (uint)seed, options with { Backend = Backend.Vector, Width = width });
            scalar.Train(inputs, targets, iterations);
            vector.Train(inputs, targets, iterations);
            trainedExpected.AddRange(scalar.Weights.ToArray());
            trainedExpected.Add(scalar.Bias);
            trainedActual.AddRange(vector.Weights.ToArray());
            trainedActual.Add(vector.Bias);
        }
        checks.Add(Compare<T>("training", width, trainedExpected.ToArray(), trainedActual.ToArray()));
        AddNetworkChecks<T>(random, seed, width, checks);
    }

    /// <summary>The batched dense kernels of networks, their optimizers, and whole network training runs.</summary>
    private static void AddNetworkChecks<T>(Random random, int seed, VectorWidth width, List<KernelCheck> checks)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (int Rows, int Inputs, int Units)[] shapes = [(1, 3, 4), (2, 64, 32), (7, 13, 10), (130, 9, 33), (4100, 5, 3)];
        var forward = (new List<T>(), new List<T>());
        var hidden = (new List<T>(), new List<T>());
        var gradient = (new List<T>(), new List<T>());
        foreach ((int rows, int inputs, int units) in shapes)
        {
            int stride = Kernels.Dense.DenseLayout.Stride<T>(units), inputStride = Kernels.Dense.DenseLayout.Stride<T>(inputs);
            T[] x = Values<T>(random, rows * inputs, specials: false);
            T[] w = Padded<T>(random, inputs, units, stride), b = Padded<T>(random, 1, units, stride);
            T[] delta = Padded<T>(random, rows, units, stride);
            T[] activations = Padded<T>(random, rows, inputs, inputStride), transposed = Padded<T>(random, units, inputs, inputStride);
            foreach (VectorWidth run in new[] { VectorWidth.Scalar, width })
            {
                var (forwardValues, hiddenValues, gradientValues) = run == VectorWidth.Scalar ? (forward.Item1, hidden.Item1, gradient.Item1) : (forward.Item2, hidden.Item2, gradient.Item2);
                var z = new T[rows * stride];
                Kernels.Dense.DenseKernels.Forward<T>(x, inputs, rows, inputs, w, stride, b, true, z, run);
                forwardValues.AddRange(z);
                foreach (Activation activation in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Linear })
                {
                    var own = new T[rows * inputStride];
                    Kernels.Dense.DenseKernels.HiddenDelta<T>(activation, delta, stride, units, transposed, inputStride, activations, own, rows, run);
                    hiddenValues.AddRange(own);
                    var activated = (T[])z.Clone();
                    Kernels.Dense.DenseKernels.Activate<T>(activation, activated, rows, stride, units, run);
                    hiddenValues.AddRange(activated);
                }
                var softmax = (T[])z.Clone();
                Kernels.Dense.DenseKernels.Activate<T>(Activation.Softmax, softmax, rows, stride, units, run);
                forwardValues.AddRange(softmax);
                var dw = new T[inputs * stride];
                var db = new T[stride];
                Kernels.Dense.DenseKernels.WeightGradient<T>(x, inputs, inputs, delta, stride, rows, dw, db, true, run);
                gradientValues.AddRange(dw);
                gradientValues.AddRange(db);
            }
        }
        checks.Add(Compare<T>("dense forward", width, forward.Item1.ToArray(), forward.Item2.ToArray()));
        checks.Add(Compare<T>("dense deltas", width, hidden.Item1.ToArray(), hidden.Item2.ToArray()));
        checks.Add(Compare<T>("dense gradient", width, gradient.Item1.ToArray(), gradient.Item2.ToArray()));

        // Every optimizer, and whole runs: full-batch Train and mini-batch Fit, several layers and activations.
        var trained = (new List<T>(), new List<T>());
        T[] inputsX = Values<T>(random, 300 * 13, specials: false);
        int[] labels = Enumerable.Range(0, 300).Select(_ => random.Next(3)).ToArray();
        foreach (Optimizer optimizer in Enum.GetValues<Optimizer>())
        {
            foreach (VectorWidth run in new[] { VectorWidth.Scalar, width })
            {
                var network = new Network<T>([new DenseLayer(13, 9, Activation.Tanh), new DenseLayer(9, 7, Activation.Relu), new DenseLayer(7, 3, Activation.Softmax)],
                    seed: (uint)seed, backend: run == VectorWidth.Scalar ? Backend.Scalar : Backend.Vector, width: run, loss: Loss.CrossEntropy);
                network.Fit(inputsX, network.OneHot(labels), new FitOptions { Epochs = 3, BatchSize = optimizer == Optimizer.Rprop ? 0 : 32, Optimizer = optimizer, LearningRate = 0.01, Seed = seed });
                var values = run == VectorWidth.Scalar ? trained.Item1 : trained.Item2;
                for (int l = 0; l < 3; l++)
                {
                    values.AddRange(network.Weights(l));
                    values.AddRange(network.Biases(l));
                }
            }
        }
        checks.Add(Compare<T>("network training", width, trained.Item1.ToArray(), trained.Item2.ToArray()));
    }

    /// <summary>(rows × stride), random in the first <paramref name="columns"/> of each row, zero padding, as networks keep their arrays.</summary>
    private static T[] Padded<T>(Random random, int rows, int columns, int stride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var values = new T[rows * stride];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++) values[i * stride + j] = T.CreateChecked(random.NextDouble() * 2 - 1);
        }
        return values;
    }

    private delegate void ElementwiseKernel<T>(ReadOnlySpan<T> x, Span<T> destination, VectorWidth width);

    private static KernelCheck Elementwise<T>(string name, VectorWidth width, int[] lengths, T[] x, T[] expected, T[] actual, ElementwiseKernel<T> kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int start = 3;   // an odd offset: the kernels must not care about alignment
        foreach (int length in lengths)
        {
            kernel(x.AsSpan(start, length), expected.AsSpan(start, length), VectorWidth.Scalar);
            kernel(x.AsSpan(start, length), actual.AsSpan(start, length), width);
            start += length;
        }
        return Compare<T>(name, width, expected.AsSpan(3, start - 3), actual.AsSpan(3, start - 3));
    }

    private static T[] Values<T>(Random random, int length, bool specials = true)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] specialValues =
        [
            T.Zero, T.NegativeZero, T.Epsilon, -T.Epsilon, T.PositiveInfinity, T.NegativeInfinity, T.NaN,
            T.CreateChecked(typeof(T) == typeof(float) ? 88.72283935546875 : 709.782712893384),
            T.CreateChecked(typeof(T) == typeof(float) ? -103.97208404541015625 : -745.1332191019412),
            T.CreateChecked(typeof(T) == typeof(float) ? 1e30 : 1e300),
        ];
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = specials && random.Next(8) == 0
                ? specialValues[random.Next(specialValues.Length)] * (random.Next(2) == 0 ? T.One : -T.One)
                : T.CreateChecked(random.NextDouble() * 40 - 20);
        }
        return values;
    }

    private static bool SameBits<T>(T a, T b)
        where T : unmanaged
        => typeof(T) == typeof(double)
            ? BitConverter.DoubleToUInt64Bits((double)(object)a) == BitConverter.DoubleToUInt64Bits((double)(object)b)
            : BitConverter.SingleToUInt32Bits((float)(object)a) == BitConverter.SingleToUInt32Bits((float)(object)b);

    private static string Describe<T>(T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(double)
            ? string.Create(CultureInfo.InvariantCulture, $"{(double)(object)value:R} (0x{BitConverter.DoubleToUInt64Bits((double)(object)value):X16})")
            : string.Create(CultureInfo.InvariantCulture, $"{(float)(object)value:R} (0x{BitConverter.SingleToUInt32Bits((float)(object)value):X8})");
}
