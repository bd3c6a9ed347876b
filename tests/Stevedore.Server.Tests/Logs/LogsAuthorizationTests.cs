using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Logs;

/// <summary>Every operation is authorized, on the ARNs AWS authorizes it on, with the group's tags.</summary>
public sealed class LogsAuthorizationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Group_operations_need_the_group_ARN_with_a_trailing_wildcard_and_tagging_the_bare_ARN()
    {
        var group = $"authz-{Guid.NewGuid():N}";
        stevedore.Python(Users + $$"""
            group = "{{group}}"
            arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
            root.create_log_group(logGroupName=group, tags={"team": "blue"})
            root.create_log_stream(logGroupName=group, logStreamName="s")
            wild = user("wild-" + group[:20], [{"Effect": "Allow", "Action": "logs:*", "Resource": arn + ":*"}])
            bare = user("bare-" + group[:20], [{"Effect": "Allow", "Action": "logs:*", "Resource": arn}])
            now = int(time.time() * 1000)
            wild.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "m"}])
            wild.describe_log_streams(logGroupName=group)
            wild.create_log_stream(logGroupName=group, logStreamName="w")
            code, message = denied(bare.describe_log_streams, logGroupName=group)
            assert message.endswith(f"is not authorized to perform: logs:DescribeLogStreams on resource: {arn}:log-stream: because no identity-based policy allows the logs:DescribeLogStreams action"), message
            code, message = denied(bare.put_log_events, logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "m"}])
            assert f"on resource: {arn}:log-stream:s because" in message, message
            bare.list_tags_for_resource(resourceArn=arn)
            denied(wild.list_tags_for_resource, resourceArn=arn)
            code, message = denied(wild.describe_log_groups)
            assert "on resource: arn:aws:logs:us-east-1:000000000000:log-group::log-stream: because" in message, message
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Resource_tags_of_the_group_are_condition_keys()
    {
        var group = $"tagged-{Guid.NewGuid():N}";
        stevedore.Python(Users + $$"""
            group = "{{group}}"
            root.create_log_group(logGroupName=group, tags={"team": "blue"})
            root.create_log_group(logGroupName=group + "-red", tags={"team": "red"})
            blue = user("blue-" + group[:20], [{"Effect": "Allow", "Action": "logs:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"} } }])
            blue.create_log_stream(logGroupName=group, logStreamName="s")
            denied(blue.create_log_stream, logGroupName=group + "-red", logStreamName="s")
            tagger = user("tagger-" + group[:20], [{"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestTag/team": "blue"} } }])
            tagger.create_log_group(logGroupName=group + "-new", tags={"team": "blue"})
            denied(tagger.create_log_group, logGroupName=group + "-newer")
            print("ok")
            """).Succeeded();
    }

    private const string Users = """
        import boto3, json, time
        from botocore.config import Config
        cfg = Config(retries={"max_attempts": 1})
        iam = boto3.client("iam", config=cfg)
        root = boto3.client("logs", config=cfg)

        def user(name, statements):
            iam.create_user(UserName=name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
            key = iam.create_access_key(UserName=name)["AccessKey"]
            return boto3.client("logs", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], config=cfg)

        def denied(call, **kwargs):
            try:
                call(**kwargs)
            except Exception as e:
                assert e.response["Error"]["Code"] == "AccessDeniedException", e.response["Error"]
                return e.response["Error"]["Code"], e.response["Error"]["Message"]
            raise AssertionError("expected AccessDeniedException")

        """;
}
