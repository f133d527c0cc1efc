using FastNeuron.Cli;

namespace FastNeuron.Tests;

public class CliTests
{
    // The seed program's output under numpy 1.24 (shared/reference/seed.py), character for character.
    private const string NumpyLines = """
        Random starting synaptic weights: 
        [[-0.16595599]
         [ 0.44064899]
         [-0.99977125]]
        New synaptic weights after training: 
        [[ 9.67299303]
         [-0.2078435 ]
         [-4.62963669]]
        Considering new situation [1, 0, 0] -> ?: 
        [0.99993704]
        """;

    [Fact]
    public void DemoPrintsTheSeedProgramsLinesExactly()
    {
        var output = new StringWriter { NewLine = "\n" };
        int exitCode = SeedDemo.Run(Backend.Vector, output);
        string text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.StartsWith(NumpyLines.ReplaceLineEndings("\n") + "\n", text);
        Assert.Contains("Vector against Scalar: float64 bitwise identical (weights and prediction); float32 bitwise identical", text);
        Assert.Contains("Training time", text);
        Assert.Contains("[1, 1, 0] -> ?: 0.00788760437", text);
    }

    [Theory]
    [InlineData(new[] { 0.5, -0.25 }, "[[ 0.5 ]\n [-0.25]]")]
    [InlineData(new[] { 1.0, 10.0 }, "[[ 1.]\n [10.]]")]
    [InlineData(new[] { 0.123456789 }, "[[0.12345679]]")]
    public void NumpyFormatMatchesNumpysPadding(double[] values, string expected)
    {
        Assert.Equal(expected, NumpyFormat.Column(values));
    }

    [Fact]
    public void VerifyPassesOnThisMachineAndReportsEveryWidth()
    {
        var output = new StringWriter();
        int exitCode = Verify.Run(1, output);
        string text = output.ToString();
        Assert.Equal(0, exitCode);
        foreach (string width in new[] { "Vector128", "Vector256", "Vector512" })
        {
            Assert.Contains(width, text);
        }
        Assert.Contains("bitwise identical to the scalar reference", text);
        Assert.DoesNotContain("DIFFERS", text);
        foreach (GoldenModel model in GoldenModels.All)
        {
            Assert.Contains($"{model.Name,-50} 1 thread   {model.ExpectedSha256}  identical", text);
        }
        Assert.Contains($"All {GoldenModels.All.Count + GoldenModels.All.Count(m => m.CrossesChunks)} golden model runs give the committed hashes.", text);
        foreach (string kernel in new[] { "dense forward", "dense deltas", "dense gradient", "network training" })
        {
            Assert.Equal(6, text.Split('\n').Count(line => line.StartsWith(kernel, StringComparison.Ordinal) && line.Contains("bitwise identical")));
        }
    }

    [Fact]
    public void AComparisonNamesTheFirstDifferingIndexAndBothValues()
    {
        double[] expected = [1, 2, 3];
        double[] actual = [1, 2, BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(3) + 1)];
        KernelCheck check = KernelVerifier.Compare<double>("sigmoid", VectorWidth.Vector256, expected, actual);
        Assert.False(check.Identical);
        Assert.Equal(2, check.FirstDifference);
        Assert.Contains("0x4008000000000000", check.Expected);
        Assert.Contains("0x4008000000000001", check.Actual);
        Assert.True(KernelVerifier.Compare<double>("sigmoid", VectorWidth.Vector256, expected, expected).Identical);
    }
}

public class ConvertCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CsvConversionWritesTheTargetLastAndFailsWithoutLeavingAFile()
    {
        string csv = Path.Combine(_folder, "data.csv");
        File.WriteAllText(csv, "a,label,b\n1,0,2\n3,1,4\n");
        string output = Path.Combine(_folder, "data.fnm");
        Assert.Equal((2L, 2), FastNeuron.Cli.ConvertCommand.Convert(csv, output, target: "label"));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
        using (var file = MatrixFile.Open(output))
        {
            var row = new float[2];
            file.ReadRow(1, row, out float y);
            Assert.Equal([3f, 4], row);
            Assert.Equal(1f, y);
        }

        string bad = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(bad, "a,label,b\n1,0,2\n3,x,4\n");
        string badOutput = Path.Combine(_folder, "bad.fnm");
        var error = Assert.Throws<InvalidDataException>(() => FastNeuron.Cli.ConvertCommand.Convert(bad, badOutput, target: "label"));
        Assert.Contains("line 3", error.Message);
        Assert.Contains("column 2 ('label')", error.Message);
        Assert.False(File.Exists(badOutput));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));

        var missing = Assert.ThrowsAny<ArgumentException>(() => FastNeuron.Cli.ConvertCommand.Convert(csv, badOutput, target: "nope"));
        Assert.Contains("nope", missing.Message);
        Assert.False(File.Exists(badOutput));
    }

    [Fact]
    public void ConvertsACsvAndReportsTheShape()
    {
        string csv = Path.Combine(_folder, "in.csv");
        File.WriteAllText(csv, "x1;x2;y\n0.5;1;0\n2;3;1\n4;5;1\n");
        string output = Path.Combine(_folder, "out.fnm");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, FastNeuron.Cli.ConvertCommand.Run(new FileInfo(csv), new FileInfo(output), "y", FastNeuron.Cli.Data.HeaderMode.Yes, 4, stdout, stderr));
        Assert.Contains("3 rows × 2 inputs", stdout.ToString());
        using var file = MatrixFile.Open(output);
        Assert.Equal((3L, 2), (file.Rows, file.Columns));
    }

    [Fact]
    public void AMissingFileIsOneLineOnStderrAndExitCode1()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string missing = Path.Combine(_folder, "missing.csv");
        Assert.Equal(1, FastNeuron.Cli.ConvertCommand.Run(new FileInfo(missing), new FileInfo(Path.Combine(_folder, "o.fnm")), null, FastNeuron.Cli.Data.HeaderMode.Yes, 4, stdout, stderr));
        string message = stderr.ToString().TrimEnd();
        Assert.Single(message.Split('\n'));
        Assert.Contains("missing.csv", message);
        Assert.False(File.Exists(Path.Combine(_folder, "o.fnm")));
    }
}
