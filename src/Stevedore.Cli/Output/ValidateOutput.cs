using System.Text.Json;

namespace Stevedore.Cli.Output;

/// <summary>Prints a validation result: <c>valid</c> or IAM's error lines, then warnings.</summary>
internal static class ValidateOutput
{
    public static void WriteText(TextWriter output, ValidationResult result)
    {
        if (result.Valid)
        {
            output.WriteLine("valid");
        }

        foreach (var error in result.Errors)
        {
            output.WriteLine(error.ToString());
        }

        foreach (var warning in result.Warnings)
        {
            output.WriteLine(warning.Path.Length == 0 ? $"warning: {warning.Message}" : $"warning: {warning.Message} (at {warning.Path})");
        }
    }

    public static void WriteJson(TextWriter output, ValidationResult result)
    {
        var json = new ValidateJson(
            result.Valid,
            [.. result.Errors.Select(e => new ErrorJson(e.Code, e.Message, e.Path))],
            [.. result.Warnings.Select(w => new WarningJson(w.Message, w.Path))]);
        output.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Readable.ValidateJson));
    }
}
