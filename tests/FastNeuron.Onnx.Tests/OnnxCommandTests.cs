using FastNeuron.Tests.Shared;

namespace FastNeuron.Onnx.Tests;

/// <summary><c>fastneuron import</c> and <c>export</c>, and evaluate/predict on an .onnx model: answers, and one line with exit 1 on bad input.</summary>
public sealed class OnnxCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-onnx-cli-").FullName;

    public OnnxCommandTests()
    {
        Directory.CreateSymbolicLink(Path.Combine(_folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
        File.Copy(OnnxFixtures.Model("torch_64_32_10_relu_softmax_opset13"), Path.Combine(_folder, "mlp.onnx"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Error) Run(string arguments) => RepositoryFiles.RunCommand(_folder, arguments);

    [Fact]
    public void ImportWritesAModelThatEvaluatesLikeTheOnnxFile()
    {
        var import = Run("import mlp.onnx mlp.fnn --class-labels a,b,c,d,e,f,g,h,i,j");
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("mlp.fnn: 64-32-10 (Relu, Softmax), float32, classes a, b, c", import.Output);
        var model = Network<float>.Load(Path.Combine(_folder, "mlp.fnn"));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], model.Metadata.ClassLabels);
        var fromOnnx = Run("predict mlp.onnx data/digits.csv");
        var fromFnn = Run("predict mlp.fnn data/digits.csv");
        Assert.Equal(0, fromOnnx.ExitCode);
        // The same probabilities; only the labels differ (class indices for the graph without labels).
        Assert.Equal(fromOnnx.Output.Split('\n').Skip(1).Select(l => l[(l.IndexOf(',') + 1)..]), fromFnn.Output.Split('\n').Skip(1).Select(l => l[(l.IndexOf(',') + 1)..]));
    }

    [Fact]
    public void AFloat64GraphImportsAsAFloat64Model()
    {
        File.Copy(OnnxFixtures.Model("helper_gemm_attributes_float64_opset14"), Path.Combine(_folder, "double.onnx"));
        var import = Run("import double.onnx double.fnn");
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("float64", import.Output);
        Assert.Equal([4, 6, 2], Network<double>.Load(Path.Combine(_folder, "double.fnn")).Sizes);
    }

    [Fact]
    public void ExportThenEvaluateGivesTheSameAnswers()
    {
        Assert.Equal(0, Run("train data/breast_cancer_named.csv --target diagnosis --epochs 3 --out bc.fnn").ExitCode);
        var export = Run("export bc.fnn bc.onnx");
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("standardisation in the graph", export.Output);
        string fromFnn = Run("evaluate bc.fnn data/breast_cancer_named.csv").Output, fromOnnx = Run("evaluate bc.onnx data/breast_cancer_named.csv").Output;
        Assert.Equal(fromFnn.Split('\n').Skip(1), fromOnnx.Split('\n').Skip(1));   // accuracy, loss, confusion matrix
    }

    [Fact]
    public void ARefusedGraphFailsWithOneLineNamingTheNode()
    {
        File.WriteAllBytes(Path.Combine(_folder, "conv.onnx"), new GraphBuilder().Input("x", -1, 4).Output("y", -1, 3).Weights("W", 4, 3)
            .Node("MatMul", "fc", ["x", "W"], "z").Node("Elu", "act", ["z"], "y").Bytes());
        foreach (string command in new[] { "import conv.onnx conv.fnn", "evaluate conv.onnx data/digits.csv", "predict conv.onnx data/digits.csv" })
        {
            var result = Run(command);
            Assert.Equal(1, result.ExitCode);
            Assert.Single(result.Error.Trim().Split('\n'));
            Assert.Contains("node 'act' (Elu)", result.Error);
        }
        Assert.False(File.Exists(Path.Combine(_folder, "conv.fnn")));
    }

    [Fact]
    public void BadArgumentsFailWithOneLine()
    {
        var labels = Run("import mlp.onnx mlp.fnn --class-labels a,b");
        Assert.Equal(1, labels.ExitCode);
        Assert.Contains("--class-labels", labels.Error);
        var same = Run("import mlp.onnx mlp.onnx");
        Assert.Equal(1, same.ExitCode);
        Assert.Single(same.Error.Trim().Split('\n'));
        File.WriteAllText(Path.Combine(_folder, "broken.fnn"), "not a model");
        var broken = Run("export broken.fnn broken.onnx");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken.fnn", broken.Error);
        Assert.False(File.Exists(Path.Combine(_folder, "broken.onnx")));
        var missing = Run("export missing.fnn missing.onnx");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("missing.fnn", missing.Error);
    }
}
