
namespace Stevedore.Storage.Tests;

internal static class TestKinds
{
    public static readonly ResourceKind Role = new("iam/role", CaseInsensitiveNames: true);
    public static readonly ResourceKind Policy = new("iam/policy", CaseInsensitiveNames: true);
    public static readonly ResourceKind Object = new("s3/object", CaseInsensitiveNames: false);

    public const string Account = "123456789012";
    public const string OtherAccount = "210987654321";

    public static readonly CollectionKey Roles = new(Account, "", Role);
    public static readonly CollectionKey Objects = new(Account, "us-east-1", Object);

    public static ResourceKey RoleKey(string name) => Roles.Item(name);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
