/**
 * A tour of legolas-ts, as code that runs: every claim below is an assertion, and the test suite
 * runs this file (test/examples/tour.test.ts). Read it top to bottom; run it with
 * `npm run build && node dist/examples/tour.js`.
 */
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fetchWeights, loadWeights } from "legolas-ts/tfjs";
import {
  findSchemaVersion,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRow,
  readTable,
  readTableBatches,
  writeModelRow,
  writeTable,
  type RowValidationError,
} from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../generated/index.js";

export async function tour(folder: string): Promise<void> {
  // 1. Schemas are declared in YAML (schemas/digits-model.yaml, LegolasFlux.jl's
  //    README schema) and `legolas generate` turns them into TypeScript in your own folder
  //    (generated/). A schema version extends another one: digits-model@1 has
  //    every field of the shipped legolas-flux.model@1, parent fields first.
  assert.equal(DigitsRowV1SchemaVersion.identifier, "digits-model@1>legolas-flux.model@1");
  assert.deepEqual(
    DigitsRowV1SchemaVersion.fields.map((field) => field.name),
    ["weights", "architecture_version", "epoch", "accuracy", "commit_sha"],
  );

  // 2. A row is built from plain input. Missing fields become null, an int64 may be given as a
  //    safe-integer number (it becomes a bigint), a float32 is rounded as it will be stored.
  const row = new DigitsRowV1({ epoch: 3, accuracy: 0.9 });
  assert.equal(row.epoch, 3n);
  assert.equal(row.accuracy, Math.fround(0.9));
  assert.equal(row.weights, null);
  assert.equal(row.commit_sha, null);

  // 3. Invalid input throws one RowValidationError that lists every violation, each with its
  //    field path. digits-model@1 mirrors a Julia declaration, so it checks exactly what Julia
  //    checks, the types; bounds, patterns and row checks belong to schemas of your own.
  try {
    new DigitsRowV1({ epoch: 1.5, accuracy: "high", commit_sha: 7 } as never);
    assert.fail("expected a RowValidationError");
  } catch (error) {
    assert.equal((error as Error).name, "RowValidationError");
    assert.deepEqual(
      (error as RowValidationError).violations.map((v) => `${v.code} ${v.path}`),
      ["incorrect_type epoch", "incorrect_type accuracy", "incorrect_type commit_sha"],
    );
  }
  assert.equal(DigitsRowV1.is({ ...row, epoch: -1n }), true);

  // 4. Rows are written as a Legolas table: an Arrow file whose metadata names the schema
  //    version, which Legolas.jl reads as well. The write validates first and is atomic.
  const runs = join(folder, "runs.digits-model.arrow");
  await writeTable(runs, [row, { epoch: 4, accuracy: 0.93 }], DigitsRowV1SchemaVersion);

  // 5. Reading finds the schema version from the file's metadata, checks the columns, and
  //    gives typed rows (instances of the registered class) next to the Arrow table itself.
  const read = await readTable(runs, { schemaVersion: DigitsRowV1SchemaVersion });
  assert.equal(read.identifier, "digits-model@1>legolas-flux.model@1");
  assert.ok(read.rows[1] instanceof DigitsRowV1);
  assert.equal(read.rows[1].epoch, 4n);
  assert.equal(read.table.numRows, 2);
  assert.equal(findSchemaVersion("digits-model@1"), DigitsRowV1SchemaVersion);

  // 6. Large tables can be read batch by batch, in bounded memory.
  let streamed = 0;
  for await (const batch of readTableBatches(runs)) streamed += batch.rows.length;
  assert.equal(streamed, 2);

  // 7. A model row keeps a model's weights, and only its weights: the code that builds the
  //    model stays code. fetchWeights takes every variable in a stable, name-free order.
  await tf.setBackend("cpu");
  const build = () =>
    tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: "relu" }), tf.layers.dense({ units: 2 })],
    });
  const trained = build();
  const modelPath = join(folder, "tour.digits-model.arrow");
  await writeModelRow(
    modelPath,
    { weights: fetchWeights(trained), architecture_version: 1, epoch: 1 },
    DigitsRowV1SchemaVersion,
  );

  // 8. readModelRow gives back the registered class of the file's schema; loadWeights checks
  //    count, shapes and dtypes before it changes anything, then a model built anew from code
  //    predicts exactly as the one that was saved.
  const stored = await readModelRow(modelPath, { schemaVersion: DigitsRowV1SchemaVersion });
  assert.ok(stored instanceof DigitsRowV1);
  const fresh = build();
  loadWeights(fresh, stored.weights!);
  const input = tf.tensor2d([[1, 2, 3]]);
  assert.deepEqual((fresh.predict(input) as tf.Tensor).dataSync(), (trained.predict(input) as tf.Tensor).dataSync());

  // 9. Any model row also reads as the schema it extends: legolas-flux.model@1, whose class is
  //    ModelV1, for code that only needs the weights.
  const weightsOnly = await readModelRow(modelPath, { schemaVersion: ModelV1SchemaVersion });
  assert.ok(weightsOnly instanceof ModelV1);
  assert.equal(weightsOnly.weights?.arrays.length, 4);
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  await tour(mkdtempSync(join(tmpdir(), "legolas-tour-")));
  console.log("tour: every assertion held");
}
