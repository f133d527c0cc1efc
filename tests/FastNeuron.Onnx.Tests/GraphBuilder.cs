using Google.Protobuf;
using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Tests;

/// <summary>Small ONNX graphs for the refusal tests, written with the same generated types the importer reads.</summary>
internal sealed class GraphBuilder
{
    private readonly OnnxProto.GraphProto _graph = new() { Name = "test" };
    private long _opset = 13;

    public GraphBuilder Input(string name, params long[] dims)
    {
        _graph.Input.Add(Value(name, dims));
        return this;
    }

    public GraphBuilder Output(string name, params long[] dims)
    {
        _graph.Output.Add(Value(name, dims));
        return this;
    }

    public GraphBuilder Opset(long version)
    {
        _opset = version;
        return this;
    }

    /// <summary>A float32 initializer of the given shape, values 0.1, 0.2, … (raw_data).</summary>
    public GraphBuilder Weights(string name, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        float[] values = Enumerable.Range(1, (int)count).Select(i => i / 10f).ToArray();
        var tensor = new OnnxProto.TensorProto { Name = name, DataType = (int)OnnxProto.TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Domain(string node, string domain)
    {
        _graph.Node.Single(n => n.Name == node).Domain = domain;
        return this;
    }

    /// <summary>Moves an initializer into a Constant node (as older exporters write weights) whose output has its name.</summary>
    public GraphBuilder AsConstantNode(string name)
    {
        OnnxProto.TensorProto tensor = _graph.Initializer.Single(i => i.Name == name);
        _graph.Initializer.Remove(tensor);
        var node = new OnnxProto.NodeProto { OpType = "Constant", Name = $"{name}/Constant", Output = { name } };
        node.Attribute.Add(new OnnxProto.AttributeProto { Name = "value", T = tensor, Type = OnnxProto.AttributeProto.Types.AttributeType.Tensor });
        _graph.Node.Insert(0, node);
        return this;
    }

    /// <summary>Declares other dimensions for an initializer already added, its data unchanged.</summary>
    public GraphBuilder Resize(string name, params long[] dims)
    {
        OnnxProto.TensorProto tensor = _graph.Initializer.Single(i => i.Name == name);
        tensor.Dims.Clear();
        tensor.Dims.AddRange(dims);
        return this;
    }

    public GraphBuilder Bool(string name, bool value)
    {
        var tensor = new OnnxProto.TensorProto { Name = name, DataType = (int)OnnxProto.TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom(value ? (byte)1 : (byte)0) };
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder External(string name, params long[] dims)
    {
        var tensor = new OnnxProto.TensorProto { Name = name, DataType = (int)OnnxProto.TensorProto.Types.DataType.Float, DataLocation = OnnxProto.TensorProto.Types.DataLocation.External };
        tensor.Dims.AddRange(dims);
        tensor.ExternalData.Add(new OnnxProto.StringStringEntryProto { Key = "location", Value = "weights.bin" });
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Node(string op, string name, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var node = new OnnxProto.NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        foreach (var (attribute, value) in attributes)
        {
            node.Attribute.Add(value switch
            {
                float f => new OnnxProto.AttributeProto { Name = attribute, F = f, Type = OnnxProto.AttributeProto.Types.AttributeType.Float },
                long i => new OnnxProto.AttributeProto { Name = attribute, I = i, Type = OnnxProto.AttributeProto.Types.AttributeType.Int },
                _ => throw new ArgumentException($"attribute {attribute}: float or long"),
            });
        }
        _graph.Node.Add(node);
        return this;
    }

    public byte[] Bytes()
    {
        var model = new OnnxProto.ModelProto { IrVersion = 7, Graph = _graph };
        model.OpsetImport.Add(new OnnxProto.OperatorSetIdProto { Domain = "", Version = _opset });
        return model.ToByteArray();
    }

    /// <summary>The message of the import's failure.</summary>
    public string Refusal()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxModel.Import<float>(new MemoryStream(Bytes())));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    public Network<float> Import() => OnnxModel.Import<float>(new MemoryStream(Bytes()));

    private static OnnxProto.ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new OnnxProto.TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(d < 0 ? new OnnxProto.TensorShapeProto.Types.Dimension { DimParam = "batch" } : new OnnxProto.TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new OnnxProto.ValueInfoProto
        {
            Name = name,
            Type = new OnnxProto.TypeProto { TensorType = new OnnxProto.TypeProto.Types.Tensor { ElemType = (int)OnnxProto.TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
