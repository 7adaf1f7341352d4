using Akka.Configuration;

namespace Srs.Actors.Mesh;

/// <summary>
/// What a remote peer can make a program decode. Akka picks the deserializer by the id the *sender* writes,
/// so rebinding <c>System.Object</c> alone would not help: the dangerous serializers are replaced by name, and
/// their ids no longer exist here. Left are ours (<c>srs-directory</c>) and Akka's own protobuf serializers of
/// fixed message sets (remoting, cluster, cluster client, system messages).
/// </summary>
public static class RemoteSerialization
{
    public const string Hocon = """
        akka.actor.serializers {
          # Newtonsoft JSON with type names, Akka's fallback for System.Object: it would instantiate any .NET type
          # a peer names (a known gadget surface). Nothing of ours may rely on it.
          json = "Srs.Actors.Mesh.RefusingSerializer, Srs.Actors"
          # Remote deployment (DaemonMsgCreate): a peer would make us create actors of the types it names. Unused.
          daemon-create = "Srs.Actors.Mesh.RefusingSerializer, Srs.Actors"
        }
        """;

    public static Config Config => ConfigurationFactory.ParseString(Hocon);
}
