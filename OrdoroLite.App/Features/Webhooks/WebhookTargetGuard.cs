using System.Net;
using System.Net.Sockets;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Features.Webhooks;

/// <summary>
/// Where webhooks may go: http or https, to a host that resolves only to public addresses. Loopback,
/// private (RFC 1918, unique local), link-local (cloud metadata at 169.254.169.254), carrier-grade
/// NAT, multicast and reserved addresses are refused; <see cref="WebhookOptions.AllowPrivateNetworks"/>
/// (tests, a load run on one machine) lets loopback and private addresses through, never link-local
/// ones: 169.254.169.254 answers with a cloud server's credentials on every cloud. Checked when a manager subscribes, and again for the
/// addresses each connection actually uses (<see cref="HttpWebhookSender"/>), so a host that later
/// resolves elsewhere (DNS rebinding) is refused too.
/// </summary>
public sealed class WebhookTargetGuard(WebhookOptions options) : IWebhookTargetGuard
{
    public async Task<string?> WhyRefusedAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return $"\"{url}\" is not an http or https URL.";
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"The host \"{url.Host}\" of the URL could not be found (DNS). Check the URL.";
        }

        if (addresses.Length == 0)
        {
            return $"The host \"{url.Host}\" of the URL has no address. Check the URL.";
        }

        return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused
            ? RefusedSentence(url.Host, refused)
            : null;
    }

    /// <summary>Whether a connection to this address is allowed.</summary>
    public bool IsAllowed(IPAddress address) => IsPublic(address) || options.AllowPrivateNetworks && !IsLinkLocal(address);

    /// <summary>169.254.0.0/16 and fe80::/10, where clouds answer with the server's metadata and credentials.</summary>
    public static bool IsLinkLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork
            ? address.GetAddressBytes() is [169, 254, _, _]
            : address.IsIPv6LinkLocal;
    }

    public static string RefusedSentence(string host, IPAddress address) =>
        $"\"{host}\" resolves to {address}, a loopback, private or link-local address; webhooks go only to public addresses.";

    /// <summary>True for an address on the public Internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this" network
                || b[0] == 10                                    // private
                || b[0] == 100 && b[1] >= 64 && b[1] <= 127      // carrier-grade NAT
                || b[0] == 127                                   // loopback
                || b[0] == 169 && b[1] == 254                    // link-local (cloud metadata)
                || b[0] == 172 && b[1] >= 16 && b[1] <= 31       // private
                || b[0] == 192 && b[1] == 0 && b[2] == 0         // IETF protocol assignments
                || b[0] == 192 && b[1] == 168                    // private
                || b[0] == 198 && (b[1] == 18 || b[1] == 19)     // benchmarking
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(IPAddress.IsLoopback(address)
                || address.Equals(IPAddress.IPv6None)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc                         // unique local fc00::/7
                || b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b); // NAT64 (would reach IPv4 private space)
        }

        return false;
    }
}
