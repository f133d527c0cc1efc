using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using CsCheck;

namespace FastNeuron.Tests.Fuzzing;

/// <summary>One change to a file's bytes, its positions drawn as fractions of the length it meets.</summary>
internal delegate byte[] Mutation(byte[] input);

/// <summary>
/// Coverage-free mutation, written as CsCheck generators: an input is a seed file from the corpus with one to four
/// mutations stacked on it (bit flips, truncations, splices with another seed, lying length and count fields, huge
/// numbers, NaN and infinity as text, quotes, CR/LF, byte-order marks, long lines, the empty file). Model files can
/// have their CRC-64 recomputed after the damage, so that the mutation reaches the fields behind the checksum.
/// </summary>
internal static class Mutations
{
    /// <summary>No input grows past this: a long line is long enough at 64 KiB, and the run stays fast.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Numbers and tokens that have broken parsers before: overflow, NaN, ±∞, sign and exponent edges, separators.</summary>
    private static readonly string[] Tokens =
    [
        "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf", "∞", "-∞", "1e400", "-1e400", "1e39", "-1e39", "1e200", "1e-400",
        "4.9e-324", "1.7976931348623157e308", "3.4028235e38", "3.4028236e38", "340282356779733661637539395458142568448",
        "99999999999999999999", "2147483647", "2147483648", "-2147483648", "4294967296", "2000000000", "400000000", "16777217",
        "65537", "0", "-0", "+0", "00", "01", "1.0", "1.", ".5", "1e", "e5", "0x10", "1,5", "1_000", "- 1", "--1", "+", "-", ".",
        "\"", "\"\"", "\"1\"", "\"a,b\"", "\"1\n2\"", "\"\r\"", "a\"b", "\r", "\n", "\r\n", "\n\n", "\t", " ", ",", ",,", ";", "\0",
        "\uFEFF", "é", "label", "x0", "a b",
    ];

