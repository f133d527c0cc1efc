using System.Diagnostics;
using System.Globalization;
using FastNeuron.Cli.Data;

namespace FastNeuron.Cli.Commands;

/// <summary>What <c>fastneuron train</c> was asked for.</summary>
internal sealed record TrainSettings
{
    public required string Data { get; init; }
    public string? Target { get; init; }
    public HeaderMode Header { get; init; }
    public int Skip { get; init; }
    public string Format { get; init; } = "auto";
    public string Task { get; init; } = "auto";
    public int[] Layers { get; init; } = [32];
    public Activation Activation { get; init; } = Activation.Relu;
    public string Loss { get; init; } = "auto";
    public Optimizer Optimizer { get; init; } = Optimizer.Adam;
    public double LearningRate { get; init; } = 0.001;
    /// <summary>--epochs; null (not given): <see cref="EpochPlan"/> derives them from a step budget, with early stopping.</summary>
    public int? Epochs { get; init; }
    public int BatchSize { get; init; } = 32;
    public int Seed { get; init; } = 1;
    public Backend Backend { get; init; } = Backend.Vector;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public double Validation { get; init; } = 0.2;
    public bool Standardise { get; init; } = true;
    /// <summary>--patience; null (not given): none with --epochs, <see cref="EpochPlan.DefaultPatience"/> without it where rows are held out.</summary>
    public int? Patience { get; init; }
    public string? Out { get; init; }
    public string? Plot { get; init; }
    /// <summary>--plot-log: the loss plot's loss axis on a log scale.</summary>
    public bool PlotLogScale { get; init; }
    public bool Float64 { get; init; }
    /// <summary>--impute mean: fill missing feature cells with the training means instead of failing.</summary>
    public bool Impute { get; init; }
    /// <summary>--decimal-comma: numbers are written 1,5, whatever the first rows show.</summary>
    public bool DecimalComma { get; init; }
}

/// <summary>
/// <c>fastneuron train DATA</c>: reads CSV or FANN data, splits off a stratified validation part, standardises on
/// the training part, trains a network with progress, and saves the model (and the loss curves with --plot).
/// </summary>
internal static class TrainCommand
{
    public static int Run(TrainSettings settings, TextWriter stdout, bool interactive)
        => settings.Float64 ? Run<double>(settings, stdout, interactive) : Run<float>(settings, stdout, interactive);

    private static int Run<T>(TrainSettings settings, TextWriter stdout, bool interactive)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (settings.Threads < 1) throw new CliException($"--threads {settings.Threads}: at least one thread.");
        if (!(settings.Validation is >= 0 and < 1)) throw new CliException($"--validation {settings.Validation}: the validation fraction must be at least 0 and below 1.");
        if (settings.BatchSize < 0) throw new CliException($"--batch-size {settings.BatchSize}: rows per mini-batch cannot be negative (0 is the full batch).");
        if (settings.Patience < 0) throw new CliException($"--patience {settings.Patience}: epochs without improvement cannot be negative (0 never stops early).");
        // Refused, not warned: early stopping watches the validation loss, and --validation 0 holds out no rows to watch.
        if (settings.Patience > 0 && settings.Validation == 0) throw new CliException($"--patience {settings.Patience}: early stopping watches the validation loss, and --validation 0 holds out no rows; give a validation fraction or leave out --patience.");
        if (settings.Activation == Activation.Softmax)
        {
            throw new CliException("--activation Softmax: softmax normalises a layer into probabilities, so it is for the output layer, where train puts it for classes; the hidden layers take Sigmoid, Tanh, Relu, LeakyRelu or Linear.");
        }
        if (settings.Epochs < 1) throw new CliException($"--epochs {settings.Epochs}: train for at least one epoch.");
        if (!double.IsFinite(settings.LearningRate) || settings.LearningRate <= 0) throw new CliException($"--learning-rate {settings.LearningRate}: the learning rate must be greater than 0.");
        string output = settings.Out ?? Path.ChangeExtension(settings.Data, ".fnn");
        OutputPaths.CheckWritable(output, settings.Out is null ? "the model file" : "--out");
        OutputPaths.RefuseInputs(output, settings.Out is null ? "the model file" : "--out", (settings.Data, "data file"));
        if (settings.PlotLogScale && settings.Plot is null) throw new CliException("--plot-log: draws the loss axis of --plot's picture on a log scale; give --plot FILE.png too.");
        if (settings.Plot is not null)
        {
            OutputPaths.CheckWritable(settings.Plot, "--plot");
            OutputPaths.RefuseInputs(settings.Plot, "--plot", (settings.Data, "data file"), (output, "model file it would save"));
            OutputPaths.RequirePng(settings.Plot, "--plot");
        }

