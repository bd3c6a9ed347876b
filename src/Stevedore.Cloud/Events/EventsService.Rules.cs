using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Events;

/// <summary>Rules: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule.</summary>
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html and the other rule operations
public sealed partial class EventsService
{
    private const int DefaultListLimit = 100;

    partial void RegisterRules()
    {
        Register("PutRule", PutRuleTarget, PutRule);
        Register("DescribeRule", c => RuleTarget(c, "Name"), DescribeRule);
        Register("ListRules", c => new AuthorizationTarget(Action(c), "*"), ListRules);
        Register("DeleteRule", c => RuleTarget(c, "Name"), DeleteRule);
        Register("EnableRule", c => RuleTarget(c, "Name"), c => SetState(c, "ENABLED"));
        Register("DisableRule", c => RuleTarget(c, "Name"), c => SetState(c, "DISABLED"));
    }

    /// <summary>PutRule: the rule's ARN, the tags it sets, and <c>events:source</c> / <c>events:detail-type</c> from the pattern.</summary>
    private AuthorizationTarget PutRuleTarget(OperationContext context)
    {
        var target = RuleTarget(context, "Name");
        var tags = ReadTags(context.Input["Tags"]);
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        if (tags.Count > 0)
        {
            target = target.WithMulti("aws:TagKeys", [.. tags.Select(t => t.Key)]);
        }

        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
        var pattern = context.String("EventPattern");
        if (TopLevelStrings(pattern, "source", out var sources) is not null)
        {
            target = target.WithMulti("events:source", sources);
        }

        if (TopLevelStrings(pattern, "detail-type", out var detailTypes) is not null)
        {
            target = target.WithMulti("events:detail-type", detailTypes);
        }

        return target;
    }

