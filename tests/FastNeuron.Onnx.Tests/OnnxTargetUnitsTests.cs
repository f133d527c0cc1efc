using System.Numerics;

namespace FastNeuron.Onnx.Tests;

/// <summary>
/// A regression trained on standardised targets (issue 15) exports with Mul and Add after its last layer, so ONNX
/// Runtime answers in the targets' units, as Predict does.
/// </summary>
public class OnnxTargetUnitsTests
{
    private static double Compare<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>([3, 5, 2], [Activation.Tanh, Activation.Linear], seed: 9, useBias: true)
        {
            Metadata = new ModelMetadata { TargetNames = ["p", "q"], TargetMeans = [1.5, -200], TargetScales = [0.25, 30] },
        };
        var random = new Random(5);
        T[] x = Enumerable.Range(0, 50 * 3).Select(_ => T.CreateChecked(random.NextDouble() * 4 - 2)).ToArray();
        var expected = new T[50 * 2];
        network.Predict(x, expected);
        var thought = new T[50 * 2];
        network.Think(x, thought);
        Assert.NotEqual(thought, expected);   // the units differ, so the test can tell
        T[] actual = OrtRunner.Run(OrtRunner.Export(network), x, 50, 3);
        return OnnxFixtures.UlpsOfScale<T>(actual, expected.Select(double.CreateChecked).ToArray());
    }

    [Fact]
    public void TheTargetsUnitsImportBack()
    {
        var network = new Network<double>([3, 5, 2], [Activation.Tanh, Activation.Linear], seed: 9, useBias: true)
        {
            Metadata = new ModelMetadata { TargetMeans = [1.5, -200], TargetScales = [0.25, 30] },
        };
        string path = Path.Combine(Directory.CreateTempSubdirectory("fastneuron-target-units-").FullName, "m.onnx");
        OnnxModel.Export(network, path);
        var imported = OnnxModel.Import<double>(path);
        Assert.Equal([1.5, -200], imported.Metadata.TargetMeans);
        Assert.Equal([0.25, 30], imported.Metadata.TargetScales);
        double[] x = [0.5, -1, 2];
        var expected = new double[2];
        var actual = new double[2];
        network.Predict(x, expected);
        imported.Predict(x, actual);
        Assert.Equal(expected, actual);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void OnnxRuntimeAnswersInTheTargetsUnits()
    {
        Assert.InRange(Compare<float>(), 0, OnnxImportTests.ToleranceUlps);
        Assert.InRange(Compare<double>(), 0, OnnxImportTests.ToleranceUlps);
    }
}
