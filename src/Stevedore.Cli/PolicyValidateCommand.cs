using System.CommandLine;
using Stevedore.Cli.Output;
using Stevedore.Policy.Catalog;
using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cli;

/// <summary><c>stevedore policy validate FILE</c>: IAM's validation, then catalog warnings. Exit 0 valid, 1 invalid, 2 error.</summary>
internal static class PolicyValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The policy document (JSON)." };
        var type = new Option<string>("--type")
        {
            Description = "The policy type, whose grammar applies.",
            DefaultValueFactory = _ => "identity",
        };
        type.AcceptOnlyFromAmong(PolicyTypeNamesCli.All);
        var managed = new Option<bool>("--managed") { Description = "Validate as a managed policy (CreatePolicy): Version must be 2012-10-17." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };

        var command = new Command("validate", "Validate a policy document as IAM does, with warnings from the action catalog.")
        {
            file, type, managed, json,
        };
        command.SetAction(parse =>
        {
            PolicyTypeNames.TryParse(parse.GetValue(type)!, out var policyType);
            var result = Validate(PolicyFiles.Read(parse.GetValue(file)!), policyType, parse.GetValue(managed));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                ValidateOutput.WriteJson(output, result);
            }
            else
            {
                ValidateOutput.WriteText(output, result);
            }

            return result.Valid ? 0 : 1;
        });
        return command;
    }

    public static ValidationResult Validate(string json, PolicyType type, bool managed)
    {
        var parsed = PolicyParser.Parse(json, type, managed ? ValidationOptions.Managed : ValidationOptions.Default);
        var errors = parsed.Errors;
        var warnings = errors.Count == 0 && parsed.Document is { } document
            ? PolicyCatalogWarnings.Find(document, ActionCatalog.Default)
            : [];
        return new ValidationResult(errors, warnings);
    }
}

/// <summary>IAM's errors (the first is what IAM returns) and the catalog's warnings.</summary>
internal sealed record ValidationResult(IReadOnlyList<PolicyError> Errors, IReadOnlyList<PolicyWarning> Warnings)
{
    public bool Valid => Errors.Count == 0;
}
