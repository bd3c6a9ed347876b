using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Iam;

/// <summary>AWS Identity and Access Management: roles, managed and inline policies, users and keys, simulation.</summary>
/// <remarks>One partial file per area: <c>IamService.Roles.cs</c>, <c>IamService.Policies.cs</c>, <c>IamService.Users.cs</c>, …</remarks>
public sealed partial class IamService : AwsService
{
    public IamService(IamIds? ids = null)
        : base("iam")
    {
        Ids = ids ?? new IamIds();
        RegisterRoles();
        RegisterPolicies();
        RegisterUsers();
        RegisterSimulation();
    }

    internal IamIds Ids { get; }

    /// <inheritdoc />
    public override IWireProtocol Protocol => IamWireProtocol.Instance;

    partial void RegisterRoles();

    partial void RegisterPolicies();

    partial void RegisterUsers();

    partial void RegisterSimulation();

    /// <summary>The resource ARN IAM authorizes an operation on an entity against.</summary>
    internal static string Arn(string account, string type, string path, string name) => $"arn:aws:iam::{account}:{type}{path}{name}";
}
