/**
 * An Arrow IPC file holds its schema twice: in the Schema message its stream starts with (the
 * message after the magic) and in its footer. Arrow.jl reads the stream and never the footer
 * (apache/arrow-julia src/table.jl, `BatchIterator`), apache-arrow the footer alone; a file whose
 * two copies differ is one table to Julia and another here. Every reader refuses it, naming
 * what each copy says; a file whose stream has no Schema message (apache-arrow's own file writer
 * writes none) has one copy only and reads as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Int32, type Schema, Schema as ArrowSchema, Struct, tableToIPC, Utf8 } from "apache-arrow";
import { Footer } from "apache-arrow/ipc/metadata/file";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  openPipedTable,
  openTableFile,
  readModelRow,
  readModelRowFrom,
  readTable,
  readTableBatches,
  readTableBytes,
  readTableFrom,
  SCHEMA_QUALIFIED_KEY,
  writeTableBytes,
} from "legolas-ts";
import { DigitsRowV1SchemaVersion } from "../../../generated/index.js";
import { runCli } from "../../cli/helpers.js";
import { type RangeServer, startRangeServer } from "../../helpers/range-server.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-schema-copies-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** One digits-model@1 row: epoch 7, architecture_version 1 (both int64?, one beside the other). */
const written = writeTableBytes(
  [{ weights: null, architecture_version: 1n, epoch: 7n, accuracy: 0.5, commit_sha: null }],
  DigitsRowV1SchemaVersion,
);

const MAGIC = new TextEncoder().encode("ARROW1");

/** `file` with its footer's schema replaced by `edit` of it; its stream (and the blocks the footer lists) unchanged. */
function withFooterSchema(file: Uint8Array, edit: (schema: Schema) => Schema): Uint8Array<ArrayBuffer> {
  return withFooter(
    file,
    (footer) =>
      new Footer(edit(footer.schema), footer.version, [...footer.recordBatches()], [...footer.dictionaryBatches()]),
  );
}

/** `file` with its footer replaced by `forge` of it, re-encoded; its stream unchanged. */
function withFooter(file: Uint8Array, forge: (footer: Footer) => Footer): Uint8Array<ArrayBuffer> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const footerLength = view.getInt32(file.length - 10, true);
  const footerStart = file.length - 10 - footerLength;
  const forged = Footer.encode(forge(Footer.decode(file.subarray(footerStart, footerStart + footerLength))));
  const out = new Uint8Array(footerStart + forged.length + 10);
  out.set(file.subarray(0, footerStart));
  out.set(forged, footerStart);
  new DataView(out.buffer).setInt32(footerStart + forged.length, forged.length, true);
  out.set(MAGIC, footerStart + forged.length + 4);
  return out;
}

/** `schema` with each field passed through `edit`. */
const editFields = (schema: Schema, edit: (field: Field) => Field) =>
  new ArrowSchema(schema.fields.map(edit), schema.metadata);

/** The footer names `epoch` what the stream names `architecture_version`, and back: the same two int64? columns. */
const swapped = withFooterSchema(written, (schema) =>
  editFields(schema, (field) =>
    field.name === "epoch"
      ? field.clone({ name: "architecture_version" })
      : field.name === "architecture_version"
        ? field.clone({ name: "epoch" })
        : field,
  ),
);

const SWAPPED_REASON =
  'its footer\'s schema differs from the Schema message its stream starts with: column 2 is named "epoch" in the footer, "architecture_version" in the stream';

/** What every reader refuses the swapped file with. */
const refusal = (source?: string) => ({
  name: "CorruptTableError",
  code: "corrupt_table",
  message: expect.stringContaining(`${source ?? "table"} is a corrupt Arrow table: ${SWAPPED_REASON}`),
});

