using System.Text.RegularExpressions;

namespace FastNeuron.Tests;

/// <summary>
/// The README cannot go stale: its embedding example is the code between the markers below, compiled and run here,
/// and every <c>fastneuron</c> line of its command section runs as a process and must exit 0.
/// </summary>
public class ReadmeTests
{
    internal static string RepositoryFile(string name) => Shared.RepositoryFiles.Find(name);

    private static string Region(string file, string name) => Shared.RepositoryFiles.Region(file, name);

    [Fact]
    public void TheEmbeddingExampleIsTheCodeThisTestRuns()
    {
        string example = Region(RepositoryFile("tests/FastNeuron.Tests/ReadmeTests.cs"), "embedding example");
        foreach (string readme in new[] { "README.md", "src/FastNeuron/README.md" })
        {
            string text = File.ReadAllText(RepositoryFile(readme)).ReplaceLineEndings("\n");
            Assert.True(text.Contains("```csharp\nusing FastNeuron;\n\n" + example + "\n```"), $"{readme} does not show the embedding example exactly as ReadmeTests runs it");
        }

        // begin embedding example
        float[] x = [0, 0, 1,  0, 1, 1,  1, 0, 1,  0, 1, 0,  1, 0, 0,  1, 1, 1,  0, 0, 0];   // 7 rows × 3 inputs
        float[] y = [0, 1, 1, 1, 1, 0, 0];                                                       // XOR of the first two
        var network = new Network<float>([3, 4, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        network.Train(x, y, iterations: 60_000);        // the seed's multi-layer follow-up, full batch
        network.Save("xor.fnn");                         // versioned, checksummed, written atomically
        var model = Network<float>.Load("xor.fnn");      // in your service: load once...
        var answer = new float[1];
        model.Think([1f, 1, 0], answer);                 // ...then think: no allocation, safe from many threads
        Console.WriteLine(answer[0]);                     // 0.007890738
        // end embedding example

        File.Delete("xor.fnn");
        // The comment is what Console.WriteLine printed, character for character (Console.WriteLine(float) is ToString()).
        string printed = Regex.Match(example, @"Console\.WriteLine\(answer\[0\]\);\s*// (\S+)").Groups[1].Value;
        Assert.Equal(printed, answer[0].ToString());
    }

    [Fact]
    public void EveryCommandInTheReadmeRuns()
    {
        string readme = File.ReadAllText(RepositoryFile("README.md")).ReplaceLineEndings("\n");
        string section = Regex.Match(readme, @"\n## The command\n(.*?)\n## ", RegexOptions.Singleline).Groups[1].Value;
        string[] commands = Regex.Matches(section, @"^fastneuron (.+?)(?:\s+#.*)?$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToArray();
        string[] documented = commands.Select(c => c.Split(' ')[0]).Distinct().ToArray();
        Assert.Equal(["train", "evaluate", "predict", "demo", "verify", "info", "accuracy", "convert"], documented);

        string folder = Directory.CreateTempSubdirectory("fastneuron-readme-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
            foreach (string command in commands)
            {
                var result = CommandLineTests.Run(folder, command);
                Assert.True(result.ExitCode == 0, $"fastneuron {command} exited {result.ExitCode}: {result.Error}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
