using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FastNeuron.Onnx.Tests;

/// <summary>ONNX Runtime on a model's bytes: one input, one output, rows × columns of float32 or float64.</summary>
internal static class OrtRunner
{
    public static T[] Run<T>(byte[] model, T[] input, int rows, int columns)
        where T : unmanaged
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        string name = session.InputMetadata.Keys.Single();
        var tensor = new DenseTensor<T>(input, [rows, columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, tensor)]);
        return results.Single().AsEnumerable<T>().ToArray();
    }

    public static byte[] Export<T>(Network<T> network)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        OnnxModel.Export(network, stream);
        return stream.ToArray();
    }
}
