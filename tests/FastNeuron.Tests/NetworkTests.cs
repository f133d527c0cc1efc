namespace FastNeuron.Tests;

public class NetworkTests
{
    private static readonly double[] XorInputs = [0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0];
    private static readonly double[] XorTargets = [0, 1, 1, 1, 1, 0, 0];
    private const double NumpyOutput = 0.00788760437649546;   // shared/reference/multilayer_seed.py, numpy 1.24

    public static TheoryData<Backend, VectorWidth> Configurations()
    {
        var data = new TheoryData<Backend, VectorWidth> { { Backend.Scalar, VectorWidth.Scalar } };
        foreach (VectorWidth width in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            data.Add(Backend.Vector, width);
        }
        return data;
    }

    [Fact]
    public void StartingWeightsAreNumpysDrawsLayerByLayer()
    {
        var network = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        // numpy: W1 = 2*random((3,4))-1 row-major, so W1[0, 0..2] are the seed neuron's first three draws.
        var neuron = new Neuron<double>(3, seed: 1);
        Assert.Equal(neuron.Weights[0], network.Weights(0)[0]);   // W1[0, 0] → input 0, neuron 0
        Assert.Equal(neuron.Weights[1], network.Weights(0)[1]);   // W1[0, 1] → input 0, neuron 1
        Assert.Equal(neuron.Weights[2], network.Weights(0)[2]);   // W1[0, 2] → input 0, neuron 2
    }

