using BackEnd.Core.Tests.Storage.Models;
using BackEnd.Storage.Providers;

namespace BackEnd.Core.Tests.Storage;

public sealed class EntityDescriptorTests
{
    [Fact]
    public void For_Attributes_OverrideTableKeyColumnVersionAndIgnoredMembers()
    {
        var descriptor = EntityDescriptor.For<AnnotatedEntity>();

        Assert.Equal("custom_table", descriptor.TableName);
        Assert.Equal(nameof(AnnotatedEntity.Number), descriptor.Key.Name);
        Assert.Equal(KeyGeneration.None, descriptor.KeyGeneration);
        Assert.Equal(nameof(AnnotatedEntity.Revision), descriptor.Version.Name);
        Assert.Equal(["number", "label", "http_status_code", "revision"], descriptor.Properties.Select(p => p.ColumnName));
        Assert.False(descriptor.TryGetProperty(nameof(AnnotatedEntity.Computed), out _));
        Assert.False(descriptor.TryGetProperty(nameof(AnnotatedEntity.Ignored), out _));
    }

    [Fact]
    public void For_ColumnNameWithControlCharacter_ThrowsNamingTheMember()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EntityDescriptor.For<ControlCharacterColumnEntity>());

        Assert.Contains(nameof(ControlCharacterColumnEntity.Name), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_PositionalRecord_UsesConventionsAndConstructor()
    {
        var descriptor = EntityDescriptor.For<ConventionEntity>();
        var id = Guid.NewGuid();

        var created = (ConventionEntity)descriptor.Create(p => p.Name switch
        {
            "Id" => id,
            "FirstName" => "Ada",
            "Version" => 3L,
            _ => null,
        });

        Assert.Equal("convention_entity", descriptor.TableName);
        Assert.Equal(KeyGeneration.NewGuid, descriptor.KeyGeneration);
        Assert.Equal(new ConventionEntity(id, "Ada", null, 3), created);
        Assert.True(descriptor.TryGetProperty("firstname", out var property));
        Assert.Equal("first_name", property.ColumnName);
    }

    [Fact]
    public void SetValue_InitOnlyMemberOfRecord_Writes()
    {
        var descriptor = EntityDescriptor.For<ConventionEntity>();
        var entity = new ConventionEntity(Guid.Empty, "x", null, 1);

        var copy = (ConventionEntity)descriptor.Clone(entity);
        descriptor.Version.SetValue(copy, 9L);

        Assert.Equal(1, entity.Version);
        Assert.Equal(9, copy.Version);
    }

    [Fact]
    public void For_NoKey_ThrowsNamingTheFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EntityDescriptor.For<NoKeyEntity>());

        Assert.Contains("[Key]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_UnsupportedMemberType_ThrowsNamingTheMember()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EntityDescriptor.For<ComplexMemberEntity>());

        Assert.Contains("Tags", error.Message, StringComparison.Ordinal);
        Assert.Contains("[NotMapped]", error.Message, StringComparison.Ordinal);
    }
}