        Table table = Table.Read(settings.Data, settings.Target, settings.Header, settings.Skip, settings.Format, targetRequired: true, notes: Console.Error, impute: settings.Impute, textFeatures: true,
            cells: new CellReading(settings.DecimalComma));
        Targets targets = Targets.From(table, settings.Task);
        // Text columns' categories come from the training rows: Prepare's split, taken here first (it is deterministic).
        table = TextColumns.OneHot(table, TrainingData.Split(targets, table.Rows, settings.Validation, settings.Seed).Train, stdout);
        bool classification = targets.ClassLabels is not null;
        int outputs = classification ? targets.ClassLabels!.Length : targets.Count;
        if (classification && outputs < 2) throw new CliException($"{table.Path}: the target has a single class ('{targets.ClassLabels![0]}'); classification needs at least two.");
        FastNeuron.Loss loss = settings.Loss switch
        {
            "mse" => FastNeuron.Loss.SquaredError,
            "ce" when !classification => throw new CliException("--loss ce: cross-entropy is for classification, and this target is numeric (use --task classification if it holds classes)."),
            "ce" => FastNeuron.Loss.CrossEntropy,
            _ => classification ? FastNeuron.Loss.CrossEntropy : FastNeuron.Loss.SquaredError,
        };
        Activation outputActivation = !classification ? Activation.Linear : loss == FastNeuron.Loss.CrossEntropy ? Activation.Softmax : Activation.Sigmoid;

