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

    private static Table ReadFor<T>(Network<T> model, string modelPath, string data, string? target, HeaderMode header, int skip, string format, bool targetRequired, bool impute, CellReading? cells)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Table table = ModelInputs.Read(data, new ModelColumns(model.Metadata.FeatureNames, model.InputCount,
            model.Metadata.TargetName ?? (model.Metadata.TargetNames.Count > 0 ? string.Join(",", model.Metadata.TargetNames) : null),
            model.Metadata.ClassLabels.Count == 0 ? model.OutputCount : 1), target, header, skip, format, targetRequired, Console.Error, impute, cells);
        if (impute && Imputation.Note(data, Imputation.FillWithModelMeans(table, model.Metadata.Means, modelPath), "the model's training means") is { } note) Console.Error.WriteLine(note);
        return table;
    }

    /// <summary>Each output's name in messages and predict's columns: the model's target names, else "output k".</summary>
    private static string OutputName<T>(Network<T> model, int k)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => model.Metadata.TargetNames.Count > k ? model.Metadata.TargetNames[k] : $"output {k}";

    /// <param name="json">Print one JSON object (<see cref="EvaluationJson"/>) instead of the text.</param>
    /// <param name="plot">Also write the confusion matrix as a PNG (<see cref="ConfusionPlot"/>); classification only.</param>
    public static int Evaluate(string modelPath, string data, string? target, HeaderMode header, int skip, string format, TextWriter stdout, bool impute = false, bool json = false, string? plot = null, CellReading? cells = null)
    {
        if (plot is not null)
        {
            OutputPaths.CheckWritable(plot, "--plot");
            OutputPaths.RefuseInputs(plot, "--plot", (modelPath, "model file"), (data, "data file"));
            OutputPaths.RequirePng(plot, "--plot");
        }
        return ElementSize(modelPath) == 8
            ? Evaluate<double>(modelPath, data, target, header, skip, format, stdout, impute, json, plot, cells)
            : Evaluate<float>(modelPath, data, target, header, skip, format, stdout, impute, json, plot, cells);
    }

    private static int Evaluate<T>(string modelPath, string data, string? target, HeaderMode header, int skip, string format, TextWriter stdout, bool impute, bool json, string? plot, CellReading? cells)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Network<T> model = LoadModel<T>(modelPath);
        Table table = ReadFor(model, modelPath, data, target, header, skip, format, targetRequired: true, impute, cells);
        Targets targets = Targets.ForModel(table, model.Metadata.ClassLabels);
        int rows = table.Rows, units = model.OutputCount;
        if (targets.ClassIndices is null && targets.Count != units)
        {
            throw new CliException($"{data}: {targets.Count} target column{(targets.Count == 1 ? "" : "s")}, but the model predicts {units} outputs; name them with --target a,b,….");
        }
        if (plot is not null && targets.ClassIndices is null) throw new CliException($"--plot {plot}: the confusion-matrix picture is for classification, and this model predicts numbers.");
        T[] outputs = Outputs(table, model, modelPath);
        // The targets exactly as training saw them (one-hot rows, the 0/1 class of one sigmoid output, or the values,
        // standardised as the model's targets were), against the network's own outputs, so that the loss is the one
        // train printed for the same model and rows.
        int[] all = Enumerable.Range(0, rows).ToArray();
        T[] expected = targets.Encode(model, all);
        T[] networkOutputs = model.Metadata.TargetMeans.Count == 0 ? outputs : NetworkOutputs(table, model);
        double lossValue = Metrics.MeanLoss<T>(model.Loss, networkOutputs, expected, units);
        string loss = LossText.Of(model.Loss, lossValue);
        if (!json) stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{data}: {rows:N0} rows, model {modelPath} ({string.Join("-", model.Sizes)})"));
        if (targets.ClassIndices is { } actual)
        {
            string[] labels = targets.ClassLabels!;
            var probabilities = new double[rows * labels.Length];
            for (int i = 0; i < rows; i++)
            {
                for (int c = 0; c < labels.Length; c++) probabilities[i * labels.Length + c] = double.CreateChecked(Probability<T>(outputs.AsSpan(i * units, units), c));
            }
            ClassificationReport report = ClassificationScores.Of(probabilities, actual, labels.Length);
            if (json) EvaluationJson.Classification(stdout, modelPath, data, model.Loss, lossValue, report, labels);
            else ClassificationText.Write(stdout, report, labels, loss);
            if (plot is not null) WritePlot(plot, report.Confusion, labels, $"{Path.GetFileName(data)}: {Path.GetFileName(modelPath)}", json ? Console.Error : stdout);
        }
        else
        {
            // Errors in the targets' units: the predictions against the values as written.
            (RegressionScore[] perOutput, RegressionScore overall) = RegressionScores.Of<T>(outputs, targets.ValuesOf<T>(all, [], []), units);
            if (json)
            {
                EvaluationJson.Regression(stdout, modelPath, data, rows, model.Loss, lossValue, overall, perOutput, k => OutputName(model, k));
                return 0;
            }
            string over = units == 1 ? "" : $"over all {units} outputs: ";
            stdout.WriteLine($"{loss}, {over}{Scores(overall)}{(units == 1 ? "" : perOutput.Any(s => double.IsNaN(s.RSquared)) ? " (R²: the outputs' mean, an output with constant targets counting 0, or 1 where predicted exactly)" : " (R²: the outputs' mean)")}");
            for (int k = 0; units > 1 && k < units; k++) stdout.WriteLine($"  {OutputName(model, k)}: {Scores(perOutput[k])}");
        }
        return 0;
    }

    private static void WritePlot(string plot, int[,] confusion, string[] labels, string title, TextWriter messages)
    {
        int side;
        try
        {
            side = ConfusionPlot.Write(plot, confusion, labels, title);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException($"--plot {plot}: cannot write it: {e.Message}");
        }
        messages.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confusion matrix picture ({side} × {side} px) written to {plot}"));
    }

    private static string Scores(RegressionScore s) => string.Create(CultureInfo.InvariantCulture,
        $"mean squared error {s.MeanSquaredError:G6}, mean absolute error {s.MeanAbsoluteError:G6}, R² {s.RSquared:F4}");

    /// <summary>The network's own outputs for the table's rows (standardised features through Think; before any target units), each finite.</summary>
    private static T[] NetworkOutputs<T>(Table table, Network<T> model)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] x = table.Gather<T>(Enumerable.Range(0, table.Rows).ToArray());
        model.Standardise(x, x);
        var outputs = new T[table.Rows * model.OutputCount];
        model.Think(x, outputs);
        return outputs;
    }

    public static int Predict(string modelPath, string data, string? output, HeaderMode header, int skip, string format, TextWriter stdout, bool impute = false, CellReading? cells = null)
        => ElementSize(modelPath) == 8
            ? Predict<double>(modelPath, data, output, header, skip, format, stdout, impute, cells)
            : Predict<float>(modelPath, data, output, header, skip, format, stdout, impute, cells);

    private static int Predict<T>(string modelPath, string data, string? output, HeaderMode header, int skip, string format, TextWriter stdout, bool impute, CellReading? cells)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (output is not null)
        {
            OutputPaths.CheckWritable(output, "--out");
            OutputPaths.RefuseInputs(output, "--out", (modelPath, "model file"), (data, "data file"));
        }
        Network<T> model = LoadModel<T>(modelPath);
        Table table = ReadFor(model, modelPath, data, null, header, skip, format, targetRequired: false, impute, cells);
        T[] outputs = Outputs(table, model, modelPath);
        IReadOnlyList<string> labels = model.Metadata.ClassLabels;
        string[] columns = model.OutputCount == 1 ? ["prediction"] : Enumerable.Range(0, model.OutputCount).Select(k => $"prediction({OutputName(model, k)})").ToArray();
        // Class columns are probabilities p(class) from a softmax, or from one sigmoid output (p and 1 − p); several
        // sigmoid outputs (a classifier trained with --loss mse) need not sum to 1, so they are named output(class).
        string classColumn = model.OutputCount == 1 || model.ActivationOf(model.Sizes.Count - 2) == Activation.Softmax ? "p" : "output";
        if (output is null)
        {
            WritePredictions(stdout, outputs, model.OutputCount, labels, columns, classColumn);
            return 0;
        }
        try
        {
            AtomicFile.Write(output, (Stream stream) =>
            {
                using var file = new StreamWriter(stream, leaveOpen: true);
                WritePredictions(file, outputs, model.OutputCount, labels, columns, classColumn);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out {output}: cannot write it: {e.Message}");
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.Rows:N0} predictions written to {output}"));
        return 0;
    }

    /// <summary>
    /// CSV through Sep: classification gives the label and one column per class, <paramref name="classColumn"/>(label)
    /// (p for probabilities, output for outputs that are not); regression one value column per output (<paramref name="valueColumns"/>).
    /// </summary>
    private static void WritePredictions<T>(TextWriter destination, T[] outputs, int units, IReadOnlyList<string> labels, string[] valueColumns, string classColumn)
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
                for (int k = 0; k < units; k++) row[valueColumns[k]].Set(p[k].ToString("R", CultureInfo.InvariantCulture));
                continue;
            }
            int predicted = Predicted(p);
            row["label"].Set(labels[predicted]);
            for (int c = 0; c < labels.Count; c++)
            {
                row[$"{classColumn}({labels[c]})"].Set(Probability(p, c).ToString("R", CultureInfo.InvariantCulture));
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

    /// <summary>One row's probability of class <paramref name="c"/>: its output, or for one sigmoid output p of class 1 and 1 − p of class 0.</summary>
    private static T Probability<T>(ReadOnlySpan<T> outputs, int c)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => outputs.Length == 1 ? (c == 1 ? outputs[0] : T.One - outputs[0]) : outputs[c];

    /// <summary>The predicted class of one row: the largest output (<see cref="Metrics.ArgMax{T}"/>), or one sigmoid output above ½.</summary>
    private static int Predicted<T>(ReadOnlySpan<T> outputs)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        => outputs.Length == 1 ? (outputs[0] > T.CreateChecked(0.5) ? 1 : 0) : Metrics.ArgMax(outputs);
}
