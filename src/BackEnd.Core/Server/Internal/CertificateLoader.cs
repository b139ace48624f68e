using System.Security.Cryptography.X509Certificates;

namespace BackEnd.Server.Internal;

/// <summary>Loads the TLS certificate named by the options: a PEM pair, a PEM with its key, or a PFX.</summary>
internal static class CertificateLoader
{
    public static X509Certificate2 Load(BackEndServerOptions options)
    {
        if (options.ServerCertificate is { } inCode)
        {
            return inCode;
        }

        var path = options.CertificatePath
            ?? throw new InvalidOperationException("An https:// URL needs a certificate: set BackEnd:Server:CertificatePath (PEM or PFX) or ServerCertificate.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The certificate file '{path}' does not exist.");
        }

        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }

        var keyPath = options.CertificateKeyPath ?? path;
        var certificate = options.CertificatePassword is { } password
            ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
            : X509Certificate2.CreateFromPemFile(path, keyPath);
        if (OperatingSystem.IsWindows())
        {
            // SChannel needs a persisted key; an ephemeral PEM key works on Linux and macOS as is.
            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
        }

        return certificate;
    }
}
