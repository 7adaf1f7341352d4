using Akka.Configuration;
using Srs.Actors.Configuration;
using Srs.Actors.StreamDirectory;

namespace Srs.Actors.Mesh;

/// <summary>The directory's HOCON: its <c>srs.directory</c> keys and the binding of its serializer.</summary>
public static class DirectoryConfig
{
    /// <summary>The <c>srs.directory</c> keys with their defaults; a program's defaults file includes them.</summary>
    public const string DefaultsHocon = """
        srs.directory {
          heartbeat-interval = 2s
          lease = 7s
          sweep-interval = 1s
          resync-backoff = 1s
        }
        """;

    /// <summary>Binds <see cref="DirectorySerializer"/> to every <see cref="IDirectoryWireMessage"/>; add it to any system that remotes them.</summary>
    public const string SerializationHocon = """
        akka.actor {
          serializers {
            srs-directory = "Srs.Actors.StreamDirectory.DirectorySerializer, Srs.Actors"
          }
          serialization-bindings {
            "Srs.Actors.StreamDirectory.IDirectoryWireMessage, Srs.Actors" = srs-directory
          }
        }
        """;

    public static Config Defaults => ConfigurationFactory.ParseString(DefaultsHocon);

    public static Config Serialization => ConfigurationFactory.ParseString(SerializationHocon);

    /// <summary>Reads <c>srs.directory</c>, falling back to the defaults; a bad value fails with its key's path.</summary>
    public static DirectorySettings Settings(Config config)
    {
        var r = new ConfigReader(config.WithFallback(Defaults));
        var settings = new DirectorySettings(
            r.Duration("srs.directory.heartbeat-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            r.Duration("srs.directory.lease", TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(1)),
            r.Duration("srs.directory.sweep-interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
            r.Duration("srs.directory.resync-backoff", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)));
        try
        {
            return settings.Validated();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"srs.directory.{e.Message}");
        }
    }
}
