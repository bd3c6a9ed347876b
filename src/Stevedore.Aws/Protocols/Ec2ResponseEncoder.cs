using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// Encodes an EC2 output tree (keyed by model member names):
/// <c>&lt;OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;&lt;requestId&gt;…&lt;/requestId&gt;…&lt;/OpResponse&gt;</c>.
/// Members are named by their <c>locationName</c>; lists are <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;&lt;/name&gt;</c>.
/// An operation without output answers <c>&lt;return&gt;true&lt;/return&gt;</c>, as EC2 does.
/// </summary>
public static class Ec2ResponseEncoder
{
    /// <summary>Encodes a successful response.</summary>
    public static byte[] Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId)
    {
        var ns = model.XmlNamespace ?? $"http://ec2.amazonaws.com/doc/{model.ApiVersion}";
        if (!ns.EndsWith('/'))
        {
            ns += "/";
        }

        var w = XmlOut.Rent();
        w.StartElement(operation.Name + "Response", ns);
        w.ElementString("requestId", requestId);
        if (operation.Output is { } outputRef)
        {
            QueryResponseEncoder.WriteMembers(w, outputRef.Shape, output ?? []);
        }
        else
        {
            w.ElementString("return", "true");
        }

        w.EndElement();
        return w.ToArrayAndReturn();
    }
}
