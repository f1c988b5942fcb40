using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace ReluVerified.Distributed.Tests;

/// <summary>
/// Splitting a file into shards (no cluster: the shard readers run here): K shards' rows, concatenated in shard order, are
/// the file's rows as the single-machine reader gives them, for many K (more shards than rows included), for CSV with LF,
/// CRLF and lone CR line ends, blank lines and quoted numbers, and for Parquet row groups; a shard's errors name the
/// file's line; a line break inside quotes is refused with the file and line.
/// </summary>
public sealed class Shard_Splitting_Tests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relu-shards-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly int[] ShardCounts = [1, 2, 3, 5, 8, 16, 61];

    /// <summary>A CSV of <paramref name="rows"/> rows of varied length, some values quoted, blank lines here and there.</summary>
    private static string Csv(int rows, int seed, string newline)
    {
        var random = new Random(seed);
        var text = new StringBuilder("a,b,y" + newline);
        for (int i = 0; i < rows; i++)
        {
            string a = (random.NextDouble() * Math.Pow(10, random.Next(-3, 6))).ToString("R", CultureInfo.InvariantCulture);
            string b = random.Next(4) == 0 ? $"\"{random.Next(-50, 50)}\"" : random.Next(1000).ToString(CultureInfo.InvariantCulture);
            text.Append(a).Append(',').Append(b).Append(',').Append((random.Next(3) / 2.0).ToString(CultureInfo.InvariantCulture)).Append(newline);
            if (random.Next(10) == 0) text.Append(newline);
        }
        return text.ToString();
    }

    private static ImmutableArray<ShardSource> Shards(string path, int count, bool requireLabels = true)
    {
        var layout = ShardFile.Describe(path, "y", requireLabels, null);
        var sources = ShardPlan.Split(layout, path, "y", requireLabels, count);
        if (layout.Parquet) return sources;
        return ShardPlan.Number(sources, [.. sources.Select(s => CsvRanges.Scan(path, s.Start, s.End, layout.DataStart))]);
    }

    private static List<(double[] Features, double Label)> FileRows(string path) => [.. RowStream.Open(path).Rows()];

    private static bool Same(IReadOnlyList<(double[] Features, double Label)> a, IReadOnlyList<(double[] Features, double Label)> b)
        => a.Count == b.Count && a.Zip(b).All(p => p.First.Features.AsSpan().SequenceEqual(p.Second.Features) && p.First.Label.Equals(p.Second.Label));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Csv_shards_concatenated_are_the_file_rows_for_every_shard_count(string newline)
    {
        foreach (int seed in new[] { 11, 12, 13 })
        {
            int rows = 1 + seed * 3;
            string path = Path.Combine(_directory, $"rows-{seed}.csv");
            File.WriteAllText(path, Csv(rows, seed, newline));
            var expected = FileRows(path);
            Assert.Equal(rows, expected.Count);
            foreach (int k in ShardCounts)
            {
                var shards = Shards(path, k);
                var parts = shards.Select(s => ShardFile.Rows(s).ToList()).ToList();
                Assert.True(Same(expected, [.. parts.SelectMany(p => p)]),
                    $"seed {seed}, {k} shards, newline {string.Concat(newline.Select(c => $"\\x{(int)c:x2}"))}: shard sizes [{string.Join(", ", parts.Select(p => p.Count))}]");
            }
            output.WriteLine($"seed {seed}: {rows} rows, shard counts {string.Join(", ", ShardCounts)}");
        }
    }

    [Fact]
    public void Parquet_shards_are_runs_of_row_groups_whose_rows_concatenated_are_the_file_rows()
    {
        const int seed = 5;
        var (x, y) = TestData.Planted(100, 3, seed);
        string path = Path.Combine(_directory, "rows.parquet");
        TestData.WriteParquet(path, x, y, rowGroupSize: 7);
        var expected = FileRows(path);
        foreach (int k in ShardCounts)
        {
            var shards = Shards(path, k);
            Assert.Equal(0, shards[0].Start);
            Assert.Equal(15, shards[^1].End); // ceil(100 / 7) groups, every one in some shard
            Assert.True(shards.Zip(shards.Skip(1)).All(p => p.First.End == p.Second.Start), $"{k} shards are not contiguous");
            Assert.True(Same(expected, [.. shards.SelectMany(s => ShardFile.Rows(s))]), $"seed {seed}, {k} shards");
        }
        output.WriteLine($"seed {seed}: 100 rows in 15 row groups, shard counts {string.Join(", ", ShardCounts)}");
    }

    [Fact]
    public void A_shard_names_the_file_line_of_a_bad_value_as_the_single_machine_reader_does()
    {
        const int seed = 21, rows = 200;
        foreach (string newline in new[] { "\n", "\r\n" })
        {
            var lines = Csv(rows, seed, newline).Split(newline).ToList();
            int bad = 150; // a data line (0-based index into the file's lines): line bad + 1
            while (lines[bad].Length == 0) bad++;
            lines[bad] = "1.5,oops,0";
            string path = Path.Combine(_directory, "bad.csv");
            File.WriteAllText(path, string.Join(newline, lines));
            var single = Assert.Throws<DataFormatException>(() => FileRows(path));
            Assert.Contains($"line {bad + 1},", single.Message, StringComparison.Ordinal);
            foreach (int k in ShardCounts)
            {
                var errors = Shards(path, k).Select(s => Record.Exception(() => ShardFile.Rows(s).ToList())).Where(e => e is not null).ToList();
                var error = Assert.IsType<DataFormatException>(Assert.Single(errors));
                Assert.Equal(single.Message, error.Message);
            }
        }
        output.WriteLine($"seed {seed}");
    }

    [Fact]
    public void A_line_break_inside_quotes_is_refused_with_the_file_and_line()
    {
        const int seed = 31;
        var lines = Csv(120, seed, "\n").Split('\n').ToList();
        int at = 90;
        while (lines[at].Length == 0) at++;
        lines[at] = "\"1.5\n\",2,0"; // the value's line break ends file line at + 1
        string path = Path.Combine(_directory, "quoted.csv");
        File.WriteAllText(path, string.Join('\n', lines));
        foreach (int k in ShardCounts)
        {
            var error = Assert.Throws<DataFormatException>(() => Shards(path, k));
            Assert.StartsWith($"{path} line {at + 1}: a line break inside a quoted value", error.Message, StringComparison.Ordinal);
            Assert.Contains("convert the file to Parquet", error.Message, StringComparison.Ordinal);
        }
        output.WriteLine($"seed {seed}");
    }

    [Fact]
    public void Byte_ranges_tile_the_data_and_line_starts_follow_terminators()
    {
        string path = Path.Combine(_directory, "tiny.csv");
        File.WriteAllText(path, "a,y\r\n1,0\r\n\r\n2,1\r3,0\n4,1");
        long dataStart = CsvRanges.DataStart(path);
        Assert.Equal(5, dataStart);
        Assert.Equal(5, CsvRanges.LineStart(path, 0, dataStart));
        Assert.Equal(10, CsvRanges.LineStart(path, 6, dataStart)); // inside "1,0\r\n": next line starts after the '\n'
        Assert.Equal(10, CsvRanges.LineStart(path, 10, dataStart)); // a blank line's start is a line start
        Assert.Equal(12, CsvRanges.LineStart(path, 11, dataStart)); // between '\r' and '\n' of the blank line
        Assert.Equal(16, CsvRanges.LineStart(path, 13, dataStart)); // a lone '\r' ends "2,1"
        Assert.Equal(23, CsvRanges.LineStart(path, 21, dataStart)); // no terminator after "4,1": the end of the file
        var scan = CsvRanges.Scan(path, dataStart, 23, dataStart);
        Assert.Equal(4, scan.Terminators);
        Assert.Equal(0, scan.Quotes);
        foreach (int k in ShardCounts)
            Assert.Equal([0.0, 1.0, 0.0, 1.0], Shards(path, k).SelectMany(s => ShardFile.Rows(s)).Select(r => r.Label).ToArray());
    }
}
