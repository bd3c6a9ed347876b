using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Logs;

/// <summary>Amazon CloudWatch Logs: log groups, log streams, log events and tags.</summary>
public sealed partial class LogsService : AwsService
{
    public LogsService()
        : base("logs")
    {
        RegisterGroups();
        RegisterStreams();
        RegisterEvents();
        RegisterTags();
    }

    public override IWireProtocol Protocol => LogsProtocol.Instance;

    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    partial void RegisterGroups();

    partial void RegisterStreams();

    partial void RegisterEvents();

    partial void RegisterTags();

    /// <summary><c>arn:aws:logs:R:A:log-group:G</c> (the form TagResource takes and <c>logGroupArn</c> reports).</summary>
    internal static string GroupArn(string region, string account, string group) => $"arn:aws:logs:{region}:{account}:log-group:{group}";

    internal static string StreamArn(string region, string account, string group, string stream) =>
        $"{GroupArn(region, account, group)}:log-stream:{stream}";

    // Authorization. AWS authorizes log-group operations against the group's ARN followed by ":log-stream:" (so a
    // policy must name "log-group:G:*"; the bare "log-group:G" form is only for the tagging actions), and
    // DescribeLogGroups against "log-group::log-stream:", as its AccessDenied messages show
    // ("... is not authorized to perform: logs:DescribeLogStreams on resource: arn:aws:logs:R:A:log-group:G:log-stream: ...").
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html

    /// <summary>A group-level operation on the group named by <c>logGroupName</c> / <c>logGroupIdentifier</c>.</summary>
    private AuthorizationTarget GroupTarget(OperationContext context)
    {
        var group = GroupNameOrNull(context) ?? "";
        return Tagged(context, new AuthorizationTarget(Action(context), StreamArn(context.Region, context.AccountId, group, "")), group);
    }

    /// <summary>A stream-level operation: the stream's ARN.</summary>
    private AuthorizationTarget StreamTarget(OperationContext context)
    {
        var group = GroupNameOrNull(context) ?? "";
        var stream = context.String("logStreamName") ?? "";
        return Tagged(context, new AuthorizationTarget(Action(context), StreamArn(context.Region, context.AccountId, group, stream)), group);
    }

    /// <summary>The group's tags as <c>aws:ResourceTag/…</c> (CloudWatch Logs has no service-specific tag key).</summary>
    private static AuthorizationTarget Tagged(OperationContext context, AuthorizationTarget target, string group) =>
        group.Length > 0 && LogsStore.FindGroup(context.Store, context.AccountId, context.Region, group) is { } found
            ? target.WithResourceTags(found.Tags)
            : target;

    /// <summary><c>aws:RequestTag/…</c> and <c>aws:TagKeys</c> for the tags a request sets.</summary>
    private static AuthorizationTarget WithRequestTags(AuthorizationTarget target, JsonNode? tags)
    {
        if (tags is not JsonObject map || map.Count == 0)
        {
            return target;
        }

        foreach (var (key, value) in map)
        {
            target = target.With($"aws:RequestTag/{key}", value?.GetValue<string>() ?? "");
        }

        return target.WithMulti("aws:TagKeys", [.. map.Select(p => p.Key)]);
    }

    /// <summary>The group named by <c>logGroupName</c> or <c>logGroupIdentifier</c> (a name or an ARN), or null.</summary>
    private static string? GroupNameOrNull(OperationContext context)
    {
        if (context.String("logGroupName") is { } name)
        {
            return name;
        }

        if (context.String("logGroupIdentifier") is not { } identifier)
        {
            return null;
        }

        if (!identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            return identifier;
        }

        var marker = identifier.IndexOf(":log-group:", StringComparison.Ordinal);
        if (marker < 0)
        {
            return identifier;
        }

        var rest = identifier[(marker + ":log-group:".Length)..];
        return rest.EndsWith(":*", StringComparison.Ordinal) ? rest[..^2] : rest;
    }

    /// <summary>The group an operation names; exactly one of <c>logGroupName</c> and <c>logGroupIdentifier</c>.</summary>
    private static string RequiredGroupName(OperationContext context)
    {
        // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html ("You must include one of these two parameters, but you can't include both.")
        if (context.String("logGroupName") is not null && context.String("logGroupIdentifier") is not null)
        {
            throw LogsErrors.InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }

        return GroupNameOrNull(context) ?? throw LogsErrors.InvalidParameter("Should provide either name or ARN of the log group.");
    }

    private static LogGroupRecord RequireGroup(OperationContext context, string group) =>
        LogsStore.FindGroup(context.Store, context.AccountId, context.Region, group) ?? throw LogsErrors.GroupNotFound();
}
