namespace FastNeuron.Tests.Fuzzing;

/// <summary>
/// The defects the fuzzer found, each reproduced the way a user meets it (the inputs are also in the corpus, where
/// every fuzz run replays them).
/// </summary>
public sealed class FuzzFindingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fastneuron-fuzz-finding-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// A quoted cell may hold a line break, and an error message that quotes the cell printed it: two lines on stderr
    /// where the command promises one. Found by the csv target (a target "0⏎6" of a single class) and the convert target
    /// (Sep's duplicate-header message quoting a header row with a CR).
    /// </summary>
    [Theory]
    [InlineData("train", "csv/single-class-with-line-break.csv", "train {0} --epochs 1 --out m.fnn")]
    [InlineData("convert", "convert/duplicate-header-with-cr.csv", "convert {0} m.fnm")]
    public void AnErrorQuotingACellWithALineBreakIsStillOneLine(string command, string corpusFile, string arguments)
    {
        string data = Path.Combine(_folder, "data.csv");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus", corpusFile), data);
        var (exitCode, _, error) = CommandLineTests.Run(_folder, string.Format(arguments, "data.csv"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith($"fastneuron {command}: ", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain('\r', error);
    }

    /// <summary>
    /// A feature name of invalid UTF-8 (bytes C3 32) loaded as U+FFFD and '2', so saving the loaded model gave other
    /// bytes than the file's, where docs/model-format.md promises the same bytes. Found by the model target's round trip.
    /// </summary>
    [Fact]
    public void AModelWhoseNameIsNotUtf8IsRefusedNamingTheField()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "corpus", "model", "invalid-utf8-feature-name.fnn");
        var error = Assert.Throws<InvalidDataException>(() => Network<double>.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("feature names[1]", error.Message);
        Assert.Contains("UTF-8", error.Message);
    }
}
