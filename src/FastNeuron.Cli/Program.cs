using System.CommandLine;
using FastNeuron;
using FastNeuron.Cli;
using FastNeuron.Cli.Commands;
using FastNeuron.Cli.Data;

// Names, labels and units like "×" and "η" reach pipes and logs as UTF-8 whatever the locale says.
Console.OutputEncoding = System.Text.Encoding.UTF8;

var verboseOption = new Option<bool>("--verbose") { Description = "On an error, print the stack trace too.", Recursive = true };
var backendOption = new Option<Backend>("--backend")
{
    Description = "Scalar, Vector or TensorPrimitives.",
    DefaultValueFactory = _ => Backend.Vector,
};

var demo = new Command("demo", "Train the seed program's neuron and print its lines exactly as numpy does, then the backend, the bitwise check against Scalar and the training time; then the multi-layer XOR network.");
demo.Options.Add(backendOption);
demo.SetAction(parse => SeedDemo.Run(parse.GetValue(backendOption), Console.Out));

var seedOption = new Option<int>("--seed") { Description = "Seed of the random test data.", DefaultValueFactory = _ => 1 };
var verify = new Command("verify", "Run every kernel at every vector width on random data and compare the bits with the scalar reference, then train the golden models and compare their SHA-256s with the committed ones. Exits 1 on any difference.");
verify.Options.Add(seedOption);
verify.SetAction(parse => Verify.Run(parse.GetValue(seedOption), Console.Out));

var info = new Command("info", "Print the CPU, the instruction sets and vector widths the runtime accelerates, and the runtime.");
info.SetAction(_ =>
{
    foreach (string line in MachineInfo.Lines())
    {
        Console.WriteLine(line);
    }
    return 0;
});

var accuracy = new Command("accuracy", "Sweep FastNeuron's exp and sigmoid against float64 and glibc references and print the largest error in ulps.");
accuracy.SetAction(_ => Accuracy.Run(Console.Out));

var csvArgument = new Argument<FileInfo>("csv") { Description = "The CSV file (comma, semicolon or tab separated)." };
var outputArgument = new Argument<FileInfo>("output") { Description = "The matrix file to write (FastNeuron's binary format, docs/matrix-format.md)." };
var targetOption = new Option<string?>("--target") { Description = "The target column: a header name or a 0-based index. Default: the last column." };
var noHeaderOption = new Option<bool>("--no-header") { Description = "The same as --header No (kept for scripts written before convert took --header)." };
var doubleOption = new Option<bool>("--float64") { Description = "Store float64 values (default float32)." };
var convertHeaderOption = new Option<HeaderMode?>("--header") { Description = "Whether the CSV's first row names the columns: Auto (when any cell is not a number; the default), Yes or No." };
var decimalCommaOption = new Option<bool>("--decimal-comma") { Description = "Numbers are written 1,5 (cells separated by ';' or tab). Default: found from the first rows, and said on stderr." };
var convert = new Command("convert", "Convert a CSV file into a memory-mappable matrix file for training on data larger than memory.")
{
    csvArgument, outputArgument, targetOption, convertHeaderOption, noHeaderOption, doubleOption, decimalCommaOption,
};
convert.SetAction(parse => ConvertCommand.Run(parse.GetValue(csvArgument)!, parse.GetValue(outputArgument)!, parse.GetValue(targetOption),
    ConvertCommand.Header(parse.GetValue(convertHeaderOption), parse.GetValue(noHeaderOption)), parse.GetValue(doubleOption) ? 8 : 4, Console.Out, Console.Error,
    parse.GetValue(decimalCommaOption)));

// Data options shared by train, evaluate and predict.
var dataArgument = new Argument<string>("data") { Description = "A CSV file (header optional; comma, semicolon or tab) or a FANN data file (.data, .train, .test)." };
var modelArgument = new Argument<string>("model") { Description = "A model file written by fastneuron train (docs/model-format.md), or an ONNX model (.onnx, docs/onnx.md)." };
var headerOption = new Option<HeaderMode>("--header") { Description = "Whether the CSV's first row names the columns: Auto (when any cell is not a number), Yes or No.", DefaultValueFactory = _ => HeaderMode.Auto };
var skipOption = new Option<int>("--skip") { Description = "Rows to skip before the header or the data (e.g. 1 for scikit-learn's breast_cancer.csv).", DefaultValueFactory = _ => 0 };
var formatOption = new Option<string>("--format") { Description = "auto (by extension), csv or fann.", DefaultValueFactory = _ => "auto" };
formatOption.AcceptOnlyFromAmong("auto", "csv", "fann");
var dataTargetOption = new Option<string?>("--target") { Description = "The target column: a header name or a 0-based index. Default: train, the last column; evaluate, the model's target or the last column." };

