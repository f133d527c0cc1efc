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
