using OnnxProto = global::Onnx;

namespace FastNeuron.Onnx.Import;

/// <summary>
/// Reads a model's graph as a chain: one input, one output, every node reading the value the node before it wrote
/// plus constants. The chain's nodes go in order through <see cref="NodeRules"/>; anything else (a second input, a
/// branch, a node off the chain, an undeclared or unsupported opset, external data) fails naming the node.
/// </summary>
internal static class GraphReader
{
    public static ImportedModel Read(OnnxProto.ModelProto model, string source, bool logSoftmaxAsSoftmax)
    {
        OnnxProto.GraphProto graph = model.Graph ?? throw Whole(source, "the file has no graph");
        int opset = Opset(model, source);
        var constants = new Dictionary<string, OnnxProto.TensorProto>(StringComparer.Ordinal);
        foreach (OnnxProto.TensorProto initializer in graph.Initializer) constants[initializer.Name] = initializer;
        var nodes = new List<(OnnxProto.NodeProto Node, string Label)>();
        for (int i = 0; i < graph.Node.Count; i++)
        {
            OnnxProto.NodeProto node = graph.Node[i];
            string label = node.Name.Length > 0 ? node.Name : $"#{i}";
            if (node.OpType == "Constant" && IsDefaultDomain(node.Domain) && node.Output.Count == 1)
            {
                OnnxProto.AttributeProto? value = node.Attribute.FirstOrDefault(a => a.Name == "value");
                if (value?.T is null)
                {
                    throw Fail(source, label, node.OpType, "a Constant without a tensor 'value' attribute (value_float, value_ints and the like are not read)");
                }
                constants[node.Output[0]] = value.T;
                continue;
            }
            nodes.Add((node, label));
        }

        string[] inputs = graph.Input.Select(i => i.Name).Where(n => !constants.ContainsKey(n)).ToArray();
        if (inputs.Length != 1)
        {
            throw Whole(source, inputs.Length == 0
                ? "the graph has no input"
                : $"the graph has {inputs.Length} inputs ({string.Join(", ", inputs.Select(n => $"'{n}'"))}); a network has one");
        }
        if (graph.Output.Count != 1)
        {
            throw Whole(source, $"the graph has {graph.Output.Count} outputs ({string.Join(", ", graph.Output.Select(o => $"'{o.Name}'"))}); a network has one");
        }
        OnnxProto.ValueInfoProto input = graph.Input.First(i => i.Name == inputs[0]);
        string output = graph.Output[0].Name;

        var consumers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int n = 0; n < nodes.Count; n++)
        {
            foreach (string name in nodes[n].Node.Input)
            {
                if (name.Length == 0 || constants.ContainsKey(name)) continue;
                if (!consumers.TryGetValue(name, out List<int>? list)) consumers[name] = list = [];
                if (!list.Contains(n)) list.Add(n);
            }
        }

        var rules = new NodeRules(source, opset, logSoftmaxAsSoftmax, constants, input);
        var visited = new bool[nodes.Count];
        string current = input.Name;
        string previous = "the graph's input";
        while (current != output)
        {
            List<int> readers = consumers.GetValueOrDefault(current) ?? [];
            if (readers.Count == 0)
            {
                throw Whole(source, $"'{current}' ({previous}) is read by no node, so the chain from input '{input.Name}' never reaches output '{output}'");
            }
            if (readers.Count > 1)
            {
                var (first, second) = (nodes[readers[0]], nodes[readers[1]]);
                throw Fail(source, second.Label, second.Node.OpType,
                    $"'{current}' ({previous}) is read by node '{first.Label}' ({first.Node.OpType}) and by this one: a branch; {Supported.Graphs}");
            }
            int index = readers[0];
            var (node, label) = nodes[index];
            if (visited[index]) throw Fail(source, label, node.OpType, "the graph has a cycle");
            visited[index] = true;
            if (!IsDefaultDomain(node.Domain))
            {
                throw Fail(source, label, $"{node.Domain}.{node.OpType}", $"an operator of domain '{node.Domain}'; {Supported.Graphs}");
            }
            foreach (string name in node.Input)
            {
                if (name.Length > 0 && name != current && !constants.ContainsKey(name))
                {
                    throw Fail(source, label, node.OpType,
                        $"it reads '{current}' and '{name}', two values computed in the graph: a branch (as in a residual connection); {Supported.Graphs}");
                }
            }
            for (int o = 1; o < node.Output.Count; o++)
            {
                if (node.Output[o].Length > 0 && (consumers.ContainsKey(node.Output[o]) || node.Output[o] == output))
                {
                    throw Fail(source, label, node.OpType, $"its output {o} ('{node.Output[o]}') is used: a branch; {Supported.Graphs}");
                }
            }
            if (node.Output.Count == 0 || node.Output[0].Length == 0) throw Fail(source, label, node.OpType, "a node without an output");
            rules.Apply(node, label, current);
            previous = $"the output of node '{label}' ({node.OpType})";
            current = node.Output[0];
        }
        if (consumers.TryGetValue(output, out List<int>? outputReaders) && outputReaders.Count > 0)
        {
            var extra = nodes[outputReaders[0]];
            throw Fail(source, extra.Label, extra.Node.OpType, $"it reads the graph's output '{output}': a branch; {Supported.Graphs}");
        }
        int unvisited = Array.IndexOf(visited, false);
        if (unvisited >= 0)
        {
            var (node, label) = nodes[unvisited];
            throw Fail(source, label, node.OpType, $"the node is not on the chain from input '{input.Name}' to output '{output}': a branch; {Supported.Graphs}");
        }
        return rules.Finish(graph.Output[0], model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    private static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    private static int Opset(OnnxProto.ModelProto model, string source)
    {
        OnnxProto.OperatorSetIdProto? set = model.OpsetImport.FirstOrDefault(o => IsDefaultDomain(o.Domain));
        if (set is null) throw Whole(source, $"the model declares no ai.onnx opset; FastNeuron reads opsets {Supported.MinOpset} to {Supported.MaxOpset}");
        if (set.Version < Supported.MinOpset || set.Version > Supported.MaxOpset)
        {
            throw Whole(source, $"the model's ai.onnx opset is {set.Version}; FastNeuron reads opsets {Supported.MinOpset} to {Supported.MaxOpset}");
        }
        return (int)set.Version;
    }

    public static InvalidDataException Fail(string source, string node, string operatorType, string problem)
        => new($"{source}: node '{node}' ({operatorType}): {problem}.");

    public static InvalidDataException Whole(string source, string problem)
        => new($"{source}: {problem}.");
}
