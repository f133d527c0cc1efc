using System.Numerics;

namespace FastNeuron.Cli.Data;

/// <summary>
/// Data read for a trained model (evaluate, predict): with a header, the model's columns by name in its order, other
/// columns ignored; without one (or with a model that knows no names), by position, said once on stderr. The
/// features reach the model rounded to its type, and an output that is not finite fails instead of being printed.
/// </summary>
internal static class ModelInputs
{
    /// <summary>Reads <paramref name="data"/> for a model of <paramref name="model"/>'s columns.</summary>
    /// <param name="notes">Where the one line saying that columns are taken by position goes (stderr).</param>
    public static Table Read(string data, ModelColumns model, string? target, HeaderMode header, int skip, string format, bool targetRequired, TextWriter notes, bool impute = false, CellReading? cells = null)
    {
        Table table = Table.Read(data, target, header, skip, format, targetRequired, model, notes, impute, cells: cells);
        if (table.FeatureCount != model.InputCount)
        {
            throw new CliException($"{data}: {table.FeatureCount} feature columns, but the model takes {model.InputCount} inputs" +
                (model.FeatureNames.Count > 0 ? $" ({string.Join(", ", model.FeatureNames.Take(8))}{(model.InputCount > 8 ? ", …" : "")})." : "."));
        }
        if (!table.MatchedByName)
        {
            string why = table.FromFann ? "is FANN data, which names no columns" : !table.HasHeader ? "has no header" : "has a header, but the model knows no column names";
            notes.WriteLine($"note: {data} {why}, so its columns are the model's {model.InputCount} inputs by position{(table.Targets is null || table.FromFann ? "" : ", the target apart")}.");
        }
        return table;
    }
}
