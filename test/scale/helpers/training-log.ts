/**
 * Tables of `test.training-log@1` (test/schemas/test.training-log.yaml): one row per saved
 * model, a Weights column of `weightsPerRow` float32 values beside 19 small columns, written
 * batch by batch, so that a test can make a table of hundreds of megabytes without holding it.
 */
import { writeTable, type TableCompression } from "legolas-ts";
import { TrainingLogV1SchemaVersion, type TrainingLogV1Input } from "../../generated/index.js";

/** Row `epoch` of a run: every field set, its weights `weightsPerRow` floats that depend on the epoch. */
export function trainingLogRow(epoch: number, weightsPerRow: number): TrainingLogV1Input {
  const vec = new Float32Array(weightsPerRow);
  for (let i = 0; i < vec.length; i += 997) vec[i] = epoch + i / vec.length;
  return {
    weights: { arrays: [{ vec, size: [weightsPerRow] }] },
    architecture_version: 1n,
    epoch: BigInt(epoch),
    accuracy: epoch / (epoch + 1),
    commit_sha: "0123abc",
    run_id: "00000000-0000-4000-8000-000000000001",
    saved_at: new Date(Date.UTC(2026, 0, 1) + epoch * 60_000),
    seconds: 60 * epoch,
    learning_rate: 1e-3,
    batch_size: 64,
    optimizer: "adam",
    dropout: 0.1,
    train_loss: 1 / (epoch + 1),
    test_loss: 1.1 / (epoch + 1),
    train_accuracy: epoch / (epoch + 2),
    parameters: BigInt(weightsPerRow),
    layers: 3,
    dataset: "digits",
    host: null,
    note: epoch % 10 === 0 ? `checkpoint ${epoch}` : null,
  };
}

export interface TrainingLogShape {
  readonly rows: number;
  readonly weightsPerRow: number;
  /** Rows per record batch. */
  readonly batchSize: number;
  readonly compression?: TableCompression;
}

/** Writes a training log of `shape` to `path`, batch by batch. */
export async function writeTrainingLog(path: string, shape: TrainingLogShape): Promise<void> {
  async function* rows() {
    for (let epoch = 0; epoch < shape.rows; epoch++) yield trainingLogRow(epoch, shape.weightsPerRow);
  }
  await writeTable(path, rows(), TrainingLogV1SchemaVersion, {
    batchSize: shape.batchSize,
    ...(shape.compression === undefined ? {} : { compression: shape.compression }),
  });
}
