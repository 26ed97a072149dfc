/**
 * What a reader says of a value that is no source of bytes, as a data engineer first passes one:
 * a Node.js stream of the file (fs.createReadStream, stdin), or many files as a Set or a
 * generator rather than an array. Each is a `SourceReadError` that names the kind of value given
 * (not "[object Object]") and the way to pass it, which then reads.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openTableFile, readTableBatches, writeTable } from "legolas-ts";
import { TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

let folder: string;
let path: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "legolas-not-a-source-"));
  path = join(folder, "run.arrow");
  await writeTable(path, [trainingLogRow(1, 4), trainingLogRow(2, 4)], TrainingLogV1SchemaVersion);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function rowsOf(sources: Parameters<typeof readTableBatches>[0]): Promise<number> {
  let rows = 0;
  for await (const batch of readTableBatches(sources, { schemaVersion: TrainingLogV1SchemaVersion }))
    rows += batch.rows.length;
  return rows;
}

test("a Node.js stream is named as one, with the two ways to read it", async () => {
  const message =
    /^a ReadStream \(a Node\.js stream\): not a source of bytes itself; pass the path of the file it reads, or new Response\(Readable\.toWeb\(stream\)\)/;
  await expect(openTableFile(createReadStream(path) as never)).rejects.toMatchObject({
    name: "SourceReadError",
    message: expect.stringMatching(message),
  });
  await expect(rowsOf(createReadStream(path) as never)).rejects.toThrow(message);
  expect(await rowsOf(new Response(Readable.toWeb(createReadStream(path)) as ReadableStream))).toBe(2);
});

test("many files given as a Set or a generator are named so, and told to come as an array", async () => {
  const advice = "not a source of bytes; to read many sources as one table, pass them to readTableBatches as an array";
  await expect(rowsOf(new Set([path]) as never)).rejects.toThrow(`a Set: ${advice}`);
  await expect(
    rowsOf(
      (function* () {
        yield path;
      })() as never,
    ),
  ).rejects.toThrow(`a Generator: ${advice}`);
  await expect(
    rowsOf(
      (async function* () {
        yield path;
      })() as never,
    ),
  ).rejects.toThrow(`an AsyncGenerator: ${advice}`);
  expect(await rowsOf([...new Set([path])])).toBe(2);
});

test("any other object is named by its kind, not its default text", async () => {
  await expect(openTableFile({} as never)).rejects.toThrow(/^an object: not a source of bytes; pass a file's path/);
  await expect(openTableFile(new Map() as never)).rejects.toThrow(
    /^a Map: not a source of bytes; to read many sources/,
  );
});
