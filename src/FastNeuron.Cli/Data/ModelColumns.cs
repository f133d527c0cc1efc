namespace FastNeuron.Cli.Data;

/// <summary>What evaluate and predict know of a model's columns when they read data for it.</summary>
/// <param name="FeatureNames">The model's input columns' names, in its order (empty when unknown).</param>
/// <param name="InputCount">The model's inputs.</param>
/// <param name="TargetName">The target column's name, or the target columns' names joined by commas (null when unknown).</param>
/// <param name="TargetCount">The target columns a regression model predicts (1 for classes).</param>
internal sealed record ModelColumns(IReadOnlyList<string> FeatureNames, int InputCount, string? TargetName, int TargetCount = 1)
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