    private static JsonObject PutRule(OperationContext context)
    {
        var bus = RequireDefaultBus(context);
        var name = context.RequiredString("Name");
        var pattern = context.String("EventPattern");
        var schedule = context.String("ScheduleExpression");
        if (pattern is null && schedule is null)
        {
            throw EventsErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        if (pattern is not null)
        {
            CheckPattern(pattern);
        }

        if (schedule is not null && !(ScheduleExpressionPattern().IsMatch(schedule) && RateUnitAgrees(schedule) && CronDaysAgree(schedule)))
        {
            throw EventsErrors.Validation("Parameter ScheduleExpression is not valid.");
        }

        var tags = ReadTags(context.Input["Tags"]);
        context.Store.Write(tx =>
        {
            // PutRule replaces the rule's definition; its targets and tags stay.
            // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
            var key = EventsStore.RuleKey(context.AccountId, context.Region, bus, name);
            var existing = tx.Get(key) is { } item ? EventsStore.Read(item.Document) : null;
            var mergedTags = existing?.Tags.Where(t => tags.TrueForAll(n => n.Key != t.Key)).Concat(tags).ToList() ?? tags;
            var rule = new RuleRecord(
                name,
                bus,
                pattern,
                schedule,
                context.String("State") ?? "ENABLED",
                context.String("Description"),
                context.String("RoleArn"),
                existing?.CreatedBy ?? context.AccountId,
                mergedTags,
                existing?.Targets ?? []);
            tx.Put(key, EventsStore.Write(rule));
        });
        return new JsonObject { ["RuleArn"] = RuleArn(context.Region, context.AccountId, bus, name) };
    }

    /// <summary>An event pattern is a JSON object whose fields are objects (nesting) or arrays (values to match).</summary>
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
    private static void CheckPattern(string pattern)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(pattern);
            if (parsed is not JsonObject root)
            {
                throw EventsErrors.InvalidPattern("Filter is not an object");
            }

            CheckFields(root);
        }
        catch (JsonException e)
        {
            throw EventsErrors.InvalidPattern(e.Message);
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a repeated field name when it is first read.
            throw EventsErrors.InvalidPattern("Duplicate field name in the pattern");
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800"): System.Text.Json will not decode it.
            throw EventsErrors.InvalidPattern("Invalid string: an unpaired surrogate escape");
        }
    }

    private static void CheckFields(JsonObject node)
    {
        foreach (var (field, value) in node)
        {
            switch (value)
            {
                case JsonObject child:
                    CheckFields(child);
                    break;
                case JsonArray:
                    break;
                default:
                    throw EventsErrors.InvalidPattern($"\"{field}\" must be an object or an array");
            }
        }
    }

    private static bool RateUnitAgrees(string schedule)
    {
        var match = RatePattern().Match(schedule);
        if (!match.Success)
        {
            return true;
        }

        // "rate(1 minute)" but "rate(5 minutes)": https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
        var one = match.Groups[1].Value == "1";
        return match.Groups[2].Value.EndsWith('s') != one && match.Groups[1].Value != "0";
    }

    /// <summary>A cron expression has <c>?</c> in exactly one of day-of-month and day-of-week.</summary>
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
    private static bool CronDaysAgree(string schedule)
    {
        if (!schedule.StartsWith("cron(", StringComparison.Ordinal))
        {
            return true;
        }

        var fields = schedule[5..^1].Split(' ');
        return (fields[2] == "?") != (fields[4] == "?");
    }

    private static JsonObject DescribeRule(OperationContext context)
    {
        var rule = RequireRule(context, "Name");
        var output = RuleOutput(context, rule);
        output["CreatedBy"] = rule.CreatedBy;
        return output;
    }

    private static JsonObject RuleOutput(OperationContext context, RuleRecord rule)
    {
        var output = new JsonObject
        {
            ["Name"] = rule.Name,
            ["Arn"] = RuleArn(context.Region, context.AccountId, rule.EventBusName, rule.Name),
        };
        if (rule.EventPattern is not null)
        {
            output["EventPattern"] = rule.EventPattern;
        }

        if (rule.ScheduleExpression is not null)
        {
            output["ScheduleExpression"] = rule.ScheduleExpression;
        }

        output["State"] = rule.State;
        if (rule.Description is not null)
        {
            output["Description"] = rule.Description;
        }

        if (rule.RoleArn is not null)
        {
            output["RoleArn"] = rule.RoleArn;
        }

        output["EventBusName"] = rule.EventBusName;
        return output;
    }

    private static JsonObject ListRules(OperationContext context)
    {
        var bus = RequireDefaultBus(context);
        var prefix = $"{bus}/{context.String("NamePrefix")}";
        var limit = context.Int("Limit") ?? DefaultListLimit;
        ItemPage page;
        try
        {
            page = context.Store.List(new ListQuery(
                new CollectionKey(context.AccountId, context.Region, EventsStore.Rules), prefix, limit, context.String("NextToken")));
        }
        catch (InvalidMarkerException)
        {
            throw EventsErrors.Validation("The nextToken provided is invalid.");
        }

        var output = new JsonObject
        {
            ["Rules"] = new JsonArray([.. page.Items.Select(item => (JsonNode)RuleOutput(context, EventsStore.Read(item.Document)))]),
        };
        if (page.NextMarker is not null)
        {
            output["NextToken"] = page.NextMarker;
        }

        return output;
    }

    private static JsonObject? DeleteRule(OperationContext context)
    {
        var bus = RequireDefaultBus(context);
        var name = context.RequiredString("Name");
        context.Store.Write(tx =>
        {
            var key = EventsStore.RuleKey(context.AccountId, context.Region, bus, name);
            if (tx.Get(key) is not { } item)
            {
                // Deleting a rule that does not exist succeeds (DeleteRule is idempotent).
                return;
            }

            if (EventsStore.Read(item.Document).Targets.Count > 0)
            {
                // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html ("Before you can delete the rule, you must remove all targets")
                throw EventsErrors.Validation("Rule can't be deleted since it has targets.");
            }

            tx.Delete(key);
        });
        return null;
    }

    private static JsonObject? SetState(OperationContext context, string state)
    {
        var rule = RequireRule(context, "Name");
        SaveRule(context, rule, current => current with { State = state });
        return null;
    }

    [GeneratedRegex(@"^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$")]
    private static partial Regex ScheduleExpressionPattern();

    [GeneratedRegex(@"^rate\((\d+) (\w+)\)$")]
    private static partial Regex RatePattern();
}
