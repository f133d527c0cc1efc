using System.Numerics;
using Xunit.Abstractions;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Tests;

/// <summary>
/// Export: ONNX Runtime runs the exported graph with Predict's answers on raw features (the standardisation is in the
/// graph), at any batch size; the graph keeps ONNX's rules; round trips keep the weights' bits.
/// </summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    private static Network<T> Classifier<T>(Activation hidden, bool standardised, uint seed = 3)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>([6, 9, 4], [hidden, Activation.Softmax], seed: seed, useBias: true, loss: Loss.CrossEntropy, scaledInitialization: true);
        var random = new Random((int)seed);
        T[] x = Enumerable.Range(0, 200 * 6).Select(_ => T.CreateChecked(random.NextDouble() * 10 - 3)).ToArray();
        int[] labels = Enumerable.Range(0, 200).Select(i => (int)(double.CreateChecked(x[i * 6]) + 3) % 4).ToArray();
        var metadata = new ModelMetadata { FeatureNames = ["a", "b", "c", "d", "e", "f"], ClassLabels = ["w", "x", "y", "z"], TargetName = "kind" };
        if (standardised)
        {
            (double[] means, double[] scales) = ModelMetadata.Standardisation<T>(x, 6);
            metadata = metadata with { Means = means, Scales = scales };
        }
        network.Metadata = metadata;
        var scaled = new T[x.Length];
        network.Standardise(x, scaled);
        network.Fit(scaled, network.OneHot(labels), new FitOptions { Epochs = 5, LearningRate = 0.01 });
        return network;
    }

    private static T[] Rows<T>(int rows, int columns, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * columns).Select(_ => T.CreateChecked(random.NextDouble() * 12 - 4)).ToArray();
    }

    private double CompareWithOrt<T>(Network<T> network, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Rows<T>(rows, network.InputCount, rows);
        var expected = new T[rows * network.OutputCount];
        network.Predict(x, expected);
        T[] actual = OrtRunner.Run(OrtRunner.Export(network), x, rows, network.InputCount);
        double ulps = OnnxFixtures.UlpsOfScale<T>(actual, expected.Select(double.CreateChecked).ToArray());
        output.WriteLine($"{typeof(T).Name} {string.Join("-", network.Sizes)}, {rows} rows: ORT within {ulps:F2} ulps of the output scale of Predict");
        return ulps;
    }

    [Theory]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Sigmoid, false)]
    [InlineData(Activation.LeakyRelu, false)]
    [InlineData(Activation.Linear, true)]
    public void OnnxRuntimeGivesPredictsAnswersOnRawFeatures(Activation hidden, bool standardised)
    {
        foreach (int rows in new[] { 1, 37, 1000 })
        {
            Assert.InRange(CompareWithOrt(Classifier<float>(hidden, standardised), rows), 0, OnnxImportTests.ToleranceUlps);
            // ONNX Runtime has no float64 LeakyRelu kernel (the graph is valid ONNX; docs/onnx.md says so).
            if (hidden != Activation.LeakyRelu) Assert.InRange(CompareWithOrt(Classifier<double>(hidden, standardised), rows), 0, OnnxImportTests.ToleranceUlps);
        }
    }

    [Fact]
    public void RegressionWithoutBiasesExportsToo()
    {
        var network = new Network<double>([3, 5, 2], [Activation.Tanh, Activation.Linear], seed: 9, useBias: false);
        Assert.InRange(CompareWithOrt(network, 50), 0, OnnxImportTests.ToleranceUlps);
        var graph = OnnxProto.ModelProto.Parser.ParseFrom(OrtRunner.Export(network)).Graph;
        Assert.All(graph.Node.Where(n => n.OpType == "Gemm"), n => Assert.Equal(2, n.Input.Count));
    }

    /// <summary>A model from <c>fastneuron train</c> (standardised, a softmax classifier) gives ORT the answers evaluate prints.</summary>
    [Fact]
    public void AModelFromTrainGivesTheSameAnswersInOnnxRuntime()
    {
        string folder = Directory.CreateTempSubdirectory("fastneuron-onnx-").FullName;
        try
        {
            var train = FastNeuron.Tests.Shared.RepositoryFiles.RunCommand(folder, $"train {Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_named.csv")} --epochs 5 --out model.fnn");
            Assert.True(train.ExitCode == 0, train.Error);
            var network = Network<float>.Load(Path.Combine(folder, "model.fnn"));
            Assert.NotEmpty(network.Metadata.Means);
            Assert.Equal(Activation.Softmax, network.ActivationOf(network.Sizes.Count - 2));
            Assert.InRange(CompareWithOrt(network, 200), 0, OnnxImportTests.ToleranceUlps);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>ONNX's rules: nodes topologically sorted, every name defined once, the opset declared, a dynamic batch, and what the model expects in metadata_props.</summary>
    [Fact]
    public void TheGraphKeepsOnnxsRules()
    {
        Network<float> network = Classifier<float>(Activation.Relu, standardised: true);
        var model = OnnxProto.ModelProto.Parser.ParseFrom(OrtRunner.Export(network));
        Assert.Contains(model.OpsetImport, o => o.Domain == "" && o.Version == 13);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in model.Graph.Input.Select(i => i.Name).Concat(model.Graph.Initializer.Select(i => i.Name)))
        {
            Assert.True(defined.Add(name), $"{name} is defined twice");
        }
        foreach (OnnxProto.NodeProto node in model.Graph.Node)
        {
            Assert.All(node.Input, input => Assert.Contains(input, defined));   // defined before it is read
            Assert.All(node.Output, o => Assert.True(defined.Add(o), $"{o} is defined twice"));
            Assert.True(defined.Add("node:" + node.Name), $"node {node.Name} is named twice");
        }
        Assert.Contains(model.Graph.Output.Single().Name, defined);
        Assert.Equal("batch", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(["Sub", "Div", "Gemm", "Relu", "Gemm", "Softmax"], model.Graph.Node.Select(n => n.OpType));
        var properties = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("float32", properties["element_type"]);
        Assert.Equal("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]", properties["feature_names"]);
        Assert.Equal("[\"w\",\"x\",\"y\",\"z\"]", properties["class_labels"]);
    }

    /// <summary>.fnn → ONNX → .fnn keeps every bit of the weights, biases, standardisation, names and labels.</summary>
    [Fact]
    public void FastNeuronToOnnxAndBackKeepsEveryBit()
    {
        foreach (bool standardised in new[] { true, false })
        {
            Network<float> original = Classifier<float>(Activation.Tanh, standardised);
            Network<float> back = OnnxModel.Import<float>(new MemoryStream(OrtRunner.Export(original)));
            SameModel(original, back);
            Network<double> original64 = Classifier<double>(Activation.Relu, standardised);
            SameModel(original64, OnnxModel.Import<double>(new MemoryStream(OrtRunner.Export(original64))));
        }
        var noBias = new Network<float>([3, 2], [Activation.Sigmoid], seed: 4, useBias: false, loss: Loss.CrossEntropy);
        SameModel(noBias, OnnxModel.Import<float>(new MemoryStream(OrtRunner.Export(noBias))));
    }

    private static void SameModel<T>(Network<T> expected, Network<T> actual)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        expected.Save(a);
        actual.Save(b);
        Assert.Equal(a.ToArray(), b.ToArray());   // the model file: sizes, activations, loss, biases on or off, metadata, weights
    }

    /// <summary>ONNX → FastNeuron → ONNX → ORT gives the original graph's outputs (PyTorch's fixtures).</summary>
    [Theory]
    [InlineData("torch_64_32_10_relu_softmax_opset13")]
    [InlineData("torch_sigmoid_tanh_dropout_opset9")]
    [InlineData("torch_flatten_leakyrelu_softmax_opset11")]
    [InlineData("helper_matmul_add_typed_dropout_opset13")]
    [InlineData("helper_gemm_attributes_float64_opset14")]
    public void OnnxToFastNeuronAndBackRunsInOnnxRuntime(string name)
    {
        var (input, expected) = OnnxFixtures.Case(Path.Combine(OnnxFixtures.Folder, name));
        int rows = (int)input.Shape[0], columns = input.Values.Length / rows;
        double ulps = OnnxModel.ElementSize(OnnxFixtures.Model(name)) == 8
            ? OnnxFixtures.UlpsOfScale<double>(OrtRunner.Run(OrtRunner.Export(OnnxModel.Import<double>(OnnxFixtures.Model(name))), input.Values, rows, columns), expected.Values)
            : OnnxFixtures.UlpsOfScale<float>(OrtRunner.Run(OrtRunner.Export(OnnxModel.Import<float>(OnnxFixtures.Model(name))), OnnxFixtures.As<float>(input.Values), rows, columns), expected.Values);
        output.WriteLine($"{name}: ONNX → FastNeuron → ONNX in ORT within {ulps:F2} ulps of the output scale of PyTorch's");
        Assert.InRange(ulps, 0, OnnxImportTests.ToleranceUlps);
    }

    /// <summary>
    /// The exported files committed beside the fixtures (which make_fixtures.py puts through onnx.checker's full
    /// check) are what the exporter writes today. FASTNEURON_WRITE_EXPORTED=1 writes them afresh into the source tree.
    /// </summary>
    [Fact]
    public void TheCommittedExportsAreWhatTheExporterWrites()
    {
        var models = new (string Name, byte[] Bytes)[]
        {
            ("classifier_standardised_float32.onnx", OrtRunner.Export(Classifier<float>(Activation.Relu, standardised: true))),
            ("classifier_leakyrelu_float64.onnx", OrtRunner.Export(Classifier<double>(Activation.LeakyRelu, standardised: false))),
            ("regression_no_bias_float32.onnx", OrtRunner.Export(new Network<float>([3, 5, 2], [Activation.Sigmoid, Activation.Linear], seed: 9))),
        };
        string committed = Path.Combine(Path.GetDirectoryName(OnnxReadmeTests.RepositoryFile("FastNeuron.sln"))!, "tests", "FastNeuron.Onnx.Tests", "Fixtures", "exported");
        foreach (var (name, bytes) in models)
        {
            if (Environment.GetEnvironmentVariable("FASTNEURON_WRITE_EXPORTED") == "1")
            {
                Directory.CreateDirectory(committed);
                File.WriteAllBytes(Path.Combine(committed, name), bytes);
            }
            Assert.True(File.Exists(Path.Combine(committed, name)), $"{name} is not committed; run the tests once with FASTNEURON_WRITE_EXPORTED=1, then make_fixtures.py --check-exported");
            Assert.Equal(File.ReadAllBytes(Path.Combine(committed, name)), bytes);
        }
    }
}
