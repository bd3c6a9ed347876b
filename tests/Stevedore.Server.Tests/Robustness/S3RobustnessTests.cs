using System.Text;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// S3's REST routes, as <see cref="EveryOperationRobustnessTests"/> does the Query and JSON services: every implemented
/// operation sent random inputs shaped by its model (labels, query parameters, headers, XML or raw payloads) through
/// the whole pipeline, against a bucket with a few objects made first; no answer may be a 5xx but the 501 of a route
/// Stevedore does not serve.
/// </summary>
public sealed class S3RobustnessTests : IDisposable
{
    private readonly InProcessCloud _cloud = new();

    [Fact]
    public void No_input_makes_an_S3_operation_answer_5xx()
    {
        foreach (var (method, path, body) in new[] { ("PUT", "/test", ""), ("PUT", "/test/a", "x"), ("PUT", "/test/k", "y"), ("PUT", "/test/a/b", "z") })
        {
            var made = _cloud.Handle(_cloud.S3(method, path, "", [], Encoding.UTF8.GetBytes(body)));
            Assert.True(made.Status == 200, $"{method} {path}: {made.Status} {Encoding.UTF8.GetString(made.Body.Span)}");
        }

        var service = _cloud.Services["s3"];
        var failures = new List<string>();
        foreach (var operation in service.ImplementedOperations.Order(StringComparer.Ordinal))
        {
            Assert.True(service.Model.TryGetOperation(operation, out var op), $"s3:{operation} is not in its model");
            var inputs = new ModelInputs(RobustnessRuns.Seed("s3:" + operation));
            for (var i = 0; i < RobustnessRuns.InputsPerOperation; i++)
            {
                var input = op.Input is { } inputRef ? inputs.Structure(inputRef.Shape) : [];
                var (method, path, query, headers, body) = RestXmlRequests.Build(op, input);
                var response = _cloud.Handle(_cloud.S3(method, path, query, headers, body));
                // 501 is Stevedore's answer for a route it does not serve (an empty bucket label, a subresource it lacks).
                if (response.Status >= 500 && response.Status != 501)
                {
                    failures.Add($"{operation} #{i} → {response.Status} {Encoding.UTF8.GetString(response.Body.Span)[..Math.Min(300, response.Body.Length)]}\n" +
                        $"    {method} {path}?{query} {string.Join(' ', headers.Select(h => $"{h.Key}: {h.Value}"))}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(15)));
    }

    public void Dispose() => _cloud.Dispose();
}
