using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Srs.Actors.Mesh;

/// <summary>
/// Stands in, by name, for Akka serializers that must not face the network (see <see cref="RemoteSerialization"/>):
/// it writes nothing and reads nothing, so an unbound type fails loudly on the way out and a peer's payload
/// for these serializers is dropped by the endpoint (one warning) without being decoded.
/// </summary>
public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public const int Id = 7302;

    /// <summary>Akka passes the replaced serializer's settings section (<c>serialization-settings.json</c>); there is nothing to set.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config _) : this(system)
    {
    }

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj?.GetType().FullName ?? "null"} has no serializer binding for remoting; "
            + "remote messages must be bound to a serializer of their own (e.g. IDirectoryWireMessage to srs-directory)");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"refused to decode {bytes.Length} bytes from a peer: this serializer is switched off for remoting");
}
