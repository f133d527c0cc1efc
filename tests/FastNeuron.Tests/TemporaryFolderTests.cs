namespace FastNeuron.Tests;

/// <summary>
/// A test class whose every test works in a temporary folder of its own, deleted afterwards; with
/// <c>linkData</c>, the shipped <c>data/</c> is linked into it, as the command's tests run from there.
/// </summary>
public abstract class TemporaryFolderTests : IDisposable
{
    protected TemporaryFolderTests(string prefix, bool linkData = false)
    {
        Folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (linkData) Directory.CreateSymbolicLink(Path.Combine(Folder, "data"), Path.Combine(AppContext.BaseDirectory, "data"));
    }

    /// <summary>The folder.</summary>
    protected string Folder { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    protected string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
