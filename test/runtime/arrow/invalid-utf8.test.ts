/**
 * A text value that is not UTF-8 (Julia's `String` holds any bytes, and Arrow.jl writes them as
 * they are; Arrow's Utf8 must be UTF-8) is refused by every read, before any row is given, at any
 * depth: decoded, each invalid sequence would become U+FFFD, and two elements of a `set<string>`
 * could become one (guard/utf8-text.ts). Valid text, of any width, reads as it is.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Data,
  Dictionary,
  Field,
  Int32,
  Int64,
  LargeUtf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  Utf8,
  Utf8View,
} from "apache-arrow";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  findSchemaVersion,
  openTableFile,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  type SchemaVersion,
  validateRecordBatch,
  writeTableBytes,
} from "legolas-ts";
import { useUtf8RangeCheck, utf8RangeCheck, utf8RangeCheckInJavaScript } from "../../../runtime/arrow/columns/utf8.js";
import { JuliaContainersV1, JuliaContainersV1SchemaVersion } from "../../generated/index.js";
import { legolasTable } from "./helpers/legolas-table.js";
import { loadYamlSchemas } from "./helpers/row-path.js";

const TEXT = "test.invalid-utf8@1";
const ANY = "test.invalid-utf8-any@1";
beforeAll(async () => {
  await loadYamlSchemas([
    { schema: "test.invalid-utf8", prefix: "InvalidUtf8", version: { fields: { v: "string?", n: "int64" } } },
    { schema: "test.invalid-utf8-any", prefix: "InvalidUtf8Any", version: { fields: { v: "any" } } },
  ]);
});
const textVersion = () => findSchemaVersion(TEXT) as SchemaVersion;

/** A Utf8 column of these values' bytes (`null`: a null, over the bytes given with it). */
function utf8(values: readonly (readonly number[] | { null: readonly number[] })[]): Data {
  const offsets = new Int32Array(values.length + 1);
  const bytes: number[] = [];
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  values.forEach((value, i) => {
    if ("null" in value) {
      nulls++;
      bytes.push(...value.null);
    } else {
      bitmap[i >> 3]! |= 1 << (i & 7);
      bytes.push(...value);
    }
    offsets[i + 1] = bytes.length;
  });
  return makeData({
    type: new Utf8(),
    length: values.length,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? bitmap : undefined,
    valueOffsets: offsets,
    data: Uint8Array.from(bytes),
  } as never);
}

/** A LargeUtf8 column of these values' bytes. */
function large(values: readonly (readonly number[])[]): Data {
  const offsets = new BigInt64Array(values.length + 1);
  values.forEach((value, i) => (offsets[i + 1] = offsets[i]! + BigInt(value.length)));
  const data = Uint8Array.from(values.flat());
  return makeData({ type: new LargeUtf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data } as never);
}

/** A Utf8View column of these values' bytes: up to 12 inside their views, longer ones in one data buffer. */
function view(values: readonly (readonly number[])[]): Data {
  const views = new Uint8Array(values.length * 16);
  const at = new DataView(views.buffer);
  const buffer: number[] = [];
  values.forEach((value, i) => {
    at.setInt32(i * 16, value.length, true);
    if (value.length <= 12) return views.set(value, i * 16 + 4);
    views.set(value.slice(0, 4), i * 16 + 4);
    at.setInt32(i * 16 + 8, 0, true);
    at.setInt32(i * 16 + 12, buffer.length, true);
    buffer.push(...value);
  });
  const variadicBuffers = [Uint8Array.from(buffer)];
  return makeData({ type: new Utf8View(), length: values.length, nullCount: 0, views, variadicBuffers } as never);
}

const ints = (n: number) => makeData({ type: new Int64(), length: n, nullCount: 0, data: new BigInt64Array(n) });

/** A file of `test.invalid-utf8@1` whose `v` column is `column`. */
function textTable(column: Data) {
  return legolasTable(
    TEXT,
    [new Field("v", column.type, true), new Field("n", new Int64(), false)],
    [column, ints(column.length)],
  );
}
const textFile = (column: Data) => tableToIPC(textTable(column), "file");

const ascii = (text: string) => [...new TextEncoder().encode(text)];
const refused = (where: RegExp) =>
  expect.objectContaining({ name: "CorruptTableError", code: "corrupt_table", message: expect.stringMatching(where) });

