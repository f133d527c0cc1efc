using FastNeuron.Cli.Data;
using Xunit.Abstractions;

namespace FastNeuron.Tests;

/// <summary>
/// The real data sets (data/, with provenance in data/README.md), read, split and standardised exactly as
/// <c>fastneuron train</c> does (<see cref="Table"/>, <see cref="TrainingData"/>: a seeded split holding out 20% of
/// each class, inputs standardised on the training part). The floors are issue 3's, re-measured on that split
/// (issue 11): the library's old split (the first 80% of each shuffled class to training) gave breast cancer 0.9823
/// and digits 0.9777 against floors 0.98 and 0.975; the command's split gives 0.9558 (108 of 113) and 0.9721 with the
/// same training, so those floors are now 0.95 and 0.97.
/// </summary>
public class RealDataTests(ITestOutputHelper output)
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>A headerless CSV whose last column is the class, as <c>fastneuron train --validation 0.2 --seed 1</c> reads it.</summary>
    private static TrainingData<float> Prepare(Network<float> network, string name, int skip = 0)
    {
        Table table = Table.Read(DataFile(name), target: null, HeaderMode.No, skip, "csv", targetRequired: true);
        return TrainingData.Prepare(network, table, Targets.From(table, "classification"), validation: 0.2, seed: 1, standardise: true);
    }

    [Fact]
    public void BreastCancerOneSigmoidNeuronWithABias()
    {
        var network = new Network<float>([30, 1], [Activation.Sigmoid], seed: 1, useBias: true, loss: Loss.CrossEntropy);
        TrainingData<float> data = Prepare(network, "breast_cancer.csv", skip: 1);
        network.Fit(data.TrainInputs, data.TrainTargets, new FitOptions { Epochs = 200, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
        double accuracy = network.Accuracy(data.ValidationInputs, data.ValidationTargets);
        output.WriteLine($"breast cancer test accuracy {accuracy:F4}");
        Assert.True(accuracy >= 0.95, $"breast cancer test accuracy {accuracy:F4}");
    }

    [Fact]
    public void Digits64_32_10()
    {
        var network = new Network<float>([64, 32, 10], [Activation.Relu, Activation.Softmax], seed: 1, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        TrainingData<float> data = Prepare(network, "digits.csv");
        var reports = new List<EpochReport>();
        network.Fit(data.TrainInputs, data.TrainTargets, new FitOptions { Epochs = 100, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.001, OnEpoch = reports.Add });
        double accuracy = network.Accuracy(data.ValidationInputs, data.ValidationTargets);
        output.WriteLine($"digits 64-32-10 test accuracy {accuracy:F4}");
        Assert.True(accuracy >= 0.97, $"digits test accuracy {accuracy:F4}");
        Assert.True(reports[^1].TrainingLoss < reports[0].TrainingLoss);
    }

    [Theory]
    [InlineData("mushroom", 10, 0.99)]
    [InlineData("diabetes", 200, 0.74)]
    public void FannDataSetsWithOneSoftmaxLayer(string name, int epochs, double floor)
    {
        FannData train = FannFile.Read(DataFile($"{name}.train"));
        FannData test = FannFile.Read(DataFile($"{name}.test"));
        var network = new Network<float>([train.InputCount, train.OutputCount], [Activation.Softmax], seed: 1, useBias: true, loss: Loss.CrossEntropy);
        network.Fit(train.Inputs, train.Outputs, new FitOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.01 });
        double accuracy = network.Accuracy(test.Inputs, test.Outputs);
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
            var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
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
        Table table = Table.Read(DataFile("digits.csv"), target: null, HeaderMode.No, skip: 0, "csv", targetRequired: true);
        int[] first = Enumerable.Range(0, 200).ToArray();
        float[] inputs = table.Gather<float>(first);
        Targets targets = Targets.From(table, "classification");
        var options = new FitOptions { Epochs = 3, BatchSize = 16, Optimizer = Optimizer.Momentum, LearningRate = 0.01 };
        var scalar = new Network<float>([64, 32, 10], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, backend: Backend.Scalar);
        scalar.Fit(inputs, targets.Encode(scalar, first), options);
        foreach (VectorWidth width in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            var vector = new Network<float>([64, 32, 10], [Activation.Tanh, Activation.Softmax], useBias: true, loss: Loss.CrossEntropy, width: width);
            vector.Fit(inputs, targets.Encode(vector, first), options);
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
        FannData train = FannFile.Read(Path.Combine(AppContext.BaseDirectory, "data", "mushroom.train"));
        FannData test = FannFile.Read(Path.Combine(AppContext.BaseDirectory, "data", "mushroom.test"));
        var network = new Network<float>([125, 2], [Activation.Sigmoid], useBias: true, scaledInitialization: true);
        network.Fit(train.Inputs, train.Outputs, new FitOptions { Epochs = 50, BatchSize = 0, Optimizer = Optimizer.Rprop });
        double accuracy = network.Accuracy(test.Inputs, test.Outputs);
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
