using System.Numerics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Export;

/// <summary>
/// A <see cref="Network{T}"/> as an ONNX model (IR 7, opset 13): input [batch, features] with a symbolic batch, the
/// standardisation as Sub then Div, one Gemm per layer (B = the weights, inputs × units, transB 0) and its activation
/// node, output [batch, units]; metadata_props say what the model expects. Nodes are written in order, every name once.
/// </summary>
internal static class GraphWriter
{
    public const long IrVersion = 7;
    public const long Opset = 13;
    public const string InputName = "input";
    public const string OutputName = "output";

    public static OnnxProto.ModelProto Model<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int elementType = typeof(T) == typeof(float) ? (int)OnnxProto.TensorProto.Types.DataType.Float
            : typeof(T) == typeof(double) ? (int)OnnxProto.TensorProto.Types.DataType.Double
            : throw new ArgumentException($"FastNeuron writes float32 and float64 networks to ONNX, not {typeof(T).Name}.", nameof(network));
        var graph = new OnnxProto.GraphProto { Name = "FastNeuron network " + string.Join("-", network.Sizes) };
        graph.Input.Add(Value(InputName, elementType, network.InputCount));
        graph.Output.Add(Value(OutputName, elementType, network.OutputCount));

        string current = InputName;
        ModelMetadata metadata = network.Metadata;
        if (metadata.Means.Count > 0)
        {
            graph.Initializer.Add(Initializer<T>("standardisation/mean", [metadata.Means.Count], metadata.Means.Select(T.CreateChecked).ToArray()));
            graph.Initializer.Add(Initializer<T>("standardisation/scale", [metadata.Scales.Count], metadata.Scales.Select(T.CreateChecked).ToArray()));
            current = Node(graph, "Sub", "standardisation/Sub", [current, "standardisation/mean"], "standardisation/centred");
            current = Node(graph, "Div", "standardisation/Div", [current, "standardisation/scale"], "standardisation/scaled");
        }
        int last = network.Sizes.Count - 2;
        // A regression trained on standardised targets ends in Mul and Add, so the graph answers in the targets' units as Predict does.
        bool targetUnits = metadata.TargetMeans.Count > 0;
        for (int l = 0; l <= last; l++)
        {
            int inputs = network.Sizes[l], units = network.Sizes[l + 1];
            Activation activation = network.ActivationOf(l);
            string prefix = $"layer{l}";
            graph.Initializer.Add(Initializer<T>($"{prefix}/weights", [inputs, units], network.Weights(l)));
            List<string> gemmInputs = [current, $"{prefix}/weights"];
            if (network.UseBias)
            {
                graph.Initializer.Add(Initializer<T>($"{prefix}/biases", [units], network.Biases(l)));
                gemmInputs.Add($"{prefix}/biases");
            }
            bool hasActivationNode = activation != Activation.Linear;
            current = Node(graph, "Gemm", $"{prefix}/Gemm", gemmInputs, l == last && !hasActivationNode && !targetUnits ? OutputName : $"{prefix}/z");
            if (!hasActivationNode) continue;
            string output = l == last && !targetUnits ? OutputName : $"{prefix}/a";
            OnnxProto.NodeProto node = new() { OpType = activation.ToString(), Name = $"{prefix}/{activation}", Output = { output } };
            node.Input.Add(current);
            if (activation == Activation.LeakyRelu) node.Attribute.Add(new OnnxProto.AttributeProto { Name = "alpha", F = 0.01f, Type = OnnxProto.AttributeProto.Types.AttributeType.Float });
            if (activation == Activation.Softmax) node.Attribute.Add(new OnnxProto.AttributeProto { Name = "axis", I = -1, Type = OnnxProto.AttributeProto.Types.AttributeType.Int });
            graph.Node.Add(node);
            current = output;
        }
        if (targetUnits)
        {
            graph.Initializer.Add(Initializer<T>("target/scale", [metadata.TargetScales.Count], metadata.TargetScales.Select(T.CreateChecked).ToArray()));
            graph.Initializer.Add(Initializer<T>("target/mean", [metadata.TargetMeans.Count], metadata.TargetMeans.Select(T.CreateChecked).ToArray()));
            current = Node(graph, "Mul", "target/Mul", [current, "target/scale"], "target/scaled");
            Node(graph, "Add", "target/Add", [current, "target/mean"], OutputName);
        }

        var model = new OnnxProto.ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FastNeuron.Onnx",
            ProducerVersion = typeof(GraphWriter).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = $"A FastNeuron network, {string.Join("-", network.Sizes)}; see metadata_props for its features, classes and element type.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OnnxProto.OperatorSetIdProto { Domain = "", Version = Opset });
        AddProperty(model, MetadataProperties.ElementType, typeof(T) == typeof(float) ? "float32" : "float64");
        AddProperty(model, MetadataProperties.Loss, network.Loss.ToString());
        if (metadata.FeatureNames.Count > 0) AddProperty(model, MetadataProperties.FeatureNames, MetadataProperties.Strings(metadata.FeatureNames));
        if (metadata.ClassLabels.Count > 0) AddProperty(model, MetadataProperties.ClassLabels, MetadataProperties.Strings(metadata.ClassLabels));
        if (metadata.TargetName is { } target) AddProperty(model, MetadataProperties.TargetName, target);
        if (metadata.Means.Count > 0)
        {
            AddProperty(model, MetadataProperties.Means, MetadataProperties.Doubles(metadata.Means));
            AddProperty(model, MetadataProperties.Scales, MetadataProperties.Doubles(metadata.Scales));
        }
        return model;
    }

    private static string Node(OnnxProto.GraphProto graph, string op, string name, IEnumerable<string> inputs, string output)
    {
        var node = new OnnxProto.NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        graph.Node.Add(node);
        return output;
    }

    private static void AddProperty(OnnxProto.ModelProto model, string key, string value)
        => model.MetadataProps.Add(new OnnxProto.StringStringEntryProto { Key = key, Value = value });

    /// <summary>[batch, <paramref name="units"/>], the batch symbolic.</summary>
    private static OnnxProto.ValueInfoProto Value(string name, int elementType, int units)
    {
        var shape = new OnnxProto.TensorShapeProto();
        shape.Dim.Add(new OnnxProto.TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new OnnxProto.TensorShapeProto.Types.Dimension { DimValue = units });
        return new OnnxProto.ValueInfoProto
        {
            Name = name,
            Type = new OnnxProto.TypeProto { TensorType = new OnnxProto.TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    /// <summary>A tensor in raw_data, little-endian, as ONNX stores it.</summary>
    private static OnnxProto.TensorProto Initializer<T>(string name, long[] dims, T[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tensor = new OnnxProto.TensorProto
        {
            Name = name,
            DataType = typeof(T) == typeof(float) ? (int)OnnxProto.TensorProto.Types.DataType.Float : (int)OnnxProto.TensorProto.Types.DataType.Double,
        };
        tensor.Dims.AddRange(dims);
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            for (int i = 0; i < bytes.Length; i += size) Array.Reverse(bytes, i, size);
        }
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }
}
