using System.Text;
using System.Text.Json;

namespace Stevedore.Cli;

/// <summary>
/// Line and column (1-based, UTF-16 columns as SARIF counts by default) of every JSON path in a document, written as the
/// launch plan writes paths (<c>$.a.b[0]</c>, <c>$.options['awslogs-group']</c>); a member's position is its name's.
/// </summary>
internal sealed class CheckJsonLocator : ISourceLocator
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    private CheckJsonLocator()
    {
    }

    /// <summary>A locator filled by another reader (the YAML template reader).</summary>
    public static CheckJsonLocator Empty() => new();

    public void Add(string path, (int Line, int Column) position) => _positions.TryAdd(path, position);

    /// <summary>The position of a path, or of its nearest located ancestor; null when the document could not be read.</summary>
    public (int Line, int Column)? Find(string? path)
    {
        while (!string.IsNullOrEmpty(path))
        {
            if (_positions.TryGetValue(path, out var position))
            {
                return position;
            }

            path = Parent(path);
        }

        return null;
    }

    public static CheckJsonLocator Index(string text)
    {
        var locator = new CheckJsonLocator();
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        (int, int) At(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            var line = index >= 0 ? index : ~index - 1;
            var column = Encoding.UTF8.GetCharCount(bytes, lineStarts[line], (int)offset - lineStarts[line]) + 1;
            return (line + 1, column);
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            var stack = new Stack<(string Path, bool IsArray, int Next)>();
            string? pending = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = Member(stack.Peek().Path, reader.GetString()!);
                        locator._positions.TryAdd(pending, At(reader.TokenStartIndex));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    default:
                        string path;
                        if (stack.Count == 0)
                        {
                            path = "$";
                            locator._positions.TryAdd(path, At(reader.TokenStartIndex));
                        }
                        else if (stack.Peek().IsArray)
                        {
                            var top = stack.Pop();
                            path = $"{top.Path}[{top.Next}]";
                            stack.Push(top with { Next = top.Next + 1 });
                            locator._positions.TryAdd(path, At(reader.TokenStartIndex));
                        }
                        else
                        {
                            path = pending ?? "$";
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Positions found before the error stay usable.
        }

        return locator;
    }

    /// <summary>The path of a member, as <c>Stevedore.LaunchPlan</c> writes it (brackets for names that are not identifiers).</summary>
    public static string Member(string parent, string name) =>
        IsIdentifier(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    internal static string? Parent(string path)
    {
        if (path == "$")
        {
            return null;
        }

        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf(path.EndsWith("']", StringComparison.Ordinal) ? "['" : "[", StringComparison.Ordinal);
            return open > 0 ? path[..open] : "$";
        }

        var dot = path.LastIndexOf('.');
        return dot > 0 ? path[..dot] : "$";
    }
}

/// <summary>Where a JSON path of a checked document is in its file.</summary>
internal interface ISourceLocator
{
    /// <summary>The position of a path, or of its nearest located ancestor; null when unknown.</summary>
    (int Line, int Column)? Find(string? path);
}

/// <summary>
/// A document embedded in a template (a task definition's properties, a policy document): paths of the document are
/// turned into template paths by <paramref name="map"/> (null: try the parent), then located in the template.
/// </summary>
internal sealed class MappedLocator(ISourceLocator template, Func<string, string?> map) : ISourceLocator
{
    public (int Line, int Column)? Find(string? path)
    {
        while (!string.IsNullOrEmpty(path))
        {
            if (map(path) is { } mapped)
            {
                return template.Find(mapped);
            }

            path = CheckJsonLocator.Parent(path);
        }

        return null;
    }

    /// <summary>Paths of an embedded document (<c>$.Statement[0]</c>) under its template path.</summary>
    public static MappedLocator Under(ISourceLocator template, string prefix) =>
        new(template, path => path == "$" ? prefix : prefix + path[1..]);
}
