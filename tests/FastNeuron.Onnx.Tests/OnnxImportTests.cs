using System.Numerics;
using FastNeuron.Onnx.Import;
using Xunit.Abstractions;

namespace FastNeuron.Onnx.Tests;

/// <summary>Import: every fixture's network gives PyTorch's (or numpy's) outputs within the stated tolerance.</summary>
public class OnnxImportTests(ITestOutputHelper output)
{
    /// <summary>
    /// The bound docs/onnx.md states, in ulps of the output scale (largest |output| of the case): FastNeuron's exp,
    /// sigmoid, tanh and its summation order differ from PyTorch's, so the bits may too. Measured at most 4 (float32)
    /// and 2 (float64) over the fixtures; the bound is twice that.
    /// </summary>
    public const double ToleranceUlps = 8;

    public static TheoryData<string> Fixtures => OnnxFixtures.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ImportedNetworksGivePyTorchsOutputs(string name)
    {
        string model = OnnxFixtures.Model(name);
        double ulps = OnnxModel.ElementSize(model) == 8 ? Compare<double>(name) : Compare<float>(name);
        output.WriteLine($"{name}: largest difference {ulps:F2} ulps of the output scale");
        Assert.InRange(ulps, 0, ToleranceUlps);
    }

    private static double Compare<T>(string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (input, expected) = OnnxFixtures.Case(Path.Combine(OnnxFixtures.Folder, name));
        // LogSoftmax is read as Softmax only when asked; its outputs are then exp of the graph's.
        bool logSoftmax = name.Contains("logsoftmax", StringComparison.Ordinal);
        Network<T> network = OnnxModel.Import<T>(OnnxFixtures.Model(name), new OnnxImportOptions { LogSoftmaxAsSoftmax = logSoftmax });
        var actual = new T[expected.Values.Length];
        network.Think(OnnxFixtures.As<T>(input.Values), actual);
        double[] wanted = logSoftmax ? expected.Values.Select(Math.Exp).ToArray() : expected.Values;
        return OnnxFixtures.UlpsOfScale<T>(actual, wanted);
    }

    /// <summary>A network imported from ONNX keeps the contract: the Scalar backend and every vector width give the same bits.</summary>
    [Theory]
    [InlineData("torch_64_32_10_relu_softmax_opset13")]
    [InlineData("torch_784_256_128_10_relu_softmax_opset17")]
    [InlineData("torch_sigmoid_tanh_dropout_opset9")]
    [InlineData("torch_flatten_leakyrelu_softmax_opset11")]
    public void ImportedNetworksGiveTheScalarBitsAtEveryWidth(string name)
    {
        var (input, expected) = OnnxFixtures.Case(Path.Combine(OnnxFixtures.Folder, name));
        float[] x = OnnxFixtures.As<float>(input.Values);
        var scalar = new float[expected.Values.Length];
        OnnxModel.Import<float>(OnnxFixtures.Model(name), new OnnxImportOptions { Backend = Backend.Scalar }).Think(x, scalar);
        foreach (VectorWidth width in new[] { VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
        {
            var vector = new float[scalar.Length];
            OnnxModel.Import<float>(OnnxFixtures.Model(name), new OnnxImportOptions { Width = width }).Think(x, vector);
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
        }
    }

    /// <summary>Gemm's transB, alpha and beta and a [1, units] C, in a float64 graph with typed double_data, come in exactly.</summary>
    [Fact]
    public void GemmAttributesAreHonoured()
    {
        Network<double> network = OnnxModel.Import<double>(OnnxFixtures.Model("helper_gemm_attributes_float64_opset14"));
        Assert.Equal([4, 6, 2], network.Sizes);
        Assert.Equal(Activation.Sigmoid, network.ActivationOf(0));
        Assert.Equal(Activation.Linear, network.ActivationOf(1));
        var graph = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(OnnxFixtures.Model("helper_gemm_attributes_float64_opset14"))).Graph;
        Tensor w1 = Tensor.Read(graph.Initializer.Single(i => i.Name == "w1"), m => new InvalidDataException(m));
        // transB 1, alpha 1.5: weight (input k, unit o) is 1.5 · B[o, k].
        double[] weights = network.Weights(1);
        for (int k = 0; k < 6; k++)
        {
            for (int o = 0; o < 2; o++) Assert.Equal(1.5 * w1.Values[o * 6 + k], weights[k * 2 + o]);
        }
    }

    /// <summary>Class labels given at import are the model's; without them a graph's metadata_props are used.</summary>
    [Fact]
    public void ClassLabelsCanBeGiven()
    {
        var network = OnnxModel.Import<float>(OnnxFixtures.Model("helper_matmul_add_raw_opset9"), new OnnxImportOptions { ClassLabels = ["setosa", "versicolor", "virginica"] });
        Assert.Equal(["setosa", "versicolor", "virginica"], network.Metadata.ClassLabels);
        Assert.Empty(OnnxModel.Import<float>(OnnxFixtures.Model("helper_matmul_add_raw_opset9")).Metadata.ClassLabels);
        var wrong = Assert.Throws<ArgumentException>(() => OnnxModel.Import<float>(OnnxFixtures.Model("helper_matmul_add_raw_opset9"), new OnnxImportOptions { ClassLabels = ["a", "b"] }));
        Assert.Equal("options", wrong.ParamName);
        Assert.Contains("options.ClassLabels has 2 labels", wrong.Message);
    }
}
