using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Logs;

/// <summary>PutLogEvents' batch rules and rejected-events info, GetLogEvents' tokens, FilterLogEvents' patterns.</summary>
public sealed class LogEventTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private string Script(string body)
    {
        var group = $"events-{Guid.NewGuid():N}";
        return LogGroupTests.Prelude + $$"""
            group = "{{group}}"
            logs.create_log_group(logGroupName=group)
            logs.create_log_stream(logGroupName=group, logStreamName="s")
            now = int(time.time() * 1000)
            HOUR = 3600 * 1000
            DAY = 24 * HOUR

            """ + body + "\nprint(\"ok\")\n";
    }

    [Fact]
    public void A_batch_out_of_order_too_long_or_too_large_is_refused()
    {
        stevedore.Python(Script("""
            assert error(logs.put_log_events, logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "b"}, {"timestamp": now - 1, "message": "a"}]) == \
                ("InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.")
            assert error(logs.put_log_events, logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now - 25 * HOUR, "message": "a"}, {"timestamp": now, "message": "b"}]) == \
                ("InvalidParameterException", "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
            big = "x" * (1048576 - 26)
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": big}])
            code, message = error(logs.put_log_events, logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": big + "y"}])
            assert code == "InvalidParameterException" and message == "Upload too large: 1048577 bytes exceeds limit of 1048576", message
            code, message = error(logs.put_log_events, logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "m"}] * 10001)
            assert code == "InvalidParameterException" and "Member must have length less than or equal to 10000" in message, message
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "m"}] * 10000)
            assert error(logs.put_log_events, logGroupName=group, logStreamName="ghost", logEvents=[{"timestamp": now, "message": "m"}]) == \
                ("ResourceNotFoundException", "The specified log stream does not exist.")
            assert error(logs.put_log_events, logGroupName=group + "-ghost", logStreamName="s", logEvents=[{"timestamp": now, "message": "m"}]) == \
                ("ResourceNotFoundException", "The specified log group does not exist.")
            """)).Succeeded();
    }

    [Fact]
    public void Batches_sent_at_once_to_one_stream_each_get_their_own_number_and_keep_every_event()
    {
        stevedore.Python(Script("""
            from concurrent.futures import ThreadPoolExecutor
            def send(worker):
                tokens = []
                for i in range(30):
                    events = [{"timestamp": now + i, "message": f"{worker}-{i}-a"}, {"timestamp": now + i, "message": f"{worker}-{i}-b"}]
                    tokens.append(int(logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=events)["nextSequenceToken"]))
                return tokens
            with ThreadPoolExecutor(8) as pool:
                tokens = sorted(t for batch in pool.map(send, range(8)) for t in batch)
            assert tokens == list(range(2, 242)), tokens
            stream = logs.describe_log_streams(logGroupName=group)["logStreams"][0]
            assert int(stream["uploadSequenceToken"]) == 241, stream
            assert (stream["firstEventTimestamp"], stream["lastEventTimestamp"]) == (now, now + 29), stream
            messages = []
            kwargs = {"startFromHead": True}
            while True:
                page = logs.get_log_events(logGroupName=group, logStreamName="s", limit=100, **kwargs)
                messages += [e["message"] for e in page["events"]]
                if page["nextForwardToken"] == kwargs.get("nextToken"):
                    break
                kwargs["nextToken"] = page["nextForwardToken"]
            assert sorted(messages) == sorted(f"{w}-{i}-{x}" for w in range(8) for i in range(30) for x in "ab"), len(messages)
            """)).Succeeded();
    }

    [Fact]
    public void Events_too_old_too_new_or_past_retention_are_rejected_and_reported_by_index()
    {
        stevedore.Python(Script("""
            events = [{"timestamp": now - 15 * DAY, "message": "too old"}, {"timestamp": now - 15 * DAY + HOUR, "message": "too old too"},
                      {"timestamp": now - 15 * DAY + 2 * HOUR, "message": "still too old"}]
            result = logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=events)
            assert result["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 3}, result
            events = [{"timestamp": now, "message": "kept"}, {"timestamp": now + 3 * HOUR, "message": "too new"}]
            result = logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=events, sequenceToken="not-a-real-token")
            assert result["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 1}, result
            assert len(result["nextSequenceToken"]) == 56
            logs.put_retention_policy(logGroupName=group, retentionInDays=1)
            events = [{"timestamp": now - 30 * HOUR, "message": "expired"}, {"timestamp": now - 29 * HOUR, "message": "expired too"}, {"timestamp": now - 10 * HOUR, "message": "kept too"}]
            result = logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=events)
            assert result["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 2}, result
            messages = [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName="s", startFromHead=True)["events"]]
            assert messages == ["kept too", "kept"], messages
            result = logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now, "message": "fine"}])
            assert "rejectedLogEventsInfo" not in result
            """)).Succeeded();
    }

    [Fact]
    public void Get_log_events_reads_from_either_end_with_tokens_limits_and_time_ranges()
    {
        stevedore.Python(Script("""
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now - 100 + i, "message": f"m{i}"} for i in range(5)])
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[{"timestamp": now - 200, "message": "earliest"}])
            messages = lambda r: [e["message"] for e in r["events"]]
            everything = logs.get_log_events(logGroupName=group, logStreamName="s", startFromHead=True)
            assert messages(everything) == ["earliest", "m0", "m1", "m2", "m3", "m4"], messages(everything)
            assert all("ingestionTime" in e for e in everything["events"])
            tail = logs.get_log_events(logGroupName=group, logStreamName="s", limit=2)
            assert messages(tail) == ["m3", "m4"]
            back = logs.get_log_events(logGroupName=group, logStreamName="s", limit=2, nextToken=tail["nextBackwardToken"])
            assert messages(back) == ["m1", "m2"]
            head = logs.get_log_events(logGroupName=group, logStreamName="s", limit=4, startFromHead=True)
            assert messages(head) == ["earliest", "m0", "m1", "m2"]
            more = logs.get_log_events(logGroupName=group, logStreamName="s", limit=4, nextToken=head["nextForwardToken"])
            assert messages(more) == ["m3", "m4"]
            end = logs.get_log_events(logGroupName=group, logStreamName="s", limit=4, nextToken=more["nextForwardToken"])
            assert messages(end) == [] and end["nextForwardToken"] == more["nextForwardToken"]
            ranged = logs.get_log_events(logGroupName=group, logStreamName="s", startTime=now - 99, endTime=now - 97, startFromHead=True)
            assert messages(ranged) == ["m1", "m2"], messages(ranged)
            assert error(logs.get_log_events, logGroupName=group, logStreamName="s", nextToken="x/1")[0] == "InvalidParameterException"
            """)).Succeeded();
    }

    [Fact]
    public void Filter_log_events_matches_terms_across_streams_in_time_order_and_pages()
    {
        stevedore.Python(Script("""
            logs.create_log_stream(logGroupName=group, logStreamName="t")
            logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[
                {"timestamp": now - 50, "message": "ERROR disk full"}, {"timestamp": now - 30, "message": "INFO started"}, {"timestamp": now - 10, "message": "WARN slow disk"}])
            logs.put_log_events(logGroupName=group, logStreamName="t", logEvents=[
                {"timestamp": now - 40, "message": "error lowercase"}, {"timestamp": now - 20, "message": "ERROR timeout after 5s"}])
            messages = lambda **kw: [e["message"] for e in logs.filter_log_events(logGroupName=group, **kw)["events"]]
            assert messages() == ["ERROR disk full", "error lowercase", "INFO started", "ERROR timeout after 5s", "WARN slow disk"]
            assert messages(filterPattern="ERROR") == ["ERROR disk full", "ERROR timeout after 5s"]
            assert messages(filterPattern="ERROR disk") == ["ERROR disk full"]
            assert messages(filterPattern="?ERROR ?WARN") == ["ERROR disk full", "ERROR timeout after 5s", "WARN slow disk"]
            assert messages(filterPattern="disk -WARN") == ["ERROR disk full"]
            assert messages(filterPattern='"timeout after"') == ["ERROR timeout after 5s"]
            assert messages(logStreamNames=["t"]) == ["error lowercase", "ERROR timeout after 5s"]
            assert messages(logStreamNamePrefix="t") == ["error lowercase", "ERROR timeout after 5s"]
            assert messages(startTime=now - 40, endTime=now - 20) == ["error lowercase", "INFO started", "ERROR timeout after 5s"]
            event = logs.filter_log_events(logGroupName=group, limit=1)
            assert event["events"][0]["logStreamName"] == "s" and len(event["events"][0]["eventId"]) == 56 and "nextToken" in event
            paged = [e["message"] for p in logs.get_paginator("filter_log_events").paginate(logGroupName=group, PaginationConfig={"PageSize": 2}) for e in p["events"]]
            assert len(paged) == 5 and len({e["eventId"] for e in logs.filter_log_events(logGroupName=group)["events"]}) == 5
            assert error(logs.filter_log_events, logGroupName=group, logStreamNames=["s"], logStreamNamePrefix="s")[0] == "InvalidParameterException"
            assert error(logs.filter_log_events, logGroupName=group + "-ghost") == ("ResourceNotFoundException", "The specified log group does not exist.")
            """)).Succeeded();
    }

    [Fact]
    public void The_CLI_puts_and_reads_log_events()
    {
        var group = $"cli-events-{Guid.NewGuid():N}";
        stevedore.Aws("logs", "create-log-group", "--log-group-name", group).Succeeded();
        stevedore.Aws("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "app").Succeeded();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        stevedore.Aws("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "app",
            "--log-events", $"timestamp={now},message=hello", $"timestamp={now + 1},message=world").Succeeded();

        var events = stevedore.Aws("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "app", "--start-from-head")
            .Succeeded().Json["events"]!.AsArray();
        var filtered = stevedore.Aws("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "world")
            .Succeeded().Json["events"]!.AsArray();

        Assert.Equal(["hello", "world"], events.Select(e => e!["message"]!.GetValue<string>()));
        Assert.Equal("world", Assert.Single(filtered)!["message"]!.GetValue<string>());
    }
}
