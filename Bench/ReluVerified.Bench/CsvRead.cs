using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using nietras.SeparatedValues;

namespace ReluVerified.Bench;

/// <summary>
/// <c>csv-read FILE READER [repeats]</c>: reads a numeric CSV file (a header, then numbers; the label column <c>y</c>) into
/// one feature array and one label array with one reader and prints the fastest of <c>repeats</c> read times and the
/// process's peak working set. Bench/scripts/csv_read.sh generates the file and runs every reader in its own process, so
/// each peak is that reader's alone (docs/benchmarks.md, "Reading CSV"). Readers: <c>split</c> (the hand-written
/// Split(',') reader that CsvTable used before CsvRows, kept here as it was), <c>csvhelper</c> (CsvHelper 34's reader and its
/// TryParse), <c>sep</c> (Sep alone, no checks, quotes unescaped and values trimmed as CsvRows does), <c>sep-plain</c> (Sep with its
/// defaults: no unescaping, no trimming), <c>csvtable</c> (CsvTable.Read: Sep through CsvRows, with
/// detection, quoting and every check) and <c>rowstream</c> (RowStream.Rows: the streaming path, one array per row).
/// </summary>
public static class CsvRead
{
    /// <summary>Runs one reader; returns a process exit code.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: csv-read FILE split|csvhelper|sep|csvtable|rowstream [repeats]"); return 2; }
        string path = args[0], reader = args[1];
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Func<string, (int Rows, double Checksum)> read = reader switch
        {
            "split" => Split,
            "csvhelper" => Helper,
            "sep" => p => SepOnly(p, trim: true),
            "sep-plain" => p => SepOnly(p, trim: false),
            "csvtable" => p => Table(CsvTable.Read(p)),
            "rowstream" => Stream,
            _ => throw new ArgumentException($"unknown reader '{reader}'"),
        };
        var best = double.MaxValue;
        double peak = 0;
        (int Rows, double Checksum) result = default;
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            result = read(path);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            // the peak of the first read alone: later reads add the garbage of earlier ones
            if (r == 0) peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{reader,-10} rows {result.Rows}  best of {repeats}: {best:F2} s  peak working set (first read) {peak:F0} MiB  checksum {result.Checksum:E6}"));
        return 0;
    }

    private static (int, double) Table(CsvTable t)
    {
        double sum = t.Labels.Sum();
        foreach (double v in t.Features.AsSpan()) sum += v;
        return (t.Features.Rows, sum);
    }

    /// <summary>The reader CsvTable had before CsvRows: whole lines, Split(','), double.TryParse (checks kept, messages dropped).</summary>
    private static (int, double) Split(string path)
    {
        using var reader = new StreamReader(path);
        var names = reader.ReadLine()!.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        int labelIndex = Array.IndexOf(names, "y");
        var featureIdx = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToArray();
        var features = new List<double>();
        var labels = new List<double>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length) throw new InvalidDataException("column count");
            foreach (int j in featureIdx) features.Add(Parse(cells[j]));
            labels.Add(Parse(cells[labelIndex]));
        }
        var x = features.ToArray();
        return (labels.Count, labels.Sum() + x.Sum());
    }

    private static double Parse(string cell)
        => double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw new InvalidDataException(cell);

    private static (int, double) Helper(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { Separator = ',', TrimWhitespace = true, TrimInsideQuotes = true }, FileOptions.SequentialScan);
        csv.ReadHeader();
        var names = csv.Headers.ToArray();
        int labelIndex = Array.IndexOf(names, "y");
        var featureIdx = Enumerable.Range(0, names.Length).Where(j => j != labelIndex).ToArray();
        var features = new List<double>();
        var labels = new List<double>();
        while (csv.Read())
        {
            foreach (int j in featureIdx) features.Add(Checked(csv.TryParse(j, out double v), v));
            labels.Add(Checked(csv.TryParse(labelIndex, out double w), w));
        }
        var x = features.ToArray();
        return (labels.Count, labels.Sum() + x.Sum());
    }

    private static double Checked(bool parsed, double value) => parsed && double.IsFinite(value) ? value : throw new InvalidDataException("not a number");

    private static (int, double) SepOnly(string path, bool trim)
    {
        using var reader = Sep.Reader(o => trim ? o with { Unescape = true, Trim = SepTrim.All } : o).FromFile(path);
        int labelIndex = reader.Header.IndexOf("y");
        var featureIdx = Enumerable.Range(0, reader.Header.ColNames.Count).Where(j => j != labelIndex).ToArray();
        var features = new List<double>();
        var labels = new List<double>();
        foreach (var row in reader)
        {
            foreach (int j in featureIdx) features.Add(row[j].Parse<double>());
            labels.Add(row[labelIndex].Parse<double>());
        }
        var x = features.ToArray();
        return (labels.Count, labels.Sum() + x.Sum());
    }

    private static (int, double) Stream(string path)
    {
        int rows = 0;
        double sum = 0;
        foreach (var (x, y) in RowStream.Open(path).Rows())
        {
            rows++;
            sum += y + x.Sum();
        }
        return (rows, sum);
    }
}
