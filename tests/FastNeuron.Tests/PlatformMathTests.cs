using System.Text.RegularExpressions;
using FastNeuron.Kernels;

namespace FastNeuron.Tests;

/// <summary>
/// No platform maths in anything that sets a bit (docs/numerics.md, "Operations in a bit-defining path"): the library
/// calls no libm function, its own log is within 1 ulp of the platform's and gives fixed bits, and Adam's bias
/// correction is the float64 running product.
/// </summary>
[Trait("Category", "Verification")]
public class PlatformMathTests
{
    private static readonly Regex LibmCall = new(
        @"\b(Math|MathF|double|float|T|Single|Double)\.(Pow|Exp|Exp2|Exp10|ExpM1|Log|Log2|Log10|LogP1|Tanh|Sinh|Cosh|Sin|Cos|Tan|Asin|Acos|Atan|Atan2|Asinh|Acosh|Atanh|Cbrt|Hypot|RootN|ScaleB|SinCos)\s*\(",
        RegexOptions.Compiled);

    [Fact]
    public void TheLibraryCallsNoLibmFunction()
    {
        string source = Path.GetDirectoryName(ReadmeTests.RepositoryFile("src/FastNeuron/FastNeuron.csproj"))!;
        var calls = new List<string>();
        foreach (string file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].Split("//")[0];
                if (LibmCall.IsMatch(code)) calls.Add($"{Path.GetRelativePath(source, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(calls.Count == 0, "libm calls in the library:\n" + string.Join("\n", calls));
    }

    [Fact]
    public void TheScanFindsALibmCall()
    {
        Assert.Matches(LibmCall, "T.One - T.CreateChecked(Math.Pow(0.9, _step))");
        Assert.Matches(LibmCall, "loss -= y * Math.Log(o);");
        Assert.Matches(LibmCall, "var e = double.Exp(x);");
        Assert.DoesNotMatch(LibmCall, "double s = Math.Sqrt(x) + Math.Max(a, b) + Math.FusedMultiplyAdd(a, b, c);");
    }

    [Fact]
    public void LogIsWithinOneUlpOfThePlatformsEverywhere()
    {
        var random = new Random(5);
        var inputs = new List<double> { double.Epsilon, 2.2250738585072014E-308, 2.225073858507201E-308, 1e-300, 0.5, 1 - 1e-16, 1, 1 + 1e-15, Math.E, 2, 10, 1e300, double.MaxValue };
        for (int i = 0; i < 200_000; i++)
        {
            // Every exponent, including the subnormal range, and the neighbourhood of 1 where log is near 0.
            inputs.Add(BitConverter.Int64BitsToDouble(random.NextInt64(1, 0x7FF0000000000000)));
            inputs.Add(1 + (random.NextDouble() - 0.5) * Math.ScaleB(1.0, -random.Next(1, 40)));
        }
        foreach (double x in inputs)
        {
            double ours = LogDouble.Log(x), platform = Math.Log(x);
            long ulps = Math.Abs(BitConverter.DoubleToInt64Bits(ours) - BitConverter.DoubleToInt64Bits(platform));
            Assert.True(ulps <= 1 || (ours == 0 && platform == 0), $"log({x:R}) = {ours:R}, platform {platform:R}: {ulps} ulp apart");
        }
    }

    [Theory]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(-1.0, double.NaN)]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(1.0, 0.0)]
    public void LogOfSpecialValues(double x, double expected)
    {
        Assert.Equal(expected, LogDouble.Log(x));
        Assert.Equal(double.NegativeInfinity, LogDouble.Log(-0.0));
    }

    [Fact]
    public void LogOfPowersOfTwoIsKTimesLn2RoundedOnce()
    {
        // k·ln2_hi is exact and k·ln2_lo one rounding: the sum is k·ln 2 correctly rounded for these k.
        for (int k = -1074; k <= 1023; k++)
        {
            double x = Math.ScaleB(1.0, k);
            Assert.Equal(k * 6.93147180369123816490e-01 + k * 1.90821492927058770002e-10, LogDouble.Log(x));
        }
    }

    [Fact]
    public void AdamsBiasCorrectionIsTheRunningProductOfBeta()
    {
        var options = new FitOptions { Optimizer = Optimizer.Adam };
        float[][] weights = [new float[16]], biases = [new float[16]], next = [new float[16]], nextBias = [new float[16]];
        var optimizer = new FastNeuron.Training.OptimizerState<float>(options, weights, biases, VectorWidth.Scalar);
        double beta1Power = 1, beta2Power = 1;
        for (int step = 1; step <= 5000; step++)
        {
            optimizer.Step(weights, weights, biases, biases, false, 1f, next, nextBias);
            beta1Power *= 0.9;
            beta2Power *= 0.999;
            Assert.Equal((1 - beta1Power, 1 - beta2Power), optimizer.BiasCorrection);
        }
    }
}
