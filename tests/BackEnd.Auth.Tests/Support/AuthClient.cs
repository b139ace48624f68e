using System.Net.Http.Json;
using System.Text.Json;

namespace BackEnd.Auth.Tests.Support;

/// <summary>An HTTP client that keeps the session cookie by hand, so tests see and control every cookie.</summary>
public sealed class AuthClient(HttpClient http) : IDisposable
{
    public const string Cookie = "backend_session";

    public HttpClient Http { get; } = http;

    public string? Session { get; set; }

    public string? Token { get; set; }

    public string? Csrf { get; set; }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (Session is not null)
        {
            request.Headers.Add("Cookie", $"{Cookie}={Session}");
        }

        if (Token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        }

        if (Csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", Csrf);
        }

        adjust?.Invoke(request);
        var response = await Http.SendAsync(request);
        foreach (var setCookie in SetCookies(response))
        {
            if (setCookie.StartsWith(Cookie + "=", StringComparison.Ordinal))
            {
                var value = setCookie[(Cookie.Length + 1)..].Split(';')[0];
                Session = value.Length == 0 ? null : value;
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null, Action<HttpRequestMessage>? adjust = null) =>
        SendAsync(HttpMethod.Post, path, body, adjust);

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? adjust = null) => SendAsync(HttpMethod.Get, path, null, adjust);

    public async Task<HttpResponseMessage> LoginAsync(string userName, string password)
    {
        var response = await PostAsync("/auth/login", new { userName, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    public async Task<string> LoginForTokenAsync(string userName, string password)
    {
        var response = await PostAsync("/auth/login", new { userName, password, token = true });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    public async Task<string> FetchCsrfAsync()
    {
        var response = await GetAsync("/auth/csrf");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Csrf = json.RootElement.GetProperty("token").GetString()!;
    }

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    public void Dispose() => Http.Dispose();
}
