namespace FastNeuron.Tests;

/// <summary>Issue 13's smaller library items: arguments that were accepted silently and broke something later.</summary>
public sealed class LibraryArgumentTests
{
    [Fact]
    public void FitRefusesNonFiniteValidationTargetsNamingTheRow()
    {
        var network = new Network<double>([2, 1], [Activation.Sigmoid], useBias: true);
        double[] x = [0, 1, 1, 0], y = [1, 0];
        double[] validationX = [0, 0, 1, 1, 0.5, 0.5], validationY = [0, 1, double.NaN];
        var error = Assert.Throws<ArgumentException>(() => network.Fit(x, y, new FitOptions { Epochs = 2 }, validationX, validationY));
        Assert.Equal("validationTargets", error.ParamName);
        Assert.Contains("index 2", error.Message);
    }

    /// <summary>A library-made model with two classes labelled alike made <c>fastneuron evaluate</c> crash with a dictionary's message.</summary>
    [Fact]
    public void DuplicateClassLabelsAreRefusedNamingBoth()
    {
        var network = new Network<float>([2, 3], [Activation.Softmax], loss: Loss.CrossEntropy);
        var error = Assert.Throws<ArgumentException>(() => network.Metadata = new ModelMetadata { ClassLabels = ["cat", "dog", "cat"] });
        Assert.Contains("ClassLabels[0] and ClassLabels[2] are both 'cat'", error.Message);
        Assert.Empty(network.Metadata.ClassLabels);
    }

    /// <summary>A model file written with two classes labelled alike: evaluate crashed; Load now refuses it, and the command says so in one line.</summary>
    [Fact]
    public void AModelFileWithDuplicateClassLabelsIsRefusedInOneLine()
    {
        string folder = Directory.CreateTempSubdirectory("fastneuron-labels-").FullName;
        try
        {
            var metadata = new ModelMetadata { FeatureNames = ["a", "b"], TargetName = "label", ClassLabels = ["yes", "yes"] };
            byte[] file = ModelFile.Write<float>([2, 2], [Activation.Softmax], true, Loss.CrossEntropy, metadata, _ => new float[4], _ => new float[2]);
            File.WriteAllBytes(Path.Combine(folder, "m.fnn"), file);
            File.WriteAllText(Path.Combine(folder, "d.csv"), "a,b,label\n1,2,yes\n");
            Assert.Contains("ClassLabels[0] and ClassLabels[1] are both 'yes'", Assert.Throws<InvalidDataException>(() => Network<float>.Load(Path.Combine(folder, "m.fnn"))).Message);
            var (exitCode, _, error) = CommandLineTests.Run(folder, "evaluate m.fnn d.csv");
            Assert.Equal(1, exitCode);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("are both 'yes'", error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
