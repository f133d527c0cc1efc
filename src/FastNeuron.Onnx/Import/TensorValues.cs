using System.Buffers.Binary;
using Google.Protobuf;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Import;

/// <summary>An initializer or constant: its shape and its values widened to float64 (exact for float32 and float64).</summary>
internal sealed record Tensor(string Name, long[] Shape, double[] Values, int ElementType)
{
    public const int Float = (int)OnnxProto.TensorProto.Types.DataType.Float;
    public const int Double = (int)OnnxProto.TensorProto.Types.DataType.Double;
    public const int Bool = (int)OnnxProto.TensorProto.Types.DataType.Bool;

    /// <summary>
    /// The values of <paramref name="tensor"/>, from raw_data (little-endian) or from the typed field; float32, float64
    /// and bool. External data, other types and a count that does not match the shape fail through <paramref name="fail"/>.
    /// </summary>
    public static Tensor Read(OnnxProto.TensorProto tensor, Func<string, Exception> fail)
    {
        if (tensor.DataLocation == OnnxProto.TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw fail($"initializer '{tensor.Name}' keeps its data in an external file; FastNeuron reads only models whose weights are inside the .onnx file (save with onnx.save_model(..., save_as_external_data=False))");
        }
        long[] shape = tensor.Dims.ToArray();
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw fail($"initializer '{tensor.Name}' has a negative dimension ({ShapeOf(shape)})");
            if (d > 0 && count > Array.MaxLength / d) throw fail($"initializer '{tensor.Name}' has shape {ShapeOf(shape)}, more values than an array holds");
            count *= d;
        }
        double[] values = tensor.DataType switch
        {
            Float => tensor.RawData.Length > 0 ? Raw(tensor.RawData, 4, count, tensor.Name, fail) : tensor.FloatData.Select(v => (double)v).ToArray(),
            Double => tensor.RawData.Length > 0 ? Raw(tensor.RawData, 8, count, tensor.Name, fail) : tensor.DoubleData.ToArray(),
            Bool => tensor.RawData.Length > 0 ? tensor.RawData.Select(b => b != 0 ? 1.0 : 0.0).ToArray() : tensor.Int32Data.Select(v => v != 0 ? 1.0 : 0.0).ToArray(),
            _ => throw fail($"initializer '{tensor.Name}' is of ONNX type {(OnnxProto.TensorProto.Types.DataType)tensor.DataType}; FastNeuron reads float32 and float64 weights"),
        };
        if (values.Length != count)
        {
            throw fail($"initializer '{tensor.Name}' has {values.Length} values but its shape {ShapeOf(shape)} needs {count}");
        }
        return new Tensor(tensor.Name, shape, values, tensor.DataType);
    }

    private static double[] Raw(ByteString raw, int size, long count, string name, Func<string, Exception> fail)
    {
        ReadOnlySpan<byte> bytes = raw.Span;
        if (bytes.Length != count * size)
        {
            throw fail($"initializer '{name}' has {bytes.Length} bytes of raw_data but needs {count} × {size}");
        }
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = size == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4))
                : BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i * 8));
        }
        return values;
    }

    /// <summary>A shape as "2×3" ("scalar" for rank 0).</summary>
    public static string ShapeOf(IReadOnlyCollection<long> shape) => shape.Count == 0 ? "scalar" : string.Join("×", shape);

    public string ShapeText => ShapeOf(Shape);

    /// <summary>
    /// The values as one per unit for a bias or one per input for a standardisation: a scalar, [n] or [1, n] broadcast
    /// to <paramref name="n"/> values; null when the shape does not broadcast that way.
    /// </summary>
    public double[]? BroadcastTo(int n)
    {
        if (Shape.Length > 2) return null;
        long[] trailing = Shape.SkipWhile(d => d == 1).ToArray();
        if (Values.Length == 1) return Enumerable.Repeat(Values[0], n).ToArray();
        if (trailing.Length == 1 && trailing[0] == n && Shape[^1] == n) return Values;
        return null;
    }
}
