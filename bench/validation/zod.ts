/**
 * The Zod 4 side: the same constraints as `bench.training-run@1` and `bench.event@1`.
 *
 * `int64` is `z.int64()` (a bigint in the signed 64-bit range), `intN`/`uintN` are `z.int()` with
 * the type's bounds, optional fields are `.nullish()` (missing, `undefined` or `null`), a row
 * check is a `.refine` on the object. Zod checks string lengths in UTF-16 units where the
 * generated validators and Ajv count code points; on these ASCII rows the result is the same and
 * Zod's check is, if anything, cheaper.
 */
import { z } from "zod";
import { isWeights } from "legolas-ts";

const int = (min: number, max: number) => z.int().min(min).max(max);
const INT32 = [-2147483648, 2147483647] as const;

export const digitsZod = z
  .object({
    weights: z.custom((value) => isWeights(value)).nullish(),
    architecture_version: z.int64().nullish(),
    epoch: z.int64().nullish(),
    accuracy: z.number().min(0).max(1).nullish(),
    commit_sha: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/u)
      .nullish(),
  })
  .refine((row) => row.epoch == null || row.epoch >= 0n, "epoch must not be negative");

/**
 * `bench.training-run@1` as its JSON form arrives in a request body (`row.toJSON()`): int64 as
 * decimal text, decoded to a bigint, what a Zod user writes for a body that `JSON.stringify`
 * produced from bigints.
 */
const int64Text = z
  .string()
  .regex(/^-?\d{1,20}$/u)
  .transform(BigInt)
  .pipe(z.int64());
export const digitsJsonZod = z
  .object({
    weights: z.array(z.object({ vec: z.array(z.number()), size: z.array(z.int().min(0)) })).nullish(),
    architecture_version: int64Text.nullish(),
    epoch: int64Text.nullish(),
    accuracy: z.number().min(0).max(1).nullish(),
    commit_sha: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/u)
      .nullish(),
  })
  .refine((row) => row.epoch == null || row.epoch >= 0n, "epoch must not be negative");

export const eventZod = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u),
  name: z.string().min(1).max(64),
  kind: z.enum(["train", "eval", "test"]),
  enabled: z.boolean(),
  count: int(0, INT32[1]),
  step: z.int64(),
  offset: z.int64().nullish(),
  epoch: int(...INT32).nullish(),
  retries: int(0, 255),
  port: int(0, 65535).nullish(),
  size: int(0, 4294967295),
  priority: int(-128, 127),
  score: z.number().min(0).max(1),
  loss: z.number().nullish(),
  tag: z.string().nullish(),
  note: z.string().max(200).nullish(),
  labels: z.array(z.string()).max(8).nullish(),
  location: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), label: z.string().nullish() })
    .nullish(),
  owner: z.object({
    id: int(...INT32),
    name: z.string().min(1).max(64),
    email: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/u)
      .nullish(),
  }),
  source: z.enum(["cli", "api", "cron"]).nullish(),
});
