using System.CommandLine;
using FastNeuron;
using FastNeuron.Cli;

var backendOption = new Option<Backend>("--backend")
{
    Description = "Scalar, Vector or TensorPrimitives.",
    DefaultValueFactory = _ => Backend.Vector,
};

var demo = new Command("demo", "Train the seed program's neuron and print its lines exactly as numpy does, then the backend, the bitwise check against Scalar and the training time.");
demo.Options.Add(backendOption);
demo.SetAction(parse => SeedDemo.Run(parse.GetValue(backendOption), Console.Out));

var seedOption = new Option<int>("--seed") { Description = "Seed of the random test data.", DefaultValueFactory = _ => 1 };
var verify = new Command("verify", "Run every kernel at every vector width on random data and compare the bits with the scalar reference. Exits 1 on any difference.");
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
var noHeaderOption = new Option<bool>("--no-header") { Description = "The first line is data, not column names." };
var doubleOption = new Option<bool>("--float64") { Description = "Store float64 values (default float32)." };
var convert = new Command("convert", "Convert a CSV file into a memory-mappable matrix file for training on data larger than memory.")
{
    csvArgument, outputArgument, targetOption, noHeaderOption, doubleOption,
};
convert.SetAction(parse => ConvertCommand.Run(parse.GetValue(csvArgument)!, parse.GetValue(outputArgument)!, parse.GetValue(targetOption),
    !parse.GetValue(noHeaderOption), parse.GetValue(doubleOption) ? 8 : 4, Console.Out, Console.Error));

var root = new RootCommand("FastNeuron: a SIMD neural-network core for .NET whose vector kernels give the scalar reference's bits.")
{
    demo, verify, info, accuracy, convert,
};
return root.Parse(args).Invoke();
