namespace Stevedore.Cloud.Kms;

/// <summary>The key policies KMS writes itself: the default one, and those of AWS managed keys.</summary>
public static class KmsKeyPolicies
{
    /// <summary>
    /// The default key policy of a key created through the API without a policy: the account root may do everything,
    /// which delegates the key to the account's IAM policies. Printed as KMS prints it (GetKeyPolicy).
    /// </summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    public static string Default(string account) => $$"""
        {
          "Version" : "2012-10-17",
          "Id" : "key-default-1",
          "Statement" : [ {
            "Sid" : "Enable IAM User Permissions",
            "Effect" : "Allow",
            "Principal" : {
              "AWS" : "arn:aws:iam::{{account}}:root"
            },
            "Action" : "kms:*",
            "Resource" : "*"
          } ]
        }
        """;

    /// <summary>The AWS managed keys Stevedore creates on first use: alias (without <c>alias/</c>) → service.</summary>
    public static readonly IReadOnlyDictionary<string, ManagedKey> Managed = new Dictionary<string, ManagedKey>(StringComparer.Ordinal)
    {
        ["aws/secretsmanager"] = new("secretsmanager", "AWS Secrets Manager", "Default key that protects my Secrets Manager data when no other key is defined", "auto-secretsmanager-2"),
        ["aws/ssm"] = new("ssm", "AWS Systems Manager", "Default key that protects my SSM parameters when no other key is defined", "auto-ssm-1"),
    };

    /// <summary>
    /// An AWS managed key's policy: principals of the account may use the key only through the service
    /// (<c>kms:ViaService</c> and <c>kms:CallerAccount</c>), and the account may read the key's metadata.
    /// </summary>
    // https://docs.aws.amazon.com/kms/latest/developerguide/services-secrets-manager.html (the aws/secretsmanager policy)
    public static string ForManagedKey(ManagedKey managed, string account, string region)
    {
        var sid = $"Allow access through {managed.DisplayName} for all principals in the account that are authorized to use {managed.DisplayName}";
        var via = $"{managed.Service}.{region}.amazonaws.com";
        return $$"""
            {
              "Version" : "2012-10-17",
              "Id" : "{{managed.PolicyId}}",
              "Statement" : [ {
                "Sid" : "{{sid}}",
                "Effect" : "Allow",
                "Principal" : {
                  "AWS" : "*"
                },
                "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:CreateGrant", "kms:DescribeKey" ],
                "Resource" : "*",
                "Condition" : {
                  "StringEquals" : {
                    "kms:CallerAccount" : "{{account}}",
                    "kms:ViaService" : "{{via}}"
                  }
                }
              }, {
                "Sid" : "{{sid}}",
                "Effect" : "Allow",
                "Principal" : {
                  "AWS" : "*"
                },
                "Action" : "kms:GenerateDataKey*",
                "Resource" : "*",
                "Condition" : {
                  "StringEquals" : {
                    "kms:CallerAccount" : "{{account}}"
                  },
                  "StringLike" : {
                    "kms:ViaService" : "{{via}}"
                  }
                }
              }, {
                "Sid" : "Allow direct access to key metadata to the account",
                "Effect" : "Allow",
                "Principal" : {
                  "AWS" : "arn:aws:iam::{{account}}:root"
                },
                "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
                "Resource" : "*"
              } ]
            }
            """;
    }

    /// <summary>One AWS managed key: the service it serves, its name in policy Sids, its description and policy id.</summary>
    public sealed record ManagedKey(string Service, string DisplayName, string Description, string PolicyId);
}
