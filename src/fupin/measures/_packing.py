"""Packing the poor: a compress store that a compiled loop can call on eight values at a time.

Why: a general power costs a log and an exp per value (1.2 ns in cache), but only the poor
(30 % in the benchmark) have a term other than 0. Packing them first with a scalar loop costs more
than it saves (the store position depends on the previous value). AVX-512 packs eight values in
one instruction (``vcompresspd``); LLVM has it as ``llvm.masked.compressstore``, which numba does
not emit by itself, so this intrinsic writes that call. On a processor without AVX-512 LLVM
turns the same call into scalar code: slower, still right.
"""

from __future__ import annotations

from typing import Any

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

LANES = 8
_DOUBLE = ir.DoubleType()
_VECTOR = ir.VectorType(_DOUBLE, LANES)
_MASK = ir.VectorType(ir.IntType(1), LANES)


def _lanes(context: Any, builder: Any, array_type: Any, array: Any, index: Any) -> Any:
    """A pointer to array[index] as eight doubles (a contiguous float64 array)."""
    data = context.make_array(array_type)(context, builder, array).data
    return builder.bitcast(builder.gep(data, [index]), _VECTOR.as_pointer())


@intrinsic
def compress_where_below(typingctx, key, source, start, limit, out, position):  # type: ignore[no-untyped-def]  # fmt: skip
    """Writes source[start + j] for the j < 8 where key[start + j] < limit to out[position:],
    in order; returns how many. key, source and out: contiguous float64 arrays, out with room
    for eight values from position."""
    signature = types.intp(key, source, start, limit, out, position)

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        key_v, source_v, start_v, limit_v, out_v, position_v = args
        keys = builder.load(_lanes(context, builder, sig.args[0], key_v, start_v), align=8)
        values = builder.load(_lanes(context, builder, sig.args[1], source_v, start_v), align=8)
        limit_vector = ir.Constant(_VECTOR, ir.Undefined)
        for lane in range(LANES):
            index = ir.Constant(ir.IntType(32), lane)
            limit_vector = builder.insert_element(limit_vector, limit_v, index)
        mask = builder.fcmp_ordered("<", keys, limit_vector)
        data = context.make_array(sig.args[4])(context, builder, out_v).data
        destination = builder.gep(data, [position_v])
        module = builder.module
        store = cgutils.get_or_insert_function(
            module,
            ir.FunctionType(ir.VoidType(), [_VECTOR, _DOUBLE.as_pointer(), _MASK]),
            "llvm.masked.compressstore.v8f64",
        )
        builder.call(store, [values, destination, mask])
        bits = builder.bitcast(mask, ir.IntType(LANES))
        popcount = cgutils.get_or_insert_function(
            module, ir.FunctionType(ir.IntType(LANES), [ir.IntType(LANES)]), "llvm.ctpop.i8"
        )
        return builder.zext(builder.call(popcount, [bits]), ir.IntType(64))

    return signature, codegen


@intrinsic
def prefetch(typingctx, array, index):  # type: ignore[no-untyped-def]
    """Asks for the cache line holding array[index] to be brought into L2 (``llvm.prefetch``);
    index must be in bounds. A hint: no effect on results, none where the processor has none."""
    signature = types.void(array, index)

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        view = context.make_array(sig.args[0])(context, builder, args[0])
        item = cgutils.get_item_pointer(
            context, builder, sig.args[0], view, [args[1]], wraparound=False
        )
        byte = ir.IntType(8).as_pointer()
        hint = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte] + [ir.IntType(32)] * 3),
            "llvm.prefetch.p0i8",
        )
        read, level_2, data = (ir.Constant(ir.IntType(32), v) for v in (0, 2, 1))
        builder.call(hint, [builder.bitcast(item, byte), read, level_2, data])
        return context.get_dummy_value()

    return signature, codegen
