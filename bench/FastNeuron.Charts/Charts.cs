using System.Globalization;
using ScottPlot;

/// <summary>One row of the seed-training table: its label and the medians in nanoseconds, null where not measured.</summary>
internal sealed record SeedRow(string Label, double? Float32, double? Float64)
{
    /// <summary>
    /// Every row of the README's seed-training table, in its order: FastNeuron's three backends, then C, C with
    /// -ffast-math and numpy. The table and <see cref="Charts.Training"/> both draw these, so the chart holds every row.
    /// </summary>
    public static List<SeedRow> All(List<Result> seed, References references)
    {
        double? Median(string method) => seed.FirstOrDefault(r => r.Method == method)?.Median;
        var rows = new List<SeedRow>();
        foreach (string backend in new[] { "Vector", "Scalar", "TensorPrimitives" })
        {
            rows.Add(new SeedRow($"FastNeuron {backend}", Median($"Float32_{backend}"), Median($"Float64_{backend}")));
        }
        foreach ((string label, string key) in new[] { ("C, gcc -O3 -march=native", "C seed"), ("C, -ffast-math", "C-fast-math seed"), ("numpy", "numpy seed") })
        {
            rows.Add(new SeedRow(label, references.Get($"{key} float"), references.Get($"{key} double")));
        }
        return rows;
    }
}

/// <summary>The PNG charts of one CPU's results (ScottPlot), each sized to fit a screen.</summary>
internal static class Charts
{
    private static readonly Color Float32Colour = Color.FromHex("#1f77b4"), Float64Colour = Color.FromHex("#ff7f0e");

    /// <summary>The backends' colours in <see cref="Isa"/>, one per backend.</summary>
    private static readonly (string Backend, Color Colour)[] Backends =
        [("Scalar", Color.FromHex("#7f7f7f")), ("Vector", Color.FromHex("#1f77b4")), ("TensorPrimitives", Color.FromHex("#2ca02c"))];

