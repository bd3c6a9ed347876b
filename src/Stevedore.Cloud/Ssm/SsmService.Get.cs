using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    partial void RegisterGet()
    {
        Register("GetParameter", c => ParameterTarget(c, "ssm:GetParameter", c.RequiredString("Name")), GetParameter);
        Register("GetParameters", c => ParameterTarget(c, "ssm:GetParameters", Strings(c.Input, "Names")[0]), GetParameters);
        Register("GetParameterHistory", c => ParameterTarget(c, "ssm:GetParameterHistory", c.RequiredString("Name")), GetParameterHistory);
    }

    private static JsonObject GetParameter(OperationContext context) => new()
    {
        ["Parameter"] = Resolve(context, context.RequiredString("Name"), context.Bool("WithDecryption") == true) ?? throw SsmErrors.NotFound(),
    };

    /// <summary>Up to ten parameters; the names that do not exist come back in InvalidParameters and the call succeeds.</summary>
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
    private static JsonObject GetParameters(OperationContext context)
    {
        var names = Strings(context.Input, "Names").Distinct(StringComparer.Ordinal).ToList();
        AuthorizeEach(context, names);
        var decrypt = context.Bool("WithDecryption") == true;
        var found = new JsonArray();
        var invalid = new JsonArray();
        foreach (var name in names)
        {
            if (Resolve(context, name, decrypt) is { } parameter)
            {
                found.Add((JsonNode)parameter);
            }
            else
            {
                invalid.Add((JsonNode)name);
            }
        }

        return new JsonObject { ["Parameters"] = found, ["InvalidParameters"] = invalid };
    }

    /// <summary>The Parameter structure for a name, ARN or <c>name:version</c>, or null when there is no such parameter.</summary>
    private static JsonObject? Resolve(OperationContext context, string input, bool decrypt)
    {
        var reference = SsmNames.Parse(input);
        if (reference.Name.StartsWith(SsmNames.SecretsManagerPrefix, StringComparison.Ordinal))
        {
            return decrypt ? SecretsManagerReference.Get(context, reference) : throw SsmErrors.SecretNeedsDecryption();
        }

        if (SsmNames.HasReservedPrefix(reference.Name, "aws"))
        {
            // Public parameters (/aws/service/…) are not emulated: they are answered as missing.
            return null;
        }

        RequireWellFormed(reference.Name);
        if (Find(context, reference) is not { } parameter)
        {
            return null;
        }

        var version = parameter.Current;
        if (reference.Selector is not null)
        {
            // Labels cannot be attached (LabelParameterVersion is not implemented), so only version selectors match.
            version = reference.SelectedVersion is { } number
                ? parameter.Versions.FirstOrDefault(v => v.Version == number) ?? throw SsmErrors.VersionNotFound(parameter.Name, reference.Selector)
                : throw SsmErrors.VersionNotFound(parameter.Name, reference.Selector);
        }

        var output = Describe(context, parameter, version, decrypt);
        if (reference.Selector is not null)
        {
            output["Selector"] = ":" + reference.Selector;
        }

        return output;
    }

    /// <summary>The Parameter structure of one version.</summary>
    private static JsonObject Describe(OperationContext context, StoredParameter parameter, ParameterVersion version, bool decrypt)
    {
        var arn = SsmNames.Arn(context.Region, context.AccountId, parameter.Name);
        return new JsonObject
        {
            ["Name"] = parameter.Name,
            ["Type"] = version.Type,
            ["Value"] = Value(context, version, arn, decrypt),
            ["Version"] = version.Version,
            ["LastModifiedDate"] = JsonValue.Create(version.LastModifiedDate),
            ["ARN"] = arn,
            ["DataType"] = version.DataType,
        };
    }

    /// <summary>The value as returned: a SecureString's ciphertext unless decryption was asked for.</summary>
    private static string Value(OperationContext context, ParameterVersion version, string arn, bool decrypt) =>
        version.Type == "SecureString" && decrypt ? SecureStringCipher.Decrypt(context, version, arn) : version.Value;

    private static JsonObject GetParameterHistory(OperationContext context)
    {
        var reference = SsmNames.Parse(context.RequiredString("Name"));
        RequireWellFormed(reference.Name);
        var parameter = Find(context, reference) ?? throw SsmErrors.NotFound();
        var decrypt = context.Bool("WithDecryption") == true;
        var arn = SsmNames.Arn(context.Region, context.AccountId, parameter.Name);
        var start = context.String("NextToken") is { } token && long.TryParse(ReadToken(token), out var after) ? after : 0;
        if (context.String("NextToken") is not null && start == 0)
        {
            throw SsmErrors.InvalidNextToken();
        }

        var max = context.Int("MaxResults") ?? 50;
        var page = parameter.Versions.Where(v => v.Version > start).Take(max + 1).ToList();
        var list = new JsonArray();
        foreach (var version in page.Take(max))
        {
            var entry = new JsonObject
            {
                ["Name"] = parameter.Name,
                ["Type"] = version.Type,
                ["LastModifiedDate"] = JsonValue.Create(version.LastModifiedDate),
                ["LastModifiedUser"] = version.LastModifiedUser,
                ["Value"] = Value(context, version, arn, decrypt),
                ["Version"] = version.Version,
                ["Labels"] = new JsonArray(),
                ["Tier"] = version.Tier,
                ["Policies"] = new JsonArray(),
                ["DataType"] = version.DataType,
            };
            Optional(entry, "KeyId", version.KeyId);
            Optional(entry, "Description", version.Description);
            Optional(entry, "AllowedPattern", version.AllowedPattern);
            list.Add((JsonNode)entry);
        }

        var result = new JsonObject { ["Parameters"] = list };
        if (page.Count > max)
        {
            result["NextToken"] = Token(page[max - 1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static void Optional(JsonObject target, string member, string? value)
    {
        if (value is not null)
        {
            target[member] = value;
        }
    }
}
