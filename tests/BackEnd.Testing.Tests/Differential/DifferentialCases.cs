using System.Net;
using System.Text;
using static BackEnd.Testing.Tests.Differential.Exchange;

namespace BackEnd.Testing.Tests.Differential;

/// <summary>The requests of the differential run: limits, cancellation, framing, methods, statuses, paths, request view, responses, streaming, Expect.</summary>
internal static class DifferentialCases
{
    private static readonly HttpMethod Purge = new("PURGE");
    private static readonly HttpMethod Propfind = new("PROPFIND");

    public static IReadOnlyList<DifferentialCase> All { get; } = Build();

    private static List<DifferentialCase> Build()
    {
        var limit = (int)DifferentialApp.MaxRequestBodySize;
        var cases = new List<DifferentialCase>
        {
            // Limits from BackEndServerOptions.
            new("limit: body at MaxRequestBodySize, Content-Length", Send(HttpMethod.Post, "/echo", () => new ByteArrayContent(new byte[limit])), "200"),
            new("limit: body over MaxRequestBodySize, Content-Length, unread", Send(HttpMethod.Post, "/ignore-body", () => new ByteArrayContent(new byte[limit + 1])), "413"),
            new("limit: body over MaxRequestBodySize, Content-Length, read", Send(HttpMethod.Post, "/echo", () => new ByteArrayContent(new byte[limit * 3])), "413"),
            new("limit: body over MaxRequestBodySize, chunked", Send(HttpMethod.Post, "/echo", () => new ChunkedContent(new byte[limit * 3])), "413"),
            new("limit: body under MaxRequestBodySize, chunked", Send(HttpMethod.Post, "/echo", () => new ChunkedContent(new byte[1000])), "200"),
            new("limit: URL of 9,000 characters", Get("/path/" + new string('u', 9000)), "414"),
            new("limit: URL of 8,000 characters", Get("/path/" + new string('u', 8000)), "200"),
            new("limit: one header of 40 KB", Get("/headers", r => r.Headers.Add("X-Big", new string('h', 40 * 1024))), "431"),
            new("limit: header section just under 32 KB", Get("/headers", r => r.Headers.Add("X-Big", new string('h', 30 * 1024))), "200"),
            new("limit: 101 headers", Get("/headers", r => AddHeaders(r, 100)), "431"),
            new("limit: 100 headers", Get("/headers", r => AddHeaders(r, 99)), "200"),

            // Client cancellation with a handler that ignores RequestAborted.
            new("cancel: client gives up, handler ignores the token", CancelAsync, "client released; RequestAborted fired"),

            // Content-Length declared by the handler versus bytes written.
            new("length: declared 10, wrote 5", Get("/length/10/5"), "error:"),
            new("length: declared 3, wrote 5", Get("/length/3/5")),
            new("length: declared 5, wrote 5", Get("/length/5/5"), "200"),
            new("length: declared 0, wrote 0", Get("/length/0/0"), "200"),
            new("length: HEAD, declared 10, wrote 0", Send(HttpMethod.Head, "/length/10/0")),

            // Methods.
            new("method: GET", Send(HttpMethod.Get, "/view"), "200"),
            new("method: POST", Send(HttpMethod.Post, "/view", () => Text("x")), "200"),
            new("method: PUT", Send(HttpMethod.Put, "/view", () => Text("x")), "200"),
            new("method: DELETE", Send(HttpMethod.Delete, "/view"), "200"),
            new("method: PATCH", Send(HttpMethod.Patch, "/view", () => Text("x")), "200"),
            new("method: OPTIONS", Send(HttpMethod.Options, "/view")),
            new("method: TRACE", Send(HttpMethod.Trace, "/view")),
            new("method: HEAD", Send(HttpMethod.Head, "/view"), "200"),
            new("method: PURGE, registered", Send(Purge, "/ext"), "200"),
            new("method: PROPFIND, registered", Send(Propfind, "/dav"), "200"),
            new("method: BREW, not registered", Send(new HttpMethod("BREW"), "/text")),
            new("method: PURGE on a GET route", Send(Purge, "/text")),

            // Status codes set by the handler.
            new("status: 201", Get("/status/201"), "201"),
            new("status: 202", Get("/status/202"), "202"),
            new("status: 299", Get("/status/299"), "299"),
            new("status: 418", Get("/status/418"), "418"),
            new("status: 599", Get("/status/599"), "599"),
            new("status: 99", Get("/status/99"), "500"),
            new("status: 103", Get("/status/103"), "500"),
            new("status: 600", Get("/status/600")),
            new("status: 1000", Get("/status/1000")),
            new("status: 204 with a body written", Get("/status-body/204"), "204"),
            new("status: 304 with a body written", Get("/status-body/304"), "304"),
            new("status: 205 with a body written", Get("/status-body/205")),
            new("status: 404 with a body written", Get("/status-body/404"), "404"),
            new("status: NoContent result", Get("/no-content"), "204"),
            new("status: 304 with ETag", Get("/not-modified"), "304"),

            // Paths: one decoder for both hosts.
            new("path: %FF (invalid UTF-8)", Get("/path/%FF"), "400"),
            new("path: %00", Get("/path/a%00b"), "400"),
            new("path: %0A", Get("/path/a%0Ab"), "400"),
            new("path: %G1 (bad escape)", Get("/path/%G1"), "400"),
            new("path: trailing %", Get("/path/a%"), "400"),
            new("path: %2F stays encoded", Get("/path/a%2Fb"), "200"),
            new("path: UTF-8 escapes", Get("/path/caf%C3%A9/%E2%82%AC"), "200"),
            new("path: dot segments", Get("/path/a/../b/./c"), "200"),
            new("path: encoded dot segments", Get("/path/a/%2e%2e/b"), "200"),
            new("path: plus is not a space", Get("/path/a+b"), "200"),
            new("path: route parameter with escapes", Get("/hello/J%C3%BCrgen%20S"), "200"),

            // Query strings.
            new("query: %FF decodes to U+FFFD", Get("/query?x=%FF"), "200"),
            new("query: plus is a space", Get("/query?x=a+b"), "200"),
            new("query: repeated key", Get("/query?x=1&x=2"), "200"),
            new("query: UTF-8 escape", Get("/query?x=%E2%82%AC"), "200"),
            new("query: empty key and bare key", Get("/query?=v&k"), "200"),

            // What the handler sees of the request.
            new("view: defaults", Get("/view"), "200"),
            new("view: explicit Host header", Get("/view", r => r.Headers.Host = "example.com:8080"), "200"),
            new("view: HTTP/1.0", Get("/view", r => r.Version = HttpVersion.Version10), "200"),
            new("view: HTTP/2 asked, HTTP/1.1 spoken", Get("/view", r => r.Version = HttpVersion.Version20), "200"),
            new("view: chunked body", Send(HttpMethod.Post, "/view", () => new ChunkedContent(Encoding.ASCII.GetBytes("hello chunked"))), "200"),
            new("view: Content-Length body", Send(HttpMethod.Post, "/view", () => Text("hello length!")), "200"),
            new("view: empty POST", Send(HttpMethod.Post, "/view", () => new ByteArrayContent([])), "200"),
            new("view: query string kept raw", Get("/view?a=%FF&b=c+d"), "200"),
            new("view: remote address", Get("/remote"), "200"),

            // Responses.
            new("response: OPTIONS answered by routing", Send(HttpMethod.Options, "/text")),
            new("response: CORS preflight", Send(HttpMethod.Options, "/text", null, r =>
            {
                r.Headers.Add("Origin", "https://app.example.com");
                r.Headers.Add("Access-Control-Request-Method", "PUT");
            }), "204"),
            new("response: HEAD of a text route", Send(HttpMethod.Head, "/text"), "200"),
            new("response: 100 KB body", Get("/big"), "200"),
            new("response: redirect followed like a socket client", Get("/redirect"), "200"),
            new("response: handler throws", Get("/throw"), "500"),
            new("response: handler throws after the body started", Get("/throw-after-start"), "error:"),
            new("response: invalid header value", Get("/bad-response-header"), "500"),
            new("response: 405 with Allow", Send(HttpMethod.Delete, "/text"), "405"),
            new("response: 404", Get("/nowhere"), "404"),
            new("response: cookie kept by the client", CookieAsync, "cookie=session=abc"),

            // Streaming, both ways.
            new("stream: flushed response reaches the client before the handler ends", client => StreamAsync(client, "/stream"), "streamed"),
            new("stream: server-sent events", client => StreamAsync(client, "/sse"), "streamed"),
            new("stream: request body read as it arrives", UploadStreamAsync, "200"),

            // Expect: 100-continue.
            new("expect: 100-continue, body read", Send(HttpMethod.Post, "/echo", () => Text("expected body"), r => r.Headers.ExpectContinue = true), "200"),
            new("expect: 100-continue, body not read", Send(HttpMethod.Post, "/ignore-body", () => new ByteArrayContent(new byte[4096]), r => r.Headers.ExpectContinue = true), "200"),

            // Headers.
            new("header: echoed", Get("/headers", r => r.Headers.Add("X-Test", "value")), "200"),
            new("header: non-ASCII request header refused by the client", Get("/headers", r => r.Headers.TryAddWithoutValidation("X-Test", "caf\u00e9")), "error:"),
            new("header: repeated request header", Get("/headers", r => r.Headers.Add("X-Test", ["a", "b"])), "200"),

            // Binding.
            new("binding: JSON body", Send(HttpMethod.Post, "/json", () => new StringContent("""{"name":"pen","price":2.5}""", Encoding.UTF8, "application/json")), "200"),
            new("binding: malformed JSON", Send(HttpMethod.Post, "/json", () => new StringContent("{\"name\":", Encoding.UTF8, "application/json")), "400"),
            new("binding: wrong content type", Send(HttpMethod.Post, "/json", () => Text("name=pen")), "415"),
            new("binding: route value", Get("/hello/world"), "200"),
        };
        return cases;
    }

