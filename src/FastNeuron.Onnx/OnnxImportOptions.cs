namespace FastNeuron.Onnx;

/// <summary>How <see cref="OnnxModel.Import{T}(string, OnnxImportOptions?)"/> builds the network.</summary>
public sealed class OnnxImportOptions
{
    /// <summary>The classes' labels, output j being class j; null keeps the graph's (its metadata_props "class_labels"), if any.</summary>
    public IReadOnlyList<string>? ClassLabels { get; init; }

    /// <summary>
    /// Read a LogSoftmax output as Softmax: the network then gives probabilities, exp of the graph's outputs, and picks
    /// the same classes. Off (the default), a LogSoftmax output is refused, since the outputs would differ.
    /// </summary>
    public bool LogSoftmaxAsSoftmax { get; init; }

    /// <summary>The network's backend.</summary>
    public Backend Backend { get; init; } = Backend.Vector;

    /// <summary>The network's vector width; null for the widest the machine accelerates.</summary>
    public VectorWidth? Width { get; init; }
}
