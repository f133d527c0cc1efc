namespace FastNeuron.Tests;

/// <summary>
/// Issue 13, item 3: a non-finite loss or output is divergence even while every weight is finite. Training throws
/// <see cref="TrainingDivergedException"/> naming the epoch or iteration, keeps finite weights, and never reports a
/// non-finite loss; the command saves nothing and exits 1, and prediction never turns a non-finite output into a class.
/// </summary>
public sealed class DivergenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-divergence-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>40 rows of two features in [0, 1) and the target a + 2b: the regression, as CSV text and as arrays.</summary>
    private static (float[] X, float[] Y, string Csv) Regression()
    {
        var random = new Random(3);
        var x = new float[80];
        var y = new float[40];
        var csv = new System.Text.StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++)
        {
            x[2 * i] = MathF.Round((float)random.NextDouble(), 3);
            x[2 * i + 1] = MathF.Round((float)random.NextDouble(), 3);
            y[i] = x[2 * i] + 2 * x[2 * i + 1];
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x[2 * i]},{x[2 * i + 1]},{y[i]}\n");
        }
        // Standardised, as the command trains.
        for (int j = 0; j < 2; j++)
        {
            double mean = Enumerable.Range(0, 40).Average(i => x[2 * i + j]);
            double scale = Math.Sqrt(Enumerable.Range(0, 40).Average(i => (x[2 * i + j] - mean) * (x[2 * i + j] - mean)));
            for (int i = 0; i < 40; i++) x[2 * i + j] = (float)((x[2 * i + j] - mean) / scale);
        }
        return (x, y, csv.ToString());
    }

    [Fact]
    public void FitWhoseOutputsOverflowWithFiniteWeightsDiverges()
    {
        (float[] x, float[] y, _) = Regression();
        var network = new Network<float>([2, 32, 1], [Activation.Relu, Activation.Linear], useBias: true, scaledInitialization: true);
        var reports = new List<EpochReport>();
        var options = new FitOptions { Epochs = 2, BatchSize = 32, Optimizer = Optimizer.Sgd, LearningRate = 1e6, OnEpoch = reports.Add };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Fit(x, y, options));
        Assert.Contains($"epoch {error.Iteration} of 2", error.Message);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.TrainingLoss), $"epoch {r.Epoch} reported loss {r.TrainingLoss}"));
        for (int l = 0; l < 2; l++)
        {
            Assert.All(network.Weights(l), w => Assert.True(float.IsFinite(w)));
            Assert.All(network.Biases(l), b => Assert.True(float.IsFinite(b)));
        }
    }

    [Fact]
    public void FitWithoutReportsStillStopsAtTheFirstOverflowingOutput()
    {
        (float[] x, float[] y, _) = Regression();
        var network = new Network<float>([2, 32, 1], [Activation.Relu, Activation.Linear], useBias: true, scaledInitialization: true);
        var options = new FitOptions { Epochs = 2, BatchSize = 32, Optimizer = Optimizer.Sgd, LearningRate = 1e6 };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Fit(x, y, options));
        Assert.Contains("the output for training row", error.Message);
        Assert.All(network.Weights(0), w => Assert.True(float.IsFinite(w)));
    }

    /// <summary>
    /// Finite inputs near float32's largest overflow the sum to +∞; RPROP steps by the gradient's sign only, so its
    /// weights stayed finite and the run ended without a word, every output ∞.
    /// </summary>
    [Theory]
    [InlineData(Optimizer.Rprop)]
    [InlineData(Optimizer.Sgd)]
    public void AnOverflowingOutputStopsFitWhateverTheOptimizer(Optimizer optimizer)
    {
        float[] x = [3e38f, 3e38f, 1, 2], y = [1, 0];
        var network = new Network<float>([2, 1], [Activation.Linear], seed: 2, useBias: true);
        network.MutableWeights(0)[0] = network.MutableWeights(0)[network.Layers.Strides[0]] = 1;   // weights stored inputs × stride
        var options = new FitOptions { Epochs = 3, BatchSize = 0, Optimizer = optimizer, LearningRate = 0.01 };
        var error = Assert.Throws<TrainingDivergedException>(() => network.Fit(x, y, options));
        Assert.Contains("epoch 1 of 3: the output for training row 0 became ∞", error.Message.Replace("Infinity", "∞"));
        Assert.Equal([1f, 1f], network.Weights(0));
    }

    [Fact]
    public void TrainWhoseOutputsOverflowWithFiniteWeightsDiverges()
    {
        (float[] x, float[] y, _) = Regression();
        var network = new Network<float>([2, 32, 1], [Activation.Relu, Activation.Linear], useBias: true, learningRate: 1e6, scaledInitialization: true);
        var error = Assert.Throws<TrainingDivergedException>(() => network.Train(x, y, 10));
        Assert.Contains($"iteration {error.Iteration} of 10: the output for training row", error.Message);
        var replay = new Network<float>([2, 32, 1], [Activation.Relu, Activation.Linear], useBias: true, learningRate: 1e6, scaledInitialization: true);
        replay.Train(x, y, error.Iteration - 1);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(replay.Weights(l), network.Weights(l));
            Assert.All(network.Weights(l), w => Assert.True(float.IsFinite(w)));
        }
    }

    /// <summary>A NaN output is neither above ½ nor the largest, and was counted as class 0: right whenever the target was class 0.</summary>
    [Fact]
    public void ANonFiniteOutputIsNeverCountedAsAClass()
    {
        Assert.Equal(0.5, Metrics.Accuracy<double>([double.NaN, 0.9], [0, 1], 1));
        Assert.Equal(0.5, Metrics.Accuracy<float>([float.NaN, float.NaN, 0.2f, 0.8f], [1, 0, 0, 1], 2));
        Assert.Equal(0.0, Metrics.Accuracy<float>([float.PositiveInfinity, 0], [1, 0], 2));
    }

    /// <summary>The reproduction: the command printed "loss Infinity", saved the model and exited 0.</summary>
    [Fact]
    public void TrainWhoseLossOverflowsExits1AndSavesNothing()
    {
        File.WriteAllText(Path.Combine(_folder, "small.csv"), Regression().Csv);
        var (exitCode, _, error) = CommandLineTests.Run(_folder, "train small.csv --optimizer Sgd --learning-rate 1e6 --epochs 2 --out m.fnn");
        Assert.Equal(1, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("Training diverged at epoch", error);
        Assert.Contains("Nothing was saved.", error);
        Assert.False(File.Exists(Path.Combine(_folder, "m.fnn")));
    }

    /// <summary>
    /// A model whose weights overflow on some rows (3·10³⁸ on both inputs: the second row's sum is +∞, its softmax
    /// NaN): predict printed "no,NaN,NaN" with exit 0, a NaN row falling to class 0. Both commands now stop naming
    /// the row's line and write nothing.
    /// </summary>
    [Theory]
    [InlineData("predict m.fnn d.csv --out p.csv")]
    [InlineData("predict m.fnn d.csv")]
    [InlineData("evaluate m.fnn d.csv")]
    public void PredictionNeverTurnsANonFiniteOutputIntoAClass(string arguments)
    {
        var model = new Network<float>([2, 2], [Activation.Softmax], useBias: true, loss: Loss.CrossEntropy)
        {
            Metadata = new ModelMetadata { FeatureNames = ["a", "b"], TargetName = "label", ClassLabels = ["no", "yes"] },
        };
        model.MutableWeights(0).AsSpan().Fill(3e38f);
        model.Save(Path.Combine(_folder, "m.fnn"));
        File.WriteAllText(Path.Combine(_folder, "d.csv"), "a,b,label\n0.1,0.1,no\n1,1,yes\n0.2,0.1,no\n2,2,yes\n");
        var (exitCode, output, error) = CommandLineTests.Run(_folder, arguments);
        Assert.Equal(1, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("d.csv, line 3: the model m.fnn gives NaN for this row (and for 1 more rows)", error);
        Assert.DoesNotContain("NaN", output);
        Assert.False(File.Exists(Path.Combine(_folder, "p.csv")));
    }
}
