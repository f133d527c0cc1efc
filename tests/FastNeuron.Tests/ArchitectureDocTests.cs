using System.Reflection;
using System.Text.RegularExpressions;

namespace FastNeuron.Tests;

/// <summary>
/// docs/architecture.md cannot go stale: every file it names exists, and every <c>Type.Member</c> it names is a member
/// of a type of that name in the library, the command or the tests.
/// </summary>
public class ArchitectureDocTests
{
    private static readonly string[] Roots = ["", "src/FastNeuron/", "src/FastNeuron.Cli/", "tests/FastNeuron.Tests/", "bench/"];

    private static readonly Assembly[] Assemblies =
        [typeof(Network<>).Assembly, typeof(FastNeuron.Cli.CliException).Assembly, typeof(ArchitectureDocTests).Assembly];

    private static IEnumerable<string> Names()
    {
        string doc = File.ReadAllText(ReadmeTests.RepositoryFile("docs/architecture.md"));
        return Regex.Matches(doc, "`([^`\n]+)`").Select(m => m.Groups[1].Value.Trim()).Distinct();
    }

    [Fact]
    public void EveryFileItNamesExists()
    {
        string root = Path.GetDirectoryName(ReadmeTests.RepositoryFile("FastNeuron.sln"))!;
        var missing = new List<string>();
        int checkedFiles = 0;
        foreach (string name in Names().Where(IsPath))
        {
            checkedFiles++;
            string path = name.Split(' ')[0];
            if (!Roots.Any(r => File.Exists(Path.Combine(root, r + path)) || Directory.Exists(Path.Combine(root, r + path.TrimEnd('/')))))
            {
                missing.Add(name);
            }
        }
        Assert.True(checkedFiles > 20, $"only {checkedFiles} file names found: is the parser still reading the tables?");
        Assert.True(missing.Count == 0, "docs/architecture.md names files that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryMemberItNamesExists()
    {
        var types = Assemblies.SelectMany(a => a.GetTypes()).ToLookup(t => Regex.Replace(t.Name, "`.*$", ""));
        var missing = new List<string>();
        int checkedMembers = 0;
        foreach (string name in Names().Where(n => !IsPath(n)))
        {
            // Namespaces and package names (FastNeuron.Tool) are not Type.Member.
            Match member = Regex.Match(name, @"^(?!FastNeuron\.)([A-Z]\w*)(?:<[^>]*>)?\.([A-Z]\w*)");
            if (!member.Success) continue;
            checkedMembers++;
            string type = member.Groups[1].Value, memberName = member.Groups[2].Value;
            bool found = types[type].Any(t => t.GetMember(memberName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance).Length > 0
                || t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Any(n => n.Name.StartsWith(memberName, StringComparison.Ordinal)));
            if (!found) missing.Add(name);
        }
        Assert.True(checkedMembers > 20, $"only {checkedMembers} members found: is the parser still reading the tables?");
        Assert.True(missing.Count == 0, "docs/architecture.md names members that do not exist: " + string.Join(", ", missing));
    }

    private static bool IsPath(string name)
        => Regex.IsMatch(name.Split(' ')[0], @"^[\w./-]+\.(cs|md|sh|csproj|txt)$|^(src|docs|tests|bench|Kernels|Training|Common|Networks|Commands|Data|IO)/[\w./-]*$");
}
