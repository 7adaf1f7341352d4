using System.Runtime.InteropServices;

namespace Srs.Interop.Tests.WebRtc;

/// <summary>
/// libsrtp 2 (Debian's libsrtp2-1, the implementation browsers' stacks derive from), called directly: one session per
/// direction keyed by key||salt for any SSRC. The policy is srtp_policy_t laid out as libsrtp 2.x's srtp.h has it.
/// </summary>
internal sealed class LibSrtp : IDisposable
{
    private const string Library = "libsrtp2.so.1";
    private const int PolicySize = 128;
    private static readonly Lazy<int> Initialised = new(srtp_init);

    private readonly IntPtr session;
    private readonly IntPtr key;

    /// <param name="profile">DTLS-SRTP profile number: 1 AES_CM_128_HMAC_SHA1_80, 7 AEAD_AES_128_GCM.</param>
    /// <param name="inbound">ssrc_any_inbound (unprotect) or ssrc_any_outbound (protect).</param>
    public LibSrtp(int profile, byte[] keyAndSalt, bool inbound)
    {
        if (Initialised.Value != 0) throw new InvalidOperationException($"srtp_init: {Initialised.Value}");
        key = Marshal.AllocHGlobal(keyAndSalt.Length);
        Marshal.Copy(keyAndSalt, 0, key, keyAndSalt.Length);
        var policy = Marshal.AllocHGlobal(PolicySize);
        try
        {
            for (int i = 0; i < PolicySize; i += 8) Marshal.WriteInt64(policy, i, 0);
            Marshal.WriteInt32(policy, 0, inbound ? 2 : 3); // ssrc.type
            Check(srtp_crypto_policy_set_from_profile_for_rtp(policy + 8, profile), "rtp policy");
            Check(srtp_crypto_policy_set_from_profile_for_rtcp(policy + 32, profile), "rtcp policy");
            Marshal.WriteIntPtr(policy, 56, key);
            Check(srtp_create(out session, policy), "srtp_create");
        }
        finally
        {
            Marshal.FreeHGlobal(policy);
        }
    }

    /// <summary>Protects <paramref name="packet"/> (room for the trailer after it); the new length.</summary>
    public int Protect(byte[] packet, int length, bool rtcp)
    {
        Check(rtcp ? srtp_protect_rtcp(session, packet, ref length) : srtp_protect(session, packet, ref length), "protect");
        return length;
    }

    /// <summary>The plain length, or the libsrtp error status as a negative number.</summary>
    public int Unprotect(byte[] packet, int length, bool rtcp)
    {
        int status = rtcp ? srtp_unprotect_rtcp(session, packet, ref length) : srtp_unprotect(session, packet, ref length);
        return status == 0 ? length : -status;
    }

    public void Dispose()
    {
        srtp_dealloc(session);
        Marshal.FreeHGlobal(key);
    }

    private static void Check(int status, string what)
    {
        if (status != 0) throw new InvalidOperationException($"libsrtp {what}: status {status}");
    }

    [DllImport(Library)]
    private static extern int srtp_init();

    [DllImport(Library)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtp(IntPtr policy, int profile);

    [DllImport(Library)]
    private static extern int srtp_crypto_policy_set_from_profile_for_rtcp(IntPtr policy, int profile);

    [DllImport(Library)]
    private static extern int srtp_create(out IntPtr session, IntPtr policy);

    [DllImport(Library)]
    private static extern int srtp_dealloc(IntPtr session);

    [DllImport(Library)]
    private static extern int srtp_protect(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_unprotect(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_protect_rtcp(IntPtr session, byte[] packet, ref int length);

    [DllImport(Library)]
    private static extern int srtp_unprotect_rtcp(IntPtr session, byte[] packet, ref int length);
}
