namespace Srs.Actors.Mesh;

/// <summary>Names both sides of the mesh agree on: actor paths and cluster roles.</summary>
public static class MeshNames
{
    public const string SystemName = "srs";
    public const string Agent = "directory-agent";
    public const string Registry = "directory-registry";
    public const string AgentPath = "/user/" + Agent;
    public const string RegistryPath = "/user/" + Registry;
    public const string CameraRole = "camera";
    public const string GatewayRole = "gateway";

    /// <summary>A camera member carries its node id as a role too, so a gateway can name the node that left.</summary>
    public const string NodeRolePrefix = "node:";
}
