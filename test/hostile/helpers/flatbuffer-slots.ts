/**
 * Just enough of the flatbuffer encoding to find a table's fields in an Arrow file's metadata, so
 * that a test can make one of them lie in place. Read without the runtime's guard (FlatBuffer in
 * runtime/arrow/guard/flatbuffer.ts), which is what such tests test.
 */

/** The position of field `slot` of the table at `table`, or 0 when the table leaves it out. */
export function slotAt(view: DataView, table: number, slot: number): number {
  const vtable = table - view.getInt32(table, true);
  const entry = 4 + 2 * slot;
  if (entry >= view.getUint16(vtable, true)) return 0;
  const offset = view.getUint16(vtable + entry, true);
  return offset === 0 ? 0 : table + offset;
}

/** The table (or vector, or string) that the offset at `at` points to. */
export function target(view: DataView, at: number): number {
  return at + view.getUint32(at, true);
}

/** The root table of an IPC file's Footer flatbuffer. */
export function footerRoot(view: DataView): number {
  const size = view.byteLength;
  return target(view, size - 10 - view.getInt32(size - 10, true));
}