/** Every reader, every way: each must refuse `bytes` as `error` says, before any row is given. */
async function expectEveryReadRefuses(bytes: Uint8Array, schemaVersion: SchemaVersion, error: object) {
  const path = join(mkdtempSync(join(tmpdir(), "invalid-utf8-")), "t.arrow");
  writeFileSync(path, bytes);
  const owned = new Uint8Array(bytes); // a Blob's or a Response's part must own its ArrayBuffer
  for (const validate of ["rows", "columns"] as const) {
    for (const rows of ["lazy", "eager"] as const) {
      const options = { schemaVersion, validate, rows };
      expect(() => readTableBytes(bytes, options)).toThrow(error);
      await expect(readTable(path, options)).rejects.toThrow(error);
      const batches = async () => {
        for await (const batch of readTableBatches(path, options)) void batch;
      };
      await expect(batches()).rejects.toThrow(error);
      const stream = async () => {
        for await (const batch of readTableBatches(tableToIPC(tableFromIPC(bytes), "stream"), options)) void batch;
      };
      await expect(stream()).rejects.toThrow(error);
      const file = await openTableFile(path);
      try {
        await expect(file.readBatch(0, options)).rejects.toThrow(error);
      } finally {
        await file.close();
      }
      await expect(readTableFrom(new Blob([owned]), options)).rejects.toThrow(error);
      await expect(readTableFrom(new Response(owned), options)).rejects.toThrow(error);
      const blob = await openTableFile(new Blob([owned]));
      try {
        await expect(blob.readBatch(0, options)).rejects.toThrow(error);
      } finally {
        await blob.close();
      }
    }
  }
  expect(() => validateRecordBatch(tableFromIPC(bytes), schemaVersion)).toThrow(error);
}

