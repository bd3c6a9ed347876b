using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Corpus;

/// <summary>Walks every case under Corpus/: the decision, and the AccessDenied text where the case gives one.</summary>
public sealed class CorpusTests
{
    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in CorpusCase.LoadAll(CorpusDirectory))
        {
            data.Add(c.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Case_decides_as_documented(string id)
    {
        var corpusCase = CorpusCase.LoadAll(CorpusDirectory).Single(c => c.ToString() == id);
        var (request, policies) = corpusCase.Build();

        var explanation = Authorizer.Explain(request, policies);

        Assert.True(corpusCase.Expect == explanation.Decision.Kind.ToString(),
            $"{id}: expected {corpusCase.Expect}, got {explanation.Decision.Kind} ({explanation.Decision.DecidedBy}); source {corpusCase.Source}\n{explanation.Message}");
        Assert.Equal(explanation.Decision, Authorizer.Authorize(request, policies));
        if (corpusCase.ExpectMessage is { } message)
        {
            Assert.Equal(message, explanation.Message);
        }
    }

    [Fact]
    public void Corpus_is_large_and_names_are_unique()
    {
        var cases = CorpusCase.LoadAll(CorpusDirectory).ToList();
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        Assert.All(cases, c => Assert.False(string.IsNullOrEmpty(c.Source), $"{c} has no source"));
    }
}
