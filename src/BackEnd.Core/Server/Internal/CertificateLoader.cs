using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackEnd.Server.Internal;

/// <summary>Loads the TLS certificate named by the options (a PEM pair, a PEM with its key, or a PFX) and checks it can serve TLS.</summary>
internal static class CertificateLoader
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Load(BackEndServerOptions options)
    {
        if (options.ServerCertificate is { } inCode)
        {
            Validate(inCode, "The certificate set in BackEndServerOptions.ServerCertificate");
            return inCode;
        }

        var path = options.CertificatePath
            ?? throw new InvalidOperationException("An https:// URL needs a certificate: set BackEnd:Server:CertificatePath (PEM or PFX) or ServerCertificate.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The certificate file '{path}' does not exist.");
        }

        var certificate = LoadFile(options, path);
        try
        {
            Validate(certificate, $"The certificate '{path}'");
        }
        catch
        {
            certificate.Dispose();
            throw;
        }

        return certificate;
    }

    /// <summary>
    /// Refuses at start what would otherwise fail every handshake after "Now listening": a certificate without its private
    /// key, or one whose extended key usage does not allow server authentication.
    /// </summary>
    internal static void Validate(X509Certificate2 certificate, string description)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{description} ({certificate.Subject}) has no private key, so no TLS handshake could succeed: use a PFX that includes the key, or set CertificateKeyPath to the PEM key file.");
        }

        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usage && usage.EnhancedKeyUsages.Count > 0)
            {
                foreach (var oid in usage.EnhancedKeyUsages)
                {
                    if (oid.Value == ServerAuthenticationOid)
                    {
                        return;
                    }
                }

                throw new InvalidOperationException(
                    $"{description} ({certificate.Subject}) has an extended key usage that does not include server authentication (1.3.6.1.5.5.7.3.1), so clients would refuse it: issue one for TLS servers.");
            }
        }
    }

    private static X509Certificate2 LoadFile(BackEndServerOptions options, string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            }
            catch (CryptographicException ex)
            {
                throw new InvalidOperationException(
                    $"The PFX file '{path}' could not be loaded: {ex.Message} (a wrong or missing CertificatePassword is the usual cause).", ex);
            }
        }

        var keyPath = options.CertificateKeyPath ?? path;
        if (!File.Exists(keyPath))
        {
            throw new InvalidOperationException($"The private key file '{keyPath}' does not exist: set CertificateKeyPath to the PEM key of '{path}'.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = options.CertificatePassword is { } password
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"The key for '{path}' could not be loaded from '{keyPath}': {DescribeKeyFailure(keyPath, options.CertificatePassword is not null)} ({ex.Message})", ex);
        }

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

    /// <summary>Names the likely reason from the PEM labels, since the runtime reports most key failures with one sentence.</summary>
    private static string DescribeKeyFailure(string keyPath, bool hasPassword)
    {
        string text;
        try
        {
            text = File.ReadAllText(keyPath);
        }
        catch (IOException ex)
        {
            return $"the file cannot be read ({ex.Message})";
        }

        if (text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            return "it is a legacy OpenSSL-encrypted PEM key, which .NET cannot read; convert it with 'openssl pkcs8 -topk8' to an ENCRYPTED PRIVATE KEY";
        }

        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return hasPassword ? "the key is encrypted and the password is wrong" : "the key is encrypted and no CertificatePassword is set";
        }

        if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return "the file holds no PEM private key";
        }

        return "the key does not match the certificate or is not a supported kind";
    }
}
