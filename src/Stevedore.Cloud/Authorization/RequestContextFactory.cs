using System.Globalization;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>The global condition keys of a request, as AWS fills them in.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
public static class RequestContextFactory
{
    /// <param name="readBy">When given, the context keeps only the keys these policies read (see <see cref="RequestContext.ReadBy"/>).</param>
    public static RequestContext For(Caller caller, DateTimeOffset now, string? sourceIp, bool secureTransport, string? region,
        PolicySet? readBy = null)
    {
        var time = Times.Of(now);
        var context = (readBy is null ? new RequestContext() : RequestContext.ReadBy(readBy))
            .Set("aws:CurrentTime", time.Current)
            .Set("aws:EpochTime", time.Epoch)
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

    /// <summary>The two time keys of one second, formatted once for every request made in that second.</summary>
    private sealed record Times(long Second, string Current, string Epoch)
    {
        private static Times last = new(long.MinValue, "", "");

        public static Times Of(DateTimeOffset now)
        {
            var second = now.ToUnixTimeSeconds();
            var times = Volatile.Read(ref last);
            if (times.Second != second)
            {
                times = new Times(second,
                    DateTimeOffset.FromUnixTimeSeconds(second).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    second.ToString(CultureInfo.InvariantCulture));
                Volatile.Write(ref last, times);
            }

            return times;
        }
    }
}
