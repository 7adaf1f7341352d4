namespace Srs.Actors.Media.Rtp;

/// <summary>
/// Puts UDP's RTP packets back in sequence order. A packet waits behind a gap until the gap fills or
/// <c>patience</c> packets wait behind it; then the gap is given up (the depacketizer sees the jump in sequence
/// numbers and drops what it broke). Late and duplicated packets are dropped. Bounded: at most
/// <c>capacity</c> packets are held.
/// </summary>
public sealed class RtpReorderBuffer
{
    private readonly RtpPacket?[] slots;
    private readonly int patience;
    private ushort expected;
    private bool started;
    private int held;

    public RtpReorderBuffer(int capacity = 64, int patience = 16)
    {
        // A power of two divides 65536, so slots stay in step across the sequence number's wrap.
        if (capacity < 2 || (capacity & (capacity - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(capacity), "a power of two");
        if (patience < 1 || patience >= capacity) throw new ArgumentOutOfRangeException(nameof(patience), "need 1 <= patience < capacity");
        slots = new RtpPacket?[capacity];
        this.patience = patience;
    }

    /// <summary>Packets that came after their turn (or twice) and were dropped.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds <paramref name="packet"/>; every packet now due goes to <paramref name="output"/> in order.</summary>
    public void Push(RtpPacket packet, List<RtpPacket> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!started)
        {
            started = true;
            expected = packet.SequenceNumber;
        }
        int distance = unchecked((short)(packet.SequenceNumber - expected));
        if (distance < 0)
        {
            Dropped++;
            return;
        }
        if (distance >= slots.Length)
        {
            // Far ahead: a sender restart or a long outage; what is held goes out and the sequence starts over.
            Flush(output);
            expected = packet.SequenceNumber;
        }
        ref var slot = ref slots[packet.SequenceNumber % slots.Length];
        if (slot is not null)
        {
            Dropped++;
            return;
        }
        slot = packet;
        held++;
        Drain(output);
        while (held > patience)
        {
            while (slots[expected % slots.Length] is null) expected++;
            Drain(output);
        }
    }

    /// <summary>Everything held, in order, gaps skipped.</summary>
    public void Flush(List<RtpPacket> output)
    {
        for (int i = 0; i < slots.Length && held > 0; i++, expected++)
        {
            ref var slot = ref slots[expected % slots.Length];
            if (slot is { } p)
            {
                output.Add(p);
                slot = null;
                held--;
            }
        }
    }

    private void Drain(List<RtpPacket> output)
    {
        while (slots[expected % slots.Length] is { } p)
        {
            output.Add(p);
            slots[expected % slots.Length] = null;
            held--;
            expected++;
        }
    }
}
