using BackEnd.Http;

namespace BackEnd.Server;

/// <summary>Builds the application's request delegate once, when the server starts; the router replaces the default registration.</summary>
public interface IRequestDelegateFactory
{
    /// <summary>Creates the delegate that handles every request.</summary>
    /// <returns>The application's request delegate.</returns>
    RequestDelegate CreateRequestDelegate();
}
