using System.Text;
using System.Text.Json;

namespace BackEnd.Core.Tests.Server;

/// <summary>Public request corpora: llhttp's strict-mode cases and AWS http-desync-guardian, over real sockets.</summary>
public sealed class CorpusTests : IAsyncLifetime
{
    private static readonly int[] s_rejectStatuses = [400, 408, 413, 414, 431, 501, 505];

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestApps.ReadBody);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Llhttp_MustRejectCases_NeverAnsweredAsSuccess()
    {
        var cases = LoadLlhttp().Where(c => c.Error && !c.LastLog.Contains("Pause on", StringComparison.Ordinal)).ToList();
        Assert.True(cases.Count > 40, "The llhttp corpus looks truncated.");
        var failures = new List<string>();

        foreach (var testCase in cases)
        {
            var responses = await _server.SendAllAsync(Encoding.Latin1.GetBytes(testCase.Request));
            var successes = responses.Count(r => r.Status < 300);
            if (successes > testCase.CompleteMessages || responses.Any(r => r.Status >= 500 && !s_rejectStatuses.Contains(r.Status)))
            {
                failures.Add($"{testCase.Title}: {string.Join(",", responses.Select(r => r.Status))} (llhttp completed {testCase.CompleteMessages})");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Llhttp_AllRequestCases_NoServerErrorAndServerStillServes()
    {
        var failures = new List<string>();

        foreach (var testCase in LoadLlhttp())
        {
            var responses = await _server.SendAllAsync(Encoding.Latin1.GetBytes(testCase.Request));
            if (responses.Any(r => r.Status >= 500 && !s_rejectStatuses.Contains(r.Status)))
            {
                failures.Add(testCase.Title);
            }
        }

        var after = await _server.SendAllAsync("GET /alive HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(200, Assert.Single(after).Status);
    }

    [Fact]
    public async Task DesyncGuardian_SevereCases_400()
    {
        var cases = DesyncCase.Load(Path.Combine(TestData.HttpDirectory, "desync-guardian")).Where(c => c.Tier == "Severe").ToList();
        Assert.True(cases.Count > 20, "The desync-guardian corpus looks truncated.");
        var failures = new List<string>();

        foreach (var testCase in cases)
        {
            var responses = await _server.SendAllAsync(testCase.ToRequest(), headRequests: testCase.Method == "HEAD");
            if (responses.Count != 1 || responses[0].Status != 400 || !responses[0].HasConnectionClose)
            {
                failures.Add($"{testCase}: {string.Join(",", responses.Select(r => r.Status))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task DesyncGuardian_AmbiguousCases_RejectedOrClosedAfterResponse()
    {
        var cases = DesyncCase.Load(Path.Combine(TestData.HttpDirectory, "desync-guardian")).Where(c => c.Tier == "Ambiguous").ToList();
        Assert.True(cases.Count > 20, "The desync-guardian corpus looks truncated.");
        var failures = new List<string>();

        foreach (var testCase in cases)
        {
            var responses = await _server.SendAllAsync(testCase.ToRequest(), headRequests: testCase.Method == "HEAD");
            if (responses.Count > 1 || (responses.Count == 1 && responses[0].Status < 400 && !responses[0].HasConnectionClose))
            {
                failures.Add($"{testCase}: {string.Join(",", responses.Select(r => r.Status))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task DesyncGuardian_AllCases_NoServerError()
    {
        var failures = new List<string>();

        foreach (var testCase in DesyncCase.Load(Path.Combine(TestData.HttpDirectory, "desync-guardian")))
        {
            var responses = await _server.SendAllAsync(testCase.ToRequest(), headRequests: testCase.Method == "HEAD");
            if (responses.Any(r => r.Status >= 500 && !s_rejectStatuses.Contains(r.Status)))
            {
                failures.Add($"{testCase}: {string.Join(",", responses.Select(r => r.Status))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static List<LlhttpCase> LoadLlhttp()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.HttpDirectory, "llhttp_request_cases.json")));
        var cases = new List<LlhttpCase>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.GetProperty("type").GetString() != "request")
            {
                continue;
            }

            var log = element.GetProperty("log").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();
            cases.Add(new LlhttpCase(
                element.GetProperty("title").GetString() ?? string.Empty,
                element.GetProperty("request").GetString() ?? string.Empty,
                element.GetProperty("error").GetBoolean(),
                log.Count(l => l.EndsWith("message complete", StringComparison.Ordinal)),
                log.Count == 0 ? string.Empty : log[^1]));
        }

        return cases;
    }

    private sealed record LlhttpCase(string Title, string Request, bool Error, int CompleteMessages, string LastLog);
}
