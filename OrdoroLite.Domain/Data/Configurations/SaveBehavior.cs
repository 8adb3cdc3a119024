using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OrdoroLite.Domain.Data.Configurations;

/// <summary>
/// Which columns a stored row may change. Everything else is written once, at insert: the writer
/// (Data/StoreWriter) updates only these, and EF's own SaveChanges refuses to change the others.
/// The model is the one place that says it.
/// </summary>
internal static class SaveBehavior
{
    /// <param name="mutable">Property names (of the entity or of its complex properties) that may change after insert.</param>
    public static void OnlyTheseChangeAfterInsert(this EntityTypeBuilder builder, params string[] mutable)
    {
        var type = builder.Metadata;
        var properties = type.GetProperties()
            .Concat(type.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties()));
        foreach (var property in properties)
        {
            if (!property.IsPrimaryKey() && !mutable.Contains(property.Name))
            {
                property.SetAfterSaveBehavior(PropertySaveBehavior.Throw);
            }
        }
    }
}
