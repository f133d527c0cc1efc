using System.Numerics;

namespace FastNeuron;

/// <summary>
/// One of the golden models: a small training run with fixed seeds and data whose saved model file must have the
/// same SHA-256 on every CPU, vector width and thread count. <see cref="GoldenModels.All"/> lists them.
/// </summary>
public sealed class GoldenModel
{
    private readonly Func<VectorWidth?, int, byte[]> _train;

    internal GoldenModel(string name, string description, bool crossesChunks, string expectedSha256, Func<VectorWidth?, int, byte[]> train)
    {
        Name = name;
        Description = description;
        CrossesChunks = crossesChunks;
        ExpectedSha256 = expectedSha256;
        _train = train;
    }

    /// <summary>A short name, such as <c>fit-adam-relu-softmax-early-stopping-float32</c>.</summary>
    public string Name { get; }

    /// <summary>What is trained, on what, and how.</summary>
    public string Description { get; }

    /// <summary>Whether the batch holds more than one 4,096-row chunk, so that the thread count could matter (it must not).</summary>
    public bool CrossesChunks { get; }

    /// <summary>The SHA-256 (lower-case hex) every machine must produce, committed in the repository.</summary>
    public string ExpectedSha256 { get; }

    /// <summary>
    /// Trains the model and returns its bytes: the saved model file for a network (<see cref="Network{T}.Save(Stream)"/>),
    /// the weights then the bias, little-endian, for a neuron.
    /// </summary>
    /// <param name="width">The vector width (Vector backend), or null for the widest accelerated; Scalar for the Scalar backend.</param>
    /// <param name="threads">Threads for batches of several chunks.</param>
    public byte[] Train(VectorWidth? width = null, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        return _train(width, threads);
    }

    /// <summary>The SHA-256 (lower-case hex) of <see cref="Train"/>'s bytes.</summary>
    public string ComputeSha256(VectorWidth? width = null, int threads = 1)
        => Sha256.HexDigest(Train(width, threads));
}

