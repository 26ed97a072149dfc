/**
 * Many files of one schema version read as one table: `readTableBatches([...])` or a glob pattern,
 * their batches in order whatever the number of files in flight, each file's version checked
 * against the first's, and the files in flight closed when the reader stops early.
 */
import { existsSync, readdirSync } from "node:fs";
import { link as linkLocally, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ModelV1SchemaVersion,
  openTableFile,
  readTable,
  readTableBatches,
  readTableBytes,
  writeModelRowBytes,
  writeTableBytes,
} from "legolas-ts";
import { TrainingLogV1SchemaVersion } from "../../generated/index.js";
import { readTableBatches as readWebTableBatches } from "../../../runtime/arrow/table-sources.js";
import { trainingLogRow } from "../../scale/helpers/training-log.js";

let folder: string;
const files: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "legolas-many-tables-"));
  await mkdir(join(folder, "runs"));
  // Five files of 4 rows (epochs 4k..4k+3), two batches each.
  for (let k = 0; k < 5; k++) {
    const rows = [0, 1, 2, 3].map((i) => trainingLogRow(4 * k + i, 10));
    const path = join(folder, "runs", `run-${k}.arrow`);
    await writeFile(path, writeTableBytes(rows, TrainingLogV1SchemaVersion, { batchSize: 2 }));
    files.push(path);
  }
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function drainAll(batches: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of batches);
}

async function epochsOf(batches: AsyncIterable<{ rows: readonly { epoch: unknown }[]; source: string }>) {
  const epochs: number[] = [];
  const sources: string[] = [];
  for await (const batch of batches) {
    epochs.push(...batch.rows.map((row) => Number(row.epoch)));
    sources.push(batch.source);
  }
  return { epochs, sources };
}

