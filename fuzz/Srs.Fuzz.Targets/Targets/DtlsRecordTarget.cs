using Srs.Actors.WebRtc.Dtls;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A UDP datagram on the WebRTC port as the demultiplexer sees it: <see cref="DtlsRecord.IsDtls"/>, then
/// <see cref="DtlsRecord.TryValidate"/> over every record. Never throws; a refusal has a reason; an accepted datagram
/// is DTLS by its first byte and its records, walked one by one with <see cref="DtlsRecord.TryReadHeader"/>, fill it exactly.
/// </summary>
public sealed class DtlsRecordTarget : FuzzTarget
{
    public override string Name => "dtls-record";

    public override string Contract =>
        "DtlsRecord.IsDtls, TryValidate, TryReadHeader (never throw; a refusal has a reason; accepted records are DTLS, within bounds and fill the datagram)";

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        bool dtls = DtlsRecord.IsDtls(input);
        if (!DtlsRecord.TryValidate(input, out int records, out var error))
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }
        ContractViolationException.Require(dtls, "a datagram that is not DTLS by RFC 7983 was accepted");
        int walked = 0;
        for (var rest = input; !rest.IsEmpty; walked++)
        {
            ContractViolationException.Require(DtlsRecord.TryReadHeader(rest, out byte type, out ushort version, out _, out ulong sequence, out int length, out var why), $"record {walked} refused on the walk: {why}");
            ContractViolationException.Require(type is >= 20 and <= 23 && version >> 8 == 0xFE && sequence < 1UL << 48, $"record {walked}: type {type}, version {version:X4}");
            ContractViolationException.Require(length <= DtlsRecord.MaxFragmentLength && DtlsRecord.HeaderLength + length <= rest.Length, $"record {walked}: {length} bytes");
            rest = rest[(DtlsRecord.HeaderLength + length)..];
        }
        ContractViolationException.Require(walked == records && records > 0, $"{records} records counted, {walked} walked");
    }
}
