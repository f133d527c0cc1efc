using FastNeuron.Data;
using Xunit.Abstractions;

namespace FastNeuron.Tests;

/// <summary>
/// The real data sets (data/, with provenance in data/README.md), with a fixed seeded stratified 80/20 split and
/// inputs standardised on the training part. The floors are issue 3's.
/// </summary>
public class RealDataTests(ITestOutputHelper output)
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    [Fact]
    public void BreastCancerOneSigmoidNeuronWithABias()
    {
        var all = Dataset.ReadLabelledCsv(DataFile("breast_cancer.csv"), classes: 2, skipLines: 1);
        (Dataset training, Dataset test) = all.SplitStratified(0.8, seed: 1);
        Dataset train = training.StandardisedLike(training), check = test.StandardisedLike(training);
        var network = new Network<float>([30, 1], [Activation.Sigmoid], seed: 1, useBias: true, loss: Loss.CrossEntropy);
        network.Fit(train.Inputs, train.Targets, new FitOptions { Epochs = 200, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
        double accuracy = network.Accuracy(check.Inputs, check.Targets);
        output.WriteLine($"breast cancer test accuracy {accuracy:F4}");
        Assert.True(accuracy >= 0.98, $"breast cancer test accuracy {accuracy:F4}");
    }

    [Fact]
    public void Digits64_32_10()
    {
        var all = Dataset.ReadLabelledCsv(DataFile("digits.csv"), classes: 10);
        (Dataset training, Dataset test) = all.SplitStratified(0.8, seed: 1);
        Dataset train = training.StandardisedLike(training), check = test.StandardisedLike(training);
        var network = new Network<float>([64, 32, 10], [Activation.Relu, Activation.Softmax], seed: 1, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        var reports = new List<EpochReport>();
        network.Fit(train.Inputs, train.Targets, new FitOptions { Epochs = 100, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.001, OnEpoch = reports.Add });
        double accuracy = network.Accuracy(check.Inputs, check.Targets);
        output.WriteLine($"digits 64-32-10 test accuracy {accuracy:F4}");
        Assert.True(accuracy >= 0.975, $"digits test accuracy {accuracy:F4}");
        Assert.True(reports[^1].TrainingLoss < reports[0].TrainingLoss);
    }

    [Theory]
    [InlineData("mushroom", 10, 0.99)]
    [InlineData("diabetes", 200, 0.74)]
    public void FannDataSetsWithOneSoftmaxLayer(string name, int epochs, double floor)
    {
        var train = Dataset.ReadFann(DataFile($"{name}.train"));
        var test = Dataset.ReadFann(DataFile($"{name}.test"));
        var network = new Network<float>([train.InputCount, train.OutputCount], [Activation.Softmax], seed: 1, useBias: true, loss: Loss.CrossEntropy);
        network.Fit(train.Inputs, train.Targets, new FitOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.01 });
        double accuracy = network.Accuracy(test.Inputs, test.Targets);
        output.WriteLine($"{name} test accuracy {accuracy:F4}");
        Assert.True(accuracy >= floor, $"{name} test accuracy {accuracy:F4}, floor {floor}");
    }

    [Fact]
    public void FannFileErrorsNameTheLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.data");
        File.WriteAllText(path, "2 2 1\n0 0\n0\n1 x\n1\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Dataset.ReadFann(path));
            Assert.Contains("line 4", error.Message);
            Assert.Contains("'x'", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrainingIsDeterministicAcrossBackends()
    {
        var all = Dataset.ReadLabelledCsv(DataFile("digits.csv"), classes: 10);
        Dataset part = all.Select(Enumerable.Range(0, 200).ToArray());
        var options = new FitOptions { Epochs = 3, BatchSize = 16, Optimizer = Optimizer.Momentum, LearningRate = 0.01 };
        var scalar = new Network<float>([64, 32, 10], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, backend: Backend.Scalar);
        scalar.Fit(part.Inputs, part.Targets, options);
        foreach (VectorWidth width in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            var vector = new Network<float>([64, 32, 10], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, width: width);
            vector.Fit(part.Inputs, part.Targets, options);
            TestData.AssertBitwiseEqual(scalar.Weights(0), vector.Weights(0), $"layer 0 at {width}");
            TestData.AssertBitwiseEqual(scalar.Weights(1), vector.Weights(1), $"layer 1 at {width}");
        }
    }
}

public class FitTests
{
    private static readonly float[] Xor = [0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0];
    private static readonly float[] XorTargets = [0, 1, 1, 1, 1, 0, 0];

    [Theory]
    [InlineData(Optimizer.Sgd, 1.0)]
    [InlineData(Optimizer.Momentum, 0.5)]
    [InlineData(Optimizer.Adam, 0.05)]
    public void EveryOptimizerLearnsTheMultilayerXor(Optimizer optimizer, double learningRate)
    {
        var network = new Network<float>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], useBias: true);
        var reports = new List<EpochReport>();
        network.Fit(Xor, XorTargets, new FitOptions { Epochs = 2000, BatchSize = 0, Optimizer = optimizer, LearningRate = learningRate, OnEpoch = reports.Add });
        Assert.True(reports[^1].TrainingLoss < 0.5 * reports[0].TrainingLoss, $"{optimizer}: loss {reports[0].TrainingLoss:G3} → {reports[^1].TrainingLoss:G3}");
        Assert.Equal(1.0, network.Accuracy(Xor, XorTargets));
    }

    [Fact]
    public void RpropTrainsMushroomOnFullBatches()
    {
        var train = FastNeuron.Data.Dataset.ReadFann(Path.Combine(AppContext.BaseDirectory, "data", "mushroom.train"));
        var test = FastNeuron.Data.Dataset.ReadFann(Path.Combine(AppContext.BaseDirectory, "data", "mushroom.test"));
        var network = new Network<float>([125, 2], [Activation.Sigmoid], useBias: true, scaledInitialization: true);
        network.Fit(train.Inputs, train.Targets, new FitOptions { Epochs = 50, BatchSize = 0, Optimizer = Optimizer.Rprop });
        double accuracy = network.Accuracy(test.Inputs, test.Targets);
        Assert.True(accuracy >= 0.99, $"mushroom with RPROP: {accuracy:F4}");
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestValidationWeights()
    {
        var network = new Network<float>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid], useBias: true);
        var reports = new List<EpochReport>();
        // Validation targets that contradict training: its loss soon rises, so training stops after `patience` bad epochs.
        float[] contradicting = XorTargets.Select(t => 1 - t).ToArray();
        int epochs = network.Fit(Xor, XorTargets, new FitOptions { Epochs = 500, BatchSize = 0, Optimizer = Optimizer.Adam, LearningRate = 0.05, EarlyStoppingPatience = 5, OnEpoch = reports.Add },
            Xor, contradicting);
        Assert.True(epochs < 500, $"ran {epochs} epochs");
        double best = reports.Min(r => r.ValidationLoss!.Value);
        var output = new float[7];
        network.Think(Xor, output);
        // The network's loss is squared error, averaged over rows: the kept weights must score the best epoch's.
        double kept = 0.5 * output.Zip(contradicting, (o, y) => (double)(y - o) * (y - o)).Sum() / 7;
        Assert.Equal(best, kept, 6);
    }
}
