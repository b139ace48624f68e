namespace BackEnd.Testing.Internal;

/// <summary>Passes <see cref="BackEndTestHost.RemoteIpAddressKey"/> to the in-memory server, which takes it out of the request again.</summary>
internal sealed class RemoteAddressHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(BackEndTestHost.RemoteIpAddressKey, out var address))
        {
            request.Headers.Remove(InMemoryServer.RemoteAddressHeader);
            request.Headers.TryAddWithoutValidation(InMemoryServer.RemoteAddressHeader, address.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
