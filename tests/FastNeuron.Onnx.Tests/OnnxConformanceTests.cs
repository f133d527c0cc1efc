using System.Numerics;
using Google.Protobuf;
using Xunit.Abstractions;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Tests;

/// <summary>
/// ONNX's own backend node tests (Debian's libonnx-testdata) for the operators FastNeuron imports. A case is a graph
/// of one node; to make it a network, its inputs after the first (a Gemm's B and C, a MatMul's B) become
/// initializers with the case's values, and a case whose node is an activation gets an identity dense layer (W = I,
/// no bias: z = x exactly) before it. Every case FastNeuron imports must give the case's outputs within the import
/// tolerance; every case it refuses must be listed, with the importer's reason, in ConformanceRefusals.txt.
/// </summary>
public class OnnxConformanceTests(ITestOutputHelper output)
{
    private static readonly string[] Operators = ["gemm", "matmul", "add", "relu", "sigmoid", "tanh", "leakyrelu", "softmax", "logsoftmax", "flatten", "identity"];
    private static readonly string[] Activations = ["Relu", "Sigmoid", "Tanh", "LeakyRelu", "Softmax", "LogSoftmax"];

    private static string NodeTests => Environment.GetEnvironmentVariable("FASTNEURON_ONNX_NODE_TESTS") ?? "/usr/share/libonnx-testdata/data/node";

    [Fact]
    public void EveryCaseOfTheSupportedOperatorsPassesOrIsAListedRefusal()
    {
        Assert.True(Directory.Exists(NodeTests), $"{NodeTests} is missing: install Debian's libonnx-testdata (sudo apt-get install libonnx-testdata), or set FASTNEURON_ONNX_NODE_TESTS to ONNX's onnx/backend/test/data/node");
        string[] cases = Directory.GetDirectories(NodeTests).Select(Path.GetFileName).OfType<string>()
            .Where(c => Operators.Any(op => c == $"test_{op}" || c.StartsWith($"test_{op}_", StringComparison.Ordinal)))
            .Where(c => !c.StartsWith("test_add_uint8", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        var refused = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var passed = new List<string>();
        foreach (string name in cases)
        {
            string? reason = Run(Path.Combine(NodeTests, name), out double ulps);
            if (reason is null)
            {
                output.WriteLine($"{name}: passed, within {ulps:F2} ulps of the output scale");
                Assert.InRange(ulps, 0, OnnxImportTests.ToleranceUlps);
                passed.Add(name);
            }
            else
            {
                refused[name] = reason;
            }
        }
        string listed = string.Concat(refused.Select(r => $"{r.Key}: {r.Value}\n"));
        string file = Path.Combine(Path.GetDirectoryName(OnnxReadmeTests.RepositoryFile("FastNeuron.sln"))!, "tests", "FastNeuron.Onnx.Tests", "ConformanceRefusals.txt");
        if (Environment.GetEnvironmentVariable("FASTNEURON_WRITE_REFUSALS") == "1") File.WriteAllText(file, listed);
        output.WriteLine($"{passed.Count} passed, {refused.Count} refused of {cases.Length}");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), listed);
        Assert.NotEmpty(passed);
    }

    /// <summary>The case's outputs against FastNeuron's, or the importer's reason for refusing it.</summary>
    private static string? Run(string folder, out double ulps)
    {
        ulps = 0;
        var model = OnnxProto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "model.onnx")));
        string data = Path.Combine(folder, "test_data_set_0");
        for (int i = model.Graph.Input.Count - 1; i >= 1; i--)
        {
            var value = OnnxProto.TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(data, $"input_{i}.pb")));
            value.Name = model.Graph.Input[i].Name;
            model.Graph.Initializer.Add(value);
            model.Graph.Input.RemoveAt(i);
        }
        OnnxProto.NodeProto first = model.Graph.Node[0];
        bool logSoftmax = first.OpType == "LogSoftmax";
        if (Activations.Contains(first.OpType) && model.Graph.Input[0].Type?.TensorType?.Shape?.Dim is { Count: 2 } dims && dims[1].HasDimValue)
        {
            PrependIdentity(model.Graph, (int)dims[1].DimValue);
        }
        byte[] bytes = model.ToByteArray();
        try
        {
            ulps = OnnxModel.ElementSize(WriteTemporary(bytes)) == 8 ? Compare<double>(bytes, data, logSoftmax) : Compare<float>(bytes, data, logSoftmax);
            return null;
        }
        catch (InvalidDataException e)
        {
            // The message without the source (a stream) and without the list of what is supported, which every refusal repeats.
            string reason = e.Message["ONNX stream: ".Length..];
            int supported = reason.IndexOf("; FastNeuron imports one input", StringComparison.Ordinal);
            return supported >= 0 ? reason[..supported] : reason;
        }
    }

    private static string WriteTemporary(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastneuron-conformance-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static double Compare<T>(byte[] model, string data, bool logSoftmax)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = OnnxModel.Import<T>(new MemoryStream(model), new OnnxImportOptions { LogSoftmaxAsSoftmax = logSoftmax });
        Import.Tensor input = OnnxFixtures.ReadTensor(Path.Combine(data, "input_0.pb"));
        Import.Tensor expected = OnnxFixtures.ReadTensor(Path.Combine(data, "output_0.pb"));
        var actual = new T[expected.Values.Length];
        network.Think(OnnxFixtures.As<T>(input.Values), actual);
        return OnnxFixtures.UlpsOfScale<T>(actual, logSoftmax ? expected.Values.Select(Math.Exp).ToArray() : expected.Values);
    }

    /// <summary>An identity MatMul (W = I) between the input and the activation that reads it.</summary>
    private static void PrependIdentity(OnnxProto.GraphProto graph, int features)
    {
        string input = graph.Input[0].Name;
        var identity = new OnnxProto.TensorProto { Name = "conformance/identity", DataType = graph.Input[0].Type.TensorType.ElemType };
        identity.Dims.AddRange([features, features]);
        for (int k = 0; k < features * features; k++)
        {
            if (identity.DataType == (int)OnnxProto.TensorProto.Types.DataType.Double) identity.DoubleData.Add(k % (features + 1) == 0 ? 1 : 0);
            else identity.FloatData.Add(k % (features + 1) == 0 ? 1 : 0);
        }
        graph.Initializer.Add(identity);
        foreach (OnnxProto.NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == input) node.Input[i] = "conformance/x";
            }
        }
        var matMul = new OnnxProto.NodeProto { OpType = "MatMul", Name = "conformance/identity" };
        matMul.Input.AddRange([input, "conformance/identity"]);
        matMul.Output.Add("conformance/x");
        graph.Node.Insert(0, matMul);
    }
}
