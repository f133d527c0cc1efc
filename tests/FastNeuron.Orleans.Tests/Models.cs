namespace FastNeuron.Orleans.Tests;

/// <summary>The tests' two models, as specs for the cluster and as the single-machine runs they must equal.</summary>
internal static class Models
{
    public const int NetworkInputs = 6, Classes = 3, NeuronInputs = 9;

    public static ModelSpec NetworkSpec<T>(int threads = 1)
        where T : unmanaged
        => ModelSpec.Network<T>([NetworkInputs, 11, Classes], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true, learningRate: 2e-4, threads: threads);

    public static ModelSpec NeuronSpec<T>(int threads = 1)
        where T : unmanaged
        => ModelSpec.Neuron<T>(NeuronInputs, 4, new NeuronOptions { LearningRate = 1e-4, UseBias = true, Threads = threads });

    /// <summary>Network.Train on one machine, all the rows in memory; its compact parameters.</summary>
    public static T[] TrainNetwork<T>(ShardedData data, int iterations)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>([NetworkInputs, 11, Classes], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true, learningRate: 2e-4) { Threads = 2 };
        network.Train(data.Inputs<T>(), data.OneHot<T>(Classes), iterations);
        var parameters = new T[network.ParameterCount];
        network.CopyParameters(parameters);
        return parameters;
    }

    /// <summary>Neuron.Train on one machine; its weights then bias.</summary>
    public static T[] TrainNeuron<T>(ShardedData data, int iterations)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var neuron = new Neuron<T>(NeuronInputs, 4, new NeuronOptions { LearningRate = 1e-4, UseBias = true, Threads = 2 });
        neuron.Train(data.Inputs<T>(), data.Targets<T>(), iterations);
        var parameters = new T[neuron.ParameterCount];
        neuron.CopyParameters(parameters);
        return parameters;
    }

    public static TrainingJob Job(string name, ModelSpec model, ShardSpec[] shards, int iterations)
        => new() { Name = name, Model = model, Shards = shards, TotalRows = ShardedData.Rows, Iterations = iterations };
}
