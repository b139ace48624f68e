using BackEnd.Http;
using BackEnd.Server;

namespace BackEnd.Pipeline.Internal;

/// <summary>Hands the built pipeline to the server through its seam, replacing the server's default 404 application.</summary>
internal sealed class PipelineRequestDelegateFactory(ApplicationPipeline pipeline) : IRequestDelegateFactory
{
    public RequestDelegate CreateRequestDelegate() => pipeline.RequestDelegate;
}
