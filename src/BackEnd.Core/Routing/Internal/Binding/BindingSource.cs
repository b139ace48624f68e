namespace BackEnd.Routing.Internal.Binding;

internal enum BindingSource
{
    Route,
    Query,
    Header,
}
