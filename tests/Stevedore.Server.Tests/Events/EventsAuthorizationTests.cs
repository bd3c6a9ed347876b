using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Events;

/// <summary>Every EventBridge operation is authorized on the rule's ARN; the seed document's Container Insights policies suffice.</summary>
public sealed class EventsAuthorizationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_seed_documents_container_insights_policies_set_up_and_view_lifecycle_events()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        stevedore.Python($$"""
            import boto3, json
            from botocore.config import Config
            cfg = Config(retries={"max_attempts": 1})
            iam = boto3.client("iam", config=cfg)

            def clients(name, actions):
                iam.create_user(UserName=name)
                iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
                key = iam.create_access_key(UserName=name)["AccessKey"]
                make = lambda service: boto3.client(service, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], config=cfg)
                return make("events"), make("logs")

            setup_events, setup_logs = clients("insights-setup-{{suffix}}", ["events:PutRule", "events:PutTargets", "logs:CreateLogGroup"])
            view_events, view_logs = clients("insights-view-{{suffix}}", ["events:DescribeRule", "events:ListTargetsByRule", "logs:DescribeLogGroups"])
            group = "/aws/events/ecs/containerinsights/cluster-{{suffix}}/performance"
            setup_logs.create_log_group(logGroupName=group)
            arn = setup_events.put_rule(Name="EventsToLogs-{{suffix}}", EventPattern=json.dumps({"source": ["aws.ecs"], "detail-type": ["ECS Task State Change", "ECS Container Instance State Change", "ECS Deployment State Change"]}))["RuleArn"]
            setup_events.put_targets(Rule="EventsToLogs-{{suffix}}", Targets=[{"Id": "logs", "Arn": f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"}])
            assert view_events.describe_rule(Name="EventsToLogs-{{suffix}}")["Arn"] == arn
            assert len(view_events.list_targets_by_rule(Rule="EventsToLogs-{{suffix}}")["Targets"]) == 1
            assert view_logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["logGroupName"] == group
            try:
                view_events.put_rule(Name="EventsToLogs-{{suffix}}", EventPattern='{"source": ["aws.ecs"]}')
                raise AssertionError("the view policy must not allow PutRule")
            except view_events.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "AccessDeniedException"
                assert f"is not authorized to perform: events:PutRule on resource: {arn} because no identity-based policy allows the events:PutRule action" in e.response["Error"]["Message"], e.response["Error"]["Message"]
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Event_condition_keys_restrict_rules_by_source_and_targets_by_ARN()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        stevedore.Python($$"""
            import boto3, json
            from botocore.config import Config
            cfg = Config(retries={"max_attempts": 1})
            iam = boto3.client("iam", config=cfg)
            name = "scoped-{{suffix}}"
            iam.create_user(UserName=name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "events:PutRule", "Resource": "*", "Condition": {"StringEquals": {"events:source": "aws.ecs"} } },
                {"Effect": "Allow", "Action": "events:PutTargets", "Resource": "*", "Condition": {"ArnLike": {"events:TargetArn": "arn:aws:logs:*:*:log-group:/aws/events/*"} } }]}))
            key = iam.create_access_key(UserName=name)["AccessKey"]
            events = boto3.client("events", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], config=cfg)
            events.put_rule(Name=name, EventPattern=json.dumps({"source": ["aws.ecs"]}))
            for call, kwargs in [(events.put_rule, {"Name": name + "-ec2", "EventPattern": json.dumps({"source": ["aws.ec2"]})}),
                                 (events.put_targets, {"Rule": name, "Targets": [{"Id": "q", "Arn": "arn:aws:sqs:us-east-1:000000000000:q"}]})]:
                try:
                    call(**kwargs)
                    raise AssertionError("expected AccessDeniedException")
                except events.exceptions.ClientError as e:
                    assert e.response["Error"]["Code"] == "AccessDeniedException"
            events.put_targets(Rule=name, Targets=[{"Id": "l", "Arn": "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/x"}])
            print("ok")
            """).Succeeded();
    }
}
