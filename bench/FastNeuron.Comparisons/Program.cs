using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using FastNeuron;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: dotnet run -c Release --project bench/FastNeuron.Comparisons -- --accuracy   (test accuracies)
//        dotnet run -c Release --project bench/FastNeuron.Comparisons -- --filter '*' (training times)
if (args.Contains("--accuracy"))
{
    var b = new LogisticRegressionComparison();
    b.Setup();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"breast cancer, seeded stratified 80/20 split, standardised: FastNeuron neuron test accuracy {b.FastNeuronAccuracy():F4}; " +
        $"ML.NET LbfgsLogisticRegression {b.MlNetAccuracy(b.MlNetLbfgs())():F4}; ML.NET SdcaLogisticRegression {b.MlNetAccuracy(b.MlNetSdca())():F4}"));
    return;
}
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default).AddColumn(StatisticColumn.Median)
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(LogisticRegressionComparison).Assembly).Run(args, config);

/// <summary>
/// A single sigmoid neuron is logistic regression: the time to train one on breast cancer (455 training rows × 30
/// standardised features) with FastNeuron (full batch, 2,000 iterations) and with ML.NET's logistic regressions.
/// </summary>
public class LogisticRegressionComparison
{
    private float[] _trainX = [], _trainY = [], _testX = [], _testY = [];
    private MLContext _ml = new(seed: 1);
    private IDataView _train = null!, _test = null!;
    private const int FeatureCount = 30;

    public sealed class Row
    {
        [VectorType(FeatureCount)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "breast_cancer.csv");
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        // Stratified, seeded 80/20: shuffle each class with the same generator, take 80% of each for training.
        var random = new Random(1);
        var train = new List<float[]>();
        var test = new List<float[]>();
        foreach (var group in rows.GroupBy(r => r[FeatureCount]).OrderBy(g => g.Key))
        {
            var items = group.OrderBy(_ => random.Next()).ToArray();
            int cut = (int)Math.Round(items.Length * 0.8);
            train.AddRange(items[..cut]);
            test.AddRange(items[cut..]);
        }
        // Standardise on the training part.
        var mean = new double[FeatureCount];
        var sd = new double[FeatureCount];
        for (int j = 0; j < FeatureCount; j++)
        {
            mean[j] = train.Average(r => r[j]);
            sd[j] = Math.Sqrt(train.Average(r => (r[j] - mean[j]) * (r[j] - mean[j])));
        }
        float[] Flatten(List<float[]> set) => set.SelectMany(r => r.Take(FeatureCount).Select((v, j) => (float)((v - mean[j]) / sd[j]))).ToArray();
        _trainX = Flatten(train);
        _testX = Flatten(test);
        _trainY = train.Select(r => r[FeatureCount]).ToArray();
        _testY = test.Select(r => r[FeatureCount]).ToArray();
        _ml = new MLContext(seed: 1);
        _train = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, _trainY.Length).Select(i => new Row { Features = _trainX.AsSpan(i * FeatureCount, FeatureCount).ToArray(), Label = _trainY[i] > 0.5f }));
        _test = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, _testY.Length).Select(i => new Row { Features = _testX.AsSpan(i * FeatureCount, FeatureCount).ToArray(), Label = _testY[i] > 0.5f }));
    }

    [Benchmark(Baseline = true)]
    public Neuron<float> FastNeuron_FullBatch2000()
    {
        var neuron = new Neuron<float>(FeatureCount, 1, new NeuronOptions { UseBias = true, LearningRate = 0.01 });
        neuron.Train(_trainX, _trainY, 2000);
        return neuron;
    }

    [Benchmark]
    public ITransformer MlNet_LbfgsLogisticRegression() => MlNetLbfgs();

    [Benchmark]
    public ITransformer MlNet_SdcaLogisticRegression() => MlNetSdca();

    public ITransformer MlNetLbfgs() => _ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(_train);

    public ITransformer MlNetSdca() => _ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(_train);

    public double FastNeuronAccuracy()
    {
        Neuron<float> neuron = FastNeuron_FullBatch2000();
        var outputs = new float[_testY.Length];
        neuron.Think(_testX, outputs);
        return outputs.Select((o, i) => (o > 0.5f) == (_testY[i] > 0.5f)).Count(c => c) / (double)_testY.Length;
    }

    public Func<double> MlNetAccuracy(ITransformer model) => () => _ml.BinaryClassification.Evaluate(model.Transform(_test)).Accuracy;
}
