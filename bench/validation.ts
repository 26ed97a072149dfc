/**
 * Items 1 and 2 of issue 5: generated validators against Ajv 8 and Zod 4 on the same rows, valid
 * and invalid; and `new BenchTrainingRunV1(input)` against a plain object literal copy.
 */
import { BenchEventV1, BenchEventV1SchemaVersion } from "./generated/bench.event.js";
import { BenchTrainingRunV1, BenchTrainingRunV1SchemaVersion } from "./generated/bench.training-run.js";
import { compareThroughput, figure, type BenchModule, type BenchOptions, type Figure, type Loop } from "./harness.js";
import type { SchemaVersion } from "legolas-ts/internal/schema-version-types";
import { compileAjv, digitsJsonSchema, eventJsonSchema } from "./validation/ajv.js";
import { interpretedValidate } from "./validation/interpreted.js";
import { digitsRows, eventRows, POOL } from "./validation/rows.js";
import { digitsJsonZod, digitsZod, eventZod } from "./validation/zod.js";

const MASK = POOL - 1;

interface Contender {
  readonly schemaVersion: SchemaVersion;
  readonly validate: (row: unknown) => unknown[];
  readonly is: (row: unknown) => boolean;
  readonly ajv: ReturnType<typeof compileAjv>;
  readonly zod: { safeParse(row: unknown): { success: boolean } };
}

/** A loop that runs `check` over the pool and counts the rows it accepts. */
export function countAccepted(rows: readonly unknown[], check: (row: unknown) => boolean): Loop {
  return (n) => {
    let accepted = 0;
    for (let i = 0; i < n; i++) if (check(rows[i & MASK])) accepted++;
    return accepted;
  };
}

/** A loop that runs `check` over the pool and counts the violations it finds. */
export function countViolations(rows: readonly unknown[], check: (row: unknown) => number): Loop {
  return (n) => {
    let found = 0;
    for (let i = 0; i < n; i++) found += check(rows[i & MASK]);
    return found;
  };
}

function assertAgree(name: string, rows: readonly unknown[], expected: boolean, c: Contender): void {
  for (const row of rows) {
    const verdicts = [
      c.validate(row).length === 0,
      c.is(row),
      c.ajv.first(row),
      c.ajv.all(row),
      c.zod.safeParse(row).success,
    ];
    if (verdicts.some((v) => v !== expected)) {
      throw new Error(
        `bench ${name}: validators disagree on ${String(row)} (expected ${expected}): ${verdicts.join(", ")}`,
      );
    }
  }
}

function validationFigures(
  name: string,
  c: Contender,
  rows: { valid: object[]; invalid: object[] },
  options: BenchOptions,
  report: (f: Figure) => void,
): void {
  assertAgree(name, rows.valid, true, c);
  assertAgree(name, rows.invalid, false, c);
  const ajvTarget = { text: ">= Ajv speed", maxRatio: 1 };
  const zodTarget = { text: ">= 10x Zod", maxRatio: 0.1 };
  for (const [state, pool] of [
    ["valid", rows.valid],
    ["invalid", rows.invalid],
  ] as const) {
    const validate = countViolations(pool, (row) => c.validate(row).length);
    const ajvAll = countViolations(pool, (row) => (c.ajv.all(row) ? 0 : c.ajv.all.errors!.length));
    const zod = countAccepted(pool, (row) => c.zod.safeParse(row).success);
    const is = countAccepted(pool, c.is);
    const ajvFirst = countAccepted(pool, c.ajv.first);

    let [ours, base] = compareThroughput(validate, ajvAll, options);
    report(
      figure(
        "1",
        `${name} validate, ${state}`,
        { label: "legolas-ts", measurement: ours },
        { label: "Ajv allErrors", measurement: base },
        ajvTarget,
      ),
    );
    [ours, base] = compareThroughput(validate, zod, options);
    report(
      figure(
        "1",
        `${name} validate, ${state}`,
        { label: "legolas-ts", measurement: ours },
        { label: "Zod safeParse", measurement: base },
        zodTarget,
      ),
    );
    [ours, base] = compareThroughput(is, ajvFirst, options);
    report(
      figure(
        "1",
        `${name} is, ${state}`,
        { label: "legolas-ts", measurement: ours },
        { label: "Ajv first error", measurement: base },
        ajvTarget,
      ),
    );
    [ours, base] = compareThroughput(is, zod, options);
    report(
      figure(
        "1",
        `${name} is, ${state}`,
        { label: "legolas-ts", measurement: ours },
        { label: "Zod safeParse", measurement: base },
        zodTarget,
      ),
    );
  }
}

/**
 * Generated straight-line `validate` and `is` against the descriptor interpreter
 * (validation/interpreted.ts) on the same pools, after checking that both report the same
 * violations: what full generation buys (ARCHITECTURE.md, "Design notes").
 */
