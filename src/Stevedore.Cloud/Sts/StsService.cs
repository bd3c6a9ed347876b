using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Sts;

/// <summary>AWS Security Token Service.</summary>
public sealed partial class StsService : AwsService
{
    public StsService()
        : base("sts")
    {
        // Every authenticated caller may ask who it is, even under an explicit deny.
        // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
        Register("GetCallerIdentity", _ => AuthorizationTarget.Unconditional, GetCallerIdentity);
        RegisterAssumeRole();
        RegisterSessionToken();
    }

    partial void RegisterAssumeRole();

    partial void RegisterSessionToken();

    private static JsonObject GetCallerIdentity(OperationContext context) => new()
    {
        ["UserId"] = context.Caller.UserId,
        ["Account"] = context.AccountId,
        ["Arn"] = context.Caller.Principal.Arn,
    };
}