/// <summary>
/// The golden models: every optimizer, every activation, both losses, biases on and off, float32 and float64,
/// <c>Train</c> and <c>Fit</c>, batches of several 4,096-row chunks on one and two threads, the seed neuron and the
/// multi-layer XOR follow-up. Their data come from seeded generators in this file, so they need no files. A machine,
/// width or thread count that gives another hash computes other bits than the machines these hashes were committed
/// from; the hashes move only with a commit that says why.
/// </summary>
public static class GoldenModels
{
    /// <summary>Every golden model, quickest first (a few seconds in all with the JIT).</summary>
    public static IReadOnlyList<GoldenModel> All { get; } =
    [
        new("seed-neuron-float64",
            "The seed program: Neuron<double>(3, seed 1), 10,000 full-batch iterations on its 4 rows, no bias.", false,
            "0085423ca8fa5860163c31014412cec91c4eb69a810d260363cd4410b69a89e4",
            (width, threads) => TrainSeedNeuron<double>(width, threads)),
        new("seed-neuron-float32",
            "The seed program in float32.", false,
            "704c657b7adb6e441429c49707327ec5c5ebd3844c32096719ba6b705a2de970",
            (width, threads) => TrainSeedNeuron<float>(width, threads)),
        new("neuron-bias-70000-rows-float32",
            "Neuron<float>(4, seed 3) with a bias, η 1e-4, 5 full-batch iterations on 70,000 rows (18 chunks).", true,
            "0a4a3c86f6783dc3b4487c3cde66f2ccd5daac041f528fb4b1b3e4f82a0daaf8",
            (width, threads) => TrainLargeNeuron(width, threads)),
        new("xor-3-4-1-sigmoid-float64",
            "The multi-layer follow-up: Network<double>([3, 4, 1], sigmoid, sigmoid), no biases, 60,000 Train iterations on 7 rows.", false,
            "ced47885d0e836009cc26a87f0705610fa2a01126304540607a3dd4c74433172",
            (width, threads) => TrainXor(width, threads)),
        new("train-tanh-linear-bias-float32",
            "Network<float>([6, 8, 1], tanh, linear), biases, Glorot initialisation, squared error, η 0.001, 50 Train iterations on 256 rows.", false,
            "c7f5eabc1f1990926080f14ba4c4a7008a54b8c001ea83a15c99a82009690b20",
            (width, threads) => TrainRegression(width, threads)),
        new("train-relu-softmax-9000-rows-float32",
            "Network<float>([4, 6, 3], relu, softmax), biases, cross-entropy, η 1e-4, 3 Train iterations on 9,000 rows (3 chunks).", true,
            "3338b4cbf1a7d429269d306d16894001942bd9743c7c7ea6a4052e15a985829d",
            (width, threads) => TrainChunked(width, threads)),
        new("fit-sgd-sigmoid-squared-error-float32",
            "Network<float>([6, 8, 1], sigmoid, sigmoid), biases, squared error, SGD η 0.5, batch 16, 5 epochs on 256 rows.", false,
            "cdcf19d9e90605d6ff96f2b6a0f5ec0281a257582604fca5af82088157db7469",
            (width, threads) => Fit<float>(width, threads, [6, 8, 1], [Activation.Sigmoid, Activation.Sigmoid], Loss.SquaredError, useBias: true,
                Targets.Binary, 256, 0, new FitOptions { Optimizer = Optimizer.Sgd, LearningRate = 0.5, BatchSize = 16, Epochs = 5, Seed = 7 })),
        new("fit-momentum-tanh-linear-no-bias-float64",
            "Network<double>([6, 8, 1], tanh, linear), no biases, squared error, momentum η 0.01, batch 32, 5 epochs on 256 rows.", false,
            "0f3ee2eafd801d95ca80143781be71dabf18b80f9111f39f75ae6391a7b7c854",
            (width, threads) => Fit<double>(width, threads, [6, 8, 1], [Activation.Tanh, Activation.Linear], Loss.SquaredError, useBias: false,
                Targets.Regression, 256, 0, new FitOptions { Optimizer = Optimizer.Momentum, LearningRate = 0.01, BatchSize = 32, Epochs = 5, Seed = 8 })),
        new("fit-adam-relu-softmax-early-stopping-float32",
            "Network<float>([6, 10, 3], relu, softmax), biases, cross-entropy, Adam η 0.01, batch 32, up to 30 epochs on 256 rows, " +
            "validation on 64 rows with patience 3 (the kept weights depend on the validation loss).", false,
            "95cad1a924f80a24e03d507344e6cc1b494b9de708269bc81fe331da917976b6",
            (width, threads) => Fit<float>(width, threads, [6, 10, 3], [Activation.Relu, Activation.Softmax], Loss.CrossEntropy, useBias: true,
                Targets.Classes, 256, 64, new FitOptions { Optimizer = Optimizer.Adam, LearningRate = 0.01, BatchSize = 32, Epochs = 30, Seed = 9, EarlyStoppingPatience = 3 })),
        new("fit-adam-leakyrelu-sigmoid-cross-entropy-float64",
            "Network<double>([6, 8, 1], leaky relu, sigmoid), biases, cross-entropy, Adam η 0.01, batch 32, up to 20 epochs on 256 rows, " +
            "validation on 64 rows with patience 2.", false,
            "39d93e9d3789fa993ff587f4e98bb9b5390838b37b6702c7da096c184563b502",
            (width, threads) => Fit<double>(width, threads, [6, 8, 1], [Activation.LeakyRelu, Activation.Sigmoid], Loss.CrossEntropy, useBias: true,
                Targets.Binary, 256, 64, new FitOptions { Optimizer = Optimizer.Adam, LearningRate = 0.01, BatchSize = 32, Epochs = 20, Seed = 10, EarlyStoppingPatience = 2 })),
        new("fit-rprop-sigmoid-softmax-full-batch-float32",
            "Network<float>([6, 8, 3], sigmoid, softmax), biases, cross-entropy, RPROP on the full batch, 20 epochs on 256 rows.", false,
            "516efcedb380b087158fd34a7ff26287fb0241c7bf7d7c71f16595dd3b367b4c",
            (width, threads) => Fit<float>(width, threads, [6, 8, 3], [Activation.Sigmoid, Activation.Softmax], Loss.CrossEntropy, useBias: true,
                Targets.Classes, 256, 0, new FitOptions { Optimizer = Optimizer.Rprop, LearningRate = 0.01, BatchSize = 0, Epochs = 20, Seed = 11 })),
        new("fit-adam-relu-sigmoid-9000-rows-float64",
            "Network<double>([4, 5, 1], relu, sigmoid), biases, cross-entropy, Adam η 0.01 on the full batch of 9,000 rows (3 chunks), 3 epochs.", true,
            "76792a469d72298e9dbed69dcf8e6c1c08e66aeb8eb2c82bf9285ed2763b1bb4",
            (width, threads) => Fit<double>(width, threads, [4, 5, 1], [Activation.Relu, Activation.Sigmoid], Loss.CrossEntropy, useBias: true,
                Targets.Binary, 9000, 0, new FitOptions { Optimizer = Optimizer.Adam, LearningRate = 0.01, BatchSize = 0, Epochs = 3, Seed = 12 })),
    ];

