using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Monalisa.Functions.Abuse;

/// <summary>
/// The address a request came from, as far as the app can trust it. In Azure the worker sees the Functions host, not
/// the client: the App Service front end (and Azure Front Door, when it is put before it) append the address they
/// received the connection from to <c>X-Forwarded-For</c>, so the client's address is the entry written by the first
/// trusted proxy, counted from the right (<see cref="AbuseSettings.ForwardedHops"/>). Entries further left were sent by
/// the client itself and could be anything. Without the header (the local host), the connection's own address.
/// </summary>
internal static class ClientAddress
{
    private const string ForwardedFor = "X-Forwarded-For";

    /// <summary>The client's address as a counter key: IPv4 whole, IPv6 by its /64 (one home or host has a whole /64).</summary>
    public static string Of(HttpRequest request, int forwardedHops)
    {
        var entries = request.Headers[ForwardedFor].SelectMany(v => (v ?? "").Split(',')).Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        IPAddress? address = null;
        if (entries.Count > 0)
            address = Parse(entries[Math.Max(0, entries.Count - Math.Max(1, forwardedHops))]);
        address ??= request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? "unknown" : Bucket(address);
    }

    /// <summary>« 203.0.113.7 », « 203.0.113.7:51234 », « [2001:db8::1]:443 » or « 2001:db8::1 ».</summary>
    private static IPAddress? Parse(string entry)
    {
        if (IPEndPoint.TryParse(entry, out var endpoint)) return endpoint.Address;
        return IPAddress.TryParse(entry.Trim('[', ']'), out var address) ? address : null;
    }

    private static string Bucket(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
