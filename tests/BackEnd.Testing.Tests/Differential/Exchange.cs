using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace BackEnd.Testing.Tests.Differential;

/// <summary>Sends requests and turns responses into comparable text: status, headers (without Date), body bytes.</summary>
internal static partial class Exchange
{
    private static readonly UriCreationOptions s_raw = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Builds a request whose target is sent exactly as written (no dot-segment removal, no re-escaping).</summary>
    public static HttpRequestMessage Request(HttpClient client, HttpMethod method, string target, HttpContent? content = null) =>
        new(method, new Uri(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + target, s_raw)) { Content = content };

    public static Func<HttpClient, Task<string>> Send(HttpMethod method, string target, Func<HttpContent?>? content = null, Action<HttpRequestMessage>? configure = null) =>
        async client =>
        {
            using var request = Request(client, method, target, content?.Invoke());
            configure?.Invoke(request);
            return await SendAsync(client, request);
        };

    public static Func<HttpClient, Task<string>> Get(string target, Action<HttpRequestMessage>? configure = null) => Send(HttpMethod.Get, target, null, configure);

    public static async Task<string> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request).WaitAsync(Gates.Bound);
            var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Gates.Bound);
            return Describe(response, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or TimeoutException)
        {
            return "error: " + ex.GetType().Name;
        }
    }

    public static string Describe(HttpResponseMessage response, byte[] body) =>
        $"{(int)response.StatusCode}\n{Headers(response)}\nbody: {Body(body)}";

    public static string Headers(HttpResponseMessage response)
    {
        // Date changes every second and is the only header whose value is allowed to differ.
        var headers = response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers)
            .Where(static h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .Select(static h => $"{h.Key.ToLowerInvariant()}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal);
        return string.Join('\n', headers);
    }

    public static string Body(byte[] body)
    {
        if (body.Length > 512)
        {
            return $"{body.Length} bytes, sha256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..16]}";
        }

        // Trace identifiers name the connection, whose number depends on how many came before.
        return TraceId().Replace(Encoding.UTF8.GetString(body), "<trace>");
    }

    public static StringContent Text(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));

    [GeneratedRegex("[0-9A-F]{8}:[0-9A-F]{8}")]
    private static partial Regex TraceId();
}
