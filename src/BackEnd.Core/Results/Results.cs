using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;

namespace BackEnd.Http;

/// <summary>Factory methods for the results a handler returns: <c>return Results.Ok(product);</c>.</summary>
/// <remarks>
/// Every error result without a value of its own writes an RFC 9457 problem body. Arguments come in one order
/// everywhere: the body (value, text, bytes, stream), then the content type, then the file name or other details,
/// then the status code.
/// </remarks>
public static class Results
{
    /// <summary>200 with no body.</summary>
    /// <returns>The result.</returns>
    public static IResult Ok() => StatusCodeResult.Ok;

    /// <summary>200 with the value as JSON.</summary>
    /// <typeparam name="T">The value type; its metadata comes from the configured <see cref="JsonOptions"/>.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static IResult Ok<T>(T value) => new JsonResult<T>(value, 200, null);

    /// <summary>The value as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="contentType">The content type; <c>application/json; charset=utf-8</c> when <see langword="null"/>.</param>
    /// <param name="statusCode">The status; 200 when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    /// <remarks>Every result with a body takes the body first, then the content type, then the status, as in ASP.NET Core.</remarks>
    public static IResult Json<T>(T value, string? contentType = null, int? statusCode = null) =>
        new JsonResult<T>(value, statusCode ?? 200, contentType);

