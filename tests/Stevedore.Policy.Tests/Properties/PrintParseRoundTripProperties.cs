using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>The printer writes a document back in the form it was read: parse ∘ print is the identity.</summary>
public sealed class PrintParseRoundTripProperties
{
    private static readonly string[] Operators =
    [
        "StringEquals", "StringNotLike", "StringEqualsIgnoreCase", "NumericLessThan", "NumericEquals", "DateGreaterThan",
        "Bool", "IpAddress", "ArnLike", "Null", "ForAnyValue:StringLike", "ForAllValues:StringEquals", "StringLikeIfExists", "BinaryEquals",
    ];

    private static readonly string[] Keys = ["aws:username", "aws:SourceIp", "s3:prefix", "aws:PrincipalTag/team", "aws:TagKeys", "aws:CurrentTime"];

    private static readonly string[] PrincipalTypes = ["AWS", "Service", "Federated", "CanonicalUser"];

    private static Gen<string> Alnum(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcXYZ0129".ToCharArray()), n)).Select(c => new string(c));

    /// <summary>Values with characters JSON must escape or may leave alone: quotes, backslashes, slashes, markup, Latin-1, tabs.</summary>
    private static Gen<string> Values =>
        Gen.Frequency(
            (4, Gen.Elements("*", "s3:GetObject", "arn:aws:s3:::bucket/*", "123456789012", "ecs-tasks.amazonaws.com", "${aws:username}", "")),
            (2, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements("a:/*?$\"\\<>&'é\u00ff\t\n {}[]".ToCharArray()), n)).Select(c => new string(c))));

    private static Gen<ValueList> ValueLists =>
        Gen.Frequency(
            (3, Values.Select(ValueList.Single)),
            (2, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Values, n)).Select(v => new ValueList(new EquatableArray<string>(v), true))));

    private static Gen<ConditionLiteral> Literals =>
        Gen.Frequency(
            (3, Values.Select(ConditionLiteral.Of)),
            (1, Gen.Elements("0", "10", "-3", "1.5", "1e3", "12345678901234567890").Select(t => new ConditionLiteral(t, LiteralKind.Number))),
            (1, Gen.Elements("true", "false").Select(t => new ConditionLiteral(t, LiteralKind.Boolean))));

    private static Gen<ConditionKeyValues> KeyValues(string key) =>
        Gen.Frequency(
            (2, Literals.Select(l => new ConditionKeyValues(key, new EquatableArray<ConditionLiteral>([l]), false))),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Literals, n)).Select(l => new ConditionKeyValues(key, new EquatableArray<ConditionLiteral>(l), true))));

    private static Gen<ConditionBlock> Block(string op) =>
        from keys in Gen.Shuffle(Keys).SelectMany(k => Gen.Choose(0, 2).Select(n => k.Take(n).ToArray()))
        from values in Gen.CollectToArray(keys, KeyValues)
        select new ConditionBlock(op, new EquatableArray<ConditionKeyValues>(values));

    private static Gen<EquatableArray<ConditionBlock>> Conditions =>
        from ops in Gen.Shuffle(Operators).SelectMany(o => Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Choose(1, 3))).Select(n => o.Take(n).ToArray()))
        from blocks in Gen.CollectToArray(ops, Block)
        select new EquatableArray<ConditionBlock>(blocks);

    private static Gen<PrincipalBlock?> Principals =>
        Gen.Frequency(
            (2, Gen.Constant<PrincipalBlock?>(null)),
            (1, Gen.Constant<PrincipalBlock?>(PrincipalBlock.Wildcard)),
            (2, from types in Gen.Shuffle(PrincipalTypes).SelectMany(t => Gen.Choose(0, 3).Select(n => t.Take(n).ToArray()))
                from lists in Gen.CollectToArray(types, _ => ValueLists)
                select (PrincipalBlock?)new PrincipalBlock(false, new EquatableArray<PrincipalEntry>(types.Zip(lists, (t, l) => new PrincipalEntry(t, l))))));

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (4, gen.Select(v => (T?)v)));

    private static Gen<Statement> Statements =>
        from sid in Maybe(Alnum(0, 8))
        from effect in Gen.Elements(PolicyEffect.Allow, PolicyEffect.Deny)
        from principal in Principals
        from notPrincipal in principal is null ? Gen.Constant(false) : Gen.Elements(false, true)
        from action in Maybe(ValueLists)
        from notAction in action is null ? Gen.Constant(false) : Gen.Elements(false, false, true)
        from resource in Maybe(ValueLists)
        from notResource in resource is null ? Gen.Constant(false) : Gen.Elements(false, false, true)
        from conditions in Conditions
        select new Statement(sid, effect, principal, notPrincipal, action, notAction, resource, notResource, conditions);

    private static Arbitrary<PolicyDocument> Documents =>
        (from version in Gen.Elements<string?>(null, PolicyDocument.Version2012, PolicyDocument.Version2008)
         from id in Maybe(Alnum(1, 6))
         from isArray in Gen.Elements(true, false)
         from count in isArray ? Gen.Choose(1, 4) : Gen.Constant(1)
         from statements in Gen.ArrayOf(Statements, count)
         select new PolicyDocument(version, id, new EquatableArray<Statement>(statements), isArray)).ToArbitrary();

    private static PolicyDocument? Parse(string json, out List<PolicyError> errors)
    {
        errors = [];
        return PolicyParser.ParseShape(json, errors);
    }

    [Property(MaxTest = 1000)]
    public Property Parsing_the_printed_document_gives_the_document_back() =>
        Prop.ForAll(Documents, doc =>
        {
            var parsed = Parse(PolicyPrinter.ToJson(doc), out var errors);
            return errors.Count == 0 && doc.Equals(parsed);
        });

    [Property(MaxTest = 500)]
    public Property Parsing_the_indented_print_gives_the_document_back() =>
        Prop.ForAll(Documents, doc => doc.Equals(Parse(PolicyPrinter.ToJson(doc, indented: true), out _)));

    [Property(MaxTest = 500)]
    public Property Printing_is_stable_across_a_round_trip() =>
        Prop.ForAll(Documents, doc =>
        {
            var once = PolicyPrinter.ToJson(doc);
            var twice = PolicyPrinter.ToJson(Parse(once, out _)!);
            return once == twice && once == PolicyPrinter.ToJson(doc);
        });

    [Property(MaxTest = 300)]
    public Property Equal_documents_have_equal_hash_codes() =>
        Prop.ForAll(Documents, doc => doc.GetHashCode() == Parse(PolicyPrinter.ToJson(doc), out _)!.GetHashCode());
}
