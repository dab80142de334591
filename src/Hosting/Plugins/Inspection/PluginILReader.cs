using System.Reflection.Metadata;

namespace Kairos.Host.Plugins.Inspection;

/// <summary>Steps through a method body's IL one instruction at a time, without loading the assembly.</summary>
internal static class PluginILReader
{
    /// <summary>The <c>no.</c> prefix (0xFE 0x19), which <see cref="ILOpCode"/> does not name.</summary>
    private const ILOpCode NoPrefix = (ILOpCode)0xFE19;

    public static ILOpCode ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    /// <summary>The metadata token of a call, callvirt, newobj, ldftn, ldvirtftn or jmp; other opcodes have none of interest.</summary>
    public static bool TakesMethod(ILOpCode opCode) =>
        opCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Jmp;

    /// <summary>The index of the local a <c>ldloc</c> or <c>stloc</c> form reads or writes, reading its operand; -1 for other opcodes.</summary>
    public static int LocalIndex(ILOpCode opCode, ref BlobReader il) => opCode switch
    {
        >= ILOpCode.Ldloc_0 and <= ILOpCode.Ldloc_3 => opCode - ILOpCode.Ldloc_0,
        >= ILOpCode.Stloc_0 and <= ILOpCode.Stloc_3 => opCode - ILOpCode.Stloc_0,
        ILOpCode.Ldloc_s or ILOpCode.Stloc_s or ILOpCode.Ldloca_s => il.ReadByte(),
        ILOpCode.Ldloc or ILOpCode.Stloc or ILOpCode.Ldloca => il.ReadUInt16(),
        _ => -1,
    };

    /// <summary>Skips the operand of an instruction whose operand was not read.</summary>
    public static void SkipOperand(ILOpCode opCode, ref BlobReader il)
    {
        if (opCode == ILOpCode.Switch)
        {
            var targets = il.ReadInt32();
            il.Offset += 4 * targets;
            return;
        }
        il.Offset += OperandSize(opCode);
    }

    private static int OperandSize(ILOpCode opCode)
    {
        if (opCode.IsBranch())
        {
            return opCode.GetBranchOperandSize();
        }
        return opCode switch
        {
            ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
                or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned or NoPrefix => 1,
            ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
            ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
            ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt
                or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass or ILOpCode.Isinst
                or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda
                or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem
                or ILOpCode.Stelem or ILOpCode.Unbox_any or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken
                or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof => 4,
            _ => 0,
        };
    }
}
