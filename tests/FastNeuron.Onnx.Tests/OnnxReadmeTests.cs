using System.Text.RegularExpressions;

using FastNeuron.Tests.Shared;

namespace FastNeuron.Onnx.Tests;

/// <summary>The README's "Serve a PyTorch model" example is the code between the markers below, compiled and run here.</summary>
public class OnnxReadmeTests
{
    internal static string RepositoryFile(string name) => RepositoryFiles.Find(name);

    [Fact]
    public void ThePyTorchExampleIsTheCodeThisTestRuns()
    {
        string example = RepositoryFiles.Region(RepositoryFile("tests/FastNeuron.Onnx.Tests/OnnxReadmeTests.cs"), "onnx example");
        string readme = File.ReadAllText(RepositoryFile("README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains("```csharp\nusing FastNeuron;\nusing FastNeuron.Onnx;\n\n" + example + "\n```"), "README.md does not show the ONNX example exactly as OnnxReadmeTests runs it");

        string folder = Directory.CreateTempSubdirectory("fastneuron-onnx-readme-").FullName;
        string previous = Environment.CurrentDirectory;
        try
        {
            File.Copy(OnnxFixtures.Model("torch_64_32_10_relu_softmax_opset13"), Path.Combine(folder, "mlp.onnx"));
            Environment.CurrentDirectory = folder;

            // begin onnx example
            var model = OnnxModel.Import<float>("mlp.onnx");    // torch.onnx.export of Linear(64, 32), ReLU, Linear(32, 10), Softmax
            float[] features = new float[model.InputCount];     // one sample's 64 features
            var probabilities = new float[model.OutputCount];
            model.Think(features, probabilities);               // no allocation, safe from many threads
            Console.WriteLine(Array.IndexOf(probabilities, probabilities.Max()));   // the class
            OnnxModel.Export(model, "mlp-back.onnx");           // and out again, for any ONNX runtime
            // end onnx example

            float[] expected = OrtRunner.Run(File.ReadAllBytes("mlp.onnx"), features, 1, 64);
            Assert.InRange(OnnxFixtures.UlpsOfScale<float>(probabilities, expected.Select(v => (double)v).ToArray()), 0, OnnxImportTests.ToleranceUlps);
            Assert.Equal(probabilities, OrtRunner.Run(File.ReadAllBytes("mlp-back.onnx"), features, 1, 64), (a, b) => Math.Abs(a - b) <= 1e-6f);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EveryCommandOfTheSectionRuns()
    {
        string readme = File.ReadAllText(RepositoryFile("README.md")).ReplaceLineEndings("\n");
        string section = Regex.Match(readme, @"\n## Serve a PyTorch model\n(.*?)\n## ", RegexOptions.Singleline).Groups[1].Value;
        string[] commands = Regex.Matches(section, @"^fastneuron (.+?)(?:\s+#.*)?$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToArray();
        Assert.Equal(["evaluate", "import", "train", "export", "predict"], commands.Select(c => c.Split(' ')[0]));
        string folder = Directory.CreateTempSubdirectory("fastneuron-onnx-readme-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
            File.Copy(OnnxFixtures.Model("torch_64_32_10_relu_softmax_opset13"), Path.Combine(folder, "mlp.onnx"));
            foreach (string command in commands)
            {
                var result = FastNeuron.Tests.Shared.RepositoryFiles.RunCommand(folder, command);
                Assert.True(result.ExitCode == 0, $"fastneuron {command} exited {result.ExitCode}: {result.Error}");
            }
            Assert.True(File.Exists(Path.Combine(folder, "bc-predictions.csv")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
