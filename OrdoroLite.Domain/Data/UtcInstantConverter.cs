using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrdoroLite.Domain.Data;

internal sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));
