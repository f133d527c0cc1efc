using FastNeuron.Cli;
using FastNeuron.Cli.Commands;
using FastNeuron.Cli.Data;

namespace FastNeuron.Tests.Fuzzing;

/// <summary>
/// The parsers of untrusted bytes: model files (<see cref="Network{T}.Load(string, Backend, VectorWidth?)"/>), matrix
/// files (<see cref="MatrixFile.Open"/>), and the command's CSV and FANN reading, run the way <c>fastneuron train</c>
/// and <c>fastneuron convert</c> run them.
/// </summary>
internal static class FuzzTargets
{
    private const long MiB = 1024 * 1024;

    // Allocation bounds (docs/fuzzing.md), on the reading: binary formats 64 × the file's size + 1 MiB; text 128 × + 1 MiB
    // (UTF-16 doubles every character, buffers grow by doubling, and an error may quote a line).

    public static IReadOnlyList<FuzzTarget> All { get; } = [Model, Matrix, Csv, Fann, Convert];

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    /// <summary>
    /// Load as the file's own element type (as <c>fastneuron evaluate</c> does); a model that loads must save back to
    /// the same bytes (docs/model-format.md promises it) and load again.
    /// </summary>
    private static FuzzTarget Model => new("model", ".fnn", Text: false, Checksummed: true,
        "InvalidDataException", e => e is InvalidDataException, e => e.Message, 64, 1 * MiB,
        path =>
        {
            byte[] bytes = File.ReadAllBytes(path);
            return bytes.Length >= 16 && BitConverter.ToInt32(bytes, 12) == 8 ? LoadForRoundTrip<double>(path, bytes) : LoadForRoundTrip<float>(path, bytes);
        });

    private static Action LoadForRoundTrip<T>(string path, byte[] bytes)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = Network<T>.Load(path);
        return () =>
        {
            using var saved = new MemoryStream();
            network.Save(saved);
            if (!saved.ToArray().AsSpan().SequenceEqual(bytes))
            {
                throw new FuzzFinding($"the model loaded, but saving it gives other bytes ({saved.Length} against {bytes.Length})");
            }
            saved.Position = 0;
            Network<T>.Load(saved);
        };
    }

    /// <summary>Open, then read every row: the header's promises are checked against the file before anything is mapped.</summary>
    private static FuzzTarget Matrix => new("matrix", ".fnm", Text: false, Checksummed: false,
        "InvalidDataException", e => e is InvalidDataException, e => e.Message, 64, 1 * MiB,
        path =>
        {
            MatrixFile matrix = MatrixFile.Open(path);
            return () =>
            {
                using (matrix) ReadRows(matrix);
            };
        });

    private static void ReadRows(MatrixFile matrix)
    {
        if (matrix.ElementSize == 4) ReadRows<float>(matrix);
        else ReadRows<double>(matrix);
    }

    private static void ReadRows<T>(MatrixFile matrix)
        where T : unmanaged
    {
        var row = new T[matrix.Columns];
        for (long i = 0; i < matrix.Rows; i++) matrix.ReadRow(i, row, out _);
    }

    /// <summary>The exceptions <c>Cli.Guard</c> turns into one line on stderr and exit 1.</summary>
    private static bool IsCommandError(Exception e)
        => e is CliException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or TrainingDivergedException;

    private const string CommandErrors = "CliException, IOException, InvalidDataException, ArgumentException, UnauthorizedAccessException, TrainingDivergedException (one line each)";

    private static FuzzTarget Csv => new("csv", ".csv", Text: true, Checksummed: false, CommandErrors, IsCommandError, e => Cli.Cli.ErrorLine("train", e), 128, 1 * MiB, Train);

    private static FuzzTarget Fann => new("fann", ".data", Text: true, Checksummed: false, CommandErrors, IsCommandError, e => Cli.Cli.ErrorLine("train", e), 128, 1 * MiB, Train);

    /// <summary>
    /// <c>fastneuron train DATA --layers 3 --epochs 1 --threads 1</c>, in process. Measured: the reading, as the command
    /// reads (the table, then the target's classes). Then, as the oracle: the whole command (the split, the
    /// standardisation, one epoch of training, the save), whose exceptions are checked like the reading's, and the saved
    /// model must load. Training's memory grows with the columns (each is a padded row of weights, its gradient and the
    /// optimizer's state), which a file of "1,1,1,…" makes 300 times its size: legitimately, so it is not bounded by the file.
    /// </summary>
    private static Action Train(string path)
    {
        Table table = Table.Read(path, null, HeaderMode.Auto, 0, "auto", targetRequired: true);
        Targets.From(table, "auto");
        return () =>
        {
            string output = path + ".fnn";
            File.Delete(output);
            TrainCommand.Run(new TrainSettings { Data = path, Layers = [3], Epochs = 1, Threads = 1, Out = output }, TextWriter.Null, interactive: false);
            Network<float>.Load(output);
        };
    }

    /// <summary><c>fastneuron convert DATA OUT</c> in process, then the matrix file it wrote opened and read.</summary>
    private static FuzzTarget Convert => new("convert", ".csv", Text: true, Checksummed: false, CommandErrors, IsCommandError, e => Cli.Cli.ErrorLine("convert", e), 128, 1 * MiB,
        path =>
        {
            string output = path + ".fnm";
            File.Delete(output);
            ConvertCommand.Convert(path, output);
            return () =>
            {
                using MatrixFile matrix = MatrixFile.Open(output);
                ReadRows(matrix);
            };
        });
}