describe("a string column", () => {
  test("holding a value that is not UTF-8 is refused by every reader, naming its column, row and byte", async () => {
    const bytes = textFile(utf8([ascii("ok"), [0x51, 0x51, 0x51, 0xff]]));
    await expectEveryReadRefuses(
      bytes,
      textVersion(),
      refused(/ is a corrupt Arrow table: record batch 0, column "v", row 1: its bytes are not UTF-8 \(ff at byte 3\)/),
    );
    expect(() => readTableBytes(bytes, { schemaVersion: textVersion() })).toThrow(
      'table is a corrupt Arrow table: record batch 0, column "v", row 1: its bytes are not UTF-8 (ff at byte 3), ' +
        "as Arrow's Utf8 must be: Julia's String may hold any bytes, but Arrow's text and JavaScript's strings hold only UTF-8; " +
        "read the other columns with { columns: [...] }, or make the strings valid where they are written (in Julia, isvalid(s) tells)",
    );
  });

  test("is read whole when it is valid UTF-8 of every width, a leading U+FEFF kept", () => {
    const texts = ["é", "naïve", "😀 x", "\uFEFFbom", "", "ascii", "日本語", "\u{10FFFF}"];
    const column = utf8(texts.map((text) => ascii(text)));
    const { rows } = readTableBytes(textFile(column), { schemaVersion: textVersion() });
    expect(rows.map((row) => (row as { v: string }).v)).toEqual(texts);
  });

  test.each([
    ["LargeUtf8", large([ascii("ok"), [0x61, 0xed, 0xa0, 0x80]]), /row 1: its bytes are not UTF-8 \(ed at byte 1\)/],
    ["Utf8View, a short value", view([ascii("ok"), [0x61, 0xff]]), /row 1: its bytes are not UTF-8 \(ff at byte 1\)/],
    [
      "Utf8View, a long value",
      view([ascii("a long enough value"), [...ascii("a long enough value"), 0xc3]]),
      /row 1: its bytes are not UTF-8 \(c3 at byte 19\)/,
    ],
  ])("stored as %s, is refused", async (_storage, column, where) => {
    await expectEveryReadRefuses(textFile(column), textVersion(), refused(where));
  });

  test.each([
    ["LargeUtf8", large([ascii("é"), ascii("\uFEFFok")])],
    ["Utf8View", view([ascii("é"), ascii("a long enough value, é")])],
  ])("stored as %s, reads valid text", (_storage, column) => {
    const { rows } = readTableBytes(textFile(column), { schemaVersion: textVersion() });
    expect(rows.map((row) => (row as { v: string }).v)).toEqual(
      _storage === "LargeUtf8" ? ["é", "\uFEFFok"] : ["é", "a long enough value, é"],
    );
  });

  test("is refused when two values are each invalid though their bytes together are UTF-8", async () => {
    // "a\xc3" and "\xa9b": together "aéb".
    const bytes = textFile(
      utf8([
        [0x61, 0xc3],
        [0xa9, 0x62],
      ]),
    );
    await expectEveryReadRefuses(
      bytes,
      textVersion(),
      refused(/column "v", row 0: its bytes are not UTF-8 \(c3 at byte 1\)/),
    );
    // And the second alone, which starts on a continuation byte.
    const second = textFile(utf8([ascii("é"), [0xa9, 0x62]]));
    expect(() => readTableBytes(second, { schemaVersion: textVersion() })).toThrow(
      refused(/column "v", row 1: its bytes are not UTF-8 \(a9 at byte 0\)/),
    );
  });

  test("is read when only the bytes under a null are not UTF-8: a null has no value", () => {
    const { rows } = readTableBytes(textFile(utf8([ascii("a"), { null: [0xff] }, ascii("é")])), {
      schemaVersion: textVersion(),
    });
    expect(rows.map((row) => (row as { v: string | null }).v)).toEqual(["a", null, "é"]);
  });

  test("dictionary-encoded, is refused for a dictionary value that is not UTF-8", async () => {
    const dictionary = makeVector(utf8([ascii("fine"), [0xe2, 0x82]]));
    const type = new Dictionary(new Utf8(), new Int32());
    const column = makeData({ type, length: 3, nullCount: 0, data: Int32Array.of(0, 0, 1), dictionary } as never);
    await expectEveryReadRefuses(
      textFile(column),
      textVersion(),
      refused(/column "v", row 2: its bytes are not UTF-8 \(e2 at byte 0\)/),
    );
  });

  test("as an any column, is refused", async () => {
    const column = utf8([[0xc0, 0xaf]]); // an overlong "/"
    const bytes = tableToIPC(legolasTable(ANY, [new Field("v", new Utf8(), false)], [column]), "file");
    await expectEveryReadRefuses(
      bytes,
      findSchemaVersion(ANY) as SchemaVersion,
      refused(/column "v", row 0: its bytes are not UTF-8 \(c0 at byte 0\)/),
    );
  });

  test("is not read, nor refused, by a read of the other columns", async () => {
    const bytes = textFile(utf8([[0xff]]));
    const options = { schemaVersion: textVersion(), columns: ["n"] } as const;
    expect(readTableBytes(bytes, options).rows).toEqual([{ n: 0n }]);
    const stream = tableToIPC(tableFromIPC(bytes), "stream");
    for (const source of [bytes, stream]) {
      const read: object[] = [];
      for await (const batch of readTableBatches(source, options)) read.push(...batch.rows);
      expect(read).toEqual([{ n: 0n }]);
    }
    const file = await openTableFile(bytes);
    try {
      expect((await file.readBatch(0, options)).rows).toEqual([{ n: 0n }]);
    } finally {
      await file.close();
    }
  });
});

