using System.Globalization;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>The global condition keys of a request, as AWS fills them in.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
public static class RequestContextFactory
{
    public static RequestContext For(Caller caller, DateTimeOffset now, string? sourceIp, bool secureTransport, string? region)
    {
        var context = new RequestContext()
            .Set("aws:CurrentTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Set("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Set("aws:SecureTransport", secureTransport ? "true" : "false")
            .Set("aws:userid", caller.UserId);
        if (sourceIp is not null)
        {
            context.Set("aws:SourceIp", sourceIp);
        }

        if (!string.IsNullOrEmpty(region))
        {
            context.Set("aws:RequestedRegion", region);
        }

        if (caller.Session is { } session)
        {
            context.Set("aws:TokenIssueTime", session.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return PrincipalContextKeys.AddTo(context, caller.Principal, caller.PrincipalTags);
    }
}
