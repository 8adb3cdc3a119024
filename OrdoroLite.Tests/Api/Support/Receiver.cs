using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrdoroLite.Tests.Api.Support;

/// <summary>What a shop's receiver does with a webhook, written from docs/api.md and not from the app's code.</summary>
public static class Receiver
{
    /// <summary>True when the signature is HMAC-SHA256(secret, timestamp + "." + body) and the timestamp is within five minutes.</summary>
    public static bool Verify(string secret, ReceivedWebhook webhook)
    {
        var signed = Encoding.UTF8.GetBytes(webhook.Timestamp + ".").Concat(webhook.Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(webhook.Timestamp, CultureInfo.InvariantCulture)) <= 300;
        return fresh && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(webhook.Signature));
    }
}
