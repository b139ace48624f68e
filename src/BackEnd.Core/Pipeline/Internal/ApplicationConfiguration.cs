namespace BackEnd.Pipeline.Internal;

/// <summary>One <c>Configure</c> callback, kept in DI until the pipeline is built.</summary>
internal sealed class ApplicationConfiguration(Action<IApplicationBuilder> configure)
{
    public Action<IApplicationBuilder> Configure { get; } = configure;
}
