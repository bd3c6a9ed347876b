using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    /// <summary>A parameter holds at most 50 tags.</summary>
    public const int MaxTags = 50;

    partial void RegisterTags()
    {
        Register("AddTagsToResource", AddTagsTarget, AddTagsToResource);
        Register("RemoveTagsFromResource", RemoveTagsTarget, RemoveTagsFromResource);
        Register("ListTagsForResource", c => TagTarget(c, "ssm:ListTagsForResource"), ListTagsForResource);
    }

    private static AuthorizationTarget TagTarget(OperationContext context, string action) =>
        context.RequiredString("ResourceType") == "Parameter"
            ? ParameterTarget(context, action, context.RequiredString("ResourceId"))
            : new AuthorizationTarget(action, "*");

    private static AuthorizationTarget AddTagsTarget(OperationContext context)
    {
        var target = TagTarget(context, "ssm:AddTagsToResource");
        var tags = Tags(context.Input);
        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        return target.WithMulti("aws:TagKeys", [.. tags.Select(t => t.Key)]);
    }

    private static AuthorizationTarget RemoveTagsTarget(OperationContext context) =>
        TagTarget(context, "ssm:RemoveTagsFromResource").WithMulti("aws:TagKeys", Strings(context.Input, "TagKeys"));

    private static JsonObject AddTagsToResource(OperationContext context)
    {
        var added = Tags(context.Input);
        UpdateTags(context, tags =>
        {
            foreach (var tag in added)
            {
                tags.RemoveAll(t => t.Key == tag.Key);
                tags.Add(tag);
            }

            if (tags.Count > MaxTags)
            {
                throw SsmErrors.TooManyTags();
            }
        });
        return [];
    }

    private static JsonObject RemoveTagsFromResource(OperationContext context)
    {
        var keys = Strings(context.Input, "TagKeys");
        UpdateTags(context, tags => tags.RemoveAll(t => keys.Contains(t.Key)));
        return [];
    }

    private static JsonObject ListTagsForResource(OperationContext context)
    {
        var parameter = TaggedParameter(context, context.Store);
        return new JsonObject
        {
            ["TagList"] = new JsonArray([.. parameter.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        };
    }

    private static void UpdateTags(OperationContext context, Action<List<ParameterTag>> change) => context.Store.Write(tx =>
    {
        var parameter = TaggedParameter(context, tx);
        var tags = new List<ParameterTag>(parameter.Tags);
        change(tags);
        tx.Put(SsmStore.Key(context.AccountId, context.Region, parameter.Name), SsmStore.Write(parameter with { Tags = tags }));
    });

    /// <summary>The parameter a tagging request names (ResourceType Parameter, ResourceId its name or ARN).</summary>
    private static StoredParameter TaggedParameter(OperationContext context, IStoreReader store)
    {
        if (context.RequiredString("ResourceType") != "Parameter")
        {
            // Documents, maintenance windows, … are not emulated: none exists.
            throw SsmErrors.InvalidResourceId();
        }

        var reference = SsmNames.Parse(context.RequiredString("ResourceId"));
        if (!SsmNames.IsWellFormed(reference.Name) || reference.Selector is not null
            || (reference.Account ?? context.AccountId) != context.AccountId || (reference.Region ?? context.Region) != context.Region)
        {
            throw SsmErrors.InvalidResourceId();
        }

        return SsmStore.Find(store, context.AccountId, context.Region, reference.Name) ?? throw SsmErrors.InvalidResourceId();
    }
}
