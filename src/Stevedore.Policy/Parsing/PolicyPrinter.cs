using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

/// <summary>Writes a document back to JSON in the form it was read (single values stay single, arrays stay arrays).</summary>
public static class PolicyPrinter
{
    public static string ToJson(PolicyDocument document, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            if (document.Version is not null)
            {
                writer.WriteString("Version", document.Version);
            }

            if (document.Id is not null)
            {
                writer.WriteString("Id", document.Id);
            }

            writer.WritePropertyName("Statement");
            if (document.StatementIsArray)
            {
                writer.WriteStartArray();
                foreach (var statement in document.Statements)
                {
                    WriteStatement(writer, statement);
                }

                writer.WriteEndArray();
            }
            else
            {
                WriteStatement(writer, document.Statements[0]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, Statement statement)
    {
        writer.WriteStartObject();
        if (statement.Sid is not null)
        {
            writer.WriteString("Sid", statement.Sid);
        }

        writer.WriteString("Effect", statement.Effect.ToString());
        if (statement.Principal is not null)
        {
            writer.WritePropertyName(statement.PrincipalKey);
            if (statement.Principal.IsWildcard)
            {
                writer.WriteStringValue("*");
            }
            else
            {
                writer.WriteStartObject();
                foreach (var entry in statement.Principal.Entries)
                {
                    writer.WritePropertyName(entry.Type);
                    WriteValues(writer, entry.Values);
                }

                writer.WriteEndObject();
            }
        }

        if (statement.Action is not null)
        {
            writer.WritePropertyName(statement.ActionKey);
            WriteValues(writer, statement.Action);
        }

        if (statement.Resource is not null)
        {
            writer.WritePropertyName(statement.ResourceKey);
            WriteValues(writer, statement.Resource);
        }

        if (statement.Conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (var block in statement.Conditions)
            {
                writer.WriteStartObject(block.Operator);
                foreach (var key in block.Keys)
                {
                    writer.WritePropertyName(key.Key);
                    if (key.IsArray)
                    {
                        writer.WriteStartArray();
                    }

                    foreach (var literal in key.Values)
                    {
                        if (literal.Kind == LiteralKind.String)
                        {
                            writer.WriteStringValue(literal.Text);
                        }
                        else
                        {
                            writer.WriteRawValue(literal.Text);
                        }
                    }

                    if (key.IsArray)
                    {
                        writer.WriteEndArray();
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, ValueList values)
    {
        if (!values.IsArray && values.Values.Count == 1)
        {
            writer.WriteStringValue(values.Values[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var value in values.Values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
