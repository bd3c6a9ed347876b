using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Logs;

/// <summary>Log streams through boto3: create, describe (order, prefix, pagination), delete.</summary>
public sealed class LogStreamTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Streams_are_created_described_in_either_order_and_deleted()
    {
        var group = $"streams-{Guid.NewGuid():N}";
        stevedore.Python(LogGroupTests.Prelude + $$"""
            group = "{{group}}"
            assert error(logs.create_log_stream, logGroupName=group, logStreamName="s") == ("ResourceNotFoundException", "The specified log group does not exist.")
            logs.create_log_group(logGroupName=group)
            now = int(time.time() * 1000)
            for name, offset in [("b", 3), ("a", 1), ("c", 2)]:
                logs.create_log_stream(logGroupName=group, logStreamName=name)
                logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": now - 10000 + offset, "message": name}])
            assert error(logs.create_log_stream, logGroupName=group, logStreamName="a") == ("ResourceAlreadyExistsException", "The specified log stream already exists")

            streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
            assert [s["logStreamName"] for s in streams] == ["a", "b", "c"]
            a = streams[0]
            assert a["arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:log-stream:a", a["arn"]
            assert a["firstEventTimestamp"] == now - 9999 and a["lastEventTimestamp"] == now - 9999
            assert "lastIngestionTime" in a and "creationTime" in a and len(a["uploadSequenceToken"]) == 56

            by_time = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime", descending=True)["logStreams"]
            assert [s["logStreamName"] for s in by_time] == ["b", "c", "a"]
            assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group, descending=True)["logStreams"]] == ["c", "b", "a"]
            assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="b")["logStreams"]] == ["b"]
            assert [s["logStreamName"] for s in logs.describe_log_streams(logGroupIdentifier=f"arn:aws:logs:us-east-1:000000000000:log-group:{group}")["logStreams"]] == ["a", "b", "c"]
            page = logs.describe_log_streams(logGroupName=group, limit=2)
            assert len(page["logStreams"]) == 2
            rest = logs.describe_log_streams(logGroupName=group, limit=2, nextToken=page["nextToken"])
            assert [s["logStreamName"] for s in rest["logStreams"]] == ["c"] and "nextToken" not in rest
            assert error(logs.describe_log_streams, logGroupName=group, orderBy="LastEventTime", logStreamNamePrefix="a")[0] == "InvalidParameterException"
            assert error(logs.describe_log_streams, logGroupName=group + "-ghost") == ("ResourceNotFoundException", "The specified log group does not exist.")

            logs.delete_log_stream(logGroupName=group, logStreamName="a")
            assert error(logs.delete_log_stream, logGroupName=group, logStreamName="a") == ("ResourceNotFoundException", "The specified log stream does not exist.")
            assert error(logs.get_log_events, logGroupName=group, logStreamName="a") == ("ResourceNotFoundException", "The specified log stream does not exist.")
            logs.create_log_stream(logGroupName=group, logStreamName="a")
            assert logs.get_log_events(logGroupName=group, logStreamName="a")["events"] == []
            print("ok")
            """).Succeeded();
    }

    [Fact]
    public void Deleting_a_group_deletes_its_streams_and_events()
    {
        var group = $"cascade-{Guid.NewGuid():N}";
        stevedore.Python(LogGroupTests.Prelude + $$"""
            group = "{{group}}"
            logs.create_log_group(logGroupName=group)
            logs.create_log_stream(logGroupName=group, logStreamName="s")
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": int(time.time() * 1000), "message": "old"}])
            logs.delete_log_group(logGroupName=group)
            logs.create_log_group(logGroupName=group)
            assert logs.describe_log_streams(logGroupName=group)["logStreams"] == []
            logs.create_log_stream(logGroupName=group, logStreamName="s")
            assert logs.get_log_events(logGroupName=group, logStreamName="s")["events"] == []
            print("ok")
            """).Succeeded();
    }
}
