using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FastNeuron.Tests;

/// <summary>
/// Every C# example in the READMEs compiles on its own, as the Program.cs of a new console project that references
/// FastNeuron (the SDK's implicit usings, nothing else): a reader who pastes one gets no missing using or variable.
/// Examples written for another package are left to that package's tests: the ONNX example (FastNeuron.Onnx;
/// OnnxReadmeTests runs it) and the Orleans silo configuration (a fragment of a host built with Orleans' packages).
/// </summary>
public class ReadmeExampleCompileTests
{
    /// <summary>What marks an example as needing a package besides FastNeuron.</summary>
    private static readonly string[] OtherPackages = ["using FastNeuron.Onnx;", ".AddFastNeuronTraining()"];

    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static TheoryData<string, int> Examples()
    {
        var examples = new TheoryData<string, int>();
        foreach (string readme in new[] { "README.md", "src/FastNeuron/README.md" })
        {
            int count = Blocks(readme).Length;
            for (int i = 0; i < count; i++) examples.Add(readme, i);
        }
        return examples;
    }

    private static string[] Blocks(string readme)
        => Regex.Matches(File.ReadAllText(ReadmeTests.RepositoryFile(readme)).ReplaceLineEndings("\n"), "```csharp\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .Where(code => !OtherPackages.Any(marker => code.Contains(marker, StringComparison.Ordinal)))
            .ToArray();

    [Theory]
    [MemberData(nameof(Examples))]
    public void TheExampleCompilesAsAProgramOfItsOwn(string readme, int index)
    {
        string code = Blocks(readme)[index];
        string usings = string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(Network<>).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("ReadmeExample",
            [CSharpSyntaxTree.ParseText(usings, path: "GlobalUsings.cs"), CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: "Program.cs")],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        string[] errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        Assert.True(result.Success, $"{readme}'s C# example {index + 1} does not compile on its own:\n{string.Join("\n", errors)}\n---\n{code}");
    }
}