    /// <summary>Text, UTF-8 encoded.</summary>
    /// <param name="content">The text.</param>
    /// <param name="contentType">The content type; <c>text/plain; charset=utf-8</c> when <see langword="null"/>.</param>
    /// <param name="statusCode">The status; 200 when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static IResult Text(string content, string? contentType = null, int? statusCode = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new TextResult(content, contentType, statusCode ?? 200);
    }

    /// <summary>201 with a <c>Location</c> header and no body.</summary>
    /// <param name="uri">The location of the new resource.</param>
    /// <returns>The result.</returns>
    public static IResult Created(string? uri) => new CreatedResult<object?>(uri, null, null, null, hasValue: false);

    /// <summary>201 with a <c>Location</c> header and the new resource as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="uri">The location of the new resource.</param>
    /// <param name="value">The new resource.</param>
    /// <returns>The result.</returns>
    public static IResult Created<T>(string? uri, T value) => new CreatedResult<T>(uri, null, null, value, hasValue: true);

    /// <summary>201 whose <c>Location</c> is generated from a named route and values, with the new resource as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="routeName">The route name given with <c>WithName</c>.</param>
    /// <param name="routeValues">The route values; extra values become the query string.</param>
    /// <param name="value">The new resource.</param>
    /// <returns>The result.</returns>
    public static IResult CreatedAtRoute<T>(string routeName, IReadOnlyDictionary<string, object?>? routeValues, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(routeName);
        return new CreatedResult<T>(null, routeName, routeValues, value, hasValue: true);
    }

    /// <summary>204.</summary>
    /// <returns>The result.</returns>
    public static IResult NoContent() => StatusCodeResult.NoContent;

    /// <summary>404 with a problem body.</summary>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult NotFound(string? detail = null) => Problem(detail, statusCode: 404);

    /// <summary>404 with the value as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static IResult NotFound<T>(T value) => new JsonResult<T>(value, 404, null);

    /// <summary>400 with a problem body.</summary>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult BadRequest(string? detail = null) => Problem(detail, statusCode: 400);

    /// <summary>400 with the value as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static IResult BadRequest<T>(T value) => new JsonResult<T>(value, 400, null);

    /// <summary>409 with a problem body.</summary>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult Conflict(string? detail = null) => Problem(detail, statusCode: 409);

    /// <summary>409 with the value as JSON.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static IResult Conflict<T>(T value) => new JsonResult<T>(value, 409, null);

    /// <summary>403: the user is known but may not do this.</summary>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult Forbidden(string? detail = null) => Problem(detail, statusCode: 403);

    /// <summary>401: the request needs an authenticated user.</summary>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult Unauthorized(string? detail = null) => Problem(detail, statusCode: 401);

    /// <summary>An RFC 9457 problem.</summary>
    /// <param name="detail">An explanation of this occurrence.</param>
    /// <param name="instance">A URI of this occurrence; the request path when <see langword="null"/>.</param>
    /// <param name="statusCode">The status; 500 when <see langword="null"/>.</param>
    /// <param name="title">A summary; the status reason phrase when <see langword="null"/>.</param>
    /// <param name="type">A problem type URI; the RFC 9110 section of the status when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static IResult Problem(string? detail = null, string? instance = null, int? statusCode = null, string? title = null, string? type = null)
    {
        var problem = ProblemWriter.Create(statusCode ?? 500, detail, title);
        problem.Instance = instance;
        problem.Type = type ?? problem.Type;
        return new ProblemResult(problem);
    }

    /// <summary>An RFC 9457 problem built by the caller, for extensions.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The result.</returns>
    public static IResult Problem(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new ProblemResult(problem);
    }

    /// <summary>400 with an RFC 9457 <c>errors</c> map.</summary>
    /// <param name="errors">The messages per field, field names in JSON casing.</param>
    /// <param name="detail">An optional explanation.</param>
    /// <returns>The result.</returns>
    public static IResult ValidationProblem(IDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new ValidationProblemDetails(errors) { Detail = detail, Type = ProblemWriter.Describe(400).Type };
        return new ProblemResult(problem);
    }

    /// <summary>A redirect: 302, 301 when permanent, 307/308 when the method must be kept.</summary>
    /// <param name="url">The target.</param>
    /// <param name="permanent">Whether the redirect is permanent.</param>
    /// <param name="preserveMethod">Whether the client must repeat the same method and body.</param>
    /// <returns>The result.</returns>
    public static IResult Redirect(string url, bool permanent = false, bool preserveMethod = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return new RedirectResult(url, permanent, preserveMethod);
    }

    /// <summary>A redirect to a URL of this application only, for targets that come from the request (<c>returnUrl</c>).</summary>
    /// <remarks>
    /// <para>
    /// Unlike <see cref="Redirect"/>, which sends any URL, this refuses every target that could leave the application (an open
    /// redirect): it accepts a path starting with a single <c>/</c> not followed by <c>/</c> or <c>\</c> (browsers read
    /// <c>//evil.example</c> and <c>/\evil.example</c> as another host), or an application-relative <c>~/</c> path, which is
    /// resolved against the request's path base. URLs with control characters are refused too, because browsers drop tabs
    /// and line breaks and would turn <c>/\t/evil.example</c> into <c>//evil.example</c>. Absolute URLs, even to this host,
    /// are refused; validate those yourself and use <see cref="Redirect"/>.
    /// </para>
    /// <para>Statuses as for <see cref="Redirect"/>: 302, 301 when permanent, 307/308 when the method must be kept.</para>
    /// </remarks>
    /// <param name="url">The local target: <c>/orders/5</c> or <c>~/orders/5</c>.</param>
    /// <param name="permanent">Whether the redirect is permanent.</param>
    /// <param name="preserveMethod">Whether the client must repeat the same method and body.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is empty or not local.</exception>
    public static IResult LocalRedirect(string url, bool permanent = false, bool preserveMethod = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!IsLocalUrl(url))
        {
            // The URL is left out of the message: it is usually attacker-chosen and the message may reach a log or a page.
            throw new ArgumentException("The redirect target is not a local URL; it must start with a single '/' or with '~/'.", nameof(url));
        }

        return url[0] == '~' ? new LocalRedirectResult(url, permanent, preserveMethod) : new RedirectResult(url, permanent, preserveMethod);
    }

    /// <summary>Bytes as a file.</summary>
    /// <param name="contents">The bytes.</param>
    /// <param name="contentType">The content type; <c>application/octet-stream</c> when <see langword="null"/>.</param>
    /// <param name="fileDownloadName">When set, a <c>Content-Disposition: attachment</c> with this name.</param>
    /// <returns>The result.</returns>
    public static IResult File(byte[] contents, string? contentType = null, string? fileDownloadName = null)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return new StreamResult(() => new MemoryStream(contents, writable: false), contentType ?? "application/octet-stream", fileDownloadName);
    }

    /// <summary>A file from disk, opened when the result executes; 404 when it does not exist.</summary>
    /// <param name="path">The physical path.</param>
    /// <param name="contentType">The content type; <c>application/octet-stream</c> when <see langword="null"/>.</param>
    /// <param name="fileDownloadName">When set, a <c>Content-Disposition: attachment</c> with this name.</param>
    /// <returns>The result.</returns>
    public static IResult File(string path, string? contentType = null, string? fileDownloadName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StreamResult(
            () => System.IO.File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true) : null,
            contentType ?? "application/octet-stream",
            fileDownloadName);
    }

    /// <summary>A stream copied to the response and then disposed.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="contentType">The content type; <c>application/octet-stream</c> when <see langword="null"/>.</param>
    /// <param name="fileDownloadName">When set, a <c>Content-Disposition: attachment</c> with this name.</param>
    /// <returns>The result.</returns>
    public static IResult Stream(Stream stream, string? contentType = null, string? fileDownloadName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamResult(() => stream, contentType ?? "application/octet-stream", fileDownloadName);
    }

    /// <summary>A bare status; 4xx and 5xx get a problem body.</summary>
    /// <param name="statusCode">The status.</param>
    /// <returns>The result.</returns>
    public static IResult StatusCode(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new StatusCodeResult(statusCode);
    }

    /// <summary>Nothing: leaves the response as the handler wrote it.</summary>
    public static IResult Empty { get; } = new EmptyResult();

    private static bool IsLocalUrl(string url)
    {
        var start = url[0] switch
        {
            '/' => 1,
            '~' when url.Length > 1 && url[1] == '/' => 2,
            _ => -1,
        };
        if (start < 0 || (url.Length > start && url[start] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
