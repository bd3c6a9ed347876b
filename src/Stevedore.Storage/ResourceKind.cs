namespace Stevedore.Storage;

/// <summary>
/// A kind of stored resource, such as <c>iam/role</c>. The kind decides whether names are
/// unique without regard to case (IAM names are) or compared ordinally.
/// </summary>
/// <param name="Name">The kind's identifier, for example <c>iam/role</c>.</param>
/// <param name="CaseInsensitiveNames">
/// When true, two names that differ only in case denote the same item (the stored name keeps
/// the case it was written with); lists are then ordered by the case-folded name.
/// </param>
/// <param name="Bulk">
/// Items of this kind are many or large and read back rarely (log event batches, S3 objects, ECS tasks, launch traces):
/// a store may keep them apart from the rest, as <see cref="Memory.MemoryStateStore"/> does (off the managed heap).
/// </param>
public sealed record ResourceKind(string Name, bool CaseInsensitiveNames, bool Bulk = false)
{
    /// <summary>The name used for uniqueness, ordering and lookup.</summary>
    public string NormalizeName(string name) => CaseInsensitiveNames ? name.ToUpperInvariant() : name;

    public override string ToString() => Name;
}
