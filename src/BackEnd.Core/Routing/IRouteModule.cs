namespace BackEnd.Routing;

/// <summary>A class that maps a set of related routes, so an application's endpoints live in tidy files.</summary>
/// <remarks>Register with <c>services.AddBackEnd().AddRoutes&lt;TModule&gt;()</c>; the module is created from DI once, at start-up.</remarks>
public interface IRouteModule
{
    /// <summary>Maps the module's routes.</summary>
    /// <param name="routes">The builder to map routes on; wrap in <c>MapGroup</c> to share a prefix.</param>
    void AddRoutes(IEndpointRouteBuilder routes);
}
