using System.Runtime.CompilerServices;

namespace BackEnd.Routing.Internal;

/// <summary>Where the matcher records the position of each captured segment, inline so matching allocates nothing.</summary>
[InlineArray(Capacity)]
internal struct CaptureBuffer
{
    public const int Capacity = 16;

    private Range _element0;
}
