namespace FastNeuron.Onnx.Import;

/// <summary>What the importer takes, said once for every refusal.</summary>
internal static class Supported
{
    public const int MinOpset = 9;
    public const int MaxOpset = 21;

    public const string Graphs =
        "FastNeuron imports one input through a chain of dense layers (Gemm, or MatMul with an optional Add), each followed by at most one " +
        "Relu, Sigmoid, Tanh or LeakyRelu (alpha 0.01), with Softmax or LogSoftmax over the last axis only at the output; " +
        "Identity, Dropout (inference) and Flatten (axis 1) pass through, and Sub then Div before the first layer standardise the input; " +
        "opsets 9 to 21, float32 or float64 (docs/onnx.md)";
}
