using System.Numerics;
using FastNeuron.IO;

namespace FastNeuron.Networks;

/// <summary>Saving and loading a <see cref="Network{T}"/> in the model format of <see cref="ModelFile"/> (docs/model-format.md).</summary>
internal static class NetworkFile
{
    /// <summary>The model file's bytes: architecture, metadata, weights and biases without padding, and the checksum.</summary>
    public static byte[] Bytes<T>(NetworkLayers<T> layers, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ParameterSet<T> version = layers.Published;   // one version for every layer, even while training publishes
        return ModelFile.Write<T>(layers.Sizes, layers.Activations, layers.UseBias, layers.Loss, metadata,
            l => layers.CopyWeights(version, l), l => layers.CopyBiases(version, l));
    }

    /// <summary>Saves through <see cref="AtomicFile"/>: a failure or a crash leaves any existing file as it was.</summary>
    public static void Save<T>(NetworkLayers<T> layers, ModelMetadata metadata, string path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        byte[] bytes = Bytes(layers, metadata);
        AtomicFile.Write(path, (Stream file) => file.Write(bytes));
    }

    /// <summary>A network built from a model file's contents; the weights are converted to T (exact for the same type).</summary>
    public static Network<T> FromContents<T>(ModelFile.Contents contents, Backend backend, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network;
        try
        {
            network = new Network<T>(contents.Sizes, contents.Activations, useBias: contents.UseBias, backend: backend, width: width, loss: contents.Loss);
            network.Metadata = contents.Metadata;
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The model file describes a network FastNeuron cannot build: {e.Message}", e);
        }
        NetworkLayers<T> layers = network.Layers;
        for (int l = 0; l < contents.Activations.Length; l++)
        {
            int inputs = contents.Sizes[l], units = contents.Sizes[l + 1], stride = layers.Strides[l];
            for (int k = 0; k < inputs; k++)
            {
                for (int o = 0; o < units; o++)
                {
                    layers.Weights[l][k * stride + o] = T.CreateChecked(contents.Weights[l][k * units + o]);
                }
            }
            for (int o = 0; o < units; o++)
            {
                layers.Biases[l][o] = T.CreateChecked(contents.Biases[l][o]);
            }
            if (Common.Checks.IndexOfNonFinite<T>(layers.Weights[l]) >= 0 || Common.Checks.IndexOfNonFinite<T>(layers.Biases[l]) >= 0)
            {
                throw new InvalidDataException($"The model file's layer {l} has a non-finite weight or bias.");
            }
        }
        return network;
    }
}
