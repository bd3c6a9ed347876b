namespace Stevedore.Policy.Matching;

/// <summary>Splits an ARN into its six parts without allocating: the resource part keeps any further colons.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
public static class ArnParts
{
    /// <summary>Finds the five separating colons; false when the text is not ARN-shaped.</summary>
    public static bool TrySplit(ReadOnlySpan<char> arn, Span<int> colons)
    {
        var found = 0;
        for (var i = 0; i < arn.Length && found < 5; i++)
        {
            if (arn[i] == ':')
            {
                colons[found++] = i;
            }
        }

        return found == 5;
    }

    public static ReadOnlySpan<char> Part(ReadOnlySpan<char> arn, ReadOnlySpan<int> colons, int index) => index switch
    {
        0 => arn[..colons[0]],
        5 => arn[(colons[4] + 1)..],
        _ => arn[(colons[index - 1] + 1)..colons[index]],
    };

    /// <summary>The account id of an ARN, or null.</summary>
    public static string? Account(string arn)
    {
        Span<int> colons = stackalloc int[5];
        return TrySplit(arn, colons) ? Part(arn, colons, 4).ToString() : null;
    }
}
