using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stevedore.Server.Hosting;

/// <summary>An account and its root user's access key.</summary>
public sealed record AccountConfig(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("secretAccessKey")] string SecretAccessKey);

/// <summary>
/// The accounts Stevedore serves. The default account <c>000000000000</c> with access key <c>test</c> and
/// secret <c>test</c> (what LocalStack users expect) is always there; more come from the config file.
/// </summary>
public sealed class AccountsConfig
{
    public const string DefaultAccountId = "000000000000";
    public const string DefaultAccessKeyId = "test";
    public const string DefaultSecretAccessKey = "test";

    private AccountsConfig(IReadOnlyList<AccountConfig> accounts) => Accounts = accounts;

    public IReadOnlyList<AccountConfig> Accounts { get; }

    public static AccountConfig Default { get; } = new(DefaultAccountId, DefaultAccessKeyId, DefaultSecretAccessKey);

    /// <summary>Reads <paramref name="path"/> if it exists: <c>{"accounts": [{"id", "accessKeyId", "secretAccessKey"}]}</c>.</summary>
    public static AccountsConfig Load(string? path)
    {
        var accounts = new List<AccountConfig> { Default };
        if (path is null || !File.Exists(path))
        {
            return new AccountsConfig(accounts);
        }

        var file = JsonSerializer.Deserialize(File.ReadAllText(path), AccountsJsonContext.Default.AccountsFile)
            ?? throw new InvalidDataException($"{path}: empty configuration");
        foreach (var account in file.Accounts ?? [])
        {
            Validate(account, path);
            if (accounts.Any(a => a.Id == account.Id || a.AccessKeyId == account.AccessKeyId))
            {
                throw new InvalidDataException($"{path}: account {account.Id} or access key {account.AccessKeyId} is listed twice");
            }

            accounts.Add(account);
        }

        return new AccountsConfig(accounts);
    }

    private static void Validate(AccountConfig account, string path)
    {
        if (account.Id is null || account.Id.Length != 12 || !account.Id.All(char.IsAsciiDigit))
        {
            throw new InvalidDataException($"{path}: account id must be 12 digits, got '{account.Id}'");
        }

        if (string.IsNullOrEmpty(account.AccessKeyId) || string.IsNullOrEmpty(account.SecretAccessKey))
        {
            throw new InvalidDataException($"{path}: account {account.Id} needs accessKeyId and secretAccessKey");
        }
    }

    internal sealed record AccountsFile([property: JsonPropertyName("accounts")] List<AccountConfig>? Accounts);
}

[JsonSerializable(typeof(AccountsConfig.AccountsFile))]
internal sealed partial class AccountsJsonContext : JsonSerializerContext;