        int inputs = table.FeatureCount;
        var sizes = new List<int> { inputs };
        sizes.AddRange(settings.Layers);
        sizes.Add(outputs);
        var activations = settings.Layers.Select(_ => settings.Activation).Append(outputActivation).ToArray();
        var network = new Network<T>(sizes.ToArray(), activations, seed: (uint)settings.Seed, useBias: true, backend: settings.Backend, loss: loss, scaledInitialization: true)
        {
            Threads = settings.Threads,
        };
        TrainingData<T> data = TrainingData.Prepare(network, table, targets, settings.Validation, settings.Seed, settings.Standardise, stdout);
        if (settings.Patience > 0 && data.ValidationRows.Length == 0)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"--patience {settings.Patience}: --validation {settings.Validation} holds out no rows of these {table.Rows:N0}, so early stopping has no loss to watch."));
        }
        (int[] trainRows, int[] validationRows) = (data.TrainRows, data.ValidationRows);
        (T[] trainX, T[] trainY, T[] validationX, T[] validationY) = (data.TrainInputs, data.TrainTargets, data.ValidationInputs, data.ValidationTargets);

        string targetText = table.TargetNames.Length > 0 ? string.Join(", ", table.TargetNames.Select(n => $"'{n}'"))
            : table.TargetName is not null ? $"'{table.TargetName}'"
            : targets.Count == 1 ? "(last column)" : table.FromFann ? $"(the {targets.Count} outputs)" : $"(the last {targets.Count} columns)";
        string task = classification ? $"{outputs} classes" : outputs > 1 ? $"regression of {outputs} outputs" : "regression";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{table.Path}: {table.Rows:N0} rows × {inputs} features, target{(table.TargetNames.Length > 1 ? "s" : "")} {targetText}: {task}; training on {trainRows.Length:N0}, validating on {validationRows.Length:N0}"));
        stdout.WriteLine($"network {string.Join("-", sizes)} ({string.Join(", ", activations)}), {(typeof(T) == typeof(double) ? "float64" : "float32")}, {loss}, {settings.Optimizer} η {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {settings.BatchSize}, {settings.Backend} {network.Width}");

        EpochPlan plan = EpochPlan.Choose(settings.Epochs, settings.Patience, trainRows.Length, validationRows.Length, settings.BatchSize);
        if (plan.Line is not null) stdout.WriteLine(plan.Line);

        var history = new List<EpochReport>();
        var options = new FitOptions
        {
            Epochs = plan.Epochs,
            BatchSize = settings.BatchSize,
            Optimizer = settings.Optimizer,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            EarlyStoppingPatience = plan.Patience,
        };
        Func<EpochReport, IReadOnlyList<EpochFigure>> figures = classification
            ? TrainingProgress.Accuracy
            : new RegressionFigures<T>(network, validationX, targets.ValuesOf<T>(validationRows, [], [])).Of;
        var clock = Stopwatch.StartNew();
        int epochs;
        try
        {
            epochs = TrainingProgress.Run(interactive, stdout, loss, plan.Epochs, trainRows.Length, progress =>
                network.Fit(trainX, trainY, options with { OnEpoch = report => { history.Add(report); progress(report); } }, validationX, validationY), figures);
        }
        catch (TrainingDivergedException e)
        {
            throw new CliException($"{e.Message} Nothing was saved.");
        }
        clock.Stop();
        network.Save(output);
        if (settings.Plot is not null)
        {
            try
            {
                LossPlot.Write(settings.Plot, history, $"{Path.GetFileName(table.Path)}: {string.Join("-", sizes)}",
                    new LossPlotOptions(settings.PlotLogScale, KeptEpochToMark(history, plan)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new CliException($"--plot {settings.Plot}: cannot write it: {e.Message} The model was saved to {output}.");
            }
        }
        EpochReport last = history[^1];
        if (plan.Patience > 0)
        {
            (last, string stopping) = EarlyStoppingSummary.Of(history, plan.Patience, plan.Epochs, patienceGiven: settings.Patience is not null);
            stdout.WriteLine(stopping);
        }
        string validation = validationRows.Length == 0 ? "" : classification
            ? string.Create(CultureInfo.InvariantCulture, $", validation accuracy {network.Accuracy(validationX, validationY):F4}")
            : $", validation {LossText.Of(loss, last.ValidationLoss!.Value)}{string.Concat(figures(last).Select(f => $", {f.Name} {f.Text}"))}";
        string trainingAccuracy = classification ? string.Create(CultureInfo.InvariantCulture, $", training accuracy {network.Accuracy(trainX, trainY):F4}") : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {epochs} epochs in {clock.Elapsed.TotalSeconds:F2} s ({(double)epochs * trainRows.Length / clock.Elapsed.TotalSeconds:N0} samples/s): training {LossText.Of(loss, last.TrainingLoss)}{trainingAccuracy}{validation}"));
        stdout.WriteLine($"model saved to {output}" + (settings.Plot is null ? "" : $"; loss curves in {settings.Plot}"));
        return 0;
    }

    /// <summary>
    /// The epoch whose weights early stopping kept, for the loss plot to mark; null without early stopping. It follows the
    /// plan, so the default early stopping (no --patience given) is marked too.
    /// </summary>
    internal static int? KeptEpochToMark(IReadOnlyList<EpochReport> history, EpochPlan plan)
        => plan.Patience > 0 ? EarlyStoppingSummary.Of(history, plan.Patience, plan.Epochs).Kept.Epoch : null;
}
