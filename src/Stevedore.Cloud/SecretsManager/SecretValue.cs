using System.Text;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.SecretsManager;

/// <summary>A secret value as sent: SecretString (UTF-8) or SecretBinary.</summary>
internal sealed record SecretValue(byte[] Bytes, bool Binary)
{
    /// <summary>The value of a request, null when it has none; both at once is InvalidParameterException.</summary>
    public static SecretValue? From(OperationContext context)
    {
        var text = context.String("SecretString");
        var binary = context.Input["SecretBinary"]?.GetValue<byte[]>();
        if (text is not null && binary is not null)
        {
            throw SecretsManagerErrors.BothValues();
        }

        return text is not null ? new SecretValue(Encoding.UTF8.GetBytes(text), false) : binary is not null ? new SecretValue(binary, true) : null;
    }
}