var layersOption = new Option<string>("--layers") { Description = "Hidden layer sizes, comma-separated (\"\" for none).", DefaultValueFactory = _ => "32" };
var activationOption = new Option<Activation>("--activation") { Description = "The hidden layers' activation: Sigmoid, Tanh, Relu, LeakyRelu or Linear.", DefaultValueFactory = _ => Activation.Relu };
activationOption.HelpName = "Sigmoid|Tanh|Relu|LeakyRelu|Linear";   // not Softmax: train puts it on the output layer of classes, and refuses it for hidden ones
var taskOption = new Option<string>("--task") { Description = "auto, classification or regression (auto: text targets or at most 20 integer values are classes).", DefaultValueFactory = _ => "auto" };
taskOption.AcceptOnlyFromAmong("auto", "classification", "regression");
var lossOption = new Option<string>("--loss") { Description = "auto (cross-entropy for classes, squared error for numbers), ce or mse.", DefaultValueFactory = _ => "auto" };
lossOption.AcceptOnlyFromAmong("auto", "ce", "mse");
var optimizerOption = new Option<Optimizer>("--optimizer") { Description = "Sgd, Momentum, Adam or Rprop (FANN's default; use it with --batch-size 0).", DefaultValueFactory = _ => Optimizer.Adam };
var learningRateOption = new Option<double>("--learning-rate") { Description = "η.", DefaultValueFactory = _ => 0.001 };
var epochsOption = new Option<int?>("--epochs") { Description = FormattableString.Invariant($"Epochs at most. Default: enough for {EpochPlan.StepBudget:N0} optimizer steps (at least {EpochPlan.MinimumEpochs:N0} epochs, at most {EpochPlan.MaximumEpochs:N0}, and at most {EpochPlan.RowBudget:N0} rows passed in all), with early stopping where rows are held out; the output says what it chose.") };
var batchOption = new Option<int>("--batch-size") { Description = "Rows per mini-batch; 0 for the full batch.", DefaultValueFactory = _ => 32 };
var trainSeedOption = new Option<int>("--seed") { Description = "Seed of the weights, the validation split and the shuffling: the same seed gives the same model, bit for bit.", DefaultValueFactory = _ => 1 };
var threadsOption = new Option<int>("--threads") { Description = "Threads for training and prediction batches big enough to split (about a million multiply-adds per batch); any count gives the same model. Default: every core.", DefaultValueFactory = _ => Environment.ProcessorCount };
var validationOption = new Option<double>("--validation") { Description = "The fraction of rows held out (stratified by class) for validation.", DefaultValueFactory = _ => 0.2 };
var noStandardiseOption = new Option<bool>("--no-standardise") { Description = "Feed the features raw instead of standardising them with the training part's means and deviations (stored in the model)." };
var patienceOption = new Option<int?>("--patience") { Description = FormattableString.Invariant($"Stop after this many epochs without a better validation loss, keeping the best weights; 0 never stops early. Default: {EpochPlan.DefaultPatience} without --epochs where rows are held out, otherwise 0.") };
var outOption = new Option<string?>("--out") { Description = "The model file to write. Default: DATA with the extension .fnn." };
var plotOption = new Option<string?>("--plot") { Description = "Also write the training and validation loss curves as a PNG." };
var plotLogOption = new Option<bool>("--plot-log") { Description = "Draw --plot's loss axis on a log scale." };
var imputeOption = new Option<string>("--impute")
{
    Description = "none: an empty or NA feature cell is an error; mean: fill empty, NA, N/A, NaN and ? feature cells with the column's training mean (kept in the model as its standardisation's means, which evaluate and predict then fill with).",
    DefaultValueFactory = _ => "none",
};
imputeOption.AcceptOnlyFromAmong("none", "mean");
var trainFloat64Option = new Option<bool>("--float64") { Description = "Train in float64 (default float32); the model file records it, and evaluate and predict use it." };
var train = new Command("train", "Train a network on a CSV or FANN file, with progress, and save the model.")
{
    dataArgument, dataTargetOption, headerOption, skipOption, formatOption, taskOption, layersOption, activationOption, lossOption,
    optimizerOption, learningRateOption, epochsOption, batchOption, trainSeedOption, backendOption, threadsOption, validationOption,
    noStandardiseOption, patienceOption, outOption, plotOption, trainFloat64Option, imputeOption, decimalCommaOption,
    plotLogOption,
};
train.SetAction(parse => Cli.Guard("train", parse.GetValue(verboseOption), () => TrainCommand.Run(new TrainSettings
{
    Data = parse.GetValue(dataArgument)!,
    Target = parse.GetValue(dataTargetOption),
    Header = parse.GetValue(headerOption),
    Skip = parse.GetValue(skipOption),
    Format = parse.GetValue(formatOption)!,
    Task = parse.GetValue(taskOption)!,
    Layers = Cli.ParseLayers(parse.GetValue(layersOption)!),
    Activation = parse.GetValue(activationOption),
    Loss = parse.GetValue(lossOption)!,
    Optimizer = parse.GetValue(optimizerOption),
    LearningRate = parse.GetValue(learningRateOption),
    Epochs = parse.GetValue(epochsOption),
    BatchSize = parse.GetValue(batchOption),
    Seed = parse.GetValue(trainSeedOption),
    Backend = parse.GetValue(backendOption),
    Threads = parse.GetValue(threadsOption),
    Validation = parse.GetValue(validationOption),
    Standardise = !parse.GetValue(noStandardiseOption),
    Patience = parse.GetValue(patienceOption),
    Out = parse.GetValue(outOption),
    Plot = parse.GetValue(plotOption),
    Float64 = parse.GetValue(trainFloat64Option),
    Impute = parse.GetValue(imputeOption) == "mean",
    PlotLogScale = parse.GetValue(plotLogOption),
    DecimalComma = parse.GetValue(decimalCommaOption),
}, Console.Out, interactive: !Console.IsOutputRedirected)));

