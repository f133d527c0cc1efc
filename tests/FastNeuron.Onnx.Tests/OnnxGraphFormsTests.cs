namespace FastNeuron.Onnx.Tests;

/// <summary>Forms of the supported graphs beyond the fixtures': the refusal tests' valid graph, a fixed batch, Constant nodes.</summary>
public class OnnxGraphFormsTests
{
    private static GraphBuilder Dense() => OnnxRefusalTests.Dense();

    [Fact]
    public void TheValidGraphImports()
    {
        Network<float> network = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Import();
        Assert.Equal([4, 3], network.Sizes);
        Assert.Equal(Activation.Relu, network.ActivationOf(0));
    }

    /// <summary>torch.onnx.export without dynamic_axes fixes the batch at 1: the network still takes any number of rows.</summary>
    [Fact]
    public void AFixedBatchOfOneImportsForAnyBatch()
    {
        Network<float> network = new GraphBuilder().Input("x", 1, 4).Output("y", 1, 3).Weights("W", 4, 3).Weights("b", 3)
            .Node("Gemm", "fc", ["x", "W", "b"], "y").Import();
        var outputs = new float[5 * 3];
        network.Think(new float[5 * 4], outputs);
        Assert.Equal([0.1f, 0.2f, 0.3f], outputs[12..]);   // zero inputs give the biases
    }

    /// <summary>Weights in Constant nodes instead of initializers are read the same.</summary>
    [Fact]
    public void ConstantNodesAreWeightsToo()
    {
        Network<float> network = Dense().AsConstantNode("W").AsConstantNode("b").Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Import();
        Network<float> reference = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Import();
        Assert.Equal(reference.Weights(0), network.Weights(0));
        Assert.Equal(reference.Biases(0), network.Biases(0));
    }
}
