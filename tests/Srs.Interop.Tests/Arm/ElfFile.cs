using System.Buffers.Binary;
using System.Text;

namespace Srs.Interop.Tests.Arm;

/// <summary>Just enough of ELF64 (little-endian) to tell a file's machine and its DT_NEEDED libraries, without binutils.</summary>
public sealed class ElfFile
{
    public const ushort MachineX64 = 62;
    public const ushort MachineAarch64 = 183;

    public ushort Machine { get; private init; }
    public IReadOnlyList<string> Needed { get; private init; } = [];

    public static bool IsElf(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return f.Read(magic) == 4 && magic.SequenceEqual((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']);
    }

    public static ElfFile Read(string path)
    {
        var b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7F || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException(path + " is not ELF");
        if (b[4] != 2 || b[5] != 1) throw new InvalidDataException(path + " is not little-endian ELF64");
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(18));
        long phoff = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(32));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(54));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(56));

        var loads = new List<(ulong Vaddr, ulong Offset, ulong Size)>();
        (ulong Offset, ulong Size)? dynamic = null;
        for (int i = 0; i < phnum; i++)
        {
            var ph = b.AsSpan((int)(phoff + (long)i * phentsize));
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(ph);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[16..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
            if (type == 1) loads.Add((vaddr, offset, filesz)); // PT_LOAD
            if (type == 2) dynamic = (offset, filesz);         // PT_DYNAMIC
        }
        var needed = new List<string>();
        if (dynamic is { } dyn)
        {
            ulong strtab = 0;
            var neededOffsets = new List<ulong>();
            for (ulong at = dyn.Offset; at + 16 <= dyn.Offset + dyn.Size; at += 16)
            {
                long tag = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan((int)at));
                ulong val = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)at + 8));
                if (tag == 0) break;                 // DT_NULL
                if (tag == 1) neededOffsets.Add(val); // DT_NEEDED
                if (tag == 5) strtab = val;          // DT_STRTAB (a virtual address)
            }
            var load = loads.First(l => strtab >= l.Vaddr && strtab < l.Vaddr + l.Size);
            ulong strtabOffset = strtab - load.Vaddr + load.Offset;
            foreach (var o in neededOffsets)
            {
                int start = (int)(strtabOffset + o), end = Array.IndexOf(b, (byte)0, start);
                needed.Add(Encoding.ASCII.GetString(b, start, end - start));
            }
        }
        return new ElfFile { Machine = machine, Needed = needed };
    }
}
