using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Import;

/// <summary>
/// The chain's nodes in order, turned into dense layers: Gemm and MatMul open a layer, Add gives it biases, one
/// activation closes it; Sub and Div before the first layer are the input's standardisation; Mul then Add after a
/// linear last layer are the targets' (y = o · scale + mean, as FastNeuron exports a regression trained on
/// standardised targets); Identity, Dropout and Flatten pass through. Each refusal names the node, its operator, the problem and what is supported.
/// </summary>
internal sealed class NodeRules
{
    private readonly string _source;
    private readonly int _opset;
    private readonly bool _logSoftmaxAsSoftmax;
    private readonly Dictionary<string, OnnxProto.TensorProto> _constants;
    private readonly int _elementType;
    private readonly string _inputName;
    private readonly List<ImportedLayer> _layers = [];
    private int _rank;
    private long[] _dims;
    private double[]? _means;
    private double[]? _scales;
    private double[]? _targetMeans;
    private double[]? _targetScales;
    private string? _targetEnd;
    private string? _output;

    public NodeRules(string source, int opset, bool logSoftmaxAsSoftmax, Dictionary<string, OnnxProto.TensorProto> constants, OnnxProto.ValueInfoProto input)
    {
        _source = source;
        _opset = opset;
        _logSoftmaxAsSoftmax = logSoftmaxAsSoftmax;
        _constants = constants;
        _inputName = input.Name;
        OnnxProto.TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        _elementType = tensor?.ElemType ?? 0;
        if (tensor is null)
        {
            throw GraphReader.Whole(source, $"the graph's input '{input.Name}' is not a tensor (a sequence, a map or an optional); FastNeuron reads a float32 or float64 tensor [batch, features]");
        }
        if (_elementType is not (Tensor.Float or Tensor.Double))
        {
            throw GraphReader.Whole(source, $"the graph's input '{input.Name}' is of type {(OnnxProto.TensorProto.Types.DataType)_elementType}; FastNeuron reads float32 and float64");
        }
        // A dimension FastNeuron does not know (symbolic, like the batch) is −1.
        _dims = tensor!.Shape is { } shape ? shape.Dim.Select(d => d.HasDimValue ? d.DimValue : -1).ToArray() : [-1, -1];
        _rank = _dims.Length;
        if (_rank < 2)
        {
            throw GraphReader.Whole(source, $"the graph's input '{input.Name}' has shape [{string.Join(", ", _dims)}]; FastNeuron reads [batch, features] (or [batch, …] through a Flatten)");
        }
    }

    /// <summary>The features reaching the next node: the product of the non-batch dimensions, or −1 while one is unknown.</summary>
    private long Features => _dims.Skip(1).Any(d => d < 0) ? -1 : _dims.Skip(1).Aggregate(1L, (a, d) => a * d);

    public void Apply(OnnxProto.NodeProto node, string label, string current)
    {
        string op = node.OpType;
        if (_output is not null && op is not ("Identity" or "Dropout"))
        {
            throw Fail(node, label, $"it follows the output activation (node '{_output}'); Softmax and LogSoftmax are supported only at the output");
        }
        if (_targetEnd is not null && op is not ("Identity" or "Dropout"))
        {
            throw Fail(node, label, $"it follows the targets' units (node '{_targetEnd}'); FastNeuron reads Mul then Add only at the output");
        }
        if (op is "Gemm" or "MatMul" or "Add" or "Sub" or "Div" or "Mul" && (node.Input.Count < 2 || node.Input[1].Length == 0))
        {
            throw Fail(node, label, $"{node.Input.Count} input(s); {op} takes the data and a constant");
        }
        switch (op)
        {
            case "Identity":
                return;
            case "Dropout":
                Dropout(node, label);
                return;
            case "Flatten":
                Flatten(node, label);
                return;
            case "Sub" or "Div":
                Standardisation(node, label, current);
                return;
            case "Gemm":
                Gemm(node, label, current);
                return;
            case "MatMul":
                MatMul(node, label, current);
                return;
            case "Add" when _targetScales is not null:
                TargetUnits(node, label, current);
                return;
            case "Add":
                Add(node, label, current);
                return;
            case "Mul":
                TargetUnits(node, label, current);
                return;
            case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Softmax" or "LogSoftmax":
                Activate(node, label);
                return;
            default:
                throw Fail(node, label, $"an operator FastNeuron does not import; {Supported.Graphs}");
        }
    }

