namespace FastNeuron.Tests.Fuzzing;

/// <summary>
/// The committed inputs (tests/FastNeuron.Tests/Fuzzing/, copied beside the tests): corpus/TARGET/ holds small valid
/// files and every failing input found so far (regression cases: each must pass); known/TARGET/ holds failing inputs
/// of defects not fixed yet, and known/known.txt the failure kinds they stand for (TARGET, a tab, the kind, a tab, a
/// note): those are reported on every run and never fail it.
/// </summary>
internal sealed class Corpus
{
    private static readonly Dictionary<string, string[]> Folders = new() { ["convert"] = ["convert", "csv"] };

    private readonly string _root;
    private readonly List<(string Target, string Kind, string Note)> _known;

    public Corpus(string root)
    {
        _root = root;
        string list = Path.Combine(root, "known", "known.txt");
        _known = File.Exists(list)
            ? File.ReadAllLines(list).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Select(p => (p[0], p[1], p[2])).ToList()
            : [];
    }

    public static Corpus Committed { get; } = new(Path.Combine(AppContext.BaseDirectory, "Fuzzing"));

    public IReadOnlyList<(string Name, byte[] Bytes)> Seeds(string target)
        => Files(Folders.GetValueOrDefault(target, [target]).Select(f => Path.Combine(_root, "corpus", f)));

    public IReadOnlyList<(string Name, byte[] Bytes)> KnownInputs(string target) => Files([Path.Combine(_root, "known", target)]);

    /// <summary>The note of the known defect that a failure of <paramref name="kind"/> in <paramref name="target"/> stands for, or null.</summary>
    public string? IsKnown(string target, string kind) => _known.FirstOrDefault(k => k.Target == target && kind.StartsWith(k.Kind, StringComparison.Ordinal)).Note;

    private static IReadOnlyList<(string Name, byte[] Bytes)> Files(IEnumerable<string> folders)
        => folders.Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f).Order(StringComparer.Ordinal))
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
}
