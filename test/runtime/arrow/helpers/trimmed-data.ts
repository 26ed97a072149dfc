import { type Data, DataType, makeData } from "apache-arrow";

/**
 * `data` with buffers of their own length, as Arrow.jl writes them: apache-arrow's builders keep
 * 64-byte bitmaps, which its IPC writer writes whole.
 */
export function trimmed(data: Data): Data {
  const bytes = Math.ceil(data.length / 8);
  const common = {
    type: data.type,
    length: data.length,
    nullCount: data.nullCount,
    ...(data.nullCount > 0 ? { nullBitmap: data.nullBitmap.subarray(0, bytes) } : {}),
  };
  if (DataType.isStruct(data.type)) return makeData({ ...common, children: data.children.map(trimmed) } as never);
  if (DataType.isList(data.type) || DataType.isLargeList(data.type))
    return makeData({ ...common, valueOffsets: data.valueOffsets, child: trimmed(data.children[0]!) } as never);
  if (DataType.isFixedSizeList(data.type)) return makeData({ ...common, child: trimmed(data.children[0]!) } as never);
  if (DataType.isUtf8(data.type) || DataType.isLargeUtf8(data.type))
    return makeData({ ...common, valueOffsets: data.valueOffsets, data: data.values } as never);
  // Storages Arrow.jl does not write (views) or builds otherwise (dictionaries): as apache-arrow built them.
  if (DataType.isUtf8View(data.type) || DataType.isDictionary(data.type)) return data;
  return makeData({
    ...common,
    data: DataType.isBool(data.type) ? data.values.subarray(0, bytes) : data.values,
  } as never);
}