    public ImportedModel Finish(OnnxProto.ValueInfoProto output, IReadOnlyDictionary<string, string> properties)
    {
        if (_layers.Count == 0)
        {
            throw GraphReader.Whole(_source, $"the graph has no Gemm or MatMul, so no dense layer; {Supported.Graphs}");
        }
        _layers[^1].Activation ??= Activation.Linear;
        var declared = output.Type?.TensorType?.Shape?.Dim;
        if (declared is { Count: > 0 } && declared[^1].HasDimValue && declared[^1].DimValue != _layers[^1].Units)
        {
            throw GraphReader.Whole(_source, $"the graph's output '{output.Name}' is declared with {declared[^1].DimValue} values per row but the last layer (node '{_layers[^1].Node}') has {_layers[^1].Units} units: the shapes don't chain");
        }
        if (_means is not null || _scales is not null)
        {
            int features = _layers[0].Inputs;
            _means ??= new double[features];
            _scales ??= Enumerable.Repeat(1.0, features).ToArray();
        }
        return new ImportedModel
        {
            ElementType = _elementType,
            InputName = _inputName,
            Layers = _layers,
            Means = _means,
            Scales = _scales,
            TargetMeans = _targetScales is null ? null : _targetMeans ?? new double[_targetScales.Length],
            TargetScales = _targetScales,
            Properties = properties,
        };
    }

    /// <summary>Mul (the targets' scales) then Add (their means) after a linear last layer: the output in the targets' units.</summary>
    private void TargetUnits(OnnxProto.NodeProto node, string label, string current)
    {
        ImportedLayer? layer = _layers.Count > 0 ? _layers[^1] : null;
        if (layer is null || layer.Activation is not (null or Activation.Linear))
        {
            throw Fail(node, label, $"a {node.OpType} that is not after a linear output layer; FastNeuron reads Mul then Add only there, as a regression's target units (y = o · scale + mean)");
        }
        layer.Activation = Activation.Linear;   // closes the layer: the Add that follows is the means, not biases
        string other = node.Input[0] == current ? node.Input[1] : node.Input[0];
        Tensor c = Constant(node, label, other);
        double[] values = c.BroadcastTo(layer.Units)
            ?? throw Fail(node, label, $"its constant '{c.Name}' has shape {c.ShapeText}, not one value per output ({layer.Units}): the shapes don't chain");
        if (node.OpType == "Add")
        {
            _targetMeans = values;
            _targetEnd = label;
            return;
        }
        if (_targetScales is not null) throw Fail(node, label, "a second Mul; FastNeuron reads one Mul then one Add at the output");
        int zero = Array.FindIndex(values, v => v == 0 || !double.IsFinite(v));
        if (zero >= 0) throw Fail(node, label, $"it multiplies output {zero} by {values[zero]}; the targets' scales are finite and non-zero");
        _targetScales = values;
    }

    private void Dropout(OnnxProto.NodeProto node, string label)
    {
        if (node.Input.Count > 2 && node.Input[2].Length > 0 && Constant(node, label, node.Input[2]).Values.Any(v => v != 0))
        {
            throw Fail(node, label, "training_mode is true; FastNeuron imports Dropout for inference only (export the model in eval mode)");
        }
    }

    private void Flatten(OnnxProto.NodeProto node, string label)
    {
        long axis = Int(node, "axis", 1);
        if (axis < 0) axis += _rank;
        if (axis != 1)
        {
            throw Fail(node, label, $"axis {Int(node, "axis", 1)} on a rank-{_rank} value; FastNeuron flattens only to [batch, features] (axis 1)");
        }
        _dims = [_dims[0], Features];
        _rank = 2;
    }

