using System.Numerics;
using FastNeuron.Onnx.Export;
using FastNeuron.Onnx.Import;
using Google.Protobuf;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx;

/// <summary>
/// ONNX in and out: <see cref="Import{T}(string, OnnxImportOptions?)"/> reads the multi-layer perceptrons that
/// <c>torch.onnx.export</c> and <c>onnx.helper</c> write (docs/onnx.md lists what is taken) into a
/// <see cref="Network{T}"/>, and refuses anything else with an <see cref="InvalidDataException"/> naming the node;
/// <see cref="Export{T}(Network{T}, string)"/> writes a network, its standardisation included, as a graph that any
/// ONNX runtime runs with <see cref="Network{T}.Predict"/>'s answers on raw features.
/// </summary>
public static class OnnxModel
{
    /// <summary>Reads the ONNX model at <paramref name="path"/>; errors name the file.</summary>
    public static Network<T> Import<T>(string path, OnnxImportOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Import<T>(file, path, options ?? new OnnxImportOptions());
    }

    /// <summary>Reads an ONNX model from <paramref name="stream"/>.</summary>
    public static Network<T> Import<T>(Stream stream, OnnxImportOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Import<T>(stream, "ONNX stream", options ?? new OnnxImportOptions());
    }

    /// <summary>
    /// The size in bytes of the elements of the graph's input (4 for float32, 8 for float64), so that a caller can
    /// import a float64 graph as <c>Network&lt;double&gt;</c>. Fails like Import for a file that is not an ONNX model.
    /// </summary>
    public static int ElementSize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        OnnxProto.GraphProto? graph = Parse(file, path).Graph;
        var initializers = graph?.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        OnnxProto.ValueInfoProto? input = graph?.Input.FirstOrDefault(i => !initializers.Contains(i.Name));
        return input?.Type?.TensorType?.ElemType == (int)OnnxProto.TensorProto.Types.DataType.Double ? 8 : 4;
    }

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="path"/> as an ONNX model, through a temporary file renamed
    /// over the target, so a failure leaves any existing file as it was.
    /// </summary>
    public static void Export<T>(Network<T> network, string path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = GraphWriter.Model(network).ToByteArray();
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="network"/> to <paramref name="stream"/> as an ONNX model.</summary>
    public static void Export<T>(Network<T> network, Stream stream)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        GraphWriter.Model(network).WriteTo(stream);
    }

    private static Network<T> Import<T>(Stream stream, string source, OnnxImportOptions options)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ImportedModel model = GraphReader.Read(Parse(stream, source), source, options.LogSoftmaxAsSoftmax);
        return NetworkBuilder.Build<T>(model, options, source);
    }

    private static OnnxProto.ModelProto Parse(Stream stream, string source)
    {
        try
        {
            return OnnxProto.ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: not an ONNX model (its protobuf does not parse: {e.Message}).", e);
        }
    }
}
