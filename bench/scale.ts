/**
 * Issue 25, tables larger than the machine. Two questions, each against the baseline a user
 * would pick, rounds interleaved in one run:
 *
 * - Reading 2 of 5 columns of a 200 MB table (100 saved models of 2 MB of weights each,
 *   `bench.scan@1`, one batch a model): `readTable(path, { columns })` against `readTable(path)`
 *   of every column, and against Polars (`scanIPC(path).select(...).collect()`, the Rust reader,
 *   which memory-maps an uncompressed IPC file and touches only the pages of the columns it
 *   selects). The file is in the page cache for every side (it was just written, and each side
 *   reads it in turn). Over HTTP (nginx on 127.0.0.1, when installed): `readTableFrom(url,
 *   { columns })` with range requests against `readTableFrom(url)`, one GET of the whole file.
 * - Many files as one table: `readTableBatches(files, { filesInFlight })` with 1, 2 and 4 files in
 *   flight, rows/s, against one at a time; one at a time against apache-arrow's
 *   `RecordBatchReader` over each file in turn (no validation, no rows: the floor); the same over
 *   HTTP, where files in flight overlap round trips.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pl from "nodejs-polars";
import { readTable, readTableBatches, readTableFrom, writeTable } from "legolas-ts";
import { BenchSampleV1SchemaVersion } from "./generated/bench.sample.js";
import { BenchScanV1SchemaVersion, type BenchScanV1Input } from "./generated/bench.scan.js";
import { compareTime, figure, type BenchModule, type BenchOptions, type Figure, type Side } from "./harness.js";
import { haveNginx, type Nginx, startNginx } from "./scale/nginx.js";
import { rawArrowStream } from "./tables/raw-arrow.js";
import { sampleRowStream } from "./tables/rows.js";

const GROUP = "scale";
const COLUMNS = ["epoch", "accuracy"] as const;

interface Sizes {
  /** Saved models in the scan table, one batch each, and the float32 weights of each. */
  readonly models: number;
  readonly weightsPerModel: number;
  /** Files of the many-file table, their rows, and rows per batch. */
  readonly files: number;
  readonly rowsPerFile: number;
  readonly batchSize: number;
}

const FULL: Sizes = { models: 100, weightsPerModel: 500_000, files: 8, rowsPerFile: 100_000, batchSize: 10_000 };
const QUICK: Sizes = { models: 2, weightsPerModel: 100, files: 2, rowsPerFile: 200, batchSize: 100 };

export const scaleBench: BenchModule = {
  name: "scale",
  async run(options, report) {
    const sizes = options.quick ? QUICK : FULL;
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-scale-"));
    let nginx: Nginx | undefined;
    try {
      const scan = join(work, "scan.arrow");
      await writeScanTable(scan, sizes);
      const files = await writeSampleFiles(work, sizes);
      nginx = haveNginx ? await startNginx(work) : undefined;
      await projectionFigures(scan, sizes, options, report, nginx);
      await manyFileFigures(files, sizes, options, report, nginx);
    } finally {
      await nginx?.stop();
      await rm(work, { recursive: true, force: true });
    }
  },
};

/** The figures a run reports: `local` always, `http` more where nginx is installed. */
export const SCALE_FIGURES = { local: 5, http: 3 } as const;

async function writeScanTable(path: string, sizes: Sizes): Promise<void> {
  async function* models(): AsyncGenerator<BenchScanV1Input> {
    for (let epoch = 0; epoch < sizes.models; epoch++) {
      const weights = new Float32Array(sizes.weightsPerModel);
      weights.fill(epoch / sizes.models);
      yield {
        epoch: BigInt(epoch),
        accuracy: epoch / (epoch + 1),
        loss: 1 / (epoch + 1),
        learning_rate: 1e-3,
        weights,
      };
    }
  }
  await writeTable(path, models(), BenchScanV1SchemaVersion, { batchSize: 1 });
}

async function writeSampleFiles(work: string, sizes: Sizes): Promise<string[]> {
  const files = Array.from({ length: sizes.files }, (_, k) => join(work, `sample-${k}.arrow`));
  for (const file of files)
    await writeTable(file, sampleRowStream(sizes.rowsPerFile), BenchSampleV1SchemaVersion, {
      batchSize: sizes.batchSize,
    });
  return files;
}