    private void Standardisation(OnnxProto.NodeProto node, string label, string current)
    {
        if (_layers.Count > 0)
        {
            throw Fail(node, label, $"{node.OpType} after a dense layer; FastNeuron reads Sub and Div only before the first layer, as the input's standardisation");
        }
        if (node.Input.Count != 2 || node.Input[0] != current)
        {
            throw Fail(node, label, $"the data is not the first operand; the standardisation is (x − mean) / scale");
        }
        if (node.OpType == "Sub" && (_means is not null || _scales is not null))
        {
            throw Fail(node, label, "a Sub after the standardisation's Sub or Div; FastNeuron reads one Sub then one Div, (x − mean) / scale");
        }
        if (node.OpType == "Div" && _scales is not null)
        {
            throw Fail(node, label, "a second Div; FastNeuron reads one Sub then one Div, (x − mean) / scale");
        }
        Tensor constant = Constant(node, label, node.Input[1]);
        long features = Features;
        double[]? values = features > 0 ? constant.BroadcastTo((int)features) : constant.Shape.Length == 1 ? constant.Values : null;
        if (_rank != 2 || values is null)
        {
            throw Fail(node, label, $"its constant '{constant.Name}' has shape {constant.ShapeText}, not one value per input feature ({(features > 0 ? features : "unknown")}): the shapes don't chain");
        }
        if (node.OpType == "Sub")
        {
            _means = values;
            return;
        }
        int zero = Array.FindIndex(values, v => v == 0 || !double.IsFinite(v));
        if (zero >= 0) throw Fail(node, label, $"it divides input {zero} by {values[zero]}; a standardisation's scales are finite and non-zero");
        _scales = values;
    }

    private void Gemm(OnnxProto.NodeProto node, string label, string current)
    {
        if (node.Input[0] != current)
        {
            throw Fail(node, label, "the data is not its first input A; FastNeuron reads Gemm as a dense layer, Y = alpha·X·B + beta·C with B and C constant");
        }
        if (Int(node, "transA", 0) != 0)
        {
            throw Fail(node, label, "transA is 1 (the batch in columns); FastNeuron reads Gemm with transA 0, rows being samples");
        }
        bool transB = Int(node, "transB", 0) != 0;
        double alpha = Float(node, "alpha", 1f), beta = Float(node, "beta", 1f);
        Tensor b = Matrix(node, label, node.Input[1], "B");
        int inputs = (int)(transB ? b.Shape[1] : b.Shape[0]), units = (int)(transB ? b.Shape[0] : b.Shape[1]);
        CheckChains(node, label, inputs, $"B ('{b.Name}', {b.ShapeText}{(transB ? ", transposed" : "")})");
        var weights = new double[inputs * units];
        for (int k = 0; k < inputs; k++)
        {
            for (int o = 0; o < units; o++)
            {
                double w = transB ? b.Values[o * inputs + k] : b.Values[k * units + o];
                weights[k * units + o] = alpha == 1 ? w : alpha * w;
            }
        }
        var biases = new double[units];
        bool hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;
        if (hasBias)
        {
            Tensor c = Constant(node, label, node.Input[2]);
            double[] values = c.BroadcastTo(units)
                ?? throw Fail(node, label, $"C ('{c.Name}', {c.ShapeText}) is not one bias per unit ({units}): the shapes don't chain");
            for (int o = 0; o < units; o++) biases[o] = beta == 1 ? values[o] : beta * values[o];
        }
        Open(new ImportedLayer(inputs, units, weights, biases, hasBias, label));
    }

    private void MatMul(OnnxProto.NodeProto node, string label, string current)
    {
        if (node.Input[0] != current)
        {
            throw Fail(node, label, "the data is its second operand (W·x); FastNeuron reads MatMul as a dense layer, x·W with W constant");
        }
        Tensor b = Matrix(node, label, node.Input[1], "B");
        int inputs = (int)b.Shape[0], units = (int)b.Shape[1];
        CheckChains(node, label, inputs, $"B ('{b.Name}', {b.ShapeText})");
        Open(new ImportedLayer(inputs, units, b.Values, new double[units], false, label));
    }

    private void Add(OnnxProto.NodeProto node, string label, string current)
    {
        ImportedLayer? layer = _layers.Count > 0 ? _layers[^1] : null;
        if (layer is null || layer.Activation is not null)
        {
            throw Fail(node, label, "an Add that is not a dense layer's bias; FastNeuron reads Add only right after a Gemm or MatMul, with a constant of one value per unit");
        }
        string other = node.Input[0] == current ? node.Input[1] : node.Input[0];
        Tensor c = Constant(node, label, other);
        double[] values = c.BroadcastTo(layer.Units)
            ?? throw Fail(node, label, $"its constant '{c.Name}' has shape {c.ShapeText}, not one bias per unit ({layer.Units}) of the layer of node '{layer.Node}': the shapes don't chain");
        for (int o = 0; o < layer.Units; o++) layer.Biases[o] += values[o];
        layer.HasBias = true;
    }

