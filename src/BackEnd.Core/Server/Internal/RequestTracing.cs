using System.Globalization;
using System.Diagnostics;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>
/// One server <see cref="Activity"/> per request from the <c>BackEnd.Server</c> source, continuing a W3C
/// <c>traceparent</c>/<c>tracestate</c> sent by the client, tagged with OpenTelemetry's HTTP semantic conventions, so
/// OpenTelemetry (or any <see cref="ActivityListener"/>) can export it. Nothing is created while nobody listens.
/// </summary>
internal static class RequestTracing
{
    /// <summary>The source's name, for <c>AddSource("BackEnd.Server")</c> in OpenTelemetry.</summary>
    public const string SourceName = "BackEnd.Server";

    private static readonly ActivitySource Source = new(SourceName, typeof(RequestTracing).Assembly.GetName().Version?.ToString());

    public static Activity? Start(HttpContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var request = context.Request;
        var parent = default(ActivityContext);
        var traceParent = request.Headers["traceparent"];
        if (traceParent.Count == 1)
        {
            // A malformed or repeated traceparent starts a new trace, as W3C Trace Context says; it is never an error.
            var traceState = request.Headers["tracestate"];
            _ = ActivityContext.TryParse(traceParent[0], traceState.Count == 0 ? null : string.Join(',', traceState.ToArray()), isRemote: true, out parent);
        }

        var activity = Source.StartActivity(request.Method, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", request.Method);
            activity.SetTag("url.scheme", request.Scheme);
            activity.SetTag("url.path", request.Path);
            activity.SetTag("network.protocol.version", request.Protocol is "HTTP/1.0" ? "1.0" : "1.1");
            if (context.Connection.LocalPort is var port and > 0)
            {
                activity.SetTag("server.port", port);
            }
        }

        return activity;
    }

    /// <summary>Gets the template of the route the router ran for this request (<c>/users/{id:int}</c>), or <see langword="null"/> when none matched.</summary>
    public static string? RouteOf(HttpContext context) => context.RouteSelection.Routed?.Pattern;

    public static void Stop(Activity activity, HttpContext context, bool failed)
    {
        var status = context.Response.StatusCode;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.response.status_code", status);
            if (RouteOf(context) is { } route)
            {
                // OpenTelemetry names a server span "{method} {http.route}" once the route is known: low cardinality, unlike the path.
                activity.SetTag("http.route", route);
                activity.DisplayName = context.Request.Method + " " + route;
            }
        }

        if (failed || status >= 500)
        {
            // Server spans are errors for 5xx only; 4xx are the client's mistakes (OpenTelemetry HTTP conventions).
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
        }

        activity.Stop();
    }
}
