using System.Globalization;
using System.Numerics;
using FastNeuron.Onnx;

namespace FastNeuron.Cli.Commands;

/// <summary>
/// <c>fastneuron import</c> (an ONNX model to a FastNeuron model file) and <c>fastneuron export</c> (the reverse),
/// and <see cref="Load{T}"/>, which lets evaluate and predict take either kind of model by its extension.
/// </summary>
internal static class OnnxCommands
{
    public static bool IsOnnx(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The graph input's element size, 4 or 8, so that a float64 graph runs in float64.</summary>
    public static int ElementSize(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: no such file.");
        return OnnxModel.ElementSize(path);
    }

    /// <summary>A model file: ONNX by its extension (.onnx), FastNeuron's format otherwise.</summary>
    public static Network<T> Load<T>(string path, OnnxImportOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => IsOnnx(path) ? WithClassIndices(OnnxModel.Import<T>(path, options)) : Network<T>.Load(path);

    /// <summary>
    /// A softmax classifier whose graph names no classes gets its class indices, "0" to "N − 1", as labels: the
    /// command's evaluate and predict then treat it (and the data's integer targets) as classes.
    /// </summary>
    private static Network<T> WithClassIndices<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (network.Metadata.ClassLabels.Count == 0 && network.ActivationOf(network.Sizes.Count - 2) == Activation.Softmax)
        {
            network.Metadata = network.Metadata with { ClassLabels = Enumerable.Range(0, network.OutputCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray() };
        }
        return network;
    }

    public static int Import(string onnxPath, string modelPath, string? classLabels, bool logSoftmaxAsSoftmax, TextWriter stdout)
    {
        OutputPaths.CheckWritable(modelPath, "model");
        OutputPaths.RefuseInputs(modelPath, "model", (onnxPath, "ONNX model"));
        var options = new OnnxImportOptions
        {
            ClassLabels = classLabels?.Split(',').Select(l => l.Trim()).ToArray(),
            LogSoftmaxAsSoftmax = logSoftmaxAsSoftmax,
        };
        return ElementSize(onnxPath) == 8
            ? Import<double>(onnxPath, modelPath, options, stdout)
            : Import<float>(onnxPath, modelPath, options, stdout);
    }

    private static int Import<T>(string onnxPath, string modelPath, OnnxImportOptions options, TextWriter stdout)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network;
        try
        {
            network = Load<T>(onnxPath, options);
        }
        catch (ArgumentException e) when (e.ParamName == "options")
        {
            throw new CliException($"--class-labels: {e.Message}");
        }
        network.Save(modelPath);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{modelPath}: {Describe(network)}, from {onnxPath}"));
        return 0;
    }

    public static int Export(string modelPath, string onnxPath, TextWriter stdout)
    {
        OutputPaths.CheckWritable(onnxPath, "onnx");
        OutputPaths.RefuseInputs(onnxPath, "onnx", (modelPath, "model file"));
        return ModelCommands.ElementSize(modelPath) == 8 ? Export<double>(modelPath, onnxPath, stdout) : Export<float>(modelPath, onnxPath, stdout);
    }

    private static int Export<T>(string modelPath, string onnxPath, TextWriter stdout)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = Network<T>.Load(modelPath);
        OnnxModel.Export(network, onnxPath);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{onnxPath}: {Describe(network)}{(network.Metadata.Means.Count > 0 ? ", standardisation in the graph" : "")}, opset 13, from {modelPath}"));
        return 0;
    }

    private static string Describe<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => $"{string.Join("-", network.Sizes)} ({string.Join(", ", Enumerable.Range(0, network.Sizes.Count - 1).Select(network.ActivationOf))}), " +
           $"{(typeof(T) == typeof(double) ? "float64" : "float32")}" +
           (network.Metadata.ClassLabels.Count > 0 ? $", classes {string.Join(", ", network.Metadata.ClassLabels)}" : "");
}
