using System.Buffers;

namespace ReluVerified.Distributed;

/// <summary>
/// Byte ranges of a CSV file (UTF-8) as shards: a line ends at a terminator, '\n' or a '\r' not followed by '\n' (the line
/// ends Sep accepts), and a line starts at the first data byte or right after a terminator. A shard owning bytes
/// [start, end) owns the rows whose line starts in it: it reads from the first line start at or after start to the first line
/// start at or after end, so K shards whose ranges tile the data region read every row exactly once, in file order. This
/// holds only when no line break lies inside a quoted value; <see cref="Scan(string, long, long, long)"/> counts what
/// <see cref="ShardPlan.Number"/> needs to find one and refuse the file.
/// </summary>
internal static class CsvRanges
{
    private const int BufferBytes = 1 << 16;

    private static readonly SearchValues<byte> Special = SearchValues.Create("\n\r\""u8);

    /// <summary>
    /// The byte offset of the first line after the header. A UTF-16 or UTF-32 byte order mark is refused (the ranges are in
    /// UTF-8 bytes).
    /// </summary>
    public static long DataStart(string path)
    {
        using var file = Open(path);
        Span<byte> head = stackalloc byte[4];
        int got = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) || got >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF)
            throw new DataFormatException($"{path}: the file is UTF-16 or UTF-32 encoded; a cluster fit splits CSV files by byte ranges of UTF-8 text: save it as UTF-8 or convert it to Parquet.");
        var scan = Scan(file, 0, file.Length, stopAtFirst: true);
        return scan.First < 0 ? file.Length : scan.First + 1;
    }

    /// <summary>The first line start at or after <paramref name="position"/> (<paramref name="dataStart"/> at most the data's start; the file's length when none).</summary>
    public static long LineStart(string path, long position, long dataStart)
    {
        using var file = Open(path);
        return LineStart(file, position, dataStart);
    }

    /// <summary>
    /// One pass over [<paramref name="start"/>, <paramref name="end"/>): its terminators and quotes (the terminator test may
    /// read the byte at <paramref name="end"/>) and its first line start (<paramref name="dataStart"/> is the data's start).
    /// </summary>
    public static LineScan Scan(string path, long start, long end, long dataStart)
    {
        using var file = Open(path);
        long lineStart = LineStart(file, start, dataStart);
        var scan = Scan(file, start, end, stopAtFirst: false);
        return new LineScan(lineStart, scan.Terminators, scan.Quotes, scan.FirstEven, scan.FirstOdd);
    }

    /// <summary>
    /// A reader of the text of [<paramref name="from"/>, <paramref name="to"/>) (both line starts): UTF-8, no byte order mark
    /// detection (the range never holds the file's first byte).
    /// </summary>
    public static StreamReader OpenRange(string path, long from, long to)
    {
        var file = Open(path);
        file.Position = from;
        return new StreamReader(new RangeStream(file, to - from), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, BufferBytes);
    }

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes);

    private static long LineStart(FileStream file, long position, long dataStart)
    {
        long length = file.Length;
        if (position <= dataStart) return Math.Min(dataStart, length);
        if (position >= length) return length;
        file.Position = position - 1;
        int before = file.ReadByte(), at = file.ReadByte();
        if (before == '\n' || before == '\r' && at != '\n') return position;
        var scan = Scan(file, position, length, stopAtFirst: true);
        return scan.First < 0 ? length : scan.First + 1;
    }

    /// <summary>Terminators and quotes in [start, end); with <paramref name="stopAtFirst"/>, stops at the first terminator.</summary>
    private static (long Terminators, long Quotes, long First, long FirstEven, long FirstOdd) Scan(FileStream file, long start, long end, bool stopAtFirst)
    {
        long length = file.Length;
        end = Math.Min(end, length);
        long terminators = 0, quotes = 0, first = -1, firstEven = -1, firstOdd = -1;
        long pendingCr = -1; // a '\r' whose next byte decides whether it ends a line
        var buffer = new byte[BufferBytes];
        file.Position = start;
        for (long offset = start; offset < end;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, end - offset));
            if (read == 0) break;
            var span = buffer.AsSpan(0, read);
            for (int k = 0; k < read;)
            {
                if (pendingCr >= 0)
                {
                    if (span[k] != '\n') Terminator(pendingCr);
                    pendingCr = -1;
                    if (stopAtFirst && first >= 0) return (terminators, quotes, first, firstEven, firstOdd);
                }
                int next = span[k..].IndexOfAny(Special);
                if (next < 0) break;
                k += next;
                byte b = span[k];
                if (b == '"') quotes++;
                else if (b == '\n') Terminator(offset + k);
                else pendingCr = offset + k;
                k++;
                if (stopAtFirst && first >= 0) return (terminators, quotes, first, firstEven, firstOdd);
            }
            offset += read;
        }
        if (pendingCr >= 0)
        {
            int after = -1;
            if (end < length)
            {
                file.Position = end;
                after = file.ReadByte();
            }
            if (after != '\n') Terminator(pendingCr);
        }
        return (terminators, quotes, first, firstEven, firstOdd);

        void Terminator(long position)
        {
            if (first < 0) first = position;
            if (quotes % 2 == 0 && firstEven < 0) firstEven = terminators;
            if (quotes % 2 == 1 && firstOdd < 0) firstOdd = terminators;
            terminators++;
        }
    }

    /// <summary>A read-only view of the next <c>length</c> bytes of a stream (owned: disposing the view disposes it).</summary>
    private sealed class RangeStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
