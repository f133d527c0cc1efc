namespace FastNeuron.Onnx.Import;

/// <summary>One dense layer read from a graph: weights (inputs × units, row-major, numpy's orientation) and biases in float64.</summary>
internal sealed class ImportedLayer(int inputs, int units, double[] weights, double[] biases, bool hasBias, string node)
{
    public int Inputs { get; } = inputs;
    public int Units { get; } = units;
    public double[] Weights { get; } = weights;
    public double[] Biases { get; } = biases;
    public bool HasBias { get; set; } = hasBias;
    public Activation? Activation { get; set; }
    /// <summary>The Gemm or MatMul node the layer came from, for messages.</summary>
    public string Node { get; } = node;
}

/// <summary>What the importer read from a graph, before it becomes a <see cref="Network{T}"/>.</summary>
internal sealed class ImportedModel
{
    public required int ElementType { get; init; }
    public required string InputName { get; init; }
    public required List<ImportedLayer> Layers { get; init; }
    public double[]? Means { get; set; }
    public double[]? Scales { get; set; }
    /// <summary>The targets' means and scales from a Mul and Add after the last layer, or null.</summary>
    public double[]? TargetMeans { get; init; }
    public double[]? TargetScales { get; init; }
    public required IReadOnlyDictionary<string, string> Properties { get; init; }
}
