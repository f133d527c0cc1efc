namespace FastNeuron.Onnx.Tests;

/// <summary>
/// A graph outside what FastNeuron imports fails with one line naming the node, its operator, the problem and what is
/// supported; never a wrong model.
/// </summary>
public class OnnxRefusalTests
{
    /// <summary>input [batch, 4] → Gemm (4 × 3) → Relu → output: the valid graph each case breaks.</summary>
    internal static GraphBuilder Dense() => new GraphBuilder().Input("x", -1, 4).Output("y", -1, 3).Weights("W", 4, 3).Weights("b", 3);

    [Fact]
    public void ABranchIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "a").Node("Add", "residual", ["z", "a"], "y").Refusal();
        Assert.Contains("node 'residual' (Add)", message);
        Assert.Contains("branch", message);
        Assert.Contains("FastNeuron imports", message);
    }

    [Fact]
    public void AValueReadTwiceIsABranch()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "left", ["z"], "a").Node("Sigmoid", "right", ["z"], "s")
            .Node("Add", "join", ["a", "s"], "y").Refusal();
        Assert.Contains("node 'right' (Sigmoid)", message);
        Assert.Contains("read by node 'left' (Relu) and by this one: a branch", message);
    }

    [Fact]
    public void ANodeOffTheChainIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Node("Relu", "stray", ["b"], "unused").Refusal();
        Assert.Contains("node 'stray' (Relu)", message);
        Assert.Contains("not on the chain", message);
    }

    [Fact]
    public void AnUnknownOperatorIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Elu", "act", ["z"], "y").Refusal();
        Assert.Contains("node 'act' (Elu)", message);
        Assert.Contains("an operator FastNeuron does not import", message);
        Assert.Contains("Gemm, or MatMul", message);
    }

    [Fact]
    public void AnOperatorOfAnotherDomainIsRefused()
    {
        GraphBuilder graph = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Domain("act", "com.microsoft");
        Assert.Contains("node 'act' (com.microsoft.Relu): an operator of domain 'com.microsoft'", graph.Refusal());
    }

    [Fact]
    public void AnUnnamedNodeIsNamedByItsIndex()
    {
        string message = Dense().Node("Gemm", "", ["x", "W", "b"], "z").Node("Conv", "", ["z"], "y").Refusal();
        Assert.Contains("node '#1' (Conv)", message);
    }

    [Fact]
    public void AShapeThatDoesNotChainIsRefused()
    {
        string message = new GraphBuilder().Input("x", -1, 5).Output("y", -1, 3).Weights("W", 4, 3)
            .Node("MatMul", "fc", ["x", "W"], "y").Refusal();
        Assert.Contains("node 'fc' (MatMul)", message);
        Assert.Contains("takes 4 inputs but the values reaching it have 5 features: the shapes don't chain", message);

        message = Dense().Weights("W2", 2, 2).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "a").Node("MatMul", "fc2", ["a", "W2"], "y").Refusal();
        Assert.Contains("node 'fc2' (MatMul)", message);
        Assert.Contains("takes 2 inputs but the values reaching it have 3 features", message);

        message = Dense().Weights("c", 2).Node("Gemm", "fc", ["x", "W", "c"], "y").Refusal();
        Assert.Contains("node 'fc' (Gemm)", message);
        Assert.Contains("C ('c', 2) is not one bias per unit (3)", message);

        message = new GraphBuilder().Input("x", -1, 2, 2).Output("y", -1, 3).Weights("W", 4, 3).Node("MatMul", "fc", ["x", "W"], "y").Refusal();
        Assert.Contains("rank 3", message);
        Assert.Contains("Flatten", message);

        message = new GraphBuilder().Input("x", -1, 4).Output("y", -1, 5).Weights("W", 4, 3).Node("MatMul", "fc", ["x", "W"], "y").Refusal();
        Assert.Contains("the graph's output 'y' is declared with 5 values per row but the last layer (node 'fc') has 3 units: the shapes don't chain", message);
    }

    [Fact]
    public void ExternalDataIsRefused()
    {
        string message = new GraphBuilder().Input("x", -1, 4).Output("y", -1, 3).External("W", 4, 3).Node("MatMul", "fc", ["x", "W"], "y").Refusal();
        Assert.Contains("node 'fc' (MatMul)", message);
        Assert.Contains("initializer 'W' keeps its data in an external file", message);
    }

    [Fact]
    public void ASecondInputIsRefused()
    {
        string message = Dense().Input("mask", -1, 3).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Mul", "gate", ["z", "mask"], "y").Refusal();
        Assert.Contains("2 inputs ('x', 'mask'); a network has one", message);
    }

    [Fact]
    public void ASecondOutputIsRefused()
    {
        string message = Dense().Output("z", -1, 3).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Refusal();
        Assert.Contains("2 outputs ('y', 'z'); a network has one", message);
    }

    [Theory]
    [InlineData(8L)]
    [InlineData(22L)]
    public void OpsetsOutside9To21AreRefused(long opset)
    {
        string message = Dense().Opset(opset).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "y").Refusal();
        Assert.Contains($"opset is {opset}; FastNeuron reads opsets 9 to 21", message);
    }

    [Fact]
    public void LeakyReluOtherThanOneHundredthIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("LeakyRelu", "act", ["z"], "y", ("alpha", 0.2f)).Refusal();
        Assert.Contains("node 'act' (LeakyRelu): alpha is 0.2; FastNeuron's LeakyRelu has alpha 0.01", message);
        Assert.Equal(Activation.LeakyRelu, Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("LeakyRelu", "act", ["z"], "y", ("alpha", 0.01f)).Import().ActivationOf(0));
    }

    [Fact]
    public void SoftmaxOverTheBatchIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Softmax", "sm", ["z"], "y", ("axis", 0L)).Refusal();
        Assert.Contains("node 'sm' (Softmax): axis 0", message);
        // Before opset 13 the default axis is 1, after it −1: on [batch, units] both are the units.
        Assert.Equal(Activation.Softmax, Dense().Opset(11).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Softmax", "sm", ["z"], "y").Import().ActivationOf(0));
        Assert.Equal(Activation.Softmax, Dense().Opset(13).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Softmax", "sm", ["z"], "y").Import().ActivationOf(0));
    }

    [Fact]
    public void SoftmaxBeforeTheOutputIsRefused()
    {
        string message = Dense().Weights("W2", 3, 3).Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Softmax", "sm", ["z"], "p").Node("MatMul", "fc2", ["p", "W2"], "y").Refusal();
        Assert.Contains("node 'fc2' (MatMul): it follows the output activation (node 'sm')", message);
    }

    [Fact]
    public void LogSoftmaxIsReadAsSoftmaxOnlyWhenAsked()
    {
        GraphBuilder graph = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("LogSoftmax", "lsm", ["z"], "y");
        Assert.Contains("node 'lsm' (LogSoftmax)", graph.Refusal());
        Assert.Equal(Activation.Softmax, OnnxModel.Import<float>(new MemoryStream(graph.Bytes()), new OnnxImportOptions { LogSoftmaxAsSoftmax = true }).ActivationOf(0));
    }

    [Fact]
    public void TransposedDataIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "y", ("transA", 1L)).Refusal();
        Assert.Contains("node 'fc' (Gemm): transA is 1", message);
    }

    [Fact]
    public void AnActivationBeforeAnyLayerIsRefused()
    {
        string message = Dense().Node("Relu", "act", ["x"], "r").Node("Gemm", "fc", ["r", "W", "b"], "y").Refusal();
        Assert.Contains("node 'act' (Relu): an activation before any dense layer", message);
    }

    [Fact]
    public void TwoActivationsOnOneLayerAreRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Relu", "act", ["z"], "a").Node("Sigmoid", "act2", ["a"], "y").Refusal();
        Assert.Contains("node 'act2' (Sigmoid): a second activation on the layer of node 'fc' (it already has Relu)", message);
    }

    [Fact]
    public void DropoutInTrainingModeIsRefused()
    {
        var graph = Dense().Node("Gemm", "fc", ["x", "W", "b"], "z").Node("Dropout", "drop", ["z", "", "on"], "y");
        string message = graph.Bool("on", true).Refusal();
        Assert.Contains("node 'drop' (Dropout): training_mode is true", message);
    }

    [Fact]
    public void ANodeMissingItsConstantIsRefused()
    {
        string message = Dense().Node("Gemm", "fc", ["x"], "y").Refusal();
        Assert.Contains("node 'fc' (Gemm): 1 input(s); Gemm takes the data and a constant", message);
    }

    [Fact]
    public void AnImpossibleInitializerShapeIsRefused()
    {
        string message = new GraphBuilder().Input("x", -1, 4).Output("y", -1, 3).Weights("W", 4, 3).Resize("W", 1L << 40, 1L << 40)
            .Node("MatMul", "fc", ["x", "W"], "y").Refusal();
        Assert.Contains("node 'fc' (MatMul): initializer 'W' has shape 1099511627776×1099511627776, more values than an array holds", message);
    }

    [Fact]
    public void BytesThatAreNotOnnxAreRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxModel.Import<float>(new MemoryStream("FNMODEL\n not onnx at all"u8.ToArray())));
        Assert.Contains("ONNX stream", error.Message);
    }
}
