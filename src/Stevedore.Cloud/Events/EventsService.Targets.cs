using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Events;

/// <summary>Targets: PutTargets, RemoveTargets, ListTargetsByRule.</summary>
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html and the other target operations
public sealed partial class EventsService
{
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html ("Targets per rule: 5")
    private const int MaxTargetsPerRule = 5;

    partial void RegisterTargets()
    {
        Register("PutTargets", PutTargetsTarget, PutTargets);
        Register("RemoveTargets", c => RuleTarget(c, "Rule"), RemoveTargets);
        Register("ListTargetsByRule", c => RuleTarget(c, "Rule"), ListTargetsByRule);
    }

    /// <summary>PutTargets: the rule's ARN and <c>events:TargetArn</c> with every target's ARN.</summary>
    private AuthorizationTarget PutTargetsTarget(OperationContext context) =>
        RuleTarget(context, "Rule").WithMulti("events:TargetArn", [.. context.Input["Targets"]!.AsArray().Select(t => t!["Arn"]!.GetValue<string>())]);

    private static JsonObject PutTargets(OperationContext context)
    {
        var rule = RequireRule(context, "Rule");
        var incoming = context.Input["Targets"]!.AsArray().Select(t => t!.AsObject()).ToList();
        SaveRule(context, rule, current =>
        {
            var targets = current.Targets.Select(t => JsonNode.Parse(t)!.AsObject()).ToList();
            foreach (var target in incoming)
            {
                var id = target["Id"]!.GetValue<string>();
                var index = targets.FindIndex(t => t["Id"]!.GetValue<string>() == id);
                if (index >= 0)
                {
                    targets[index] = target;
                }
                else
                {
                    targets.Add(target);
                }
            }

            if (targets.Count > MaxTargetsPerRule)
            {
                throw new AwsServiceException("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
            }

            return current with { Targets = [.. targets.Select(t => t.ToJsonString())] };
        });
        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    private static JsonObject RemoveTargets(OperationContext context)
    {
        var rule = RequireRule(context, "Rule");
        var ids = context.Input["Ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        SaveRule(context, rule, current => current with
        {
            Targets = [.. current.Targets.Where(t => !ids.Contains(JsonNode.Parse(t)!["Id"]!.GetValue<string>()))],
        });
        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    private static JsonObject ListTargetsByRule(OperationContext context)
    {
        var rule = RequireRule(context, "Rule");
        var offset = DecodeOffset(context.String("NextToken"));
        var limit = context.Int("Limit") ?? DefaultListLimit;
        var page = rule.Targets.Skip(offset).Take(limit).Select(t => JsonNode.Parse(t)).ToList();
        var output = new JsonObject { ["Targets"] = new JsonArray([.. page]) };
        if (offset + page.Count < rule.Targets.Count)
        {
            output["NextToken"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("targets:" + (offset + page.Count).ToString(CultureInfo.InvariantCulture)));
        }

        return output;
    }

    private static int DecodeOffset(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("targets:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }

        throw EventsErrors.Validation("The nextToken provided is invalid.");
    }
}
