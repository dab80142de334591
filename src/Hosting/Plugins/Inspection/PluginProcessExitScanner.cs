using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Kairos.Host.Sources.Trust;

namespace Kairos.Host.Plugins.Inspection;

/// <summary>
/// Finds the calls of a plugin's main assembly that end the host process (<see cref="ProcessEndingApis"/>), by reading
/// every method body's IL as metadata, so nothing of the plugin runs or loads: each <c>call</c>, <c>callvirt</c>,
/// <c>newobj</c>, <c>ldftn</c> to a member reference of the list, or to a P/Invoke of a native exit function. A call to
/// <c>Process.Kill</c> counts when its target is visibly the current process (the result of
/// <c>Process.GetCurrentProcess()</c>, or of <c>Process.GetProcessById(Environment.ProcessId)</c>, directly or through
/// a local). Code reached through reflection, and the plugin's dependencies, are not read.
/// </summary>
internal static class PluginProcessExitScanner
{
    /// <summary>One line per calling method and API: <c>Billing.Job.ExecuteAsync calls System.Environment.Exit, which ends …</c>.</summary>
    /// <exception cref="BadImageFormatException">The assembly's metadata or IL is malformed.</exception>
    public static IReadOnlyList<string> Scan(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var findings = new List<string>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            foreach (var methodHandle in reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                foreach (var what in ScanBody(reader, ref il))
                {
                    var finding = $"{Caller(reader, typeHandle, method)} {ProcessEndingApis.Consequence(what)}";
                    if (!findings.Contains(finding))
                    {
                        findings.Add(finding);
                    }
                }
            }
        }
        return findings;
    }

    /// <summary>What a value on the evaluation stack or in a local is known to be.</summary>
    private enum Known
    {
        Nothing,
        CurrentProcess,
        CurrentProcessId,
    }

    private static List<string> ScanBody(MetadataReader reader, ref BlobReader il)
    {
        var found = new List<string>();
        var locals = new Dictionary<int, Known>();
        // What the last two instructions pushed: a receiver and, for Kill(bool), the argument after it.
        Known last = Known.Nothing, beforeLast = Known.Nothing;
        void Push(Known value) => (beforeLast, last) = (last, value);

        while (il.RemainingBytes > 0)
        {
            var opCode = PluginILReader.ReadOpCode(ref il);
            if (opCode == ILOpCode.Nop)
            {
                continue;
            }
            if (opCode == ILOpCode.Dup)
            {
                Push(last);
                continue;
            }
            if (PluginILReader.TakesMethod(opCode))
            {
                var callee = Callee.Read(reader, MetadataTokens.EntityHandle(il.ReadInt32()));
                if (callee.Describe(last, beforeLast) is { } what)
                {
                    found.Add(what);
                }
                Push(callee.Result(last));
                continue;
            }
            var local = PluginILReader.LocalIndex(opCode, ref il);
            if (local < 0)
            {
                PluginILReader.SkipOperand(opCode, ref il);
                Push(Known.Nothing);
            }
            else if (opCode is >= ILOpCode.Ldloc_0 and <= ILOpCode.Ldloc_3 or ILOpCode.Ldloc_s or ILOpCode.Ldloc)
            {
                Push(locals.GetValueOrDefault(local));
            }
            else
            {
                // stloc keeps what it stores; ldloca lets anything be written through the address.
                locals[local] = opCode is ILOpCode.Ldloca_s or ILOpCode.Ldloca ? Known.Nothing : last;
                Push(Known.Nothing);
            }
        }
        return found;
    }

    /// <summary>The method a call instruction names: its declaring type, name, parameter count and P/Invoke entry point.</summary>
    private readonly record struct Callee(string? TypeName, string Name, int Parameters, string? NativeEntryPoint, string? NativeModule)
    {
        public static Callee Read(MetadataReader reader, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MemberReference:
                    var reference = reader.GetMemberReference((MemberReferenceHandle)handle);
                    var typeName = reference.Parent.Kind == HandleKind.TypeReference ? TypeNameOf(reader, (TypeReferenceHandle)reference.Parent) : null;
                    return new Callee(typeName, reader.GetString(reference.Name), ParameterCount(reader, reference.Signature), null, null);
                case HandleKind.MethodDefinition:
                    var definition = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    var import = definition.GetImport();
                    var name = reader.GetString(definition.Name);
                    return import.Name.IsNil
                        ? new Callee(null, name, 0, null, null)
                        : new Callee(null, name, 0, reader.GetString(import.Name), reader.GetString(reader.GetModuleReference(import.Module).Name));
                case HandleKind.MethodSpecification:
                    return Read(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
                default:
                    return new Callee(null, "", 0, null, null);
            }
        }

        /// <summary>What the call ends the process with, given what its receiver (and argument) are known to be; null when it does not.</summary>
        public string? Describe(Known last, Known beforeLast)
        {
            if (NativeEntryPoint is not null)
            {
                return ProcessEndingApis.IsNativeExit(NativeEntryPoint) ? $"the native function {NativeEntryPoint} of {NativeModule}" : null;
            }
            if (TypeName is null || ProcessEndingApis.Find(TypeName, Name) is not { } member)
            {
                return null;
            }
            if (member.Scope == ProcessEndingScope.Always)
            {
                return member.DisplayName;
            }
            var receiver = Parameters == 0 ? last : beforeLast;
            return receiver == Known.CurrentProcess ? $"{member.DisplayName} on the current process" : null;
        }

        /// <summary>What the call pushes, as far as the current process is concerned.</summary>
        public Known Result(Known last) =>
            Is(ProcessEndingApis.CurrentProcess) ? Known.CurrentProcess
            : IsGetter(ProcessEndingApis.CurrentProcessId) ? Known.CurrentProcessId
            : IsGetter(ProcessEndingApis.ProcessId) && last == Known.CurrentProcess ? Known.CurrentProcessId
            : Is(ProcessEndingApis.ProcessById) && Parameters == 1 && last == Known.CurrentProcessId ? Known.CurrentProcess
            : Known.Nothing;

        private bool Is((string TypeName, string MemberName) member) => TypeName == member.TypeName && Name == member.MemberName;

        private bool IsGetter((string TypeName, string MemberName) property) => TypeName == property.TypeName && Name == "get_" + property.MemberName;

        private static string? TypeNameOf(MetadataReader reader, TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return null; // A nested type: none of the list is one.
            }
            var name = reader.GetString(type.Name);
            return type.Namespace.IsNil ? name : $"{reader.GetString(type.Namespace)}.{name}";
        }

        private static int ParameterCount(MetadataReader reader, BlobHandle signature)
        {
            var blob = reader.GetBlobReader(signature);
            var header = blob.ReadSignatureHeader();
            if (header.Kind != SignatureKind.Method)
            {
                return 0;
            }
            if (header.IsGeneric)
            {
                blob.ReadCompressedInteger();
            }
            return blob.ReadCompressedInteger();
        }
    }

    /// <summary>
    /// The calling method as its author wrote it: <c>Billing.Job.ExecuteAsync</c> for the state machine of an async
    /// method (<c>Billing.Job+&lt;ExecuteAsync&gt;d__0.MoveNext</c>) and for a lambda or local function in it.
    /// </summary>
    private static string Caller(MetadataReader reader, TypeDefinitionHandle typeHandle, MethodDefinition method)
    {
        var name = reader.GetString(method.Name);
        string? fromType = null;
        var type = reader.GetTypeDefinition(typeHandle);
        while (reader.GetString(type.Name).StartsWith('<') && !type.GetDeclaringType().IsNil)
        {
            fromType ??= InBrackets(reader.GetString(type.Name));
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }
        var written = name.StartsWith('<') ? InBrackets(name) ?? name : fromType ?? name;
        return $"{FullName(reader, type)}.{written}";
    }

    private static string? InBrackets(string generated)
    {
        var end = generated.IndexOf('>', StringComparison.Ordinal);
        return end > 1 ? generated[1..end] : null;
    }

    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return $"{FullName(reader, reader.GetTypeDefinition(declaring))}.{name}";
        }
        return type.Namespace.IsNil ? name : $"{reader.GetString(type.Namespace)}.{name}";
    }
}
