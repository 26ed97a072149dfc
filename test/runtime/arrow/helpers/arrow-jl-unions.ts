/**
 * An IPC file whose union types are written as Arrow.jl writes them: without type ids. Every
 * `Union` column Arrow.jl writes goes through a DenseUnionVector (or, with `denseunions=false`, a
 * SparseUnionVector), whose `UnionT` has `typeIds === nothing`, and `arrowtype` adds the type ids
 * vector only when they are not (apache/arrow-julia src/arraytypes/unions.jl, `DenseUnionVector`;
 * src/eltypes.jl, `arrowtype(b, x::Union{DenseUnion, SparseUnion})`). apache-arrow always writes
 * them, so its union visitor is replaced while the file is written.
 */
import { type Table, tableToIPC } from "apache-arrow";
import { Union as UnionMessage } from "apache-arrow/fb/union";
import { TypeAssembler } from "apache-arrow/visitor/typeassembler";

export function tableToIPCAsArrowJl(table: Table, format: "file" | "stream" = "file"): Uint8Array {
  const prototype = TypeAssembler.prototype;
  const visitUnion = prototype.visitUnion;
  prototype.visitUnion = (node, builder) => {
    UnionMessage.startUnion(builder);
    UnionMessage.addMode(builder, node.mode);
    return UnionMessage.endUnion(builder);
  };
  try {
    return tableToIPC(table, format);
  } finally {
    prototype.visitUnion = visitUnion;
  }
}
