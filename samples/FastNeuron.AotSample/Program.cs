// Trains, saves, loads and exports a tiny network, printing every number with all its digits ("R"), so that the
// Native AOT build and the JIT can be compared line for line (.ci/aot). The vector width goes to stderr: Native
// AOT compiles for a baseline instruction set and may choose another width than the JIT, which must not change a
// bit of what follows.
using System.Globalization;
using FastNeuron;
using FastNeuron.Onnx;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] targets = [0, 1, 1, 0];

var network = new Network<float>([2, 8, 1], [Activation.Tanh, Activation.Sigmoid], seed: 7, useBias: true);
Console.Error.WriteLine($"backend {network.Backend}, width {network.Width}");
int epochs = network.Fit(inputs, targets, new FitOptions
{
    Epochs = 300,
    BatchSize = 2,
    LearningRate = 0.05,
    Seed = 3,
    OnEpoch = report =>
    {
        if (report.Epoch % 100 == 0)
        {
            Console.WriteLine($"epoch {report.Epoch}: loss {report.TrainingLoss:R}");
        }
    },
});
Console.WriteLine($"trained {epochs} epochs");
PrintAnswers("trained", network, inputs);

string folder = Directory.CreateTempSubdirectory("fastneuron-aot-").FullName;
try
{
    string modelPath = Path.Combine(folder, "xor.fnn");
    network.Save(modelPath);
    PrintAnswers("loaded", Network<float>.Load(modelPath), inputs);

    string onnxPath = Path.Combine(folder, "xor.onnx");
    OnnxModel.Export(network, onnxPath);
    PrintAnswers("onnx", OnnxModel.Import<float>(onnxPath), inputs);

    var wide = new Network<double>([2, 3, 1], [Activation.Relu, Activation.Linear], seed: 5, useBias: true, learningRate: 0.1);
    wide.Train([0.5, -1.5, 2, 0.25], [1.0, -1.0], iterations: 50);
    var answer = new double[1];
    wide.Think([0.5, -1.5], answer);
    Console.WriteLine($"float64 after 50 iterations: {answer[0]:R}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static void PrintAnswers(string label, Network<float> model, float[] inputs)
{
    var answer = new float[1];
    for (int row = 0; row < inputs.Length / 2; row++)
    {
        model.Think(inputs.AsSpan(row * 2, 2), answer);
        Console.WriteLine($"{label} {inputs[row * 2]} xor {inputs[row * 2 + 1]}: {answer[0]:R}");
    }
}
