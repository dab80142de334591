using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// LiteDB's mapper, whose entity mappers of the types mapped to documents by hand (<see cref="KairosBsonMapper"/>) only
/// name their fields: queries translate member names to field names through them, and nothing reads or writes a
/// document through their accessors. So they are built without compiling a getter and a setter per property (LiteDB
/// compiles an expression for each, about 225 methods for the JIT at a cold start); the accessors they carry, never
/// called by LiteDB for these types (string ids, no auto id), use reflection.
/// </summary>
internal sealed class DocumentMapper(IReadOnlySet<Type> byHand) : BsonMapper
{
    private readonly ConcurrentDictionary<Type, EntityMapper> _named = new();

    protected override EntityMapper BuildAddEntityMapper(Type type) =>
        byHand.Contains(type) ? _named.GetOrAdd(type, Named) : base.BuildAddEntityMapper(type);

    private EntityMapper Named(Type type)
    {
        var mapper = new EntityMapper(type);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var name = property.GetCustomAttribute<BsonFieldAttribute>()?.Name ?? ResolveFieldName(property.Name);
            if (mapper.Members.Exists(m => m.FieldName.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var enumerable = IsEnumerable(property.PropertyType);
            mapper.Members.Add(new MemberMapper
            {
                AutoId = false,
                FieldName = property.Name.Equals("Id", StringComparison.OrdinalIgnoreCase) ? "_id" : name,
                MemberName = property.Name,
                DataType = property.PropertyType,
                IsEnumerable = enumerable,
                UnderlyingType = enumerable ? ItemType(property.PropertyType) : property.PropertyType,
                Getter = property.GetValue,
                Setter = property.CanWrite ? property.SetValue : null,
            });
        }
        return mapper;
    }

    private static bool IsEnumerable(Type type) =>
        type != typeof(string) && (type.IsArray || type == typeof(IEnumerable) || ItemType(type) != typeof(object));

    private static Type ItemType(Type type) =>
        type.IsArray ? type.GetElementType()! : Array.Find(type.GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] ?? typeof(object);
}
