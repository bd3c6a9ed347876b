using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// EC2 checks its input with its own codes rather than the <c>N validation errors detected</c> text of the other
/// protocols: a missing required parameter is <c>MissingParameter</c>, a value outside an enum <c>InvalidParameterValue</c>.
/// </summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
public static class Ec2InputValidator
{
    /// <summary>Throws the first problem found in <paramref name="input"/> (top-level members of <paramref name="shape"/>).</summary>
    /// <exception cref="AwsServiceException">MissingParameter or InvalidParameterValue.</exception>
    public static void Validate(Shape shape, JsonObject input)
    {
        foreach (var member in shape.Members)
        {
            var wireName = member.QueryName ?? (member.LocationName is { Length: > 0 } ln ? char.ToUpperInvariant(ln[0]) + ln[1..] : member.Name);
            if (!input.TryGetPropertyValue(member.Name, out var value) || value is null)
            {
                if (shape.Required.Contains(member.Name))
                {
                    throw new AwsServiceException("MissingParameter", $"The request must contain the parameter {wireName}");
                }

                continue;
            }

            if (member.Shape.Enum is { } allowed && value is JsonValue v && v.TryGetValue<string>(out var text) && !allowed.Contains(text))
            {
                throw new AwsServiceException("InvalidParameterValue", $"Value ({text}) for parameter {wireName} is invalid.");
            }

            if (IsEmptyId(member, value))
            {
                // https://github.com/ansible/ansible/issues/29519: "Value () for parameter groupId is invalid. The value cannot be empty"
                var named = member.LocationName is { Length: > 0 } location ? location : member.Name;
                var name = char.ToLowerInvariant(named[0]) + named[1..]; // EC2 names parameters in camel case in its messages
                throw new AwsServiceException("InvalidParameterValue", $"Value () for parameter {name} is invalid. The value cannot be empty");
            }
        }
    }

    /// <summary>An id (a member named <c>…Id</c>, or a list of them named <c>…Ids</c>) given as an empty string.</summary>
    private static bool IsEmptyId(MemberModel member, JsonNode value) => value switch
    {
        JsonValue single when member.Name.EndsWith("Id", StringComparison.Ordinal) => single.TryGetValue<string>(out var id) && id.Length == 0,
        JsonArray list when member.Name.EndsWith("Ids", StringComparison.Ordinal) => list.Any(item => item is JsonValue v && v.TryGetValue<string>(out var id) && id.Length == 0),
        _ => false,
    };
}
