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

    /// <summary>
    /// Reads a model file from <paramref name="stream"/> (<paramref name="source"/> names it in errors): checked and
    /// checksummed first (<see cref="ModelFile.Open"/>), then the architecture, then each layer's weights straight into
    /// the network's own arrays, converted to T (exact for the same type). What is allocated is the network itself
    /// and a 64 KiB buffer, never a second copy of the weights.
    /// </summary>
    public static Network<T> Load<T>(Stream stream, string source, Backend backend, VectorWidth? width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ChecksummedReader reader = ModelFile.Open(stream, source);
        ModelFile.Header header = ModelFile.ReadHeader(reader);
        Network<T> network;
        try
        {
            network = new Network<T>(header.Sizes, header.Activations, useBias: header.UseBias, backend: backend, width: width, loss: header.Loss);
            network.Metadata = header.Metadata;
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: the model file describes a network FastNeuron cannot build: {e.Message}", e);
        }
        NetworkLayers<T> layers = network.Layers;
        for (int l = 0; l < header.Activations.Length; l++)
        {
            int inputs = header.Sizes[l], units = header.Sizes[l + 1];
            reader.Values<T>(layers.Weights[l], inputs, units, layers.Strides[l], header.ElementSize, $"layer {l}'s weights");
            reader.Values<T>(layers.Biases[l], 1, units, units, header.ElementSize, $"layer {l}'s biases");
        }
        ModelFile.Finish(reader);
        for (int l = 0; l < header.Activations.Length; l++)
        {
            if (Common.Checks.IndexOfNonFinite<T>(layers.Weights[l]) >= 0 || Common.Checks.IndexOfNonFinite<T>(layers.Biases[l]) >= 0)
            {
                throw new InvalidDataException($"{source}: the model file's layer {l} has a non-finite weight or bias.");
            }
        }
        return network;
    }
}
