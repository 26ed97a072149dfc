/**
 * The only module of the Arrow I/O that reads the file system (Node's `fs`), so that a browser
 * build can drop it and keep everything that works on bytes. Writes go through
 * ../replace-file.ts (atomic replacement).
 */
import { open, readFile, type FileHandle } from "node:fs/promises";

/** The whole file, in a buffer of its own (byteOffset 0, so Arrow reads it without copying). */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** A read handle, for readers that fetch parts of a file on demand. */
export function openForReading(path: string): Promise<FileHandle> {
  return open(path, "r");
}

/** `length` bytes at `position` of an open file; fewer only when the file ends first. */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

/** The first 8 and last 6 bytes of an open file, and its size: enough to recognise an Arrow file. */
export async function fileEnds(handle: FileHandle): Promise<{ head: Uint8Array; tail: Uint8Array; size: number }> {
  const { size } = await handle.stat();
  const head = new Uint8Array(Math.min(8, size));
  const tail = new Uint8Array(Math.min(6, size));
  await handle.read(head, 0, head.length, 0);
  await handle.read(tail, 0, tail.length, size - tail.length);
  return { head, tail, size };
}
