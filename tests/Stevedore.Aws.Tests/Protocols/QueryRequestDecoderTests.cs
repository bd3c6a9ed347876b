using System.Text;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

public sealed class QueryRequestDecoderTests
{
    private static readonly ServiceModel Iam = ServiceModel.Load("iam");
    private static readonly ServiceModel Sts = ServiceModel.Load("sts");
    private const string Doc = "AssumeRolePolicyDocument=%7B%7D";

    private static AwsServiceException Fails(ServiceModel model, string body) =>
        Assert.Throws<AwsServiceException>(() => QueryRequestDecoder.Decode(model, body));

    private static void AssertValidation(string body, string message)
    {
        var e = Fails(Iam, body);
        Assert.Equal("ValidationError", e.Code);
        Assert.Equal(400, e.HttpStatus);
        Assert.True(e.SenderFault);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Pattern_violation()
    {
        AssertValidation($"Action=CreateRole&Version=2010-05-08&RoleName=bad%20name%21&{Doc}",
            @"1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+");
    }

    [Fact]
    public void Pattern_uses_java_ascii_word_characters()
    {
        // .NET's \w would accept é; Java's (and AWS's) does not.
        AssertValidation($"Action=GetRole&RoleName=r%C3%A9",
            @"1 validation error detected: Value 'ré' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+");
    }

    [Fact]
    public void Length_above_maximum()
    {
        var name = new string('a', 65);
        AssertValidation($"Action=CreateRole&RoleName={name}&{Doc}",
            $"1 validation error detected: Value '{name}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64");
    }

    [Fact]
    public void Empty_value_breaks_pattern_and_minimum_length()
    {
        AssertValidation("Action=GetRole&RoleName=",
            @"2 validation errors detected: Value '' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+; "
            + "Value '' at 'roleName' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    [Theory]
    [InlineData("100", "Member must have value greater than or equal to 3600")]
    [InlineData("43201", "Member must have value less than or equal to 43200")]
    public void Integer_out_of_range(string value, string constraint)
    {
        AssertValidation($"Action=CreateRole&RoleName=r&{Doc}&MaxSessionDuration={value}",
            $"1 validation error detected: Value '{value}' at 'maxSessionDuration' failed to satisfy constraint: {constraint}");
    }

    [Fact]
    public void Required_members_missing_in_model_order()
    {
        AssertValidation("Action=CreateRole&Version=2010-05-08",
            "2 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void Nested_list_member_paths()
    {
        var key = new string('k', 129);
        AssertValidation($"Action=CreateRole&RoleName=r&{Doc}&Tags.member.1.Key=ok&Tags.member.1.Value=v&Tags.member.2.Key={key}&Tags.member.2.Value=v",
            $"1 validation error detected: Value '{key}' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
        AssertValidation($"Action=CreateRole&RoleName=r&{Doc}&Tags.member.1.Key=k",
            "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null");
    }

    [Fact]
    public void List_length_above_maximum()
    {
        var body = new StringBuilder($"Action=CreateRole&RoleName=r&{Doc}");
        var keys = new List<string>();
        for (var i = 1; i <= 51; i++)
        {
            body.Append($"&Tags.member.{i}.Key=k{i}&Tags.member.{i}.Value=v");
            keys.Add($"{{Key=k{i}, Value=v}}");
        }
        AssertValidation(body.ToString(),
            $"1 validation error detected: Value '[{string.Join(", ", keys)}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    }

    [Fact]
    public void Enum_violation()
    {
        AssertValidation("Action=SimulatePrincipalPolicy&PolicySourceArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr&ActionNames.member.1=s3%3AGetObject"
            + "&ContextEntries.member.1.ContextKeyName=aws%3ASourceIp&ContextEntries.member.1.ContextKeyValues.member.1=x&ContextEntries.member.1.ContextKeyType=ipv4",
            "1 validation error detected: Value 'ipv4' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: "
            + "Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]");
    }

    [Fact]
    public void Sts_messages()
    {
        var e = Fails(Sts, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr&RoleSessionName=s&DurationSeconds=899");
        Assert.Equal("ValidationError", e.Code);
        Assert.Equal("2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; "
            + "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", e.Message);
    }

    [Fact]
    public void Sensitive_values_are_not_echoed()
    {
        const string json = """
            {"metadata": {"apiVersion": "2020-01-01", "protocol": "query"},
             "operations": {"Op": {"input": {"shape": "In"}}},
             "shapes": {"In": {"type": "structure", "members": {"Secret": {"shape": "secret"}, "Count": {"shape": "count"}}},
                        "secret": {"type": "string", "min": 8, "sensitive": true},
                        "count": {"type": "long", "min": 1}}}
            """;
        var model = ServiceModel.Parse("test", new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var e = Fails(model, "Action=Op&Secret=hunter2&Count=0");
        Assert.Equal("2 validation errors detected: Value at 'secret' failed to satisfy constraint: Member must have length greater than or equal to 8; "
            + "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1", e.Message);
    }

    [Theory]
    [InlineData("Action=GetRoles&Version=2010-05-08", "Could not find operation GetRoles for version 2010-05-08")]
    [InlineData("Action=GetRole&Version=2011-06-15&RoleName=r", "Could not find operation GetRole for version 2011-06-15")]
    [InlineData("Action=AssumeRole", "Could not find operation AssumeRole for version 2010-05-08")]
    public void Unknown_action_is_InvalidAction(string body, string message)
    {
        var e = Fails(Iam, body);
        Assert.Equal("InvalidAction", e.Code);
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Real_but_unimplemented_action_is_not_implemented()
    {
        var e = Fails(Iam, "Action=ListUsers&Version=2010-05-08");
        Assert.Equal("InternalFailure", e.Code);
        Assert.Equal(501, e.HttpStatus);
        Assert.False(e.SenderFault);
        Assert.Equal("API action 'ListUsers' for service 'iam' not yet implemented", e.Message);
    }

    [Fact]
    public void Missing_action()
    {
        var e = Fails(Iam, "Version=2010-05-08&RoleName=r");
        Assert.Equal("MissingAction", e.Code);
        Assert.Equal(400, e.HttpStatus);
    }

    [Fact]
    public void Malformed_number_is_InvalidParameterValue()
    {
        var e = Fails(Iam, "Action=ListRoles&MaxItems=ten");
        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Equal("Value (ten) for parameter MaxItems is invalid.", e.Message);
    }

    [Fact]
    public void Query_string_and_body_are_both_read_and_plus_is_a_space()
    {
        var r = QueryRequestDecoder.Decode(Iam, "Description=a+b%2Bc", "?Action=UpdateRoleDescription&Version=2010-05-08&RoleName=r");
        Assert.Equal("UpdateRoleDescription", r.Action);
        Assert.Equal("r", r.Input["RoleName"]!.GetValue<string>());
        Assert.Equal("a b+c", r.Input["Description"]!.GetValue<string>());
    }

    [Fact]
    public void Values_are_typed_and_empty_list_is_decoded()
    {
        var r = QueryRequestDecoder.Decode(Iam, $"Action=CreateRole&RoleName=r&{Doc}&MaxSessionDuration=3600&Tags=");
        Assert.Equal(3600, r.Input["MaxSessionDuration"]!.GetValue<int>());
        Assert.Empty(r.Input["Tags"]!.AsArray());
        var v = QueryRequestDecoder.Decode(Iam, "Action=CreatePolicyVersion&PolicyArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Apolicy%2Fp&PolicyDocument=x&SetAsDefault=true");
        Assert.True(v.Input["SetAsDefault"]!.GetValue<bool>());
    }

    [Fact]
    public void List_elements_are_ordered_by_index()
    {
        var r = QueryRequestDecoder.Decode(Iam, "Action=UntagRole&RoleName=r&TagKeys.member.10=j&TagKeys.member.2=b&TagKeys.member.1=a");
        Assert.Equal(["a", "b", "j"], r.Input["TagKeys"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
