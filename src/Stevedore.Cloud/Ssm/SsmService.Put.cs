using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    /// <summary>Parameter Store keeps the 100 most recent versions and deletes the oldest when a new one is created.</summary>
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-versions.html
    public const int MaxVersions = 100;

    public const int StandardMaxValue = 4096;

    public const int AdvancedMaxValue = 8192;

    private static readonly string[] DataTypes = ["text", "aws:ec2:image", "aws:ssm:integration"];

    partial void RegisterPut() => Register("PutParameter", PutTarget, PutParameter);

    private static AuthorizationTarget PutTarget(OperationContext context)
    {
        var target = ParameterTarget(context, "ssm:PutParameter", context.RequiredString("Name").Trim())
            .With("ssm:Overwrite", context.Bool("Overwrite") == true ? "true" : "false");
        var tags = Tags(context.Input);
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        return tags.Count > 0 ? target.WithMulti("aws:TagKeys", [.. tags.Select(t => t.Key)]) : target;
    }

    private static JsonObject PutParameter(OperationContext context)
    {
        // "The service removes any spaces specified for the beginning or end of a parameter name."
        // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
        var name = context.RequiredString("Name").Trim();
        if (SsmNames.HasReservedPrefix(name, "aws"))
        {
            throw SsmErrors.ReservedName(name);
        }

        RequireWellFormed(name);
        if (SsmNames.Levels(name) > SsmNames.MaxHierarchyLevels)
        {
            throw SsmErrors.HierarchyTooDeep();
        }

        var overwrite = context.Bool("Overwrite") == true;
        var tags = Tags(context.Input);
        if (overwrite && tags.Count > 0)
        {
            throw SsmErrors.TagsWithOverwrite();
        }

        var dataType = context.String("DataType");
        if (dataType is not null && !DataTypes.Contains(dataType, StringComparer.Ordinal))
        {
            throw SsmErrors.UnsupportedDataType(dataType);
        }

        var value = context.RequiredString("Value");
        var arn = SsmNames.Arn(context.Region, context.AccountId, name);
        var key = SsmStore.Key(context.AccountId, context.Region, name);
        var item = context.Store.Get(key);
        var existing = item is null ? null : SsmStore.Read(item.Document);
        if (existing is not null && !overwrite)
        {
            throw SsmErrors.AlreadyExists();
        }

        var previous = existing?.Current;
        var type = context.String("Type") ?? previous?.Type ?? throw SsmErrors.TypeRequired();
        var tier = Tier(context.String("Tier"), previous?.Tier, value.Length);
        var pattern = context.String("AllowedPattern") ?? previous?.AllowedPattern;
        if (pattern is { Length: > 0 })
        {
            CheckPattern(pattern, value);
        }

        string? keyId = null;
        var stored = value;
        if (type == "SecureString")
        {
            keyId = context.String("KeyId") ?? (previous?.Type == "SecureString" ? previous.KeyId : null) ?? SecureStringCipher.DefaultKeyAlias;
            stored = SecureStringCipher.Encrypt(context, keyId, tier, arn, value);
        }

        var version = new ParameterVersion(
            (previous?.Version ?? 0) + 1,
            type,
            stored,
            keyId,
            context.String("Description") ?? previous?.Description,
            pattern,
            tier,
            dataType ?? previous?.DataType ?? "text",
            context.Now,
            context.Caller.Principal.Arn);

        var versions = existing is null ? [] : new List<ParameterVersion>(existing.Versions);
        versions.Add(version);
        if (versions.Count > MaxVersions)
        {
            versions.RemoveAt(0);
        }

        var parameter = new StoredParameter { Name = existing?.Name ?? name, Versions = versions, Tags = existing?.Tags ?? tags };
        context.Store.Write(tx =>
        {
            try
            {
                if (item is null)
                {
                    tx.Insert(key, SsmStore.Write(parameter));
                }
                else
                {
                    tx.Update(key, SsmStore.Write(parameter), item.Version);
                }
            }
            catch (Exception e) when (e is ItemAlreadyExistsException or ConcurrencyConflictException or ItemNotFoundException)
            {
                // Another PutParameter for the same name committed in between: AWS answers TooManyUpdates.
                throw new Aws.Protocols.AwsServiceException("TooManyUpdates", "There are concurrent updates for the resource that you're trying to update. Please try again.");
            }
        });

        return new JsonObject { ["Version"] = version.Version, ["Tier"] = tier };
    }

    /// <summary>The tier a version gets, from the one asked for, the parameter's current tier and the value's size.</summary>
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
    private static string Tier(string? requested, string? current, int length)
    {
        var tier = requested switch
        {
            null => current ?? "Standard",
            "Intelligent-Tiering" => current == "Advanced" || length > StandardMaxValue ? "Advanced" : "Standard",
            _ => requested,
        };

        if (tier == "Standard" && current == "Advanced")
        {
            throw SsmErrors.Downgrade();
        }

        if (tier == "Standard" && length > StandardMaxValue)
        {
            throw SsmErrors.StandardTooLarge();
        }

        if (length > AdvancedMaxValue)
        {
            throw SsmErrors.AdvancedTooLarge();
        }

        return tier;
    }

    private static void CheckPattern(string pattern, string value)
    {
        Regex regex;
        try
        {
            regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            throw SsmErrors.InvalidPattern(pattern);
        }

        bool matches;
        try
        {
            matches = regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            matches = false;
        }

        if (!matches)
        {
            throw SsmErrors.PatternMismatch(pattern);
        }
    }

    private static List<ParameterTag> Tags(JsonObject input) =>
        input["Tags"] is JsonArray array
            ? [.. array.Select(t => new ParameterTag(t!["Key"]!.GetValue<string>(), t["Value"]!.GetValue<string>()))]
            : [];
}