    /// <summary>
    /// training-vs-references.png: every row of the seed-training table, a float32 and a float64 bar each, on a
    /// logarithmic µs axis whose ticks read in µs (10, 100, 1,000, …) with log-spaced minor ticks.
    /// </summary>
    public static void Training(string folder, List<SeedRow> rows)
    {
        var measured = rows.SelectMany(r => new[] { r.Float32, r.Float64 }).Where(v => v is > 0).Select(v => v!.Value / 1e3).ToList();
        if (measured.Count == 0) return;
        double floor = Math.Floor(Math.Log10(measured.Min()));
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < rows.Count; i++)
        {
            // Row i is at the top when i = 0: its two bars at 3·(n − 1 − i) + 0.5 and + 1.5.
            double position = 3 * (rows.Count - 1 - i);
            foreach ((double? ns, double offset, Color colour) in new[] { (rows[i].Float64, 0.5, Float64Colour), (rows[i].Float32, 1.5, Float32Colour) })
            {
                if (ns is not > 0) continue;
                double micros = ns.Value / 1e3;
                bars.Add(new Bar
                {
                    Position = position + offset,
                    ValueBase = floor,
                    Value = Math.Log10(micros),
                    FillColor = colour,
                    Label = micros.ToString("N0", CultureInfo.InvariantCulture) + " µs",
                    Size = 0.9,
                });
            }
        }
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plotted.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => 3.0 * (rows.Count - 1 - i) + 1).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.Label.Text = "median time, µs (log scale)";
        plot.Axes.SetLimitsX(floor, Math.Ceiling(Math.Log10(measured.Max())) + 0.3);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "float32", FillColor = Float32Colour });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "float64", FillColor = Float64Colour });
        plot.ShowLegend(Edge.Bottom);
        plot.Title("Seed training, 4 × 3, 10,000 iterations: every row of the table");
        plot.SavePng(Path.Combine(folder, "training-vs-references.png"), 900, 160 + 60 * rows.Count);
    }

    /// <summary>
    /// kernels-speedup.png: the Vector backend's speed-up over Scalar per float32 kernel and length (in elements; the
    /// gradient's length is the columns of a 64-row batch), with the 1× line where Vector is as fast as Scalar.
    /// </summary>
    public static void Speedups(string folder, List<Result> kernels)
    {
        var bars = new List<(string, double?)>();
        foreach (string kernel in new[] { "Sigmoid", "WeightedSum", "Gradient", "Update" })
        {
            foreach (string length in kernels.Select(k => k.Parameter("Length")).Distinct())
            {
                double? scalar = kernels.FirstOrDefault(k => k.Method == $"{kernel}_Scalar" && k.Parameter("Length") == length)?.Median;
                double? vector = kernels.FirstOrDefault(k => k.Method == $"{kernel}_Vector" && k.Parameter("Length") == length)?.Median;
                string elements = long.Parse(length, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
                string label = kernel == "Gradient" ? $"Gradient, 64 × {elements} elements" : $"{kernel}, {elements} elements";
                if (scalar is > 1 && vector is > 0) bars.Add((label, scalar / vector));
            }
        }
        Plot? plot = HorizontalBars(bars);
        if (plot is null) return;
        var one = plot.Add.VerticalLine(1);
        one.LinePattern = LinePattern.Dashed;
        one.Color = Colors.Red;
        one.LegendText = "1×: as fast as Scalar";
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Bottom.Label.Text = "speed-up over Scalar (×), float32";
        plot.Axes.SetLimitsX(0, bars.Max(b => b.Item2!.Value) * 1.15);
        plot.Title("Vector backend over Scalar, float32 kernels (length in elements)");
        plot.SavePng(Path.Combine(folder, "kernels-speedup.png"), 900, 180 + 26 * bars.Count);
    }

    /// <summary>
    /// kernels-isa.png: each kernel's throughput under each ISA job, a group of three bars per (kernel, job) coloured
    /// by backend, at most 1,000 pixels tall.
    /// </summary>
    public static void Isa(string folder, List<Result> isa)
    {
        var results = isa.Where(r => r.Type == "KernelBenchmarks" && r.Parameter("Length").Length > 0).ToList();
        var groups = results.Select(r => (Kernel: r.Method[..r.Method.IndexOf('_')], r.Job)).Distinct().ToList();
        if (groups.Count == 0) return;
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Count; g++)
        {
            // Group g is at the top when g = 0: its bars at 4·(n − 1 − g) + b for backend b, a gap below.
            double position = 4 * (groups.Count - 1 - g);
            for (int b = 0; b < Backends.Length; b++)
            {
                Result? r = results.FirstOrDefault(x => x.Method == $"{groups[g].Kernel}_{Backends[b].Backend}" && x.Job == groups[g].Job);
                if (r is null || r.Median <= 0) continue;
                // The gradient kernel reads a 64-row batch of Length columns.
                double elements = double.Parse(r.Parameter("Length"), CultureInfo.InvariantCulture) * (groups[g].Kernel == "Gradient" ? 64 : 1);
                bars.Add(new Bar { Position = position + 2 - b, Value = elements / r.Median, FillColor = Backends[b].Colour, Size = 0.9 });
            }
        }
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, groups.Count).Select(g => 4.0 * (groups.Count - 1 - g) + 1).ToArray(),
            groups.Select(g => $"{g.Kernel}, {g.Job}").ToArray());
        foreach ((string backend, Color colour) in Backends) plot.Legend.ManualItems.Add(new LegendItem { LabelText = backend, FillColor = colour });
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Margins(left: 0, right: 0.05);
        plot.Axes.Bottom.Label.Text = "float32 elements per ns (higher is faster)";
        plot.Title("Kernel throughput per backend under each ISA job");
        plot.SavePng(Path.Combine(folder, "kernels-isa.png"), 1000, Math.Min(1000, 160 + 44 * groups.Count));
    }

    private static Plot? HorizontalBars(List<(string Label, double? Value)> bars)
    {
        var shown = bars.Where(b => b.Value is > 0).ToList();
        if (shown.Count == 0) return null;
        var plot = new Plot();
        var barPlot = plot.Add.Bars(shown.Select(b => b.Value!.Value).ToArray());
        barPlot.Horizontal = true;
        for (int i = 0; i < barPlot.Bars.Count; i++) barPlot.Bars[i].Label = $"{shown[i].Value:F2}";
        barPlot.ValueLabelStyle.FontSize = 11;
        // The first bar at the top, as the table lists it.
        for (int i = 0; i < barPlot.Bars.Count; i++) barPlot.Bars[i].Position = shown.Count - 1 - i;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, shown.Count).Select(i => (double)(shown.Count - 1 - i)).ToArray(), shown.Select(b => b.Label).ToArray());
        return plot;
    }
}
