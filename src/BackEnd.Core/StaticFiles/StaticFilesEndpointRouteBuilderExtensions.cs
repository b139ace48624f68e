using BackEnd.StaticFiles;
using BackEnd.StaticFiles.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackEnd.Routing;

/// <summary>Maps a folder or embedded resources as static files.</summary>
public static class StaticFilesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the files of <paramref name="root"/> under <paramref name="requestPath"/> for GET and HEAD: <c>app.MapStaticFiles("/", "wwwroot")</c>.
    /// Literal routes still win over the files; a relative root is relative to the host's content root.
    /// </summary>
    /// <param name="routes">The builder.</param>
    /// <param name="requestPath">The path prefix, such as <c>/</c> or <c>/assets</c>.</param>
    /// <param name="root">The folder to serve.</param>
    /// <param name="configure">Adjusts the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The route, for conventions.</returns>
    public static RouteHandlerBuilder MapStaticFiles(this IEndpointRouteBuilder routes, string requestPath, string root, Action<StaticFileOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Path.IsPathRooted(root))
        {
            var contentRoot = routes.ServiceProvider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            root = Path.Combine(contentRoot, root);
        }

        return routes.MapStaticFiles(requestPath, StaticFileProvider.Physical(root), configure);
    }

    /// <summary>Serves the files of a provider (a folder or embedded resources) under <paramref name="requestPath"/> for GET and HEAD.</summary>
    /// <param name="routes">The builder.</param>
    /// <param name="requestPath">The path prefix, such as <c>/</c> or <c>/assets</c>.</param>
    /// <param name="provider">Where the files come from.</param>
    /// <param name="configure">Adjusts the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The route, for conventions.</returns>
    public static RouteHandlerBuilder MapStaticFiles(this IEndpointRouteBuilder routes, string requestPath, StaticFileProvider provider, Action<StaticFileOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(requestPath);
        ArgumentNullException.ThrowIfNull(provider);
        if (!requestPath.StartsWith('/'))
        {
            throw new ArgumentException($"The request path '{requestPath}' must start with '/'.", nameof(requestPath));
        }

        var options = new StaticFileOptions();
        configure?.Invoke(options);
        var prefix = requestPath.TrimEnd('/');
        var endpoint = new StaticFileEndpoint(provider, options, prefix);
        return routes.MapMethods(prefix + "/{**path}", ["GET", "HEAD"], endpoint.HandleAsync);
    }
}