describe("a file whose footer's schema is not its stream's", () => {
  const path = join(folder, "swapped.arrow");
  writeFileSync(path, swapped);
  let server: RangeServer;
  let url = "";
  beforeAll(async () => {
    server = await startRangeServer();
    url = server.put("/swapped.arrow", swapped);
  });
  afterAll(() => server.close());

  test("the stream's copy is the table Arrow.jl reads: the file as written reads epoch 7", () => {
    expect(readTableBytes(written).rows[0]).toMatchObject({ epoch: 7n, architecture_version: 1n });
  });

  test("the readers of whole files refuse it (they read epoch 1 and architecture_version 7)", async () => {
    expect(() => readTableBytes(swapped)).toThrow(expect.objectContaining(refusal()));
    await expect(readTable(path)).rejects.toMatchObject(refusal(path));
    await expect(readModelRow(path)).rejects.toMatchObject(refusal(path));
    await expect(readTableFrom(new Blob([swapped]))).rejects.toMatchObject(refusal("blob"));
    await expect(readModelRowFrom(new Blob([swapped]))).rejects.toMatchObject(refusal("blob"));
  });

  test("the readers by the footer refuse it when they open it: a path, bytes, a Blob, a URL, columns, batches", async () => {
    await expect(openTableFile(path)).rejects.toMatchObject(refusal(path));
    await expect(openTableFile(swapped)).rejects.toMatchObject(refusal("bytes"));
    await expect(openTableFile(new Blob([swapped]))).rejects.toMatchObject(refusal("blob"));
    await expect(openTableFile(url)).rejects.toMatchObject(refusal(url));
    await expect(readTable(path, { columns: ["epoch"] })).rejects.toMatchObject(refusal(path));
    await expect(readTableBatches(path).next()).rejects.toMatchObject(refusal(path));
  });

  test("legolas validate says it is unreadable, corrupt_table, exit 2", async () => {
    const validated = await runCli("validate", "--json", path);
    expect(validated.code).toBe(2);
    expect(JSON.parse(validated.out).files).toEqual([
      expect.objectContaining({
        status: "unreadable",
        code: "corrupt_table",
        message: expect.stringContaining(SWAPPED_REASON),
      }),
    ]);
  });

  test("loadModelRow refuses it before it touches the model", async () => {
    const tf = await import("@tensorflow/tfjs");
    const { loadModelRow } = await import("legolas-ts/tfjs");
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const before = model.getWeights().map((weight) => weight.dataSync().slice());
    await expect(loadModelRow(model, path)).rejects.toMatchObject(refusal(path));
    expect(model.getWeights().map((weight) => weight.dataSync().slice())).toEqual(before);
    model.dispose();
  });
});

describe("each way the two copies can differ is refused, saying what each copy says", () => {
  const cases: [string, (schema: Schema) => Schema, string][] = [
    [
      "the table's identifier",
      (schema) => new ArrowSchema(schema.fields, new Map([[SCHEMA_QUALIFIED_KEY, "legolas-flux.model@1"]])),
      'the table\'s metadata "legolas_schema_qualified" is "legolas-flux.model@1" in the footer, "digits-model@1>legolas-flux.model@1" in the stream',
    ],
    [
      "a table metadata key the stream lacks",
      (schema) => new ArrowSchema(schema.fields, new Map([...schema.metadata, ["note", "x"]])),
      'the table\'s metadata "note" is "x" in the footer, absent in the stream',
    ],
    [
      "a column's type",
      (schema) =>
        editFields(schema, (field) => (field.name === "commit_sha" ? field.clone({ type: new Int32() }) : field)),
      'column 5 ("commit_sha") is Int32 in the footer, Utf8 in the stream',
    ],
    [
      "a column's nullability",
      (schema) => editFields(schema, (field) => (field.name === "epoch" ? field.clone({ nullable: false }) : field)),
      'column 3 ("epoch") is required in the footer, nullable in the stream',
    ],
    [
      "a column's extension type (field metadata)",
      (schema) =>
        editFields(schema, (field) => (field.name === "weights" ? field.clone({ metadata: new Map() }) : field)),
      'column 1 ("weights")\'s metadata "ARROW:extension:name" is absent in the footer, "JuliaLang.LegolasFlux.Weights" in the stream',
    ],
    [
      "a nested field's name",
      (schema) =>
        editFields(schema, (field) => {
          if (field.name !== "weights") return field;
          const [inner] = field.type.children as Field[];
          return field.clone({ type: new Struct([inner!.clone({ name: "values" })]) });
        }),
      'column 1 ("weights")\'s field 1 is named "values" in the footer, "weights" in the stream',
    ],
    [
      "a column more",
      (schema) => new ArrowSchema([...schema.fields, new Field("extra", new Utf8(), true)], schema.metadata),
      "the footer has 6 columns, the stream 5",
    ],
  ];
  test.each(cases)("%s", (_, edit, reason) => {
    expect(() => readTableBytes(withFooterSchema(written, edit))).toThrow(
      expect.objectContaining({
        name: "CorruptTableError",
        message: `table is a corrupt Arrow table: its footer's schema differs from the Schema message its stream starts with: ${reason}; Arrow.jl (Legolas.jl) reads the stream's copy, apache-arrow and pyarrow the footer's, so the two would read different tables: write the file again from its source`,
      }),
    );
  });
});

