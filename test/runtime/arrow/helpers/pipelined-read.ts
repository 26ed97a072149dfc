/**
 * Forces readTable(path)'s pipelined read (runtime/arrow/pipelined-read.ts) on files of any size,
 * with small pieces and the buffer filled with random bytes before any read, so that a check that
 * reads bytes before they are in gives another answer than the sequential path.
 */
import { randomFillSync } from "node:crypto";
import { pipelineSettings } from "../../../../runtime/arrow/pipelined-read.js";

const DEFAULTS = { ...pipelineSettings };

/** Fills `bytes` with random bytes, 64 KiB at a time (randomFillSync's limit is higher, but a test file is small). */
function garbage(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; at += 65_536)
    randomFillSync(bytes.subarray(at, Math.min(at + 65_536, bytes.length)));
}

/** The pipeline for every file, its footer read apart from its bodies, `pieceBytes` a read, `depth` reads in flight. */
export function forcePipeline(pieceBytes = 64, depth = 2): void {
  Object.assign(pipelineSettings, {
    minBytes: 0,
    minBlockBytes: 0,
    tailBytes: 0,
    pieceBytes,
    depth,
    beforeRead: garbage,
  });
}

/** The sequential path for every file. */
export function forceSequential(): void {
  Object.assign(pipelineSettings, { minBytes: Number.POSITIVE_INFINITY, beforeRead: undefined });
}

/** The settings readTable has by default. */
export function defaultPipeline(): void {
  Object.assign(pipelineSettings, DEFAULTS);
}