    [Theory, MemberData(nameof(Configurations))]
    public void TheMultilayerSeedMatchesNumpyAndScalarBitwise(Backend backend, VectorWidth width)
    {
        var network = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], backend: backend, width: width);
        network.Train(XorInputs, XorTargets, 60_000);
        var output = new double[1];
        network.Think([1.0, 1, 0], output);
        Assert.True(Math.Abs(output[0] - NumpyOutput) <= 1e-8 * NumpyOutput, $"out([1,1,0]) = {output[0]:R}, numpy {NumpyOutput:R}");

        var scalar = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], backend: Backend.Scalar);
        scalar.Train(XorInputs, XorTargets, 60_000);
        for (int l = 0; l < 2; l++)
        {
            TestData.AssertBitwiseEqual(scalar.Weights(l), network.Weights(l), $"layer {l} at {width}");
        }
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Linear)]
    public void GradientsMatchFiniteDifferences(Activation hidden)
    {
        var random = new Random(11);
        int rows = 6;
        double[] x = Enumerable.Range(0, rows * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] y = Enumerable.Range(0, rows * 2).Select(_ => random.NextDouble()).ToArray();
        var network = new Network<double>([3, 5, 2], [hidden, Activation.Sigmoid], seed: 5, useBias: true);
        // A small step so that the biases move off zero, then compare Δw with −∂E/∂w by central differences.
        network.Train(x, y, 1);
        AssertGradientsMatchFiniteDifferences(network, x, y, rows, () => Error(network, x, y, rows), hidden.ToString());
    }

    [Fact]
    public void DivergenceKeepsTheLastFiniteWeights()
    {
        double[] x = [0.5, -0.5, 1, 2];
        double[] y = [1.0, -3];
        var network = new Network<double>([2, 3, 1], [Activation.Linear, Activation.Linear], learningRate: 1e300);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(x, y, 10));
        Assert.Contains($"iteration {error.Iteration} of 10", error.Message);
        var replay = new Network<double>([2, 3, 1], [Activation.Linear, Activation.Linear], learningRate: 1e300);
        replay.Train(x, y, error.Iteration - 1);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(replay.Weights(l).ToArray(), network.Weights(l).ToArray());
            Assert.All(network.Weights(l).ToArray(), w => Assert.True(double.IsFinite(w)));
        }
    }

    [Theory]
    [InlineData(Optimizer.Sgd)]
    [InlineData(Optimizer.Momentum)]
    public void FitDivergenceNamesTheEpochAndKeepsTheLastFiniteWeights(Optimizer optimizer)
    {
        double[] x = [0.5, -0.5, 1, 2];
        double[] y = [1.0, -3];
        var options = new FitOptions { Epochs = 50, BatchSize = 0, Optimizer = optimizer, LearningRate = 1e200 };
        var network = new Network<double>([2, 3, 1], [Activation.Linear, Activation.Linear], useBias: true);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Fit(x, y, options));
        Assert.Contains($"epoch {error.Iteration}", error.Message);
        var replay = new Network<double>([2, 3, 1], [Activation.Linear, Activation.Linear], useBias: true);
        if (error.Iteration > 1) replay.Fit(x, y, options with { Epochs = error.Iteration - 1 });
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(replay.Weights(l), network.Weights(l));
            Assert.Equal(replay.Biases(l), network.Biases(l));
            Assert.All(network.Weights(l), w => Assert.True(double.IsFinite(w)));
        }
    }

    [Fact]
    public void ThinkAllocatesNothingAndIsSafeFromManyThreads()
    {
        var random = new Random(8);
        var network = new Network<float>([64, 32, 10], [Activation.Relu, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        float[] x = Enumerable.Range(0, 50 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        var serial = new float[50 * 10];
        network.Think(x, serial);
        var one = new float[10];
        network.Think(x.AsSpan(0, 64), one);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            network.Think(x.AsSpan(0, 64), one);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var mine = new float[50 * 10];
            network.Think(x, mine);
            TestData.AssertBitwiseEqual<float>(serial, mine, "parallel Think");
        });
    }

    [Fact]
    public void CrossEntropyGradientsMatchFiniteDifferences()
    {
        var random = new Random(12);
        int rows = 5;
        double[] x = Enumerable.Range(0, rows * 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] y = new double[rows * 3];
        for (int i = 0; i < rows; i++) y[i * 3 + random.Next(3)] = 1;
        var network = new Network<double>([4, 6, 3], [Activation.Tanh, Activation.Softmax], seed: 3, useBias: true, loss: Loss.CrossEntropy);
        AssertGradientsMatchFiniteDifferences(network, x, y, rows, () => CrossEntropy(network, x, y), "softmax + cross-entropy");
    }

    /// <summary>Δw against −∂E/∂w by central differences (h = 1e-6), relative 1e-6, for every weight of every layer.</summary>
    private static void AssertGradientsMatchFiniteDifferences(Network<double> network, double[] x, double[] y, int rows, Func<double> error, string what)
    {
        network.ComputeGradients(x, y, rows);
        for (int l = 0; l < 2; l++)
        {
            double[] analytic = network.WeightGradients(l).ToArray();
            double[] weights = network.MutableWeights(l);
            for (int j = 0; j < weights.Length; j++)
            {
                double saved = weights[j], h = 1e-6;
                weights[j] = saved + h;
                double plus = error();
                weights[j] = saved - h;
                double minus = error();
                weights[j] = saved;
                double numeric = -(plus - minus) / (2 * h);
                double scale = Math.Max(Math.Abs(numeric), Math.Abs(analytic[j]));
                if (scale < 1e-7) continue;   // a ReLU unit that is off: both are 0
                Assert.True(Math.Abs(numeric - analytic[j]) <= 1e-6 * scale + 1e-9,
                    $"{what}, layer {l}, weight {j}: analytic {analytic[j]:R}, finite difference {numeric:R}");
            }
        }
    }

    private static double CrossEntropy(Network<double> network, double[] x, double[] y)
    {
        var output = new double[y.Length];
        network.Think(x, output);
        return -output.Zip(y, (o, t) => t * Math.Log(o)).Sum();
    }

    /// <summary>
    /// The TensorPrimitives backend sums each forward chain sequentially from the bias and uses TensorPrimitives'
    /// sigmoid, tanh and softmax, so it is checked within bounds: after 20 epochs of SGD, outputs within 1e-12
    /// (float64) and 1e-4 (float32) of Scalar's (measured: 2.8e-16 in float64).
    /// </summary>
    [Fact]
    public void TensorPrimitivesNetworkIsWithinStatedBounds()
    {
        Assert.True(MaxOutputDifference<double>() <= 1e-12);
        Assert.True(MaxOutputDifference<float>() <= 1e-4);
    }

    private static double MaxOutputDifference<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(3);
        int rows = 300;
        T[] x = Enumerable.Range(0, rows * 20).Select(_ => T.CreateChecked(random.NextDouble() * 2 - 1)).ToArray();
        int[] labels = Enumerable.Range(0, rows).Select(_ => random.Next(5)).ToArray();
        T[][] outputs = new[] { Backend.Scalar, Backend.TensorPrimitives }.Select(backend =>
        {
            var network = new Network<T>([20, 16, 5], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true, backend: backend);
            network.Fit(x, network.OneHot(labels), new FitOptions { Epochs = 20, BatchSize = 16, Optimizer = Optimizer.Sgd, LearningRate = 0.1 });
            var output = new T[rows * 5];
            network.Think(x, output);
            return output;
        }).ToArray();
        return outputs[0].Zip(outputs[1], (a, b) => Math.Abs(double.CreateChecked(a - b))).Max();
    }

    /// <summary>
    /// The training hot path allocates nothing: a batch's forward and backward pass allocates 0 bytes (per epoch:
    /// ServingWhileTrainingTests.AnEpochAllocatesOneCopyOfTheWeightsWhenItPublishesAndNothingWhenItDoesNot).
    /// </summary>
    [Fact]
    public void TrainingAllocatesNothingPerBatch()
    {
        var random = new Random(8);
        float[] x = Enumerable.Range(0, 200 * 64).Select(_ => (float)random.NextDouble()).ToArray();
        var network = new Network<float>([64, 32, 10], [Activation.Sigmoid, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        float[] y = network.OneHot(Enumerable.Range(0, 200).Select(i => i % 10).ToArray());
        network.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 32, Optimizer = Optimizer.Adam });
        network.ComputeGradients(x.AsSpan(0, 32 * 64), y.AsSpan(0, 32 * 10), 32);

        long before = GC.GetAllocatedBytesForCurrentThread();
        network.ComputeGradients(x.AsSpan(0, 32 * 64), y.AsSpan(0, 32 * 10), 32);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Issue 13, items 6 and 8: sizes whose weights overflow int, or beyond what a model file holds, and undefined enum
    /// values fail where they enter with an ArgumentException naming the layer or the argument; before, 50,000 × 50,000
    /// threw an OverflowException, 65,536 × 65,537 an IndexOutOfRangeException, and (Activation)42 trained and saved a
    /// model that Load refused.
    /// </summary>
    [Fact]
    public void SizesAndEnumsBeyondTheirLimitsFailNamingThem()
    {
        Activation[] relu3 = [Activation.Relu, Activation.Relu, Activation.Sigmoid];
        var e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([30, 50_000, 50_000, 2], relu3));
        Assert.Contains("Layer 1 (50,000 inputs × 50,000 units)", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([30, 65_536, 65_537, 2], relu3));
        Assert.Contains("Layer 1", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([3, 1 << 25], [Activation.Sigmoid]));
        Assert.Contains("sizes[1] is 33,554,432", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>(Enumerable.Repeat(2, 1_102).ToArray(), Enumerable.Repeat(Activation.Linear, 1_101).ToArray()));
        Assert.Contains("1101 layers", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([3, 2], [(Activation)42]));
        Assert.Contains("activations[0] is 42", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([3, 2], [Activation.Sigmoid], loss: (Loss)7));
        Assert.Contains("loss is 7", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => new Network<float>([3, 2], [Activation.Sigmoid], backend: (Backend)9));
        Assert.Contains("backend is 9", e.Message);
        var network = new Network<double>([2, 1], [Activation.Sigmoid]);
        e = Assert.ThrowsAny<ArgumentException>(() => network.Fit([0.5, 1], [1.0], new FitOptions { Optimizer = (Optimizer)5 }));
        Assert.Contains("options.Optimizer is 5", e.Message);
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Network<double>([3], []));
        Assert.ThrowsAny<ArgumentException>(() => new Network<double>([3, 0, 1], [Activation.Sigmoid, Activation.Sigmoid]));
        Assert.ThrowsAny<ArgumentException>(() => new Network<double>([3, 4, 1], [Activation.Sigmoid]));
        Assert.ThrowsAny<ArgumentException>(() => new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], learningRate: 0));
        var network = new Network<double>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        var targets = Assert.ThrowsAny<ArgumentException>(() => network.Train(XorInputs, [0, 1], 1));
        Assert.Contains("7 rows", targets.Message);
        Assert.Equal("targets", targets.ParamName);

        var chain = Assert.Throws<ArgumentException>(() => new Network<float>([new DenseLayer(4, 5, Activation.Relu), new DenseLayer(6, 3, Activation.Softmax)], loss: Loss.CrossEntropy));
        Assert.Contains("layers[1] takes 6 inputs but layers[0] has 5 units", chain.Message);
        var classifier = new Network<float>([new DenseLayer(4, 5, Activation.Relu), new DenseLayer(5, 3, Activation.Softmax)], loss: Loss.CrossEntropy);
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => classifier.OneHot([0, 2, 3]));
        Assert.Contains("labels[2] is 3", label.Message);
        Assert.Contains("classes 0 to 2", label.Message);
        float[] x = new float[2 * 4];
        var width = Assert.ThrowsAny<ArgumentException>(() => classifier.Fit(x, new float[2 * 4], new FitOptions { Epochs = 1 }));
        Assert.Contains("4 per row", width.Message);
        Assert.Contains("layer 1) has 3 units", width.Message);
        x[5] = float.NaN;
        var nonFinite = Assert.ThrowsAny<ArgumentException>(() => classifier.Fit(x, classifier.OneHot([1, 2]), new FitOptions { Epochs = 1 }));
        Assert.Equal("inputs", nonFinite.ParamName);
        Assert.Contains("row 1", nonFinite.Message);
        Assert.ThrowsAny<ArgumentException>(() => classifier.Fit([], [], new FitOptions { Epochs = 1 }));
        Assert.ThrowsAny<ArgumentException>(() => classifier.Fit(new float[8], classifier.OneHot([1, 2]), new FitOptions { LearningRate = 0 }));
    }

    private static double Error(Network<double> network, double[] x, double[] y, int rows)
    {
        var output = new double[y.Length];
        network.Think(x, output);
        return 0.5 * output.Zip(y, (o, t) => (t - o) * (t - o)).Sum();
    }
}
