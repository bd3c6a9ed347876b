using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Text that parses but cannot be read, through the real endpoint with boto3 (client-side validation off): escaped lone
/// surrogates, repeated JSON names, numbers of the wrong type inside embedded documents, header values an answer
/// cannot carry. Each was an InternalFailure (or a 500 from Kestrel with no body) before; each gets an AWS error now.
/// </summary>
public sealed class MalformedTextTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Helpers = """
        import boto3, json
        from botocore.config import Config
        from botocore.exceptions import ClientError
        cfg = Config(parameter_validation=False, retries={"max_attempts": 0})
        c = lambda s: boto3.client(s, config=cfg)
        def err(f, *a, **k):
            try:
                f(*a, **k)
                return "OK"
            except ClientError as e:
                return str(e.response["ResponseMetadata"]["HTTPStatusCode"]) + " " + e.response["Error"]["Code"] + ": " + e.response["Error"].get("Message", "")
        out = {}

        """;

    private JsonObject Run(string body) =>
        JsonNode.Parse(stevedore.Python(Helpers + body + "\nprint(json.dumps(out, default=str))").Succeeded().Stdout)!.AsObject();

    private static string S(JsonObject o, string key) => o[key]!.GetValue<string>();

    [Fact]
    public void An_escaped_lone_surrogate_is_a_client_error_in_every_reader()
    {
        // boto3 writes "\ud800" in a JSON body as the escape itself; the documents carry it as text.
        var o = Run("""
            out["json_body"] = err(c("logs").create_log_group, logGroupName="\ud800")
            trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\\ud800"},"Action":"sts:AssumeRole"}]}'
            out["iam_policy"] = err(c("iam").create_role, RoleName="surrogate", AssumeRolePolicyDocument=trust)
            key = '{"Version":"2012-10-17","Statement":[{"Sid":"\\ud800","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}'
            out["kms_policy"] = err(c("kms").create_key, Policy=key)
            out["events_source"] = err(c("events").put_rule, Name="surrogate", EventPattern='{"source":["\\ud800"]}')
            out["events_field"] = err(c("events").put_rule, Name="surrogate2", EventPattern='{"\\ud800":["a"]}')
            ecr = c("ecr"); ecr.create_repository(repositoryName="surrogate")
            m = '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,"digest":"\\ud800"},"layers":[]}'
            out["ecr_manifest"] = err(ecr.put_image, repositoryName="surrogate", imageTag="t", imageManifest=m)
            """);
        Assert.Equal("400 SerializationException: Unable to parse the request body as JSON", S(o, "json_body"));
        Assert.Equal("400 MalformedPolicyDocument: This policy contains invalid Json", S(o, "iam_policy"));
        Assert.StartsWith("400 MalformedPolicyDocumentException: ", S(o, "kms_policy"));
        // A value inside a pattern is not read (AWS accepts any string there); a field name must be.
        Assert.Equal("OK", S(o, "events_source"));
        Assert.StartsWith("400 InvalidEventPatternException: Event pattern is not valid. Reason: ", S(o, "events_field"));
        Assert.StartsWith("400 InvalidParameterException: Invalid parameter at 'ImageManifest'", S(o, "ecr_manifest"));
    }

    [Fact]
    public void Repeated_names_and_numbers_of_the_wrong_type_in_documents_are_client_errors()
    {
        var o = Run("""
            key = '{"Version":"2012-10-17","Statement":[{"Sid":"r","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}],"Version":"2012-10-17"}'
            out["kms_duplicate"] = err(c("kms").create_key, Policy=key)
            out["events_duplicate"] = err(c("events").put_rule, Name="dup", EventPattern='{"source":["a"],"source":["b"]}')
            ecs = c("ecs"); ecs.create_cluster(clusterName="dup")
            out["identity_duplicate"] = err(ecs.register_container_instance, cluster="dup",
                instanceIdentityDocument='{"instanceId":"i-1","instanceId":"i-2"}')
            attrs = ecs.register_container_instance(cluster="dup", instanceIdentityDocument='{"instanceId":"i-0dup00000000000000"}',
                attributes=[{"name": "stevedore.config/ECS_ENGINE_AUTH_TYPE", "value": "a"},
                            {"name": "stevedore.config/ECS_ENGINE_AUTH_TYPE", "value": "b"}])["containerInstance"]["attributes"]
            out["attributes"] = [a.get("value") for a in attrs if a["name"] == "stevedore.config/ECS_ENGINE_AUTH_TYPE"]
            ecr = c("ecr"); ecr.create_repository(repositoryName="sizes")
            def manifest(size, version=2):
                return json.dumps({"schemaVersion": version, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": size, "digest": "sha256:" + "a" * 64}, "layers": []})
            out["size_string"] = err(ecr.put_image, repositoryName="sizes", imageTag="a", imageManifest=manifest("10"))
            out["size_object"] = err(ecr.put_image, repositoryName="sizes", imageTag="b", imageManifest=manifest({}))
            out["version_overflow"] = err(ecr.put_image, repositoryName="sizes", imageTag="c", imageManifest=manifest(10, 9223372036854775808))
            out["good"] = err(ecr.put_image, repositoryName="sizes", imageTag="d", imageManifest=manifest(10))
            """);
        Assert.Equal("400 MalformedPolicyDocumentException: MalformedPolicyDocument: Syntax errors in policy. (at Version)", S(o, "kms_duplicate"));
        Assert.StartsWith("400 InvalidEventPatternException: Event pattern is not valid. Reason: ", S(o, "events_duplicate"));
        Assert.Equal("400 ClientException: Invalid instance identity document.", S(o, "identity_duplicate"));
        Assert.Equal("[\"b\"]", o["attributes"]!.ToJsonString());
        Assert.StartsWith("400 InvalidParameterException: Invalid parameter at 'ImageManifest'", S(o, "size_string"));
        Assert.StartsWith("400 InvalidParameterException: Invalid parameter at 'ImageManifest'", S(o, "size_object"));
        Assert.StartsWith("400 InvalidParameterException: Invalid parameter at 'ImageManifest'", S(o, "version_overflow"));
        Assert.Equal("OK", S(o, "good"));
    }

    [Fact]
    public void S3_answers_only_headers_it_can_carry()
    {
        var o = Run("""
            s3 = c("s3"); s3.create_bucket(Bucket="headers")
            s3.put_object(Bucket="headers", Key="dir/a", Body=b"x"); s3.put_object(Bucket="headers", Key="dir/b", Body=b"y")
            s3.put_object(Bucket="headers", Key="latin", Body=b"x", ContentType="caf\u00e9", ContentDisposition="inline; filename=\"\u00e9.txt\"")
            h = s3.head_object(Bucket="headers", Key="latin")
            # botocore reads header bytes as ISO-8859-1: UTF-8 "é" (C3 A9) comes back as "Ã©", the bytes it was sent as
            out["round_trip"] = [h["ContentType"].encode("latin-1").decode("utf-8"), h["ContentDisposition"].encode("latin-1").decode("utf-8")]
            out["get_latin"] = s3.get_object(Bucket="headers", Key="latin")["ContentType"].encode("latin-1").decode("utf-8")
            out["override_latin"] = s3.get_object(Bucket="headers", Key="dir/a", ResponseContentLanguage="fran\u00e7ais")["ContentLanguage"].encode("latin-1").decode("utf-8")
            out["override_cjk"] = err(s3.get_object, Bucket="headers", Key="dir/a", ResponseContentDisposition="attachment; filename=\"\u6587.txt\"")
            out["override_newline"] = err(s3.get_object, Bucket="headers", Key="dir/a", ResponseContentType="a\nb")
            out["metadata_control"] = err(s3.put_object, Bucket="headers", Key="ctl", Body=b"x", Metadata={"k": "a\x01b"})
            out["metadata_control_stored"] = err(s3.head_object, Bucket="headers", Key="ctl")
            v1 = s3.list_objects(Bucket="headers", Delimiter="/", MaxKeys=0)
            out["v1_zero"] = [v1["IsTruncated"], "NextMarker" in v1, len(v1.get("Contents", [])), len(v1.get("CommonPrefixes", []))]
            v2 = s3.list_objects_v2(Bucket="headers", MaxKeys=0)
            out["v2_zero"] = [v2["IsTruncated"], "NextContinuationToken" in v2, v2["KeyCount"]]
            """);
        Assert.Equal("[\"café\",\"inline; filename=\\\"é.txt\\\"\"]", o["round_trip"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("café", S(o, "get_latin"));
        Assert.Equal("français", S(o, "override_latin"));
        Assert.Equal("400 InvalidArgument: Header value cannot be represented using ISO-8859-1.", S(o, "override_cjk"));
        Assert.Equal("400 InvalidArgument: Header value cannot be represented using ISO-8859-1.", S(o, "override_newline"));
        Assert.Equal("400 InvalidArgument: Header value cannot be represented using ISO-8859-1.", S(o, "metadata_control"));
        Assert.Equal("404 404: Not Found", S(o, "metadata_control_stored"));
        Assert.Equal("[false,false,0,0]", o["v1_zero"]!.ToJsonString());
        Assert.Equal("[false,false,0]", o["v2_zero"]!.ToJsonString());
    }

    [Fact]
    public void Forged_markers_broken_body_framing_and_oversized_metadata_are_client_errors()
    {
        var o = Run("""
            import base64, http.client, os, urllib.parse
            iam = c("iam")
            huge = base64.b64encode(b"99999999999").decode()
            out["details"] = err(iam.get_account_authorization_details, Marker=huge)
            out["details_negative"] = err(iam.get_account_authorization_details, Marker=base64.b64encode(b"-1").decode())
            policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
            out["simulate"] = err(iam.simulate_custom_policy, PolicyInputList=[policy], ActionNames=["s3:GetObject"], Marker=huge)
            s3 = c("s3"); s3.create_bucket(Bucket="framing")
            out["metadata_2k"] = err(s3.put_object, Bucket="framing", Key="ok", Body=b"x", Metadata={"k": "v" * 2047})
            out["metadata_big"] = err(s3.put_object, Bucket="framing", Key="big", Body=b"x", Metadata={"k": "v" * 3000})
            # A chunked transfer encoding whose chunk size is not hex: Kestrel refuses it while the body is read.
            u = urllib.parse.urlparse(os.environ["AWS_ENDPOINT_URL"])
            def raw(path, headers):
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
                conn.putrequest("PUT", path)
                for k, v in headers.items():
                    conn.putheader(k, v)
                conn.endheaders()
                conn.send(b"zz\r\n\r\n")
                r = conn.getresponse()
                return [r.status, r.read().decode()]
            auth = "AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00"
            out["s3_framing"] = raw("/framing/k", {"Transfer-Encoding": "chunked", "Authorization": auth})
            out["unsigned_framing"] = raw("/", {"Transfer-Encoding": "chunked"})
            """);
        Assert.Equal("400 ValidationError: Invalid Marker.", S(o, "details"));
        Assert.Equal("400 ValidationError: Invalid Marker.", S(o, "details_negative"));
        Assert.Equal("400 InvalidInput: Invalid Marker.", S(o, "simulate"));
        Assert.Equal("OK", S(o, "metadata_2k"));
        Assert.Equal("400 MetadataTooLarge: Your metadata headers exceed the maximum allowed metadata size", S(o, "metadata_big"));
        Assert.Equal(400, o["s3_framing"]![0]!.GetValue<int>());
        Assert.Contains("<Code>IncompleteBody</Code>", o["s3_framing"]![1]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, o["unsigned_framing"]![0]!.GetValue<int>());
        Assert.Contains("<Code>BadRequest</Code>", o["unsigned_framing"]![1]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