    private static readonly byte[][] ByteOrderMarks = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00]];

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'\r', (byte)'\n', (byte)'"', (byte)',', (byte)' ', (byte)'\t', (byte)'-', (byte)'e', 0xC3];

    /// <summary>32-bit values a length or count field should never trust.</summary>
    private static readonly long[] InterestingInt32 =
        [0, 1, 2, 3, 4, 5, 7, 8, 16, 255, 256, 1023, 1024, 1025, 4096, 4097, 65535, 65536, 1 << 22, 1 << 24, (1 << 24) + 1, int.MaxValue, int.MinValue, -1, -2, 0x7FFFFFF0, 0x40000000];

    private static readonly ulong[] InterestingInt64 =
        [0, 1, 2, ulong.MaxValue, long.MaxValue, (ulong)long.MaxValue / 8, ((ulong)long.MaxValue / 8) + 1, 1UL << 32, 1UL << 62, 0x8000000000000000, 100_000_000];

    /// <summary>Seeds, each mutated one to four times; text formats draw text mutations more often, binary ones field mutations.</summary>
    public static Gen<byte[]> Inputs(IReadOnlyList<byte[]> seeds, bool text, bool checksummed)
    {
        Gen<Mutation> one = One(seeds, text);
        return
            from seed in Gen.Int[0, seeds.Count - 1]
            from count in Gen.Int[1, 4]
            from mutations in one.Array[count]
            from fixChecksum in Gen.Int[0, 3]
            select Apply(seeds[seed], mutations, checksummed && fixChecksum > 0);
    }

    private static byte[] Apply(byte[] seed, Mutation[] mutations, bool fixChecksum)
    {
        byte[] input = seed;
        foreach (Mutation mutation in mutations)
        {
            input = mutation(input);
            if (input.Length > MaxBytes) input = input[..MaxBytes];
        }
        if (fixChecksum)
        {
            input = (byte[])input.Clone();   // never the seed's own array
            FixChecksum(input);
        }
        return input;
    }

    /// <summary>Whether the last 8 bytes are the CRC-64 of the ones before, as in a model file.</summary>
    public static bool HasValidChecksum(byte[] input)
        => input.Length >= 16 && BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(input.Length - 8)) == Crc64.HashToUInt64(input.AsSpan(0, input.Length - 8));

    /// <summary>Writes the CRC-64 of the bytes before them into the last 8 bytes (inputs of 16 bytes or more).</summary>
    public static void FixChecksum(byte[] input)
    {
        if (input.Length >= 16) BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(input.Length - 8), Crc64.HashToUInt64(input.AsSpan(0, input.Length - 8)));
    }

    private static Gen<Mutation> One(IReadOnlyList<byte[]> seeds, bool text)
    {
        int textWeight = text ? 6 : 1, binaryWeight = text ? 1 : 6;
        return Gen.Frequency(
            (4, BitFlip),
            (2, SetByte),
            (2, Truncate),
            (2, RemoveRange),
            (2, DuplicateRange),
            (2, Splice(seeds)),
            (binaryWeight, LyingInt32),
            (binaryWeight, LyingInt64),
            (textWeight, InsertToken),
            (textWeight, ReplaceNumber),
            (textWeight / 2 + 1, LongLine),
            (1, ByteOrderMark),
            (1, LineEnds),
            (1, RandomBytes),
            (1, Gen.Const<Mutation>(_ => [])));
    }

    private static int At(double fraction, int length) => Math.Min(length - 1, (int)(fraction * length));

    private static Gen<Mutation> BitFlip { get; } =
        from at in Gen.Double.Unit
        from bit in Gen.Int[0, 7]
        select (Mutation)(input =>
        {
            if (input.Length == 0) return input;
            byte[] copy = (byte[])input.Clone();
            copy[At(at, copy.Length)] ^= (byte)(1 << bit);
            return copy;
        });

    private static Gen<Mutation> SetByte { get; } =
        from at in Gen.Double.Unit
        from value in Gen.OneOf(InterestingBytes)
        select (Mutation)(input =>
        {
            if (input.Length == 0) return input;
            byte[] copy = (byte[])input.Clone();
            copy[At(at, copy.Length)] = value;
            return copy;
        });

    private static Gen<Mutation> Truncate { get; } =
        from keep in Gen.Double.Unit
        select (Mutation)(input => input[..(int)(keep * input.Length)]);

    private static Gen<Mutation> RemoveRange { get; } =
        from start in Gen.Double.Unit
        from length in Gen.Int[1, 64]
        select (Mutation)(input =>
        {
            if (input.Length == 0) return input;
            int first = At(start, input.Length), end = Math.Min(input.Length, first + length);
            return [.. input[..first], .. input[end..]];
        });

    private static Gen<Mutation> DuplicateRange { get; } =
        from start in Gen.Double.Unit
        from length in Gen.Int[1, 64]
        from times in Gen.Int[1, 16]
        select (Mutation)(input =>
        {
            if (input.Length == 0) return input;
            int first = At(start, input.Length), end = Math.Min(input.Length, first + length);
            var result = new List<byte>(input[..end]);
            for (int i = 0; i < times; i++) result.AddRange(input[first..end]);
            result.AddRange(input[end..]);
            return [.. result];
        });

    /// <summary>This input's head and another seed's tail.</summary>
    private static Gen<Mutation> Splice(IReadOnlyList<byte[]> seeds) =>
        from other in Gen.Int[0, seeds.Count - 1]
        from cut in Gen.Double.Unit
        from otherCut in Gen.Double.Unit
        select (Mutation)(input =>
        {
            byte[] tail = seeds[other];
            return [.. input[..(int)(cut * input.Length)], .. tail[(int)(otherCut * tail.Length)..]];
        });

    /// <summary>A 32-bit field (4-byte aligned, mostly in the first 256 bytes, where headers and counts live) set to a value it should not be trusted with.</summary>
    private static Gen<Mutation> LyingInt32 { get; } =
        from at in Gen.Double.Unit
        from nearHead in Gen.Int[0, 3]
        from value in Gen.Frequency((4, Gen.OneOf(InterestingInt32)), (1, Gen.Int.Select(v => (long)v)))
        from delta in Gen.Int[-1, 1]
        select (Mutation)(input =>
        {
            if (input.Length < 4) return input;
            int span = nearHead > 0 ? Math.Min(input.Length, 256) : input.Length;
            int offset = At(at, span / 4) * 4;
            if (offset + 4 > input.Length) return input;
            byte[] copy = (byte[])input.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), unchecked((int)(value + delta)));
            return copy;
        });

    private static Gen<Mutation> LyingInt64 { get; } =
        from at in Gen.Int[0, 7]
        from value in Gen.OneOf(InterestingInt64)
        select (Mutation)(input =>
        {
            int offset = 8 * at;
            if (offset + 8 > input.Length) return input;
            byte[] copy = (byte[])input.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(offset), value);
            return copy;
        });

    private static Gen<Mutation> InsertToken { get; } =
        from at in Gen.Double.Unit
        from token in Gen.OneOf(Tokens)
        select (Mutation)(input =>
        {
            int position = (int)(at * input.Length);
            return [.. input[..position], .. Encoding.UTF8.GetBytes(token), .. input[position..]];
        });

    /// <summary>A number in the text (the n-th run of digits, signs, dots and exponents) replaced by a token.</summary>
    private static Gen<Mutation> ReplaceNumber { get; } =
        from which in Gen.Double.Unit
        from token in Gen.OneOf(Tokens)
        select (Mutation)(input =>
        {
            var numbers = new List<(int Start, int End)>();
            for (int i = 0; i < input.Length;)
            {
                if (!IsNumberByte(input[i]))
                {
                    i++;
                    continue;
                }
                int start = i;
                while (i < input.Length && IsNumberByte(input[i])) i++;
                numbers.Add((start, i));
            }
            if (numbers.Count == 0) return input;
            (int first, int end) = numbers[At(which, numbers.Count)];
            return [.. input[..first], .. Encoding.UTF8.GetBytes(token), .. input[end..]];
        });

    private static bool IsNumberByte(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E';

    /// <summary>A run of up to 64 KiB of one pattern: one huge cell, a line of many columns, many blank lines.</summary>
    private static Gen<Mutation> LongLine { get; } =
        from at in Gen.Double.Unit
        from pattern in Gen.OneOf("1,", "a", " ", "9", "\n", "\r\n", "1 ", "\"", ",")
        from length in Gen.Frequency((3, Gen.Int[1, 4096]), (1, Gen.Int[4096, 65536]))
        select (Mutation)(input =>
        {
            int position = (int)(at * input.Length);
            byte[] unit = Encoding.UTF8.GetBytes(pattern);
            var run = new byte[Math.Max(unit.Length, length / unit.Length * unit.Length)];
            for (int i = 0; i < run.Length; i++) run[i] = unit[i % unit.Length];
            return [.. input[..position], .. run, .. input[position..]];
        });

    private static Gen<Mutation> ByteOrderMark { get; } =
        from mark in Gen.OneOf(ByteOrderMarks)
        select (Mutation)(input => [.. mark, .. input]);

    /// <summary>Every LF made CRLF or CR, or every CRLF made LF.</summary>
    private static Gen<Mutation> LineEnds { get; } =
        from replacement in Gen.OneOf("\r\n", "\r", "\n\r")
        select (Mutation)(input =>
        {
            var result = new List<byte>(input.Length);
            for (int i = 0; i < input.Length; i++)
            {
                if (input[i] == '\r' && i + 1 < input.Length && input[i + 1] == '\n') continue;
                if (input[i] == '\n') result.AddRange(Encoding.ASCII.GetBytes(replacement));
                else result.Add(input[i]);
            }
            return [.. result];
        });

    private static Gen<Mutation> RandomBytes { get; } =
        from bytes in Gen.Byte.Array[0, 512]
        from at in Gen.Double.Unit
        select (Mutation)(input =>
        {
            int position = (int)(at * input.Length);
            return [.. input[..position], .. bytes, .. input[position..]];
        });
}
