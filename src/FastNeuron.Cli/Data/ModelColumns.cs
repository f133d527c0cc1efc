namespace FastNeuron.Cli.Data;

/// <summary>What evaluate and predict know of a model's columns when they read data for it.</summary>
/// <param name="FeatureNames">The model's input columns' names, in its order (empty when unknown).</param>
/// <param name="InputCount">The model's inputs.</param>
/// <param name="TargetName">The target column's name (null when unknown).</param>
internal sealed record ModelColumns(IReadOnlyList<string> FeatureNames, int InputCount, string? TargetName)
{
    /// <summary>
    /// Whether the names were read from a header, so that a header in the data can be matched to them. A model
    /// trained on a headerless CSV carries the names <c>column 0</c>, <c>column 1</c>, …, and one trained on a FANN
    /// file <c>x0</c>, <c>x1</c>, …: those say nothing but the position.
    /// </summary>
    public bool HasNames => FeatureNames.Count == InputCount && InputCount > 0
        && !FeatureNames.Select((name, i) => name == $"column {i}").All(positional => positional)
        && !FeatureNames.Select((name, i) => name == $"x{i}").All(positional => positional);
}
