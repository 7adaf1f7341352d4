using System.Security.Cryptography;

namespace Srs.Actors.Streams;

/// <summary>Connection ids in SRS's style: 8 random lowercase letters and digits, short enough for every log line.</summary>
public static class ClientIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Next() => RandomNumberGenerator.GetString(Alphabet, 8);
}
