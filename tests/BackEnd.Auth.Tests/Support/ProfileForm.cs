namespace BackEnd.Auth.Tests.Support;

/// <summary>An HTML form a signed-in user posts without JavaScript, carrying the anti-forgery token as a hidden field.</summary>
public sealed class ProfileForm
{
    public string? DisplayName { get; set; }
}
