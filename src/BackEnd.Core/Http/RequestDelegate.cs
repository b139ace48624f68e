using System.Diagnostics.CodeAnalysis;

namespace BackEnd.Http;

/// <summary>Handles one HTTP request; middleware, the router and handlers are all request delegates.</summary>
/// <param name="context">The context of the request being handled.</param>
/// <returns>A task that completes when the request has been handled.</returns>
[SuppressMessage("Naming", "CA1711", Justification = "The name ASP.NET Core users already know.")]
public delegate ValueTask RequestDelegate(HttpContext context);
