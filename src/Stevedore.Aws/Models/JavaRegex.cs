using System.Text;
using System.Text.RegularExpressions;

namespace Stevedore.Aws.Models;

/// <summary>Translates the Java regular expressions of AWS models to .NET ones matched against the whole value.</summary>
internal static class JavaRegex
{
    public static Regex Compile(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        sb.Append(@"\A(?:");
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[i + 1];
                i++;
                // Java's \w and \d are ASCII-only; .NET's are Unicode-aware.
                var replacement = n switch
                {
                    'w' => "a-zA-Z0-9_",
                    'd' => "0-9",
                    _ => null,
                };
                if (n == '_')
                {
                    sb.Append('_'); // Java reads any escaped punctuation as itself; .NET refuses "\_" (EventBridge's InputTransformerPathKey)
                }
                else if (replacement is null)
                {
                    sb.Append('\\').Append(n);
                }
                else
                {
                    sb.Append(inClass ? replacement : "[" + replacement + "]");
                }
                continue;
            }
            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }
            sb.Append(c);
        }
        sb.Append(@")\z");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