    private void Activate(OnnxProto.NodeProto node, string label)
    {
        ImportedLayer? layer = _layers.Count > 0 ? _layers[^1] : null;
        if (layer is null || layer.Activation is not null)
        {
            throw Fail(node, label, layer is null
                ? "an activation before any dense layer; FastNeuron applies one activation after each Gemm or MatMul"
                : $"a second activation on the layer of node '{layer.Node}' (it already has {layer.Activation}); FastNeuron applies one activation per dense layer");
        }
        switch (node.OpType)
        {
            case "Relu": layer.Activation = Activation.Relu; break;
            case "Sigmoid": layer.Activation = Activation.Sigmoid; break;
            case "Tanh": layer.Activation = Activation.Tanh; break;
            case "LeakyRelu":
                float alpha = Float(node, "alpha", 0.01f);
                if (alpha != 0.01f)
                {
                    throw Fail(node, label, $"alpha is {alpha}; FastNeuron's LeakyRelu has alpha 0.01 (PyTorch's default negative_slope)");
                }
                layer.Activation = Activation.LeakyRelu;
                break;
            default:
                long axis = Int(node, "axis", _opset < 13 ? 1 : -1);
                if ((axis < 0 ? axis + 2 : axis) != 1)
                {
                    throw Fail(node, label, $"axis {axis} on [batch, {layer.Units}] values; FastNeuron's softmax runs over each row's units (axis 1 or −1)");
                }
                if (node.OpType == "LogSoftmax" && !_logSoftmaxAsSoftmax)
                {
                    throw Fail(node, label, "FastNeuron's output layer gives probabilities, not their logarithms; import with OnnxImportOptions.LogSoftmaxAsSoftmax " +
                        "(fastneuron import --log-softmax-as-softmax) to read it as Softmax, whose outputs are exp of this graph's and pick the same classes");
                }
                layer.Activation = Activation.Softmax;
                _output = label;
                break;
        }
    }

    private void Open(ImportedLayer layer)
    {
        if (_layers.Count > 0) _layers[^1].Activation ??= Activation.Linear;
        _layers.Add(layer);
        _dims = [_dims[0], layer.Units];
    }

    private void CheckChains(OnnxProto.NodeProto node, string label, int inputs, string what)
    {
        if (_rank != 2)
        {
            throw Fail(node, label, $"its data has rank {_rank} ([{string.Join(", ", _dims)}]); a dense layer reads [batch, features] (put a Flatten before it): the shapes don't chain");
        }
        long features = Features;
        if (features >= 0 && features != inputs)
        {
            throw Fail(node, label, $"{what} takes {inputs} inputs but the values reaching it have {features} features: the shapes don't chain");
        }
    }

    private Tensor Matrix(OnnxProto.NodeProto node, string label, string name, string what)
    {
        Tensor tensor = Constant(node, label, name);
        if (tensor.Shape.Length != 2 || tensor.Shape[0] == 0 || tensor.Shape[1] == 0)
        {
            throw Fail(node, label, $"{what} ('{name}') has shape {tensor.ShapeText}; a dense layer's weights are a non-empty matrix");
        }
        return tensor;
    }

    private Tensor Constant(OnnxProto.NodeProto node, string label, string name)
    {
        if (!_constants.TryGetValue(name, out OnnxProto.TensorProto? tensor))
        {
            throw Fail(node, label, $"'{name}' is not an initializer or a Constant; FastNeuron reads weights, biases and standardisation as constants");
        }
        return Tensor.Read(tensor, problem => Fail(node, label, problem));
    }

    private static OnnxProto.AttributeProto? Attribute(OnnxProto.NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    private static long Int(OnnxProto.NodeProto node, string name, long fallback) => Attribute(node, name) is { } a ? a.I : fallback;

    private static float Float(OnnxProto.NodeProto node, string name, float fallback) => Attribute(node, name) is { } a ? a.F : fallback;

    private InvalidDataException Fail(OnnxProto.NodeProto node, string label, string problem) => GraphReader.Fail(_source, label, node.OpType, problem);
}
