using System.Globalization;
using FastNeuron.Cli.Data;
using FastNeuron.IO;
using nietras.SeparatedValues;

namespace FastNeuron.Cli.Commands;

/// <summary><c>fastneuron evaluate</c> and <c>fastneuron predict</c>: a saved model against a data file.</summary>
internal static class ModelCommands
{
    /// <summary>
    /// The model file's element size (bytes 12–15 of the format, docs/model-format.md), so that a float64 model is
    /// evaluated in float64; 4 when the file is too short or not a model, for Load to reject with the full reason.
    /// </summary>
    internal static int ElementSize(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        if (OnnxCommands.IsOnnx(path)) return OnnxCommands.ElementSize(path);
        Span<byte> header = stackalloc byte[16];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header[..8].SequenceEqual("FNMODEL\n"u8)
            && System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header[12..]) == 8 ? 8 : 4;
    }

    private static Network<T> LoadModel<T>(string path)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        try
        {
            return OnnxCommands.Load<T>(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
        }
    }

    private static Table ReadFor<T>(Network<T> model, string data, string? target, HeaderMode header, int skip, string format, bool targetRequired)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => ModelInputs.Read(data, new ModelColumns(model.Metadata.FeatureNames, model.InputCount, model.Metadata.TargetName), target, header, skip, format, targetRequired, Console.Error);

    public static int Evaluate(string modelPath, string data, string? target, HeaderMode header, int skip, string format, TextWriter stdout)
        => ElementSize(modelPath) == 8
            ? Evaluate<double>(modelPath, data, target, header, skip, format, stdout)
            : Evaluate<float>(modelPath, data, target, header, skip, format, stdout);

    private static int Evaluate<T>(string modelPath, string data, string? target, HeaderMode header, int skip, string format, TextWriter stdout)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Network<T> model = LoadModel<T>(modelPath);
        Table table = ReadFor(model, data, target, header, skip, format, targetRequired: true);
        Targets targets = Targets.ForModel(table, model.Metadata.ClassLabels);
        T[] outputs = Outputs(table, model, modelPath);
        int rows = table.Rows, units = model.OutputCount;
        // The targets exactly as training saw them (one-hot rows, the 0/1 class of one sigmoid output, or the values),
        // so that the loss is the one train printed for the same model and rows.
        T[] expected = targets.Encode(model, Enumerable.Range(0, rows).ToArray());
        string loss = LossText.Of(model.Loss, Metrics.MeanLoss<T>(model.Loss, outputs, expected, units));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data}: {rows:N0} rows, model {modelPath} ({string.Join("-", model.Sizes)})"));
        if (targets.ClassIndices is { } actual)
        {
            string[] labels = targets.ClassLabels!;
            int classes = labels.Length;
            var confusion = new int[classes, classes];
            double accuracy = Metrics.Accuracy<T>(outputs, expected, units);
            for (int i = 0; i < rows; i++)
            {
                confusion[actual[i], Predicted<T>(outputs.AsSpan(i * units, units))]++;
            }
            int correct = Enumerable.Range(0, classes).Sum(c => confusion[c, c]);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy:F4} ({correct:N0} of {rows:N0}), {loss}"));
            stdout.WriteLine("confusion matrix (rows: actual, columns: predicted):");
            int width = Math.Max(6, labels.Max(l => l.Length) + 1);
            stdout.WriteLine(new string(' ', width) + string.Concat(labels.Select(l => l.PadLeft(width))));
            for (int a = 0; a < classes; a++)
            {
                stdout.WriteLine(labels[a].PadLeft(width) + string.Concat(Enumerable.Range(0, classes).Select(p => confusion[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width))));
            }
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{loss}, mean squared error {Metrics.MeanSquaredError<T>(outputs, expected):G6}, mean absolute error {Metrics.MeanAbsoluteError<T>(outputs, expected):G6}, R² {Metrics.RSquared<T>(outputs, expected):F4}"));
        }
        return 0;
    }

    public static int Predict(string modelPath, string data, string? output, HeaderMode header, int skip, string format, TextWriter stdout)
        => ElementSize(modelPath) == 8
            ? Predict<double>(modelPath, data, output, header, skip, format, stdout)
            : Predict<float>(modelPath, data, output, header, skip, format, stdout);

    private static int Predict<T>(string modelPath, string data, string? output, HeaderMode header, int skip, string format, TextWriter stdout)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (output is not null)
        {
            OutputPaths.CheckWritable(output, "--out");
            OutputPaths.RefuseInputs(output, "--out", (modelPath, "model file"), (data, "data file"));
        }
        Network<T> model = LoadModel<T>(modelPath);
        Table table = ReadFor(model, data, null, header, skip, format, targetRequired: false);
        T[] outputs = Outputs(table, model, modelPath);
        IReadOnlyList<string> labels = model.Metadata.ClassLabels;
        if (output is null)
        {
            WritePredictions(stdout, outputs, model.OutputCount, labels);
            return 0;
        }
        try
        {
            AtomicFile.Write(output, (Stream stream) =>
            {
                using var file = new StreamWriter(stream, leaveOpen: true);
                WritePredictions(file, outputs, model.OutputCount, labels);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out {output}: cannot write it: {e.Message}");
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.Rows:N0} predictions written to {output}"));
        return 0;
    }

    /// <summary>CSV through Sep: classification gives the label and one probability column per class; regression the value.</summary>
    private static void WritePredictions<T>(TextWriter destination, T[] outputs, int units, IReadOnlyList<string> labels)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        using SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true }).To(destination, leaveOpen: true);
        int rows = outputs.Length / units;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> p = outputs.AsSpan(i * units, units);
            using SepWriter.Row row = writer.NewRow();
            if (labels.Count == 0)
            {
                row["prediction"].Set(p[0].ToString("R", CultureInfo.InvariantCulture));
                continue;
            }
            int predicted = Predicted(p);
            row["label"].Set(labels[predicted]);
            for (int c = 0; c < labels.Count; c++)
            {
                T probability = units == 1 ? (c == 1 ? p[0] : T.One - p[0]) : p[c];
                row[$"p({labels[c]})"].Set(probability.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The model's outputs for the table's rows (its features rounded once to the model's type), each finite.</summary>
    private static T[] Outputs<T>(Table table, Network<T> model, string modelPath)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var outputs = new T[table.Rows * model.OutputCount];
        model.Predict(table.Gather<T>(Enumerable.Range(0, table.Rows).ToArray()), outputs);
        FiniteOutputs.Require<T>(outputs, model.OutputCount, table, modelPath);
        return outputs;
    }

    /// <summary>The predicted class of one row: the largest output (<see cref="Metrics.ArgMax{T}"/>), or one sigmoid output above ½.</summary>
    private static int Predicted<T>(ReadOnlySpan<T> outputs)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => outputs.Length == 1 ? (outputs[0] > T.CreateChecked(0.5) ? 1 : 0) : Metrics.ArgMax(outputs);
}