    /// <summary>The model called <paramref name="name"/>.</summary>
    public static GoldenModel Named(string name)
        => All.FirstOrDefault(m => m.Name == name)
           ?? throw new ArgumentException($"No golden model is called '{name}'; they are: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    private enum Targets { Binary, Classes, Regression }

    private static byte[] TrainSeedNeuron<T>(VectorWidth? width, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Cast<T>([0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1]);
        T[] y = Cast<T>([0, 1, 1, 0]);
        var neuron = new Neuron<T>(3, seed: 1, NeuronOptionsFor(width, threads));
        neuron.Train(x, y, 10_000);
        return NeuronBytes(neuron);
    }

    private static byte[] TrainLargeNeuron(VectorWidth? width, int threads)
    {
        const int Rows = 70_000, Inputs = 4;
        (double[] x, double[] y) = Draw(3, Rows, Inputs, Targets.Binary, 1);
        var options = NeuronOptionsFor(width, threads) with { UseBias = true, LearningRate = 1e-4 };
        var neuron = new Neuron<float>(Inputs, seed: 3, options);
        neuron.Train(Cast<float>(x), Cast<float>(y), 5);
        return NeuronBytes(neuron);
    }

    private static byte[] TrainXor(VectorWidth? width, int threads)
    {
        double[] x = [0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0];
        double[] y = [0, 1, 1, 1, 1, 0, 0];
        var network = NetworkFor<double>(width, threads, [3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], Loss.SquaredError, useBias: false,
            learningRate: 1.0, scaled: false, seed: 1);
        network.Train(x, y, 60_000);
        return ModelBytes(network);
    }

    private static byte[] TrainRegression(VectorWidth? width, int threads)
    {
        (double[] x, double[] y) = Draw(5, 256, 6, Targets.Regression, 1);
        var network = NetworkFor<float>(width, threads, [6, 8, 1], [Activation.Tanh, Activation.Linear], Loss.SquaredError, useBias: true,
            learningRate: 0.001, scaled: true, seed: 5);
        network.Train(Cast<float>(x), Cast<float>(y), 50);
        return ModelBytes(network);
    }

    private static byte[] TrainChunked(VectorWidth? width, int threads)
    {
        (double[] x, double[] y) = Draw(6, 9000, 4, Targets.Classes, 3);
        var network = NetworkFor<float>(width, threads, [4, 6, 3], [Activation.Relu, Activation.Softmax], Loss.CrossEntropy, useBias: true,
            learningRate: 1e-4, scaled: true, seed: 6);
        network.Train(Cast<float>(x), Cast<float>(y), 3);
        return ModelBytes(network);
    }

    private static byte[] Fit<T>(VectorWidth? width, int threads, int[] sizes, Activation[] activations, Loss loss, bool useBias,
        Targets targets, int rows, int validationRows, FitOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = sizes[0], outputs = sizes[^1];
        (double[] x, double[] y) = Draw((uint)options.Seed, rows + validationRows, inputs, targets, outputs);
        var network = NetworkFor<T>(width, threads, sizes, activations, loss, useBias, learningRate: 1.0, scaled: true, seed: (uint)options.Seed);
        T[] allX = Cast<T>(x), allY = Cast<T>(y);
        network.Fit(allX.AsSpan(0, rows * inputs), allY.AsSpan(0, rows * outputs), options,
            allX.AsSpan(rows * inputs), allY.AsSpan(rows * outputs));
        return ModelBytes(network);
    }

    private static NeuronOptions NeuronOptionsFor(VectorWidth? width, int threads)
        => width == VectorWidth.Scalar
            ? new NeuronOptions { Backend = Backend.Scalar, Threads = threads }
            : new NeuronOptions { Backend = Backend.Vector, Width = width, Threads = threads };

    private static Network<T> NetworkFor<T>(VectorWidth? width, int threads, int[] sizes, Activation[] activations, Loss loss, bool useBias,
        double learningRate, bool scaled, uint seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => new(sizes, activations, seed, useBias, learningRate, width == VectorWidth.Scalar ? Backend.Scalar : Backend.Vector, width, loss, scaled)
        {
            Threads = threads,
        };

    /// <summary>
    /// Rows of inputs uniform in [−1, 1) from numpy's generator, and targets from them by exact operations: for Binary,
    /// 1 where x₀ + x₁ &gt; 0; for Classes (one-hot over <paramref name="outputs"/>), (x₀ + x₁ &gt; 0) + (x₂ &gt; x₃);
    /// for Regression, x₀·x₁ − x₂/2 + 1/4.
    /// </summary>
    private static (double[] X, double[] Y) Draw(uint seed, int rows, int inputs, Targets targets, int outputs)
    {
        var random = new NumpyRandom(seed);
        var x = new double[rows * inputs];
        random.FillSymmetric(x);
        var y = new double[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = x.AsSpan(i * inputs, inputs);
            switch (targets)
            {
                case Targets.Binary:
                    y[i * outputs] = row[0] + row[1] > 0 ? 1 : 0;
                    break;
                case Targets.Classes:
                    int label = (row[0] + row[1] > 0 ? 1 : 0) + (row[2] > row[3] ? 1 : 0);
                    y[i * outputs + label] = 1;
                    break;
                default:
                    y[i * outputs] = row[0] * row[1] - row[2] / 2 + 0.25;
                    break;
            }
        }
        return (x, y);
    }

    private static T[] Cast<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => values.Select(T.CreateChecked).ToArray();

    private static byte[] ModelBytes<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static byte[] NeuronBytes<T>(Neuron<T> neuron)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Every platform .NET runs on is little-endian, so the in-memory bytes are the little-endian ones.
        T[] values = [.. neuron.Weights, neuron.Bias];
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}
