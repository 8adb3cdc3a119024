namespace OrdoroLite.Domain.Common;

/// <summary>A rule was broken; the message is a sentence a warehouse user can read.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>The request itself is invalid (bad ids, over-long comment…); nothing was written.</summary>
public sealed class InvalidRequestException(string message) : DomainException(message);
