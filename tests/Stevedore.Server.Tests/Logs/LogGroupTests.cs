using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Logs;

/// <summary>Log groups through boto3 and the AWS CLI: create, describe (ARNs, prefix, pagination), retention, delete, tags.</summary>
public sealed class LogGroupTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    internal const string Prelude = """
        import boto3, json, time
        from botocore.config import Config
        logs = boto3.client("logs", config=Config(retries={"max_attempts": 1}))

        def error(call, **kwargs):
            try:
                call(**kwargs)
            except logs.exceptions.ClientError as e:
                return e.response["Error"]["Code"], e.response["Error"]["Message"]
            raise AssertionError("expected an error")

        """;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    [Fact]
    public void A_log_group_is_created_described_with_both_ARN_forms_and_deleted()
    {
        var name = "/ecs/" + Unique("grp");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            logs.create_log_group(logGroupName=name, tags={"team": "a"}, kmsKeyId="arn:aws:kms:us-east-1:000000000000:key/k")
            assert error(logs.create_log_group, logGroupName=name) == ("ResourceAlreadyExistsException", "The specified log group already exists")
            code, message = error(logs.create_log_group, logGroupName="bad:name")
            assert code == "InvalidParameterException", code
            assert message == "1 validation error detected: Value 'bad:name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+", message

            group = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
            assert group["logGroupName"] == name
            assert group["arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{name}:*", group["arn"]
            assert group["logGroupArn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{name}", group["logGroupArn"]
            assert group["kmsKeyId"] == "arn:aws:kms:us-east-1:000000000000:key/k"
            assert group["logGroupClass"] == "STANDARD" and group["metricFilterCount"] == 0 and group["storedBytes"] == 0
            assert "retentionInDays" not in group
            assert abs(group["creationTime"] - time.time() * 1000) < 60000

            logs.delete_log_group(logGroupName=name)
            assert logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] == []
            assert error(logs.delete_log_group, logGroupName=name) == ("ResourceNotFoundException", "The specified log group does not exist.")
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Describe_log_groups_pages_by_limit_and_filters_by_prefix()
    {
        var prefix = Unique("page");
        stevedore.Python(Prelude + $$"""
            prefix = "{{prefix}}"
            for i in range(5):
                logs.create_log_group(logGroupName=f"{prefix}-{i}")
            logs.create_log_group(logGroupName=f"other-{prefix}")
            first = logs.describe_log_groups(logGroupNamePrefix=prefix, limit=2)
            assert [g["logGroupName"] for g in first["logGroups"]] == [f"{prefix}-0", f"{prefix}-1"]
            second = logs.describe_log_groups(logGroupNamePrefix=prefix, limit=2, nextToken=first["nextToken"])
            assert [g["logGroupName"] for g in second["logGroups"]] == [f"{prefix}-2", f"{prefix}-3"]
            names = [g["logGroupName"] for page in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=prefix, PaginationConfig={"PageSize": 2}) for g in page["logGroups"]]
            assert names == [f"{prefix}-{i}" for i in range(5)], names
            pattern = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePattern=prefix.upper())["logGroups"]]
            assert f"other-{prefix}" in pattern and len(pattern) == 6
            assert error(logs.describe_log_groups, nextToken="garbage")[0] == "InvalidParameterException"
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Retention_takes_only_the_values_AWS_allows()
    {
        var name = Unique("retention");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            logs.create_log_group(logGroupName=name)
            logs.put_retention_policy(logGroupName=name, retentionInDays=7)
            assert logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["retentionInDays"] == 7
            code, message = error(logs.put_retention_policy, logGroupName=name, retentionInDays=10)
            assert code == "InvalidParameterException", code
            assert message == "1 validation error detected: Value '10' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]", message
            logs.delete_retention_policy(logGroupName=name)
            assert "retentionInDays" not in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
            assert error(logs.put_retention_policy, logGroupName=name + "-ghost", retentionInDays=1) == ("ResourceNotFoundException", "The specified log group does not exist.")
            assert error(logs.delete_retention_policy, logGroupName=name + "-ghost") == ("ResourceNotFoundException", "The specified log group does not exist.")
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Tags_are_set_listed_and_removed_by_ARN_and_by_name()
    {
        var name = Unique("tags");
        stevedore.Python(Prelude + $$"""
            name = "{{name}}"
            arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{name}"
            logs.create_log_group(logGroupName=name, tags={"a": "1"})
            logs.tag_resource(resourceArn=arn, tags={"b": "2"})
            assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
            logs.untag_resource(resourceArn=arn, tagKeys=["a"])
            assert logs.list_tags_log_group(logGroupName=name)["tags"] == {"b": "2"}
            logs.tag_log_group(logGroupName=name, tags={"c": "3"})
            logs.untag_log_group(logGroupName=name, tags=["b"])
            assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"c": "3"}
            assert error(logs.list_tags_for_resource, resourceArn=arn + "-ghost")[0] == "ResourceNotFoundException"
            assert error(logs.list_tags_log_group, logGroupName=name + "-ghost") == ("ResourceNotFoundException", "The specified log group does not exist.")
            assert error(logs.tag_log_group, logGroupName=name + "-ghost", tags={"x": "y"})[0] == "ResourceNotFoundException"
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void The_CLI_creates_and_describes_a_log_group()
    {
        var name = "/ecs/" + Unique("cli");
        stevedore.Aws("logs", "create-log-group", "--log-group-name", name).Succeeded();
        stevedore.Aws("logs", "create-log-group", "--log-group-name", name).FailedWith("ResourceAlreadyExistsException");

        var groups = stevedore.Aws("logs", "describe-log-groups", "--log-group-name-prefix", name).Succeeded().Json["logGroups"]!.AsArray();

        Assert.Equal(name, Assert.Single(groups)!["logGroupName"]!.GetValue<string>());
        stevedore.Aws("logs", "put-retention-policy", "--log-group-name", name, "--retention-in-days", "30").Succeeded();
        stevedore.Aws("logs", "delete-log-group", "--log-group-name", name).Succeeded();
    }
}
