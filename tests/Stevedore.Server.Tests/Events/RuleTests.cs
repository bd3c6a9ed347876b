using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Events;

/// <summary>EventBridge rules, targets and tags through boto3 and the AWS CLI.</summary>
public sealed class RuleTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Prelude = """
        import boto3, json
        from botocore.config import Config
        events = boto3.client("events", config=Config(retries={"max_attempts": 1}))
        PATTERN = json.dumps({"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"]})

        def error(call, **kwargs):
            try:
                call(**kwargs)
            except events.exceptions.ClientError as e:
                return e.response["Error"]["Code"], e.response["Error"]["Message"]
            raise AssertionError("expected an error")

        """;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    [Fact]
    public void A_rule_is_put_described_listed_enabled_disabled_and_deleted()
    {
        var name = Unique("rule");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            arn = events.put_rule(Name=name, EventPattern=PATTERN, Description="lifecycle", Tags=[{"Key": "team", "Value": "a"}])["RuleArn"]
            assert arn == f"arn:aws:events:us-east-1:000000000000:rule/{name}", arn
            rule = events.describe_rule(Name=name)
            assert rule["Arn"] == arn and rule["State"] == "ENABLED" and rule["EventBusName"] == "default" and rule["CreatedBy"] == "000000000000"
            assert json.loads(rule["EventPattern"]) == json.loads(PATTERN) and rule["Description"] == "lifecycle"
            events.disable_rule(Name=name)
            assert events.describe_rule(Name=name)["State"] == "DISABLED"
            events.enable_rule(Name=name)
            assert events.describe_rule(Name=name)["State"] == "ENABLED"
            events.put_rule(Name=name, ScheduleExpression="rate(5 minutes)", State="DISABLED")
            rule = events.describe_rule(Name=name)
            assert rule["ScheduleExpression"] == "rate(5 minutes)" and "EventPattern" not in rule and "Description" not in rule and rule["State"] == "DISABLED"
            events.delete_rule(Name=name)
            assert error(events.describe_rule, Name=name) == ("ResourceNotFoundException", f"Rule {name} does not exist on EventBus default.")
            assert error(events.enable_rule, Name=name) == ("ResourceNotFoundException", f"Rule {name} does not exist on EventBus default.")
            assert error(events.disable_rule, Name=name)[0] == "ResourceNotFoundException"
            events.delete_rule(Name=name)
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Put_rule_checks_the_pattern_and_the_schedule()
    {
        stevedore.Python(Prelude + """
            assert error(events.put_rule, Name="no-pattern") == ("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.")
            code, message = error(events.put_rule, Name="bad-json", EventPattern="{not json")
            assert code == "InvalidEventPatternException" and message.startswith("Event pattern is not valid. Reason: "), message
            assert error(events.put_rule, Name="leaf", EventPattern='{"source": "aws.ecs"}') == ("InvalidEventPatternException", 'Event pattern is not valid. Reason: "source" must be an object or an array')
            for schedule in ["rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "cron(7 20 * * 1-7 *)", "cron(0 12 * *)", "every hour"]:
                assert error(events.put_rule, Name="sched", ScheduleExpression=schedule) == ("ValidationException", "Parameter ScheduleExpression is not valid."), schedule
            for schedule in ["rate(1 minute)", "rate(2 hours)", "cron(0 12 * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)"]:
                events.put_rule(Name="sched-ok", ScheduleExpression=schedule)
            code, _ = error(events.put_rule, Name="bad name!", ScheduleExpression="rate(1 day)")
            assert code == "ValidationException"
            assert error(events.put_rule, Name="x", EventBusName="custom", EventPattern='{"source": ["a"]}') == ("ResourceNotFoundException", "Event bus custom does not exist.")
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void List_rules_filters_by_prefix_and_pages()
    {
        var prefix = Unique("list");
        stevedore.Python(Prelude + $$"""
            prefix = "{{prefix}}"
            for i in range(5):
                events.put_rule(Name=f"{prefix}-{i}", EventPattern=PATTERN)
            first = events.list_rules(NamePrefix=prefix, Limit=2)
            assert [r["Name"] for r in first["Rules"]] == [f"{prefix}-0", f"{prefix}-1"]
            assert first["Rules"][0]["Arn"].endswith(f":rule/{prefix}-0") and first["Rules"][0]["State"] == "ENABLED"
            names = [r["Name"] for p in events.get_paginator("list_rules").paginate(NamePrefix=prefix, PaginationConfig={"PageSize": 2}) for r in p["Rules"]]
            assert names == [f"{prefix}-{i}" for i in range(5)], names
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Targets_are_put_listed_and_removed_and_a_rule_with_targets_cannot_be_deleted()
    {
        var name = Unique("targets");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            group_arn = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/ecs/containerinsights/cluster/performance"
            assert error(events.put_targets, Rule=name, Targets=[{"Id": "t", "Arn": group_arn}]) == ("ResourceNotFoundException", f"Rule {name} does not exist on EventBus default.")
            events.put_rule(Name=name, EventPattern=PATTERN)
            result = events.put_targets(Rule=name, Targets=[{"Id": "logs", "Arn": group_arn}, {"Id": "other", "Arn": group_arn, "Input": "{}"}])
            assert result["FailedEntryCount"] == 0 and result["FailedEntries"] == []
            events.put_targets(Rule=name, Targets=[{"Id": "other", "Arn": group_arn + "2"}])
            targets = events.list_targets_by_rule(Rule=name)["Targets"]
            assert targets == [{"Id": "logs", "Arn": group_arn}, {"Id": "other", "Arn": group_arn + "2"}], targets
            page = events.list_targets_by_rule(Rule=name, Limit=1)
            assert [t["Id"] for t in page["Targets"]] == ["logs"] and "NextToken" in page
            assert [t["Id"] for t in events.list_targets_by_rule(Rule=name, Limit=1, NextToken=page["NextToken"])["Targets"]] == ["other"]
            assert error(events.delete_rule, Name=name) == ("ValidationException", "Rule can't be deleted since it has targets.")
            code, _ = error(events.put_targets, Rule=name, Targets=[{"Id": f"t{i}", "Arn": group_arn} for i in range(4)])
            assert code == "LimitExceededException"
            result = events.remove_targets(Rule=name, Ids=["logs", "other"])
            assert result["FailedEntryCount"] == 0
            assert events.list_targets_by_rule(Rule=name)["Targets"] == []
            assert error(events.remove_targets, Rule=name + "x", Ids=["a"])[0] == "ResourceNotFoundException"
            assert error(events.list_targets_by_rule, Rule=name + "x")[0] == "ResourceNotFoundException"
            events.delete_rule(Name=name)
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Tags_on_a_rule_are_set_listed_and_removed()
    {
        var name = Unique("tags");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            arn = events.put_rule(Name=name, EventPattern=PATTERN, Tags=[{"Key": "a", "Value": "1"}])["RuleArn"]
            events.tag_resource(ResourceARN=arn, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])
            assert sorted((t["Key"], t["Value"]) for t in events.list_tags_for_resource(ResourceARN=arn)["Tags"]) == [("a", "3"), ("b", "2")]
            events.untag_resource(ResourceARN=arn, TagKeys=["a"])
            assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
            assert error(events.list_tags_for_resource, ResourceARN=arn + "x") == ("ResourceNotFoundException", f"Rule {name}x does not exist on EventBus default.")
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void The_CLI_sets_up_container_insights_lifecycle_events()
    {
        var name = Unique("insights");
        var arn = stevedore.Aws("events", "put-rule", "--name", name, "--event-pattern", """{"source":["aws.ecs"]}""")
            .Succeeded().Json["RuleArn"]!.GetValue<string>();
        stevedore.Aws("events", "put-targets", "--rule", name, "--targets", "Id=1,Arn=arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/ecs").Succeeded();

        var targets = stevedore.Aws("events", "list-targets-by-rule", "--rule", name).Succeeded().Json["Targets"]!.AsArray();

        Assert.Equal($"arn:aws:events:us-east-1:000000000000:rule/{name}", arn);
        Assert.Equal("1", Assert.Single(targets)!["Id"]!.GetValue<string>());
        stevedore.Aws("events", "describe-rule", "--name", name + "-ghost").FailedWith("ResourceNotFoundException");
    }
}
