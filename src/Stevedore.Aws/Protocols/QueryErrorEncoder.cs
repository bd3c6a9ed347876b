using System.Xml;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// Encodes an <see cref="AwsServiceException"/> as the Query protocol's error document:
/// <c>&lt;ErrorResponse xmlns="…"&gt;&lt;Error&gt;&lt;Type&gt;Sender&lt;/Type&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>,
/// or EC2's <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;…&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;</c>
/// when the model's protocol is <c>ec2</c>. The HTTP status is <see cref="AwsServiceException.HttpStatus"/>.
/// </summary>
public static class QueryErrorEncoder
{
    /// <summary>Encodes the error body. <paramref name="model"/> gives the namespace (and the EC2 variant); it may be null when the service is unknown.</summary>
    public static byte[] Encode(ServiceModel? model, AwsServiceException error, string requestId)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, QueryResponseEncoder.Settings))
        {
            w.WriteStartDocument();
            if (model?.Protocol == "ec2")
            {
                w.WriteStartElement("Response");
                w.WriteStartElement("Errors");
                w.WriteStartElement("Error");
                w.WriteElementString("Code", error.Code);
                w.WriteElementString("Message", error.Message);
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteElementString("RequestID", requestId);
                w.WriteEndElement();
            }
            else
            {
                w.WriteStartElement("ErrorResponse", model?.XmlNamespace ?? "");
                w.WriteStartElement("Error");
                w.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
                w.WriteElementString("Code", error.Code);
                w.WriteElementString("Message", error.Message);
                w.WriteEndElement();
                w.WriteElementString("RequestId", requestId);
                w.WriteEndElement();
            }
        }
        return stream.ToArray();
    }
}