describe("readTableBatches of many files", () => {
  test.each([1, 2, 4])("every batch of every file, in order, with %i file(s) in flight", async (filesInFlight) => {
    const { epochs, sources } = await epochsOf(readTableBatches(files, { columns: ["epoch"], filesInFlight }));
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sources).toEqual(files.flatMap((file) => [file, file]));
  });

  test("a glob pattern: its files, sorted", async () => {
    const { epochs } = await epochsOf(readTableBatches(join(folder, "runs", "run-*.arrow"), { columns: ["epoch"] }));
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test("a pattern ending in **: every file below, as a shell's globstar expands it", async () => {
    const { epochs } = await epochsOf(readTableBatches(join(folder, "runs", "**"), { columns: ["epoch"] }));
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test("a pattern that matches no file fails where the batches are read, as a missing file does", async () => {
    const batches = [join(folder, "runs", "nothing-*.arrow"), join(folder, "runs", "nothing.arrow")].map((source) =>
      readTableBatches(source),
    );
    await expect(batches[0]!.next()).rejects.toMatchObject({
      name: "FileAccessError",
      message: expect.stringContaining("no file matches this pattern"),
    });
    await expect(batches[1]!.next()).rejects.toMatchObject({
      name: "FileAccessError",
      message: expect.stringContaining("no such file or folder"),
    });
  });

  test("an empty list is refused where the batches are read, as a pattern that matches no file is: no table of no rows", async () => {
    const empty =
      "the list of sources to read is empty, so there is no table to read (a list a filter emptied would read as one of no rows): pass one file or more, as paths, URLs, glob patterns (in Node), Blobs or bytes";
    for (const read of [readTableBatches, readWebTableBatches])
      await expect(read([]).next()).rejects.toMatchObject({
        name: "SourceListError",
        code: "source_list_invalid",
        file: undefined,
        positions: [],
        message: empty,
      });
  });

  test("a file named twice, however it is spelt, is refused before any file is opened: its rows would be read twice", async () => {
    const spelt = `./${relative(process.cwd(), files[0]!)}`;
    const pattern = join(folder, "runs", "run-*.arrow");
    const refusals = [
      [[files[0]!, files[1]!, spelt], files[0]!, [0, 2], files[0]!, spelt],
      [[files[1]!, pattern], files[1]!, [0, 1], files[1]!, `${pattern}, matched ${files[1]!}`],
      [
        [pattern, pathToFileURL(files[3]!)],
        files[3]!,
        [0, 1],
        `${pattern}, matched ${files[3]!}`,
        pathToFileURL(files[3]!).href,
      ],
    ] as const;
    for (const [sources, file, positions, first, second] of refusals) {
      let opened = 0;
      const reading = readTableBatches(sources, { filesInFlight: 1 });
      await expect(
        (async () => {
          for await (const _ of reading) opened++;
        })(),
      ).rejects.toMatchObject({
        name: "SourceListError",
        file,
        positions,
        message: `${file} is named twice in the list, by sources[${positions[0]}] (${first}) and sources[${positions[1]}] (${second}): its rows would be read twice; list each file once`,
      });
      expect(opened).toBe(0);
    }
  });

  test("a symbolic link or a hard link to a listed file is that file: refused before any file is opened, not read twice", async (context) => {
    const link = join(folder, "link-to-run-0.arrow");
    const hardLink = join(folder, "hard-link-to-run-0.arrow");
    try {
      await symlink(files[0]!, link);
      await linkLocally(files[0]!, hardLink);
    } catch (error) {
      // Windows without developer mode or the privilege to make them.
      const { code } = error as { code?: string };
      if (code !== "EPERM" && code !== "EACCES") throw error;
      context.skip(`links cannot be made here (${code}): the check by the file's identity is not tested`);
    }
    const hardPattern = join(folder, "hard-*.arrow");
    // One pattern that matches the file by two names: the message says which two.
    const bothPattern = join(folder, "*link-to-run-0.arrow");
    const refusals = [
      [[files[0]!, files[1]!, link], files[0]!, [0, 2], [files[0]!, link]],
      [[hardLink, files[1]!, link], hardLink, [0, 2], [hardLink, link]],
      [[hardPattern, files[0]!], hardLink, [0, 1], [`${hardPattern}, matched ${hardLink}`, files[0]!]],
      [[bothPattern], hardLink, [0, 0], [`${bothPattern}, matched ${hardLink}`, `${bothPattern}, matched ${link}`]],
    ] as const;
    for (const [sources, file, positions, listed] of refusals) {
      let opened = 0;
      await expect(
        (async () => {
          for await (const _ of readTableBatches(sources, { filesInFlight: 1 })) opened++;
        })(),
      ).rejects.toMatchObject({
        name: "SourceListError",
        file,
        positions,
        message: `${file} is named twice in the list, by sources[${positions[0]}] (${listed[0]}) and sources[${positions[1]}] (${listed[1]}): its rows would be read twice; list each file once`,
      });
      expect(opened).toBe(0);
    }
  });

  test("on a disk that ignores case, a second spelling of a listed file in other capitals is refused", async (context) => {
    const capitals = join(folder, "runs", "RUN-0.ARROW");
    if (!existsSync(capitals)) context.skip("this disk tells capitals apart: RUN-0.ARROW is another file here");
    await expect(readTableBatches([files[0]!, capitals]).next()).rejects.toMatchObject({
      name: "SourceListError",
      file: files[0],
      positions: [0, 1],
    });
  });

  test("a URL named twice is refused by its text, without its query, by either entry; the same bytes twice are read twice", async () => {
    const url = "https://tables.example.invalid/runs/a.arrow?X-Amz-Signature=secret";
    for (const read of [readTableBatches, readWebTableBatches])
      await expect(read([url, new URL(url)]).next()).rejects.toMatchObject({
        name: "SourceListError",
        positions: [0, 1],
        message:
          "https://tables.example.invalid/runs/a.arrow?… is named twice in the list, by sources[0] (https://tables.example.invalid/runs/a.arrow?…) and sources[1] (https://tables.example.invalid/runs/a.arrow?…): its rows would be read twice; list each file once",
      });
    const bytes = writeTableBytes([trainingLogRow(0, 10)], TrainingLogV1SchemaVersion);
    const { epochs } = await epochsOf(readTableBatches([bytes, bytes], { columns: ["epoch"] }));
    expect(epochs).toEqual([0, 0]);
  });

  test("a pattern's folders are listed without holding the event loop: a server keeps answering meanwhile", async () => {
    const tree = join(folder, "tree");
    for (let k = 0; k < 20; k++) await mkdir(join(tree, `day-${k}`, "logs"), { recursive: true });
    // Scheduled as the read starts: it runs only if the listing lets the event loop turn.
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    await expect(readTableBatches(join(tree, "**", "*.arrow")).next()).rejects.toMatchObject({
      name: "FileAccessError",
      message: expect.stringContaining("no file matches this pattern"),
    });
    expect(turned).toBe(true);
  });

  test("an invalid row names its file, since row indexes count within one: whatever reads it", async () => {
    const broken = join(folder, "broken.arrow");
    const rows = [trainingLogRow(90, 10), { ...trainingLogRow(91, 10), accuracy: 7 }];
    const bytes = writeTableBytes(rows, TrainingLogV1SchemaVersion, { validate: false });
    await writeFile(broken, bytes);
    const refusal = {
      name: "RowValidationError",
      source: broken,
      rowIndex: 1,
      message: expect.stringMatching(
        new RegExp(`^${broken}: test\\.training-log@1>legolas-flux\\.model@1 \\(row 1\\) has 1 violation`),
      ),
    };
    for (const rowsForm of ["lazy", "eager"] as const)
      await expect(drainAll(readTableBatches([files[0]!, broken], { rows: rowsForm }))).rejects.toMatchObject(refusal);
    await expect(readTable(broken)).rejects.toMatchObject(refusal);
    const file = await openTableFile(broken);
    await expect(file.readBatch(0)).rejects.toMatchObject(refusal);
    // Left open, its handle would be closed by a later collection, inside another test's count of open files.
    await file.close();
    // Bytes come from no file: the message starts with the schema version.
    expect(() => readTableBytes(bytes)).toThrow(expect.objectContaining({ source: undefined, rowIndex: 1 }));
  });

  test("a file of another schema version, after the batches of the files before it: SchemaVersionMismatchError", async () => {
    const other = join(folder, "model.arrow");
    await writeFile(other, writeModelRowBytes({ weights: null, architecture_version: 1n }, ModelV1SchemaVersion));
    const seen: number[] = [];
    const reading = (async () => {
      for await (const batch of readTableBatches([files[0]!, other, files[1]!], { filesInFlight: 3 }))
        seen.push(batch.rows.length);
    })();
    await expect(reading).rejects.toMatchObject({
      name: "SchemaVersionMismatchError",
      code: "schema_version_mismatch",
      // No schemaVersion was passed: the advice is not to leave it out.
      message:
        `${other} holds rows of legolas-flux.model@1, which neither is nor extends ${TrainingLogV1SchemaVersion.identifier}, ` +
        `the schema version of ${files[0]}, the first of the files read as one table; read the files of each schema ` +
        "version apart, or pass { schemaVersion } naming a version every file is or extends",
    });
    expect(seen).toEqual([2, 2]);
    // Passed, leaving it out reads every file as the first one's version, which fails the same
    // way: the advice is the one above, and a version every file is or extends reads them all.
    for (const listed of [
      [files[0]!, other],
      [other, files[0]!],
    ]) {
      const asked = readTableBatches(listed, { schemaVersion: TrainingLogV1SchemaVersion });
      await expect(drainAll(asked)).rejects.toMatchObject({
        name: "SchemaVersionMismatchError",
        message:
          `${other} holds rows of legolas-flux.model@1, which neither is nor extends ${TrainingLogV1SchemaVersion.identifier}; ` +
          "read the files of each schema version apart, or pass { schemaVersion } naming a version every file is or extends",
      });
    }
    await expect(drainAll(readTableBatches([files[0]!, other]))).rejects.toMatchObject({
      name: "SchemaVersionMismatchError",
    });
    const rows: unknown[] = [];
    for await (const batch of readTableBatches([files[0]!, other], { schemaVersion: ModelV1SchemaVersion }))
      rows.push(...batch.rows);
    expect(rows).toHaveLength(5);
    // One file read alone: leaving the version out reads its own rows, and is the advice.
    await expect(
      drainAll(readTableBatches([other], { schemaVersion: TrainingLogV1SchemaVersion })),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /; read it without \{ schemaVersion \} to get its legolas-flux\.model@1 rows, then convert them to \S+ with new TrainingLogV1\(\{ \.\.\.row \}\) \(docs\/schemas\.md#versions-and-evolution\)$/,
      ),
    });
  });

  // Open files are counted in /proc/self/fd (Linux): Node keeps no list of its FileHandles.
  test.skipIf(!existsSync("/proc/self/fd"))("left early, every file in flight is closed", async () => {
    const openFiles = () => readdirSync("/proc/self/fd").length;
    const before = openFiles();
    let during = 0;
    for await (const batch of readTableBatches(files, { filesInFlight: 3 })) {
      expect(batch.rows).toHaveLength(2);
      during = openFiles();
      break;
    }
    expect(during).toBeGreaterThanOrEqual(before + 3);
    expect(openFiles()).toBe(before);
  });
});
