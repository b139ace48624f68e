namespace BackEnd.Routing.Internal.Binding;

/// <summary>Why a parameter could not be bound; a value, so a successful bind allocates nothing for it.</summary>
internal readonly struct BindingError(int status, string detail)
{
    public int Status { get; } = status;

    public string Detail { get; } = detail;
}
