using System.Numerics;

namespace FastNeuron.Onnx.Import;

/// <summary>An <see cref="ImportedModel"/> as a <see cref="Network{T}"/>: sizes, activations, weights and the metadata.</summary>
internal static class NetworkBuilder
{
    public static Network<T> Build<T>(ImportedModel model, OnnxImportOptions options, string source)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        List<ImportedLayer> layers = model.Layers;
        int[] sizes = [layers[0].Inputs, .. layers.Select(l => l.Units)];
        Activation[] activations = layers.Select(l => l.Activation!.Value).ToArray();
        Loss loss = activations[^1] == Activation.Softmax ? Loss.CrossEntropy : Loss.SquaredError;
        if (activations[^1] == Activation.Sigmoid && model.Properties.GetValueOrDefault(MetadataProperties.Loss) == nameof(Loss.CrossEntropy))
        {
            loss = Loss.CrossEntropy;
        }
        Network<T> network;
        try
        {
            network = new Network<T>(sizes, activations, useBias: layers.Any(l => l.HasBias), backend: options.Backend, width: options.Width, loss: loss);
        }
        catch (ArgumentException e)
        {
            throw GraphReader.Whole(source, $"the graph describes a network FastNeuron cannot build: {e.Message}");
        }
        for (int l = 0; l < layers.Count; l++)
        {
            T[] weights = layers[l].Weights.Select(T.CreateSaturating).ToArray();
            T[] biases = layers[l].Biases.Select(T.CreateSaturating).ToArray();
            try
            {
                network.SetParameters(l, weights, biases);
            }
            catch (ArgumentException e)
            {
                throw GraphReader.Fail(source, layers[l].Node, "layer", $"its weights cannot be FastNeuron's: {e.Message}");
            }
        }
        ModelMetadata metadata = Metadata(model, network.InputCount, source);
        string[]? graphLabels = MetadataProperties.ReadStrings(model.Properties, MetadataProperties.ClassLabels);
        try
        {
            network.Metadata = metadata with { ClassLabels = options.ClassLabels?.ToArray() ?? graphLabels ?? [] };
        }
        catch (ArgumentException e) when (options.ClassLabels is not null)
        {
            throw new ArgumentException($"options.ClassLabels has {options.ClassLabels.Count} labels: {e.Message}", nameof(options), e);
        }
        catch (ArgumentException e)
        {
            throw GraphReader.Whole(source, $"its metadata_props do not fit the network: {e.Message}");
        }
        return network;
    }

    /// <summary>
    /// Feature names and target from metadata_props when they fit; the standardisation from the graph's Sub and Div,
    /// replaced by metadata_props' float64 values when those round to exactly the graph's constants (a file
    /// FastNeuron wrote), so that .fnn → ONNX → .fnn keeps every bit.
    /// </summary>
    private static ModelMetadata Metadata(ImportedModel model, int inputs, string source)
    {
        string[]? names = MetadataProperties.ReadStrings(model.Properties, MetadataProperties.FeatureNames);
        double[]? means = model.Means, scales = model.Scales;
        if (means is not null && scales is not null)
        {
            double[]? exactMeans = MetadataProperties.ReadDoubles(model.Properties, MetadataProperties.Means);
            double[]? exactScales = MetadataProperties.ReadDoubles(model.Properties, MetadataProperties.Scales);
            if (exactMeans is not null && exactScales is not null && RoundsTo(exactMeans, means, model.ElementType) && RoundsTo(exactScales, scales, model.ElementType))
            {
                (means, scales) = (exactMeans, exactScales);
            }
        }
        if (names is not null && names.Length != inputs)
        {
            throw GraphReader.Whole(source, $"metadata_props '{MetadataProperties.FeatureNames}' has {names.Length} names but the network takes {inputs} inputs");
        }
        return new ModelMetadata
        {
            FeatureNames = names ?? [],
            TargetName = model.Properties.GetValueOrDefault(MetadataProperties.TargetName),
            Means = means ?? [],
            Scales = scales ?? [],
            TargetMeans = model.TargetMeans ?? [],
            TargetScales = model.TargetScales ?? [],
        };
    }

    private static bool RoundsTo(double[] exact, double[] graph, int elementType)
        => exact.Length == graph.Length
            && exact.Zip(graph).All(p => double.IsFinite(p.First) && (elementType == Tensor.Float ? (float)p.First : p.First) == p.Second);
}
