/**
 * Every string a read gives is decoded by columns/utf8.ts's `decodeUtf8`: under Node, Buffer's
 * `utf8Slice` (columns/node-utf8.ts, no view made per value); elsewhere, the WHATWG `TextDecoder`. Both must give the
 * same text for any bytes, valid or not, and keep a leading U+FEFF, which is part of the value.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { nodeUtf8Decoder } from "../../../runtime/arrow/columns/node-utf8.js";
import { decodeUtf8, decodeWithTextDecoder } from "../../../runtime/arrow/columns/utf8.js";
import { BaseV1SchemaVersion } from "../../golden/chain-across-files/expected/example.base.js";

/** Bytes where UTF-8 decoders can differ: ASCII, continuation bytes, lead bytes of every width, and a BOM. */
const utf8ish = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0x00, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
      fc.constant([0xef, 0xbb, 0xbf]),
    ),
    { maxLength: 24 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe("decodeUtf8", () => {
  test("is Node's Buffer decoder here, installed by the Node layer, not the TextDecoder it is compared with", () => {
    expect(nodeUtf8Decoder()).not.toBeNull();
    expect(decodeUtf8).not.toBe(decodeWithTextDecoder);
  });

  test("decodes any range of any bytes as the WHATWG decoder does, U+FEFF kept", () => {
    const whatwg = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
    fc.assert(
      fc.property(utf8ish, fc.nat(), fc.nat(), (bytes, a, b) => {
        const [start, end] = [a % (bytes.length + 1), b % (bytes.length + 1)].sort((x, y) => x - y) as [number, number];
        const text = decodeUtf8(bytes, start, end);
        expect(text).toBe(decodeWithTextDecoder(bytes, start, end));
        expect(text).toBe(whatwg.decode(bytes.slice(start, end)));
      }),
      { numRuns: 5_000 },
    );
  });

  test("a string value that begins with U+FEFF reads back whole, lazy and eager", () => {
    const bytes = writeTableBytes([{ id: "\uFEFFr0", count: 0 }], BaseV1SchemaVersion);
    for (const rows of ["lazy", "eager"] as const) {
      expect(readTableBytes(bytes, { schemaVersion: BaseV1SchemaVersion, rows }).rows[0]!.id).toBe("\uFEFFr0");
    }
  });
});
