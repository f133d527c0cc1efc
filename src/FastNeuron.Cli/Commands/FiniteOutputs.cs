using System.Globalization;
using FastNeuron.Cli.Data;
using FastNeuron.Common;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// Prediction never turns a non-finite output into a class or a value: <c>evaluate</c> and <c>predict</c> stop with
/// one line naming the data file's line of the first such row and how many rows there are, and write nothing. A NaN
/// has no largest output, and a row that silently became class 0 (or a printed NaN with exit 0) is a wrong answer.
/// </summary>
internal static class FiniteOutputs
{
    /// <summary>Throws a <see cref="CliException"/> when any of the model's <paramref name="outputs"/> (rows × <paramref name="units"/>) is NaN or infinite.</summary>
    public static void Require<T>(ReadOnlySpan<T> outputs, int units, Table table, string modelPath)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int first = Checks.IndexOfNonFinite(outputs);
        if (first < 0) return;
        int row = first / units, rows = 0;
        for (int i = row; i < outputs.Length / units; i++)
        {
            if (Checks.IndexOfNonFinite(outputs.Slice(i * units, units)) >= 0) rows++;
        }
        string more = rows > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and for {rows - 1:N0} more rows)") : "";
        throw new CliException(string.Create(CultureInfo.InvariantCulture,
            $"{table.Path}, line {table.Lines[row]}: the model {modelPath} gives {outputs[first]} for this row{more}, which is no class or value; nothing was predicted. Its weights overflow on these inputs: check the row's values, or retrain the model."));
    }
}