function interpreterFigures(
  name: string,
  c: Contender,
  rows: { valid: object[]; invalid: object[] },
  options: BenchOptions,
  report: (f: Figure) => void,
): void {
  const interpreted = (row: unknown) => interpretedValidate(c.schemaVersion, row);
  for (const row of [...rows.valid, ...rows.invalid]) {
    if (JSON.stringify(interpreted(row)) !== JSON.stringify(c.validate(row)))
      throw new Error(`bench ${name}: the interpreter and the generated validate disagree`);
  }
  const interpreter = { label: "descriptor interpreter" };
  for (const [state, pool] of [
    ["valid", rows.valid],
    ["invalid", rows.invalid],
  ] as const) {
    let [ours, base] = compareThroughput(
      countViolations(pool, (row) => c.validate(row).length),
      countViolations(pool, (row) => interpreted(row).length),
      options,
    );
    report(
      figure(
        "1",
        `${name} validate, ${state}`,
        { label: "generated", measurement: ours },
        { ...interpreter, measurement: base },
      ),
    );
    if (state === "invalid") continue;
    // On valid rows the interpreter's walk is all an interpreted `is` could do: no early exit.
    [ours, base] = compareThroughput(
      countAccepted(pool, c.is),
      countAccepted(pool, (row) => interpreted(row).length === 0),
      options,
    );
    report(
      figure(
        "1",
        `${name} is, ${state}`,
        { label: "generated", measurement: ours },
        { ...interpreter, measurement: base },
      ),
    );
  }
}

/** `new BenchTrainingRunV1(input)` from what a training loop has (int64 fields as numbers). */
function constructionFigure(options: BenchOptions, report: (f: Figure) => void): void {
  const inputs = digitsRows().valid.map((row, i) => {
    const r = row as {
      weights: null;
      architecture_version: bigint | null;
      accuracy: number | null;
      commit_sha: string | null;
    };
    return {
      ...r,
      architecture_version: r.architecture_version === null ? null : Number(r.architecture_version),
      epoch: i,
    };
  });
  type Input = (typeof inputs)[number];
  const construct: Loop = (n) => {
    let last: BenchTrainingRunV1 | undefined;
    for (let i = 0; i < n; i++) last = new BenchTrainingRunV1(inputs[i & MASK]!);
    return last;
  };
  const copy: Loop = (n) => {
    let last: object | undefined;
    for (let i = 0; i < n; i++) {
      const input: Input = inputs[i & MASK]!;
      last = {
        weights: input.weights,
        architecture_version: input.architecture_version,
        epoch: input.epoch,
        accuracy: input.accuracy,
        commit_sha: input.commit_sha,
      };
    }
    return last;
  };
  const [ours, base] = compareThroughput(construct, copy, options);
  report(
    figure(
      "2",
      "new BenchTrainingRunV1(input)",
      { label: "legolas-ts", measurement: ours },
      { label: "object literal copy", measurement: base },
      undefined,
      "convert (int64 numbers to bigint, accuracy to float32) + validate + copy; the copy does none of it",
    ),
  );
}

/**
 * Issue 21: a request body that is `JSON.stringify(row)`, through the row class's Standard Schema
 * (the input form fails first, then the JSON form converts), against Zod decoding the same body,
 * and against the same door given the input form.
 */
function jsonBodyFigures(options: BenchOptions, report: (f: Figure) => void): void {
  const inputs = digitsRows().valid;
  const bodies = inputs.map((row) => JSON.parse(JSON.stringify(new BenchTrainingRunV1(row as never))) as object);
  const standard = (row: unknown) => BenchTrainingRunV1["~standard"].validate(row).issues === undefined;
  for (const body of bodies)
    if (!standard(body) || !digitsJsonZod.safeParse(body).success)
      throw new Error("bench json body: a valid body was refused");
  let [ours, base] = compareThroughput(
    countAccepted(bodies, standard),
    countAccepted(bodies, (body) => digitsJsonZod.safeParse(body).success),
    options,
  );
  report(
    figure(
      "21.1",
      "bench.training-run@1 ~standard.validate, JSON body",
      { label: "legolas-ts", measurement: ours },
      { label: "Zod safeParse (int64 text decoded)", measurement: base },
      undefined,
      "both give the row with bigints; ours a class instance",
    ),
  );
  [ours, base] = compareThroughput(countAccepted(bodies, standard), countAccepted(inputs, standard), options);
  report(
    figure(
      "21.1",
      "bench.training-run@1 ~standard.validate, JSON body",
      { label: "JSON form", measurement: ours },
      { label: "input form (bigints)", measurement: base },
      undefined,
      "what the JSON form costs over the input form: a failed first try, then the conversion",
    ),
  );
}

export const validationBench: BenchModule = {
  name: "validation",
  async run(options, report) {
    const trainingRun: Contender = {
      schemaVersion: BenchTrainingRunV1SchemaVersion,
      validate: BenchTrainingRunV1.validate,
      is: BenchTrainingRunV1.is,
      ajv: compileAjv(digitsJsonSchema),
      zod: digitsZod,
    };
    const event: Contender = {
      schemaVersion: BenchEventV1SchemaVersion,
      validate: BenchEventV1.validate,
      is: BenchEventV1.is,
      ajv: compileAjv(eventJsonSchema),
      zod: eventZod,
    };
    validationFigures("bench.training-run@1", trainingRun, digitsRows(), options, report);
    validationFigures("bench.event@1 (20 fields)", event, eventRows(), options, report);
    interpreterFigures("bench.training-run@1", trainingRun, digitsRows(), options, report);
    interpreterFigures("bench.event@1 (20 fields)", event, eventRows(), options, report);
    constructionFigure(options, report);
    jsonBodyFigures(options, report);
  },
};