describe("Julia's containers of strings", () => {
  /** A JuliaContainersV1 table whose markers (each 4 ASCII bytes) are replaced by `to`. */
  async function patched(
    row: Partial<ConstructorParameters<typeof JuliaContainersV1>[0]>,
    changes: [string, number[]][],
  ) {
    const base = { samples: [], position: [0, 0, 0], tags: [], span: [1n, "span"], counts: new Map(), either: 1n };
    let bytes = await writeTableBytes(
      [new JuliaContainersV1({ ...base, ...row } as never)],
      JuliaContainersV1SchemaVersion,
    );
    for (const [marker, to] of changes) {
      const needle = new TextEncoder().encode(marker);
      const at = bytes.findIndex((_, i) => needle.every((byte, k) => bytes[i + k] === byte));
      expect(at).toBeGreaterThanOrEqual(0);
      bytes = bytes.slice();
      bytes.set(to, at);
    }
    return bytes;
  }

  test("a set<string> whose two elements would decode alike is refused, not read as one element", async () => {
    const bytes = await patched({ tags: ["QQQ1", "QQQ2"] }, [
      ["QQQ1", [0x51, 0x51, 0x51, 0xff]],
      ["QQQ2", [0x51, 0x51, 0x51, 0xfe]],
    ]);
    await expectEveryReadRefuses(
      bytes,
      JuliaContainersV1SchemaVersion as SchemaVersion,
      refused(/column "tags", row 0, element 0: its bytes are not UTF-8 \(ff at byte 3\)/),
    );
  });

  test("a slice of an apache-arrow table is written when only a list element outside it is not UTF-8", async () => {
    const base = { samples: [], position: [0, 0, 0], span: [1n, "span"], counts: new Map(), either: 1n };
    let bytes = await writeTableBytes(
      [
        new JuliaContainersV1({ ...base, tags: ["QQQ1"] } as never),
        new JuliaContainersV1({ ...base, tags: ["kept"] } as never),
      ],
      JuliaContainersV1SchemaVersion,
    );
    const needle = new TextEncoder().encode("QQQ1");
    const at = bytes.findIndex((_, i) => needle.every((byte, k) => bytes[i + k] === byte));
    bytes = bytes.slice();
    bytes.set([0x51, 0x51, 0x51, 0xff], at);
    const schemaVersion = JuliaContainersV1SchemaVersion as SchemaVersion;
    // The list's child is not sliced with it by apache-arrow, but apache-arrow writes only the elements the slice holds.
    const written = writeTableBytes(tableFromIPC(bytes).slice(1, 2), schemaVersion);
    expect(
      readTableBytes(written, { schemaVersion }).rows.map((row) => [...(row as { tags: Set<string> }).tags]),
    ).toEqual([["kept"]]);
    expect(() => writeTableBytes(tableFromIPC(bytes).slice(0, 1), schemaVersion)).toThrow(
      refused(/column "tags", row 0, element 0: its bytes are not UTF-8/),
    );
  });

  test.each([
    ["a map key", { counts: new Map([["KEY1", 1n]]) }, "KEY1", /column "counts\.key", row 0, element 0:/],
    [
      "a map value's list element",
      { notes: new Map([[1, ["ok", "NOTE"]]]) },
      "NOTE",
      /column "notes\.value", row 0, element 0, element 1:/,
    ],
    ["a struct child", { origin: { x: 1, label: "LABL" } }, "LABL", /column "origin\.label", row 0:/],
    ["a tuple's member", { span: [1n, "SPAN"] }, "SPAN", /column "span\.2", row 0:/],
    ["a union member", { either: "UNIO" }, "UNIO", /column "either", row 0:/],
    ["an ntuple element", { corners: ["CRN1", "b"] }, "CRN1", /column "corners", row 0, element 0:/],
  ])("%s that is not UTF-8 is refused", async (_what, row, marker, where) => {
    const bytes = await patched(row as never, [[marker, [0x41, 0xf5, 0x80, 0x80]]]);
    await expectEveryReadRefuses(bytes, JuliaContainersV1SchemaVersion as SchemaVersion, refused(where));
  });
});

