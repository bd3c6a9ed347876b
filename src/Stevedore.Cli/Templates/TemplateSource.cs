using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stevedore.Cli.Templates;

/// <summary>A CloudFormation template read from a file (JSON or YAML), with the position of every path.</summary>
internal sealed class TemplateSource
{
    private TemplateSource(string path, JsonObject root, CheckJsonLocator locator)
    {
        Path = path;
        Root = root;
        Locator = locator;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    public CheckJsonLocator Locator { get; }

    /// <summary>YAML files, and JSON documents with <c>AWSTemplateFormatVersion</c> or <c>Resources</c>, are templates.</summary>
    public static bool IsTemplate(string path, string text)
    {
        if (IsYaml(path))
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("AWSTemplateFormatVersion") || reader.ValueTextEquals("Resources"))
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the task definition parser reports it.
        }

        return false;
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static TemplateSource Read(string path, string text)
    {
        JsonNode? root;
        CheckJsonLocator locator;
        if (IsYaml(path))
        {
            (root, locator) = TemplateYamlReader.Read(path, text);
        }
        else
        {
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            }
            catch (JsonException e)
            {
                throw new CliException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: $: not valid JSON");
            }

            locator = CheckJsonLocator.Index(text);
        }

        if (root is not JsonObject obj)
        {
            throw new CliException($"{path}: $: a template is an object");
        }

        if (obj["Resources"] is not JsonObject)
        {
            throw new CliException($"{path}: $.Resources: a template needs a Resources object");
        }

        return new TemplateSource(path, obj, locator);
    }

    /// <summary>An input error at a template path: <c>FILE:LINE:COL: PATH: problem</c>.</summary>
    public CliException Error(string path, string problem)
    {
        var at = Locator.Find(path) is { } p ? $":{p.Line}:{p.Column}" : "";
        return new CliException($"{Path}{at}: {path}: {problem}");
    }
}
