using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FastNeuron.Tests.Shared;

/// <summary>What the test projects share (compiled into each): the repository's files, the code regions the README shows, and the command as a process.</summary>
internal static class RepositoryFiles
{
    /// <summary>The file <paramref name="name"/> (relative to the repository root), found above the test's output folder.</summary>
    public static string Find(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, name);
            if (File.Exists(path) && File.Exists(Path.Combine(folder.FullName, "FastNeuron.sln"))) return path;
        }
        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The code between the markers "// begin NAME" and "// end NAME", without its indentation.</summary>
    public static string Region(string file, string name)
    {
        string text = File.ReadAllText(file).ReplaceLineEndings("\n");
        Match match = Regex.Match(text, $@"// begin {name}\n(.*?)\n\s*// end {name}", RegexOptions.Singleline);
        Assert.True(match.Success, $"{file} has no {name} region");
        string[] lines = match.Groups[1].Value.Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    /// <summary>The fastneuron command (FastNeuron.Cli.dll beside the tests) run in <paramref name="folder"/>; quoted arguments keep their spaces.</summary>
    public static (int ExitCode, string Output, string Error) RunCommand(string folder, string arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FastNeuron.Cli.dll"));
        foreach (Match part in Regex.Matches(arguments, "\"([^\"]*)\"|(\\S+)"))
        {
            start.ArgumentList.Add(part.Groups[1].Success ? part.Groups[1].Value : part.Groups[2].Value);
        }
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"fastneuron {arguments} did not finish in 2 minutes");
        return (process.ExitCode, output.Result, error.Result);
    }
}