describe("files with one copy, or two alike, read as before", () => {
  test("a file legolas-ts writes, and the same footer encoded again (another layout of the same schema)", async () => {
    expect(readTableBytes(written).rows).toHaveLength(1);
    const again = withFooterSchema(written, (schema) => schema);
    expect(readTableBytes(again).rows).toHaveLength(1);
    const file = await openTableFile(again);
    expect((await file.readTable()).rows).toHaveLength(1);
  });

  test("a file apache-arrow writes, whose stream has no Schema message (the footer is the only copy)", async () => {
    const bytes = tableToIPC(readTableBytes(written).table, "file");
    // After the magic and its padding, a RecordBatch message (header type 3) where Arrow.jl's files have the Schema.
    expect(bytes[8 + 8 + 4 + 6]).not.toBe(1);
    expect(readTableBytes(bytes).rows[0]).toMatchObject({ epoch: 7n, architecture_version: 1n });
    const file = await openTableFile(bytes);
    expect((await file.readTable()).rows[0]).toMatchObject({ epoch: 7n });
  });
});

describe("a file whose footer does not list every batch of its stream", () => {
  /** Three digits-model@1 rows, a batch each: epoch 1, 2 and 3. */
  const three = writeTableBytes(
    [1n, 2n, 3n].map((epoch) => ({ weights: null, architecture_version: 1n, epoch, accuracy: 0.5, commit_sha: null })),
    DigitsRowV1SchemaVersion,
    { batchSize: 1 },
  );
  /** `three` with its footer listing the batches `keep` picks; its stream unchanged. */
  const listing = (keep: (index: number) => boolean) =>
    withFooter(
      three,
      (footer) =>
        new Footer(
          footer.schema,
          footer.version,
          [...footer.recordBatches()].filter((_, index) => keep(index)),
          [...footer.dictionaryBatches()],
        ),
    );
  const epochs = async (bytes: Uint8Array) =>
    (await (await openTableFile(bytes)).readTable()).rows.map((r) => (r as { epoch?: unknown }).epoch);

  test("Arrow.jl reads every batch of the stream; a reader by the footer would read only those it lists: refused", async () => {
    expect(await epochs(three)).toEqual([1n, 2n, 3n]);
    expect(readTableBytes(listing(() => true)).rows).toHaveLength(3);
    for (const [what, keep] of [
      ["the last left out", (index: number) => index < 2],
      ["the middle one left out", (index: number) => index !== 1],
      ["the first left out", (index: number) => index > 0],
      ["none listed", () => false],
    ] as const) {
      const forged = listing(keep);
      const reason = expect.stringMatching(/its footer does not list the message of its stream at byte \d+/);
      expect(() => readTableBytes(forged), what).toThrow(
        expect.objectContaining({ code: "corrupt_table", message: reason }),
      );
      await expect(openTableFile(forged), what).rejects.toMatchObject({ code: "corrupt_table", message: reason });
    }
  });

  test("legolas validate says so, exit 2, where it said 'ok' of the rows the footer lists", async () => {
    const path = join(folder, "short-footer.arrow");
    writeFileSync(
      path,
      listing((index) => index < 2),
    );
    const validated = await runCli("validate", "--json", path);
    expect(validated.code).toBe(2);
    expect(JSON.parse(validated.out).files).toEqual([
      expect.objectContaining({ status: "unreadable", code: "corrupt_table" }),
    ]);
  });
});

describe("a file whose Schema message's length prefix says more bytes than the message has", () => {
  /** `written` with the metadata length of its Schema message (after the magic and the continuation marker) `more` bytes longer. */
  const lengthened = (more: number) => {
    const bytes = written.slice();
    const view = new DataView(bytes.buffer);
    view.setInt32(12, view.getInt32(12, true) + more, true);
    return bytes;
  };
  async function* once(bytes: Uint8Array) {
    yield bytes;
  }

  /** How `read` fails: its error's name, code and message; `null` when it reads. */
  const refusalOf = (read: () => unknown) =>
    Promise.resolve()
      .then(read)
      .then(
        () => null,
        (error: { name: string; code: string; message: string }) => ({
          name: error.name,
          code: error.code,
          message: error.message,
        }),
      );

  test.each([1, 4, 8, 16])(
    "%i bytes more: a read piped in finds no message where the footer's first block is, and every read by its path refuses it so",
    async (more) => {
      const bytes = lengthened(more);
      const path = join(folder, `lengthened-${more}.arrow`);
      writeFileSync(path, bytes);
      const piped = await refusalOf(async () => (await openPipedTable(once(bytes), path)).readTable());
      expect(piped).toEqual({
        name: "NotArrowFileError",
        code: "not_arrow_file",
        message: expect.stringMatching(
          /its footer points at a block \(\d+, \d+, \d+\) where its stream holds no message/,
        ),
      });
      for (const read of [
        () => readTable(path),
        () => readTable(path, { columns: ["epoch"] }),
        () => readModelRow(path),
        () => readTableBatches(path).next(),
      ])
        expect(await refusalOf(read)).toEqual(piped);
      expect(await refusalOf(() => readTableBytes(bytes))).toEqual({
        ...piped,
        message: piped!.message.replace(path, "input"),
      });
    },
  );
});