describe("a column's name, a metadata key or value (Arrow.jl writes any bytes of a Julia String there too)", () => {
  const NAMES = "test.invalid-utf8-names@1";
  beforeAll(async () => {
    await loadYamlSchemas([
      {
        schema: "test.invalid-utf8-names",
        prefix: "InvalidUtf8Names",
        version: { fields: { id: "uuid?", n: "int64" } },
      },
    ]);
  });
  /** A file and a stream the runtime writes, with byte `at` of every occurrence of `text` set to `byte`. */
  function damaged(text: string, at: number, byte: number): { file: Uint8Array<ArrayBuffer>; stream: Uint8Array } {
    const row = { id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", n: 1n, extra_qq: "x" };
    const file = writeTableBytes([row], findSchemaVersion(NAMES) as SchemaVersion, { metadata: { note: "QQQQ" } });
    const needle = ascii(text);
    const patch = (bytes: Uint8Array) => {
      const out = new Uint8Array(bytes);
      let found = 0;
      for (let i = 0; i + needle.length <= out.length; i++)
        if (needle.every((b, k) => out[i + k] === b)) {
          out[i + at] = byte;
          found++;
        }
      expect(found).toBeGreaterThan(0);
      return out;
    };
    return { file: patch(file), stream: patch(tableToIPC(tableFromIPC(file), "stream")) };
  }

  test.each([
    ["a metadata value", "QQQQ", 3, 0xff, `the value of the table's metadata key "note" is not UTF-8 (ff at byte 3)`],
    ["a metadata key", "note", 3, 0xff, `the table's metadata key "not\uFFFD" is not UTF-8 (ff at byte 3)`],
    [
      "the schema's identifier",
      "test.invalid-utf8-names@1",
      24,
      0xc3,
      `the value of the table's metadata key "legolas_schema_qualified" is not UTF-8 (c3 at byte 24)`,
    ],
    ["a column's name", "extra_qq", 7, 0xff, `the name of column "extra_q\uFFFD" is not UTF-8 (ff at byte 7)`],
    [
      "a field's extension name",
      "JuliaLang.UUID",
      13,
      0xff,
      `the value of column "id"'s metadata key "ARROW:extension:name" is not UTF-8 (ff at byte 13)`,
    ],
  ])(
    "%s that is not UTF-8 is refused by every reader, named, where apache-arrow would decode U+FFFD",
    async (_what, text, at, byte, where) => {
      const { file, stream } = damaged(text, at, byte);
      const error = expect.objectContaining({
        name: "CorruptTableError",
        code: "corrupt_table",
        message: expect.stringContaining(`is a corrupt Arrow table: ${where}, as Arrow's names`),
      });
      const path = join(mkdtempSync(join(tmpdir(), "invalid-utf8-names-")), "t.arrow");
      writeFileSync(path, file);
      expect(() => readTableBytes(file)).toThrow(error);
      expect(() => readTableBytes(stream)).toThrow(error);
      await expect(readTable(path)).rejects.toThrow(error);
      await expect(readTableFrom(new Blob([file]))).rejects.toThrow(error);
      for (const source of [path, stream]) {
        const batches = async () => {
          for await (const batch of readTableBatches(source)) void batch;
        };
        await expect(batches()).rejects.toThrow(error);
      }
      await expect(openTableFile(path)).rejects.toThrow(error);
    },
  );
});

describe("writing an apache-arrow table", () => {
  const table = () => textTable(utf8([ascii("kept"), [0xff], ascii("é")]));

  test("is refused when it holds text that is not UTF-8: other readers refuse the file", () => {
    expect(() => writeTableBytes(table(), textVersion())).toThrow(
      refused(/^table is a corrupt Arrow table: record batch 0, column "v", row 1: its bytes are not UTF-8/),
    );
  });

  test("of a slice is judged by the values in the slice only", () => {
    for (const [begin, end] of [
      [0, 1],
      [2, 3],
    ] as const) {
      const written = writeTableBytes(table().slice(begin, end), textVersion());
      expect(
        readTableBytes(written, { schemaVersion: textVersion() }).rows.map((row) => (row as { v: string }).v),
      ).toEqual(begin === 0 ? ["kept"] : ["é"]);
    }
    expect(() => writeTableBytes(table().slice(1, 3), textVersion())).toThrow(
      refused(/row 0: its bytes are not UTF-8/),
    );
  });
});

describe("any bytes as Utf8 values", () => {
  const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const isUtf8 = (bytes: readonly number[]) => {
    try {
      fatal.decode(Uint8Array.from(bytes));
      return true;
    } catch {
      return false;
    }
  };
  /** Mostly text, with bytes of every kind: ASCII, continuation bytes, lead bytes of every width, whole sequences. */
  const value = fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0x00, max: 0x7f }).map((b) => [b]) },
        { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((b) => [b]) },
        { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 2 }).map((text) => ascii(text)) },
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.flat());
  const column = fc.array(fc.record({ bytes: value, isNull: fc.boolean() }), {
    minLength: 1,
    maxLength: 8,
  });

  const javascript = utf8RangeCheck;
  afterEach(() => useUtf8RangeCheck(javascript));

  test.each(["node:buffer", "JavaScript"])("are refused iff a present one is not UTF-8 (%s range check)", (check) => {
    if (check === "JavaScript") useUtf8RangeCheck(utf8RangeCheckInJavaScript);
    fc.assert(
      fc.property(column, (values) => {
        const bytes = textFile(utf8(values.map(({ bytes, isNull }) => (isNull ? { null: bytes } : bytes))));
        const valid = values.every(({ bytes, isNull }) => isNull || isUtf8(bytes));
        const read = () => readTableBytes(bytes, { schemaVersion: textVersion(), validate: "columns" });
        if (valid) {
          const expected = values.map(({ bytes, isNull }) => (isNull ? null : fatal.decode(Uint8Array.from(bytes))));
          expect(read().rows.map((row) => (row as { v: string | null }).v)).toEqual(expected);
        } else {
          expect(read).toThrow(refused(/its bytes are not UTF-8/));
        }
      }),
      { numRuns: 400 },
    );
  });
});
