using FastNeuron.Cli;

namespace FastNeuron.Tests;

/// <summary>
/// An output never overwrites an input on a case-insensitive file system either (macOS's and Windows' defaults, where
/// the tool ships too): <c>--out Data.csv</c> opens <c>data.csv</c> there. Played on any machine by giving
/// <see cref="OutputPaths.AsListed"/> a folder listing and an existence test that ignore case, as such a file system does.
/// </summary>
public class OutputPathsCaseTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "casefold");
    private static readonly string[] Listing = [Path.Combine(Folder, "data.csv"), Path.Combine(Folder, "m.fnn")];

    private static bool ExistsIgnoringCase(string path) => Listing.Any(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void ANameThatDiffersOnlyInCaseIsTheListedFileOnACaseInsensitiveFileSystem()
    {
        string asked = Path.Combine(Folder, "Data.CSV");
        Assert.Equal(Path.Combine(Folder, "data.csv"), OutputPaths.AsListed(asked, ExistsIgnoringCase, _ => Listing));
    }

    [Fact]
    public void OnACaseSensitiveFileSystemTheNamesStayApart()
    {
        // The file Data.CSV does not exist there (only data.csv does): the name stays as written.
        string asked = Path.Combine(Folder, "Data.CSV");
        Assert.Equal(asked, OutputPaths.AsListed(asked, p => Listing.Contains(p), _ => Listing));
        // An exact listed name is itself.
        Assert.Equal(Listing[1], OutputPaths.AsListed(Listing[1], ExistsIgnoringCase, _ => Listing));
    }

    [Theory]
    [InlineData("train data/xor.csv --target y --epochs 1 --out m.fnn --plot loss.jpg")]
    [InlineData("train data/xor.csv --target y --epochs 1 --out m.fnn --plot loss")]
    public void APlotNamedOtherThanPngIsRefusedBeforeTraining(string arguments)
    {
        string folder = Directory.CreateTempSubdirectory("fastneuron-png-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            File.WriteAllText(Path.Combine(folder, "data", "xor.csv"), "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
            var (exitCode, _, error) = CommandLineTests.Run(folder, arguments);
            Assert.Equal(1, exitCode);
            Assert.Contains("the picture is written as PNG; name the file with .png.", error);
            Assert.False(File.Exists(Path.Combine(folder, "m.fnn")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
