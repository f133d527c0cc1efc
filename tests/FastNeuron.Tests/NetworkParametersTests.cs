namespace FastNeuron.Tests;

/// <summary><see cref="Network{T}.SetParameters"/>: weights and biases from elsewhere (the ONNX importer), checked like the constructor's arguments.</summary>
public class NetworkParametersTests
{
    [Fact]
    public void SetParametersReplacesALayerAndThinkUsesIt()
    {
        var network = new Network<float>([2, 3, 1], [Activation.Linear, Activation.Linear], useBias: true);
        float[] weights = [1, 2, 3, 4, 5, 6];        // (inputs × units): input 0 → 1, 2, 3; input 1 → 4, 5, 6
        network.SetParameters(0, weights, [0.5f, -1, 2]);
        network.SetParameters(1, [1, 1, 1], [10]);
        Assert.Equal(weights, network.Weights(0));
        Assert.Equal([0.5f, -1, 2], network.Biases(0));
        var output = new float[1];
        network.Think([1f, 1], output);
        Assert.Equal(10 + (1 + 4 + 0.5f) + (2 + 5 - 1) + (3 + 6 + 2), output[0]);
        // Every backend and width reads the new arrays the same way.
        var scalar = new Network<float>([2, 3, 1], [Activation.Linear, Activation.Linear], useBias: true, backend: Backend.Scalar);
        scalar.SetParameters(0, weights, [0.5f, -1, 2]);
        scalar.SetParameters(1, [1, 1, 1], [10]);
        var expected = new float[1];
        scalar.Think([1f, 1], expected);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void WrongLengthsAndValuesFailNamingTheArgument()
    {
        var network = new Network<double>([2, 3], [Activation.Sigmoid], useBias: false);
        double[] before = network.Weights(0);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => network.SetParameters(0, new double[5], new double[3])).ParamName);
        Assert.Equal("biases", Assert.Throws<ArgumentException>(() => network.SetParameters(0, new double[6], new double[2])).ParamName);
        var nan = Assert.Throws<ArgumentException>(() => network.SetParameters(0, [0, 0, 0, 0, double.NaN, 0], new double[3]));
        Assert.Contains("input 1, unit 1", nan.Message);
        var bias = Assert.Throws<ArgumentException>(() => network.SetParameters(0, new double[6], [0, 1, 0]));
        Assert.Contains("no biases", bias.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.SetParameters(1, new double[6], new double[3]));
        Assert.Equal(before, network.Weights(0));   // a refused call changes nothing
    }
}
