using System.Text;
using System.Text.Json;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// <c>fastneuron evaluate --json</c>: one JSON object holding every figure the text shows, at full precision (a NaN,
/// such as R² of a constant target, is null). Keys: model, data, rows, task, loss {name, value}; for classes
/// accuracy, correct, macro_f1, macro_f1_classes (the classes with rows or predictions, which macro_f1 averages over), log_loss, log_loss_epsilon, roc_auc (two classes, else null), positive_class,
/// classes [{label, precision, recall, f1, support}], confusion_matrix {labels, counts (rows actual, columns
/// predicted)}; for numbers overall {mean_squared_error, mean_absolute_error, r2} and outputs [{name, …}].
/// </summary>
internal static class EvaluationJson
{
    public static void Classification(TextWriter stdout, string model, string data, Loss loss, double lossValue, ClassificationReport report, IReadOnlyList<string> labels)
        => Write(stdout, json =>
        {
            Common(json, model, data, report.Rows, "classification", loss, lossValue);
            json.WriteNumber("accuracy", report.Accuracy);
            json.WriteNumber("correct", report.Correct);
            json.WriteNumber("macro_f1", report.MacroF1);
            json.WriteNumber("macro_f1_classes", report.MacroClasses);
            json.WriteNumber("log_loss", report.LogLoss);
            json.WriteNumber("log_loss_epsilon", ClassificationScores.LogLossEpsilon);
            Number(json, "roc_auc", report.RocAuc);
            if (labels.Count == 2) json.WriteString("positive_class", labels[1]);
            json.WriteStartArray("classes");
            for (int c = 0; c < labels.Count; c++)
            {
                ClassScore s = report.Classes[c];
                json.WriteStartObject();
                json.WriteString("label", labels[c]);
                json.WriteNumber("precision", s.Precision);
                json.WriteNumber("recall", s.Recall);
                json.WriteNumber("f1", s.F1);
                json.WriteNumber("support", s.Support);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("confusion_matrix");
            json.WriteStartArray("labels");
            foreach (string label in labels) json.WriteStringValue(label);
            json.WriteEndArray();
            json.WriteStartArray("counts");
            for (int a = 0; a < labels.Count; a++)
            {
                json.WriteStartArray();
                for (int p = 0; p < labels.Count; p++) json.WriteNumberValue(report.Confusion[a, p]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });

    public static void Regression(TextWriter stdout, string model, string data, int rows, Loss loss, double lossValue, RegressionScore overall, RegressionScore[] perOutput, Func<int, string> outputName)
        => Write(stdout, json =>
        {
            Common(json, model, data, rows, "regression", loss, lossValue);
            json.WriteStartObject("overall");
            Scores(json, overall);
            json.WriteEndObject();
            json.WriteStartArray("outputs");
            for (int k = 0; k < perOutput.Length; k++)
            {
                json.WriteStartObject();
                json.WriteString("name", outputName(k));
                Scores(json, perOutput[k]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });

    private static void Common(Utf8JsonWriter json, string model, string data, int rows, string task, Loss loss, double lossValue)
    {
        json.WriteString("model", model);
        json.WriteString("data", data);
        json.WriteNumber("rows", rows);
        json.WriteString("task", task);
        json.WriteStartObject("loss");
        json.WriteString("name", Metrics.LossName(loss));
        Number(json, "value", lossValue);
        json.WriteEndObject();
    }

    private static void Scores(Utf8JsonWriter json, RegressionScore s)
    {
        Number(json, "mean_squared_error", s.MeanSquaredError);
        Number(json, "mean_absolute_error", s.MeanAbsoluteError);
        Number(json, "r2", s.RSquared);
    }

    /// <summary>A finite number, else null (JSON has no NaN or ∞).</summary>
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void Write(TextWriter stdout, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
