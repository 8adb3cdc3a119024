using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OrdoroLite.Domain.Api;

namespace OrdoroLite.Domain.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> k)
    {
        k.Property(x => x.Name).HasMaxLength(ApiKey.NameMaxLength);
        k.Property(x => x.Hint).HasMaxLength(ApiKey.HintLength);
        k.Property(x => x.SecretHash).HasMaxLength(64);
        k.Property(x => x.Scopes).HasMaxLength(200);
        k.Property(x => x.CreatedById).HasMaxLength(450);
        k.Property(x => x.CreatedByName).HasMaxLength(100);
        k.Property(x => x.RevokedByName).HasMaxLength(100);
        k.Ignore(x => x.ScopeList);
        k.Ignore(x => x.IsRevoked);
        // Every API request looks its key up by the hash of what it presented.
        k.HasIndex(x => x.SecretHash).IsUnique().HasDatabaseName("UX_ApiKeys_SecretHash");
        k.OnlyTheseChangeAfterInsert(nameof(ApiKey.RevokedAt), nameof(ApiKey.RevokedByName), nameof(ApiKey.LastUsedAt));
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> r)
    {
        r.Property(x => x.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        r.Property(x => x.RequestHash).HasMaxLength(64);
        r.Property(x => x.ContentType).HasMaxLength(100);
        // The claim: of two requests with one key, only one insert gets through.
        r.HasIndex(x => new { x.ApiKeyId, x.Key }).IsUnique().HasDatabaseName("UX_IdempotencyRecords_ApiKeyId_Key");
        r.HasIndex(x => x.CreatedAt).HasDatabaseName("IX_IdempotencyRecords_CreatedAt");
        r.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        r.OnlyTheseChangeAfterInsert(nameof(IdempotencyRecord.CompletedAt), nameof(IdempotencyRecord.StatusCode),
            nameof(IdempotencyRecord.ContentType), nameof(IdempotencyRecord.ResponseBody));
    }
}
