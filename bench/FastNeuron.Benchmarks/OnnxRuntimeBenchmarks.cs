using BenchmarkDotNet.Attributes;
using FastNeuron.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FastNeuron.Benchmarks;

/// <summary>
/// The same PyTorch-exported ONNX model (ReLU hidden layers, softmax output, float32; the fixtures of
/// tests/FastNeuron.Onnx.Tests) served two ways, side by side in one run:
/// - FastNeuron: the model imported with <c>OnnxModel.Import</c>, then <c>Think</c> (the baseline of each category);
/// - ONNX Runtime's <c>InferenceSession</c> with one intra-op thread, through its fastest API (<c>OrtValue</c>s over
///   buffers allocated once) and through <c>NamedOnnxValue</c>s (the input built once; ORT allocates the results);
/// for a single sample and for a batch of 1,000 rows, on 64-32-10 and 784-256-128-10. Ratio &gt; 1: ORT is slower.
/// Both sides run on one thread (FastNeuron's <c>Threads = 1</c>); the batch is also run on two threads each
/// (<c>Threads = 2</c>; ORT's <c>IntraOpNumThreads = 2</c>).
/// </summary>
public class OnnxRuntimeBenchmarks
{
    private const int Rows = 1000;

    [Params("64-32-10", "784-256-128-10")]
    public string Network { get; set; } = "64-32-10";

    private Network<float> _network = null!;
    private Network<float> _networkTwoThreads = null!;
    private InferenceSession _session = null!;
    private InferenceSession _sessionTwoThreads = null!;
    private RunOptions _runOptions = null!;
    private float[] _single = [];
    private float[] _singleOutput = [];
    private float[] _batch = [];
    private float[] _batchOutput = [];
    private OrtValue[] _singleValues = [];
    private OrtValue[] _singleOutputValues = [];
    private OrtValue[] _batchValues = [];
    private OrtValue[] _batchOutputValues = [];
    private string[] _inputNames = [];
    private string[] _outputNames = [];
    private NamedOnnxValue[] _singleNamed = [];
    private NamedOnnxValue[] _batchNamed = [];

    [GlobalSetup]
    public void Setup()
    {
        string model = Fixture(Network == "64-32-10" ? "torch_64_32_10_relu_softmax_opset13" : "torch_784_256_128_10_relu_softmax_opset17");
        _network = OnnxModel.Import<float>(model);
        _network.Threads = 1;
        _networkTwoThreads = OnnxModel.Import<float>(model);
        _networkTwoThreads.Threads = 2;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, options);
        using var twoThreads = new SessionOptions
        {
            IntraOpNumThreads = 2,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // ORT's pool threads spin while idle by default: on a 2-core machine that spinning thread took a core from every
        // other benchmark of the class (FastNeuron's batch measured 300 µs instead of 40 µs beside it). They sleep here.
        twoThreads.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _sessionTwoThreads = new InferenceSession(model, twoThreads);
        _runOptions = new RunOptions();
        _inputNames = [_session.InputMetadata.Keys.Single()];
        _outputNames = [_session.OutputMetadata.Keys.Single()];
        int inputs = _network.InputCount, outputs = _network.OutputCount;
        var random = new Random(7);
        _single = Enumerable.Range(0, inputs).Select(_ => (float)random.NextDouble()).ToArray();
        _batch = Enumerable.Range(0, Rows * inputs).Select(_ => (float)random.NextDouble()).ToArray();
        _singleOutput = new float[outputs];
        _batchOutput = new float[Rows * outputs];
        _singleValues = [OrtValue.CreateTensorValueFromMemory(_single, [1, inputs])];
        _singleOutputValues = [OrtValue.CreateTensorValueFromMemory(_singleOutput, [1, outputs])];
        _batchValues = [OrtValue.CreateTensorValueFromMemory(_batch, [Rows, inputs])];
        _batchOutputValues = [OrtValue.CreateTensorValueFromMemory(_batchOutput, [Rows, outputs])];
        _singleNamed = [NamedOnnxValue.CreateFromTensor(_inputNames[0], new DenseTensor<float>(_single, [1, inputs]))];
        _batchNamed = [NamedOnnxValue.CreateFromTensor(_inputNames[0], new DenseTensor<float>(_batch, [Rows, inputs]))];
        CheckTheyAgree();
    }

    /// <summary>Both serve the same model: their answers agree (within the import tolerance) before anything is timed.</summary>
    private void CheckTheyAgree()
    {
        var fastNeuron = new float[_batchOutput.Length];
        _network.Think(_batch, fastNeuron);
        OrtValueBatch();
        for (int i = 0; i < fastNeuron.Length; i++)
        {
            if (Math.Abs(fastNeuron[i] - _batchOutput[i]) > 1e-5f)
            {
                throw new InvalidOperationException($"FastNeuron and ONNX Runtime disagree at output {i}: {fastNeuron[i]} and {_batchOutput[i]}.");
            }
        }
    }

    private static string Fixture(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "tests", "FastNeuron.Onnx.Tests", "Fixtures", name, "model.onnx");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"The ONNX fixture {name} was not found above {AppContext.BaseDirectory}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (OrtValue value in _singleValues.Concat(_singleOutputValues).Concat(_batchValues).Concat(_batchOutputValues)) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _sessionTwoThreads.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("OnnxSingleSample")]
    public float FastNeuronThinkSingle()
    {
        _network.Think(_single, _singleOutput);
        return _singleOutput[0];
    }

    [Benchmark, BenchmarkCategory("OnnxSingleSample")]
    public float OrtValueSingle()
    {
        _session.Run(_runOptions, _inputNames, _singleValues, _outputNames, _singleOutputValues);
        return _singleOutput[0];
    }

    [Benchmark, BenchmarkCategory("OnnxSingleSample")]
    public float NamedOnnxValueSingle()
    {
        using var results = _session.Run(_singleNamed);
        return results[0].AsTensor<float>()[0, 0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("OnnxBatch1000")]
    public float FastNeuronThinkBatch()
    {
        _network.Think(_batch, _batchOutput);
        return _batchOutput[0];
    }

    [Benchmark, BenchmarkCategory("OnnxBatch1000")]
    public float OrtValueBatch()
    {
        _session.Run(_runOptions, _inputNames, _batchValues, _outputNames, _batchOutputValues);
        return _batchOutput[0];
    }

    [Benchmark, BenchmarkCategory("OnnxBatch1000")]
    public float NamedOnnxValueBatch()
    {
        using var results = _session.Run(_batchNamed);
        return results[0].AsTensor<float>()[0, 0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("OnnxBatch1000TwoThreads")]
    public float FastNeuronThinkBatchTwoThreads()
    {
        _networkTwoThreads.Think(_batch, _batchOutput);
        return _batchOutput[0];
    }

    [Benchmark, BenchmarkCategory("OnnxBatch1000TwoThreads")]
    public float OrtValueBatchTwoThreads()
    {
        _sessionTwoThreads.Run(_runOptions, _inputNames, _batchValues, _outputNames, _batchOutputValues);
        return _batchOutput[0];
    }
}
