using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Iam.Simulation;

/// <summary>A 1-based line and column in a policy document, as the simulator reports them.</summary>
public readonly record struct TextPosition(int Line, int Column);

/// <summary>Where each statement of a policy document starts and ends, as IAM's simulator reports it.</summary>
/// <remarks>
/// IAM reports the parser position after the token it had just read when the statement began: after the
/// <c>[</c> for the first element of a Statement array (after the previous statement's <c>}</c> for the
/// others), after the <c>{</c> of a lone Statement object; the end is just after the statement's <c>}</c>.
/// Matches the published examples: <c>{"Version":"2012-10-17","Statement":{…}}</c> gives 1:38–1:167
/// (awscli examples/iam/simulate-custom-policy.rst) and an array after <c>"Statement": [</c> on line 3
/// gives 3:17 (AdministratorAccess as the simulator reports it).
/// </remarks>
public static class StatementPositions
{
    /// <summary>How many documents' positions are remembered before the memory starts over.</summary>
    private const int Capacity = 1024;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<(TextPosition Start, TextPosition End)>> Found = new(StringComparer.Ordinal);
    private static readonly IdentityCache<IReadOnlyList<(TextPosition Start, TextPosition End)>> Same = new();

    /// <summary>The start and end of each statement in document order; empty if the text cannot be read.</summary>
    /// <remarks>Remembered per text: a simulation reports positions in the same stored policies again and again.</remarks>
    public static IReadOnlyList<(TextPosition Start, TextPosition End)> Find(string document)
    {
        if (Same.TryGet(document, out var positions))
        {
            return positions;
        }

        if (!Found.TryGetValue(document, out positions))
        {
            positions = Scan(document);
            if (Found.Count >= Capacity)
            {
                Found.Clear();
            }

            Found.TryAdd(document, positions);
        }

        Same.Set(document, positions);
        return positions;
    }

    private static IReadOnlyList<(TextPosition Start, TextPosition End)> Scan(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var offsets = new List<(long Start, long End)>();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStatement = reader.ValueTextEquals("Statement");
                reader.Read();
                if (!isStatement)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = reader.BytesConsumed;
                    reader.Skip();
                    offsets.Add((start, reader.BytesConsumed));
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var previous = reader.BytesConsumed;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        reader.Skip();
                        offsets.Add((previous, reader.BytesConsumed));
                        previous = reader.BytesConsumed;
                    }
                }

                break;
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return [.. offsets.Select(o => (Locate(bytes, o.Start), Locate(bytes, o.End)))];
    }

    /// <summary>The line and column of the character at a UTF-8 byte offset (lines end at \n, \r\n or \r).</summary>
    private static TextPosition Locate(byte[] bytes, long offset)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, (int)offset);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, text.Length - lineStart + 1);
    }
}
