using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stevedore.Advisor;

/// <summary>The JSON writing options of every document the advisor prints.</summary>
public static class AdvisorJson
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions Compact { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
