using System.Buffers;
using System.Text;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// A small forward-only XML writer for the Query and EC2 responses, writing UTF-8 into a buffer reused per thread. Its
/// bytes are those <see cref="System.Xml.XmlWriter"/> writes with <see cref="QueryResponseEncoder.Settings"/> (a
/// differential test holds it to that): declaration <c>&lt;?xml version="1.0" encoding="utf-8"?&gt;</c>, an empty
/// element as <c>&lt;Name /&gt;</c>, text with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped and line breaks
/// normalized to <c>\n</c>, and an <see cref="ArgumentException"/> for a character XML cannot carry (a lone surrogate
/// included). Element names come
/// from service models and are written as they are. <see cref="System.Xml.XmlWriter"/> cost a tenth of a GetRole.
/// </summary>
internal sealed class XmlOut
{
    [ThreadStatic]
    private static XmlOut? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Stack<string> _open = new();
    private bool _startTagOpen;

    private XmlOut()
    {
    }

    /// <summary>A writer for one document, with the XML declaration written (give it back with <see cref="ToArrayAndReturn"/>).</summary>
    public static XmlOut Rent()
    {
        var writer = t_cached ?? new XmlOut();
        t_cached = null;
        writer._buffer.ResetWrittenCount();
        writer._open.Clear();
        writer._startTagOpen = false;
        writer.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8);
        return writer;
    }

    /// <summary>The document's bytes; the writer goes back to this thread's cache.</summary>
    public byte[] ToArrayAndReturn()
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException("Elements are still open.");
        }

        var bytes = _buffer.WrittenSpan.ToArray();
        if (_buffer.Capacity <= 256 * 1024)
        {
            t_cached = this; // a rare huge answer: let its buffer go rather than pin it to the thread
        }

        return bytes;
    }

    /// <summary>Opens an element; <paramref name="xmlNamespace"/> (the root's default namespace) as an <c>xmlns</c> attribute when not empty.</summary>
    public void StartElement(string name, string? xmlNamespace = null)
    {
        CloseStartTag();
        Raw("<"u8);
        Ascii(name);
        if (!string.IsNullOrEmpty(xmlNamespace))
        {
            Raw(" xmlns=\""u8);
            Escaped(xmlNamespace, attribute: true);
            Raw("\""u8);
        }

        _open.Push(name);
        _startTagOpen = true;
    }

    public void EndElement()
    {
        var name = _open.Pop();
        if (_startTagOpen)
        {
            Raw(" />"u8);
            _startTagOpen = false;
            return;
        }

        Raw("</"u8);
        Ascii(name);
        Raw(">"u8);
    }

    /// <summary><c>&lt;name&gt;value&lt;/name&gt;</c>, or <c>&lt;name /&gt;</c> when the value is empty.</summary>
    public void ElementString(string name, string? value)
    {
        StartElement(name);
        if (!string.IsNullOrEmpty(value))
        {
            CloseStartTag();
            Escaped(value, attribute: false);
        }

        EndElement();
    }

    private void CloseStartTag()
    {
        if (_startTagOpen)
        {
            Raw(">"u8);
            _startTagOpen = false;
        }
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    private void Ascii(string name)
    {
        var span = _buffer.GetSpan(name.Length);
        var written = Encoding.UTF8.GetBytes(name, span);
        _buffer.Advance(written);
    }

    /// <summary>Printable ASCII that is written as it is in text and attributes alike: runs of it are skipped at once.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not ('&' or '<' or '>' or '"'))));

    /// <summary>Text as XmlWriter writes it: markup characters escaped, CR and CRLF as LF (in attributes, entities).</summary>
    private void Escaped(string text, bool attribute)
    {
        var start = 0;
        var i = 0;
        while (true)
        {
            var next = text.AsSpan(i).IndexOfAnyExcept(Plain);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = text[i];
            ReadOnlySpan<byte> replacement;
            var skip = 0;
            switch (c)
            {
                case '&':
                    replacement = "&amp;"u8;
                    break;
                case '<':
                    replacement = "&lt;"u8;
                    break;
                case '>':
                    replacement = "&gt;"u8;
                    break;
                case '"' when attribute:
                    replacement = "&quot;"u8;
                    break;
                case '\n' when attribute:
                    replacement = "&#xA;"u8;
                    break;
                case '\r' when attribute:
                    replacement = "&#xD;"u8;
                    break;
                case '\t' when attribute:
                    replacement = "&#x9;"u8;
                    break;
                case '\r':
                    replacement = "\n"u8;
                    skip = i + 1 < text.Length && text[i + 1] == '\n' ? 1 : 0;
                    break;
                default:
                    if (IsXmlChar(text, i, out var pair))
                    {
                        i += pair + 1;
                        continue;
                    }

                    if (char.IsSurrogate(c))
                    {
                        throw InvalidCharacter(text, i); // as XmlWriter refuses a lone surrogate
                    }

                    // Another character XML 1.0 cannot carry: a character reference, as XmlWriter writes it without
                    // character checks and as AWS writes it (https://github.com/boto/botocore/issues/3496).
                    Text(text.AsSpan(start, i - start));
                    CharacterReference(c);
                    start = i + 1;
                    i = start;
                    continue;
            }

            Text(text.AsSpan(start, i - start));
            Raw(replacement);
            start = i + skip + 1;
            i = start;
        }

        Text(text.AsSpan(start));
    }

    private void CharacterReference(char c)
    {
        Raw("&#x"u8);
        Ascii(((int)c).ToString("X", System.Globalization.CultureInfo.InvariantCulture));
        Raw(";"u8);
    }

    private void Text(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(chars, span));
    }

    /// <summary>Whether the character at <paramref name="i"/> (a surrogate pair counts as one; <paramref name="pair"/> is then 1).</summary>
    private static bool IsXmlChar(string text, int i, out int pair)
    {
        pair = 0;
        var c = text[i];
        if (c >= 0x20 && c < 0xD800)
        {
            return true;
        }

        if (c is '\t' or '\n')
        {
            return true;
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            pair = 1;
            return true;
        }

        // A lone surrogate is refused, as XmlWriter refuses it.
        return c >= 0xE000 && c <= 0xFFFD;
    }

    private static ArgumentException InvalidCharacter(string text, int i) =>
        new($"'{text[i]}', hexadecimal value 0x{(int)text[i]:X2}, is an invalid character.");
}
