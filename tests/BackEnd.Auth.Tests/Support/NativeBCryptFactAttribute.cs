using System.Runtime.InteropServices;

namespace BackEnd.Auth.Tests.Support;

/// <summary>A fact about bcrypt through the system's crypt library; skipped, with the reason, where libcrypt.so.1 does not load.</summary>
/// <remarks>Where it loads (every Debian and Ubuntu), the tests run and also require it to have passed the self-test.</remarks>
public sealed class NativeBCryptFactAttribute : FactAttribute
{
    public NativeBCryptFactAttribute()
    {
        if (NativeBCryptTheoryAttribute.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The theory form of <see cref="NativeBCryptFactAttribute"/>.</summary>
public sealed class NativeBCryptTheoryAttribute : TheoryAttribute
{
    internal static readonly string? Missing = NativeLibrary.TryLoad("libcrypt.so.1", out var handle)
        ? Free(handle) : "libcrypt.so.1 (libxcrypt, Debian package libcrypt1) does not load here; bcrypt uses BCrypt.Net-Next only.";

    public NativeBCryptTheoryAttribute()
    {
        if (Missing is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Free(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return null;
    }
}