var unseenCategoryOption = new Option<string>("--unseen-category")
{
    Description = "error: a text cell of a category the model does not know is an error; zeros: it becomes all-zero inputs (no category), counted on stderr.",
    DefaultValueFactory = _ => "error",
};
unseenCategoryOption.AcceptOnlyFromAmong("error", "zeros");
CellReading CellsOf(ParseResult parse) => new(parse.GetValue(decimalCommaOption), parse.GetValue(unseenCategoryOption) == "zeros");
var evaluateJsonOption = new Option<bool>("--json") { Description = "Print every figure as one JSON object instead of text." };
var evaluatePlotOption = new Option<string?>("--plot") { Description = "Also write the confusion matrix as a PNG (classification)." };
var evaluate = new Command("evaluate", "Evaluate a model on a data file: accuracy, per-class precision, recall and F1, macro F1, log-loss, ROC-AUC for two classes and a confusion matrix for classes; errors and R² for numbers.")
{
    modelArgument, dataArgument, dataTargetOption, headerOption, skipOption, formatOption, imputeOption, decimalCommaOption, unseenCategoryOption,
    evaluateJsonOption, evaluatePlotOption,
};
evaluate.SetAction(parse => Cli.Guard("evaluate", parse.GetValue(verboseOption), () => ModelCommands.Evaluate(parse.GetValue(modelArgument)!, parse.GetValue(dataArgument)!,
    parse.GetValue(dataTargetOption), parse.GetValue(headerOption), parse.GetValue(skipOption), parse.GetValue(formatOption)!, Console.Out, parse.GetValue(imputeOption) == "mean",
    parse.GetValue(evaluateJsonOption), parse.GetValue(evaluatePlotOption), CellsOf(parse))));

var predictOutOption = new Option<string?>("--out") { Description = "Write the predictions to this CSV file instead of stdout." };
var predict = new Command("predict", "Write a model's predictions for a data file as CSV: the label and each class's probability, or the value.")
{
    modelArgument, dataArgument, headerOption, skipOption, formatOption, predictOutOption, imputeOption, decimalCommaOption, unseenCategoryOption,
};
predict.SetAction(parse => Cli.Guard("predict", parse.GetValue(verboseOption), () => ModelCommands.Predict(parse.GetValue(modelArgument)!, parse.GetValue(dataArgument)!,
    parse.GetValue(predictOutOption), parse.GetValue(headerOption), parse.GetValue(skipOption), parse.GetValue(formatOption)!, Console.Out, parse.GetValue(imputeOption) == "mean",
    CellsOf(parse))));

var onnxArgument = new Argument<string>("onnx") { Description = "An ONNX model (.onnx)." };
var fnnArgument = new Argument<string>("model") { Description = "A FastNeuron model file (.fnn)." };
var classLabelsOption = new Option<string?>("--class-labels") { Description = "The classes' labels, comma-separated, output j being class j (default: the graph's metadata_props, if any)." };
var logSoftmaxOption = new Option<bool>("--log-softmax-as-softmax") { Description = "Read a LogSoftmax output as Softmax: probabilities, exp of the graph's outputs, the same classes." };
var import = new Command("import", "Convert an ONNX model (a multi-layer perceptron from PyTorch or onnx.helper; docs/onnx.md) into a FastNeuron model file.")
{
    onnxArgument, fnnArgument, classLabelsOption, logSoftmaxOption,
};
import.SetAction(parse => Cli.Guard("import", parse.GetValue(verboseOption), () => OnnxCommands.Import(parse.GetValue(onnxArgument)!, parse.GetValue(fnnArgument)!,
    parse.GetValue(classLabelsOption), parse.GetValue(logSoftmaxOption), Console.Out)));
var export = new Command("export", "Write a FastNeuron model file as an ONNX model (opset 13, standardisation in the graph, dynamic batch) that ONNX Runtime runs with the same answers.")
{
    fnnArgument, onnxArgument,
};
export.SetAction(parse => Cli.Guard("export", parse.GetValue(verboseOption), () => OnnxCommands.Export(parse.GetValue(fnnArgument)!, parse.GetValue(onnxArgument)!, Console.Out)));

var root = new RootCommand("FastNeuron: a SIMD neural-network core for .NET whose vector kernels give the scalar reference's bits.")
{
    demo, train, evaluate, predict, verify, info, accuracy, convert, import, export,
};
root.Options.Add(verboseOption);
InvocationConfiguration invocation = ToolNameInHelp.Configuration(root);
int exitCode = root.Parse(args).Invoke(invocation);
invocation.Output.Flush();
invocation.Error.Flush();
return exitCode;
