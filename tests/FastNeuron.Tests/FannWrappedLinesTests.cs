using System.Globalization;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests;

/// <summary>
/// Issue 15: FANN's data format as libfann reads it. After the header line the numbers are separated by any white
/// space, line breaks included, and counted: each pair's inputs, then its outputs. A vector wrapped over several
/// lines (or a pair on one line) reads as the same data, and errors still name the file, the line and the column.
/// </summary>
public sealed class FannWrappedLinesTests() : TemporaryFolderTests("fastneuron-fann-wrapped-")
{
    private static readonly string Diabetes = Path.Combine(AppContext.BaseDirectory, "data", "diabetes.train");

    /// <summary>The shipped diabetes.train with its numbers rewritten <paramref name="perLine"/> to a line, across the inputs' and outputs' bounds.</summary>
    private string Rewrapped(string name, int perLine)
    {
        string[] lines = File.ReadAllLines(Diabetes);
        string[] numbers = lines.Skip(1).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var text = new System.Text.StringBuilder(lines[0]).Append('\n');
        for (int i = 0; i < numbers.Length; i += perLine) text.Append(string.Join("  ", numbers.Skip(i).Take(perLine))).Append('\n');
        return Write(name, text.ToString());
    }

    [Theory]
    [InlineData(1)]    // one number a line
    [InlineData(3)]    // 8 inputs and 2 outputs wrapped three at a time: a line holds the end of one vector and the start of the next
    [InlineData(10)]   // a whole pair on one line
    public void AWrappedFileReadsAsTheSameData(int perLine)
    {
        FannData original = FannFile.Read(Diabetes);
        FannData wrapped = FannFile.Read(Rewrapped($"wrapped{perLine}.data", perLine));
        Assert.Equal((original.Rows, original.InputCount, original.OutputCount), (wrapped.Rows, wrapped.InputCount, wrapped.OutputCount));
        Assert.Equal(original.Inputs, wrapped.Inputs);
        Assert.Equal(original.Outputs, wrapped.Outputs);
        // Each pair's line is where its first input is: pair p's first number is number 10p (0-based) after the header.
        Assert.Equal(Enumerable.Range(0, original.Rows).Select(p => 2 + 10 * p / perLine), wrapped.Lines);
    }

    [Fact]
    public void TrainReadsAWrappedFile()
    {
        string path = Write("xor.data", "4 2 1\n0\n0 0\n0 1 1 1\n0 1\n1 1 0\n");
        var (exitCode, output, error) = CommandLineTests.Run(Folder, "train xor.data --epochs 1 --layers 2 --out xor.fnn");
        Assert.True(exitCode == 0, error);
        Assert.Contains("xor.data: 4 rows × 2 features", output);
        Assert.Equal([0f, 0, 0, 1, 1, 0, 1, 1], FannFile.Read(path).Inputs);
    }

    [Fact]
    public void ABadNumberOnAWrappedLineNamesItsLineColumnAndPlace()
    {
        string path = Write("bad.data", "2 3 1\n0.25 0.5\n0.75 1\n0.125 x\n0.375\n1\n");
        var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
        Assert.Equal($"{path}, line 4, column 2: 'x' is not a finite number (pair 2, input 2 of 3).", error.Message);
    }

    [Fact]
    public void AFileThatEndsEarlySaysAfterWhichLineAndInWhichVector()
    {
        string path = Write("short.data", "2 3 1\n0.25 0.5\n0.75\n1\n0.125 0.25\n\n");
        var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
        Assert.Equal($"{path}: the header announces 2 pairs of 3 inputs and 1 output (8 numbers), but the file ends after line 6 with 6 of them, in pair 2's inputs.", error.Message);
    }

    [Fact]
    public void NumbersBeyondTheAnnouncedPairsAreRefusedWhereTheyStart()
    {
        string path = Write("long.data", "1 2 1\n0.25\n0.5 1\n\n0.75 1\n");
        var error = Assert.Throws<InvalidDataException>(() => FannFile.Read(path));
        Assert.Equal($"{path}, line 5, column 1: the header announces 1 pair of 2 inputs and 1 output (3 numbers), and '0.75' is one more.", error.Message);
    }

    [Theory]
    [InlineData("diabetes.train")]
    [InlineData("mushroom.test")]
    [InlineData("xor.data")]
    public void TheShippedOneVectorALineFilesReadAsTheirLinesSay(string name)
    {
        // FANN's own example sets (libfann-dev's examples/datasets) are one vector a line: counting the numbers must
        // give each line's vector, pair for pair.
        string path = Path.Combine(AppContext.BaseDirectory, "data", name);
        FannData data = FannFile.Read(path);
        string[] lines = File.ReadAllLines(path);
        float[] Line(int i) => lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => float.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal((lines.Length - 1) / 2, data.Rows);
        Assert.Equal(Enumerable.Range(0, data.Rows).SelectMany(p => Line(1 + 2 * p)), data.Inputs);
        Assert.Equal(Enumerable.Range(0, data.Rows).SelectMany(p => Line(2 + 2 * p)), data.Outputs);
        Assert.Equal(Enumerable.Range(0, data.Rows).Select(p => 2 + 2 * p), data.Lines);
    }
}