const side = (label: string, measurement: Side["measurement"]): Side => ({ label, measurement });

async function projectionFigures(
  path: string,
  sizes: Sizes,
  options: BenchOptions,
  report: (figure: Figure) => void,
  nginx: Nginx | undefined,
): Promise<void> {
  const megabytes = `${((await stat(path)).size / 1e6).toFixed(0)} MB`;
  const name = `2 of 5 columns of a ${megabytes} table, ${sizes.models} batches`;
  const schemaVersion = BenchScanV1SchemaVersion;
  const projected = async () => {
    const { rows } = await readTable(path, { schemaVersion, columns: COLUMNS });
    if (rows.at(-1)?.epoch !== BigInt(sizes.models - 1)) throw new Error("bench: the projected read lost rows");
  };
  const [ours, whole] = await compareTime(
    projected,
    () => readTable(path, { schemaVersion }).then(() => undefined),
    options,
  );
  report(
    figure(
      GROUP,
      `${name}, local file`,
      side("readTable with columns", ours),
      side("readTable (every column)", whole!),
    ),
  );
  const [ours2, polars] = await compareTime(
    projected,
    async () => {
      const frame = await pl
        .scanIPC(path)
        .select(...COLUMNS)
        .collect();
      if (frame.height !== sizes.models) throw new Error("bench: Polars read another row count");
    },
    options,
  );
  report(
    figure(
      GROUP,
      `${name}, local file`,
      side("readTable with columns", ours2),
      side("Polars scanIPC + select (mmap)", polars!),
    ),
  );
  if (nginx === undefined) return;
  const url = nginx.url("scan.arrow");
  const [remote, get] = await compareTime(
    () => readTableFrom(url, { schemaVersion, columns: COLUMNS }).then(() => undefined),
    () => readTableFrom(url, { schemaVersion }).then(() => undefined),
    options,
  );
  report(
    figure(
      GROUP,
      `${name}, over HTTP (nginx, 127.0.0.1)`,
      side("readTableFrom with columns (ranges)", remote),
      side("readTableFrom (one GET)", get!),
    ),
  );
  await nginx.takeRequests();
}

async function manyFileFigures(
  files: readonly string[],
  sizes: Sizes,
  options: BenchOptions,
  report: (figure: Figure) => void,
  nginx: Nginx | undefined,
): Promise<void> {
  const total = sizes.files * sizes.rowsPerFile;
  const stream = async (sources: readonly string[], filesInFlight: number) => {
    let rows = 0;
    for await (const batch of readTableBatches(sources, { schemaVersion: BenchSampleV1SchemaVersion, filesInFlight }))
      rows += batch.batch.numRows;
    if (rows !== total) throw new Error(`bench: streamed ${rows} rows of ${total}`);
  };
  const rate = (ms: number) => `${(((total / ms) * 1e3) / 1e6).toFixed(2)}M rows/s`;
  const name = (where: string, inFlight: number, ms: number) =>
    `${files.length} files of ${sizes.rowsPerFile.toLocaleString("en")} rows (bench.sample@1), ${where}, ${inFlight} in flight (${rate(ms)})`;
  const [one, arrow] = await compareTime(
    () => stream(files, 1),
    async () => {
      for (const file of files) await rawArrowStream(file);
    },
    options,
  );
  report(
    figure(
      GROUP,
      name("local files", 1, one.median),
      side("readTableBatches", one),
      side("apache-arrow RecordBatchReader per file (no rows)", arrow!),
    ),
  );
  const inFlight = async (sources: readonly string[], where: string) => {
    for (const n of [2, 4]) {
      const [many, single] = await compareTime(
        () => stream(sources, n),
        () => stream(sources, 1),
        options,
      );
      report(
        figure(GROUP, name(where, n, many.median), side("readTableBatches", many), side("1 file in flight", single!)),
      );
    }
  };
  await inFlight(files, "local files");
  if (nginx === undefined) return;
  const urls = files.map((file) => nginx.url(file.slice(file.lastIndexOf("/") + 1)));
  await inFlight(urls, "over HTTP");
  await nginx.takeRequests();
}