    private static void AddHeaders(HttpRequestMessage request, int count)
    {
        for (var i = 0; i < count; i++)
        {
            request.Headers.Add($"X-H{i}", "v");
        }
    }

    private static async Task<string> CancelAsync(HttpClient client)
    {
        var id = Guid.NewGuid().ToString("N");
        using var cancel = new CancellationTokenSource();
        var send = client.GetAsync($"/ignore-abort?id={id}", cancel.Token);
        if (!await Gates.WaitAsync("started:" + id))
        {
            return "handler never started";
        }

        await cancel.CancelAsync();
        string outcome;
        try
        {
            await send.WaitAsync(Gates.Bound);
            outcome = "client got a response";
        }
        catch (TaskCanceledException)
        {
            outcome = "client released";
        }
        catch (TimeoutException)
        {
            outcome = "client blocked until the handler ended";
        }

        var aborted = await Gates.WaitAsync("aborted:" + id, TimeSpan.FromSeconds(3));
        Gates.Open("release:" + id);
        return $"{outcome}; RequestAborted {(aborted ? "fired" : "not fired")}";
    }

    private static async Task<string> StreamAsync(HttpClient client, string path)
    {
        var id = Guid.NewGuid().ToString("N");
        try
        {
            using var response = await client.GetAsync($"{path}?id={id}", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Gates.Bound);
            await using var body = await response.Content.ReadAsStreamAsync();
            var first = new byte[64];
            var read = await body.ReadAsync(first).AsTask().WaitAsync(Gates.Bound);
            Gates.Open("release:" + id);
            using var rest = new MemoryStream();
            await body.CopyToAsync(rest);
            return $"streamed: first read {Encoding.UTF8.GetString(first, 0, read)}\n{Describe(response, [.. first.AsSpan(0, read), .. rest.ToArray()])}";
        }
        catch (TimeoutException)
        {
            return "not streamed: nothing arrived before the handler finished";
        }
        finally
        {
            Gates.Open("release:" + id);
        }
    }

    private static async Task<string> UploadStreamAsync(HttpClient client)
    {
        var id = Guid.NewGuid().ToString("N");
        var content = new TwoPartContent(id);
        using var request = Request(client, HttpMethod.Post, $"/upload-stream?id={id}", content);
        var outcome = await SendAsync(client, request);
        return $"{outcome}\nserver read the first part before the second was sent: {content.ServerSawFirstPart}";
    }

    private static async Task<string> CookieAsync(HttpClient client)
    {
        using var set = await client.GetAsync("/set-cookie");
        return await client.GetStringAsync("/cookie");
    }
}
