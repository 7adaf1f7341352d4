using Srs.Interop.Tests.Infrastructure;

namespace Srs.Interop.Tests.Client;

/// <summary>A fact that is skipped, saying why, only when nginx's RTMP module is not installed.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxRtmp.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
