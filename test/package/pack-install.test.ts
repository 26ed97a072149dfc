/**
 * The packages as users get them. Both workspaces are packed (`npm pack -w`) and installed:
 *
 * - into a new app with its own schema folder: `npx legolas generate` (the CLI package's bin),
 *   compiled under @tsconfig/strictest with isolatedDeclarations, and run; `npm ls` shows no
 *   compiler (ts-morph, TypeScript, yaml, commander, diff) under `legolas-ts`, and one copy each
 *   of @tensorflow/tfjs (a peer) and apache-arrow;
 * - the runtime alone into a second app that writes and reads a table and a model row and loads
 *   the weights into a tfjs model: the runtime works without the generator/CLI package, and
 *   nothing compiler-sized is installed at all;
 * - the runtime alone, without tfjs, into a third app whose schema extends
 *   `legolas-flux.model@1`: it writes and reads model rows' fields and Weights (`legolas-ts` and
 *   the generated code never load tfjs), and serves the Hono route of docs/schemas.md, whose body is
 *   `JSON.stringify(row)` with an int64 above 2^53 and Weights.
 *
 * One test each, because they are slow (installs and compiler runs). The tarballs are packed with
 * `--ignore-scripts`: `npm test` has just built both packages' dist/, and the `prepack` builds
 * would rewrite them under the other test files that are running at the same time. Installs
 * prefer npm's cache; what it lacks (on a new machine) comes from the registry.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ts } from "ts-morph";
import { afterAll, beforeAll, expect, test } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { generate } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";

const root = mkdtempSync(join(tmpdir(), "legolas-pack-"));
// The apps hold some 350 MB of node_modules each.
afterAll(() => rmSync(root, { recursive: true, force: true }), 120_000);

const run = (command: string, args: readonly string[], cwd: string): string =>
  execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });

const SCHEMA = `schema: app.run
prefix: Run
versions:
  1:
    extends: legolas-flux.model@1
    fields:
      epoch: int64
      stage:
        type: string
        values: [train, test]
      losses: list<float32>
    checks:
      - check: row.epoch >= 0n
        message: epoch must not be negative
`;

const TSCONFIG = {
  extends: "@tsconfig/strictest/tsconfig.json",
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    isolatedDeclarations: true,
    declaration: true,
    // tfjs's own declaration files do not type-check under TypeScript 7.
    skipLibCheck: true,
    types: [],
    outDir: "dist",
  },
  include: ["main.ts", "generated"],
};

const MAIN = `import { readTable, writeTable } from "legolas-ts";
import { RunV1, RunV1SchemaVersion } from "./generated/index.js";

await writeTable("runs.arrow", [new RunV1({ epoch: 3, stage: "train", losses: [0.5, 0.25], architecture_version: undefined })], RunV1SchemaVersion);
const { rows } = await readTable("runs.arrow", { schemaVersion: RunV1SchemaVersion });
const rejected = RunV1["~standard"].validate({ epoch: -1, stage: "train", losses: [] });
console.log(JSON.stringify({ rows: rows.map((row) => row.toJSON()), rejected }));
`;

const { devDependencies: versions } = packageJson;
const COMPILER_SIDE = ["ts-morph", "typescript", "yaml", "commander", "diff"];
let tarballs: { runtime: string; cli: string };

beforeAll(() => {
  run(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "-w", "legolas-ts", "-w", "legolas-ts-cli", "--pack-destination", root],
    process.cwd(),
  );
  const packed = readdirSync(root).filter((name) => name.endsWith(".tgz"));
  const tarball = (prefix: string) => join(root, packed.find((name) => new RegExp(`^${prefix}-\\d`).test(name))!);
  tarballs = { runtime: tarball("legolas-ts"), cli: tarball("legolas-ts-cli") };
}, 300_000);

/** A new ESM app in `root/name` with `files`, and `packages` installed. */
function newApp(name: string, files: Record<string, string>, packages: readonly string[]): string {
  const app = join(root, name);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(app, path, ".."), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...packages], app);
  return app;
}

/** Every package installed at or under `node`, by name, from `npm ls --all --json`. */
interface LsNode {
  dependencies?: Record<string, LsNode>;
}
function namesUnder(node: LsNode): string[] {
  return Object.entries(node.dependencies ?? {}).flatMap(([name, child]) => [name, ...namesUnder(child)]);
}

/** The paths of every installed copy of `name`. */
const copies = (app: string, name: string): string[] =>
  run("npm", ["ls", name, "--all", "--parseable"], app).trim().split("\n").filter(Boolean);

test("both packed tarballs install into a new app; the CLI package's bin generates; the app compiles under strictest settings and runs", () => {
  const app = newApp(
    "app",
    { "schemas/app.run.yaml": SCHEMA, "tsconfig.json": JSON.stringify(TSCONFIG), "main.ts": MAIN },
    [
      tarballs.runtime,
      tarballs.cli,
      `@tensorflow/tfjs@${versions["@tensorflow/tfjs"]}`,
      `apache-arrow@${versions["apache-arrow"]}`,
      `typescript@${versions.typescript}`,
      `@tsconfig/strictest@${versions["@tsconfig/strictest"]}`,
    ],
  );

  expect(run("npx", ["--no-install", "legolas", "generate"], app)).toContain("wrote app.run.ts");
  run("npx", ["--no-install", "tsc", "-p", "."], app);
  expect(JSON.parse(run("node", ["dist/main.js"], app))).toEqual({
    rows: [{ weights: null, architecture_version: null, epoch: "3", stage: "train", losses: [0.5, 0.25] }],
    rejected: { issues: [{ message: "check failed: epoch must not be negative" }] },
  });

  // The runtime brings no compiler; the CLI package does (so the check below can fail).
  const tree = JSON.parse(run("npm", ["ls", "--all", "--json"], app)) as LsNode;
  const underRuntime = namesUnder(tree.dependencies!["legolas-ts"]!);
  expect(underRuntime.filter((name) => COMPILER_SIDE.includes(name))).toEqual([]);
  expect(namesUnder(tree.dependencies!["legolas-ts-cli"]!)).toEqual(
    expect.arrayContaining(["legolas-ts", "ts-morph", "yaml", "commander"]),
  );
  // One copy of tfjs (the app's, which legolas-ts shares as a peer) and one of apache-arrow
  // (legolas-ts's range takes the app's), so that the kernel registry and `instanceof` hold.
  expect(copies(app, "@tensorflow/tfjs")).toEqual([join(app, "node_modules", "@tensorflow", "tfjs")]);
  expect(copies(app, "apache-arrow")).toEqual([join(app, "node_modules", "apache-arrow")]);
  // Both packages say MIT; the license's text, which MIT asks to go with every copy, goes with them.
  for (const name of ["legolas-ts", "legolas-ts-cli"]) {
    expect(readFileSync(join(app, "node_modules", name, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  }
}, 600_000);

const RUNTIME_ONLY_MAIN = `import * as tf from "@tensorflow/tfjs";
import { fetchWeights, loadModelRow } from "legolas-ts/tfjs";
import { ModelV1SchemaVersion, readTable, writeModelRow } from "legolas-ts";

const build = () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
const trained = build();
await writeModelRow("model.arrow", { weights: fetchWeights(trained), architecture_version: 1n }, ModelV1SchemaVersion);
const { rows } = await readTable("model.arrow");
const fresh = build();
await loadModelRow(fresh, "model.arrow", { expectedArchitectureVersion: 1n });
const same = (a, b) => tf.util.arraysEqual(a.getWeights()[0].dataSync(), b.getWeights()[0].dataSync());
console.log(JSON.stringify({ rows: rows.length, architecture_version: String(rows[0].architecture_version), loaded: same(fresh, trained) }));
`;

test("the runtime tarball alone installs into an app that reads a table and loads weights, with no compiler installed", () => {
  const app = newApp("runtime-only", { "main.mjs": RUNTIME_ONLY_MAIN }, [
    tarballs.runtime,
    `@tensorflow/tfjs@${versions["@tensorflow/tfjs"]}`,
  ]);
  const output = run("node", ["main.mjs"], app).trim().split("\n").at(-1)!;
  expect(JSON.parse(output)).toEqual({ rows: 1, architecture_version: "1", loaded: true });
  const installed = namesUnder(JSON.parse(run("npm", ["ls", "--all", "--json"], app)) as LsNode);
  expect(installed).toContain("apache-arrow");
  expect(installed.filter((name) => COMPILER_SIDE.includes(name) || name === "legolas-ts-cli")).toEqual([]);
}, 600_000);

const JS_SCHEMA = `schema: app.point
prefix: Point
versions:
  1:
    fields:
      id: int64
      label: string?
    checks:
      - check: row.id >= 0n
        message: id must not be negative
`;

const JS_MAIN = `import { readTable, writeTable } from "legolas-ts";
import { PointV1, PointV1SchemaVersion } from "./generated/index.js";

await writeTable("points.arrow", [new PointV1({ id: 7n, label: "a" })], PointV1SchemaVersion);
const { rows } = await readTable("points.arrow");
console.log(JSON.stringify({ rows: rows.map((row) => row.toJSON()), valid: PointV1.is({ id: -1n, label: null }) }));
`;

test("generate --target js in an app without TypeScript: the CLI runs as `npx legolas-ts-cli`, and plain node runs the generated JavaScript", () => {
  const app = newApp("js-app", { "schemas/app.point.yaml": JS_SCHEMA, "main.mjs": JS_MAIN }, [
    tarballs.runtime,
    tarballs.cli,
  ]);
  // The package name, not the bin: without legolas-ts-cli installed `npx legolas` would fetch an unrelated package.
  expect(run("npx", ["legolas-ts-cli", "generate", "--target", "js"], app)).toBe(
    "generated: wrote app.point.d.ts, app.point.js, index.d.ts, index.js (1 schema file)\n",
  );
  expect(JSON.parse(run("node", ["main.mjs"], app))).toEqual({
    rows: [{ id: "7", label: "a" }],
    valid: false,
  });
  // No TypeScript compiler of the app's own ran: there is none to run.
  expect(existsSync(join(app, "node_modules", ".bin", "tsc"))).toBe(false);
});

const TABLES_ONLY_MAIN = `import { sValidator } from "@hono/standard-validator";
import { Hono } from "hono";
import { FlatArray, readModelRow, readTable, Weights, writeModelRow, writeTable } from "legolas-ts";
import { RunV1, RunV1SchemaVersion } from "./generated/index.js";

const row = new RunV1({
  epoch: 2n ** 60n + 1n,
  stage: "train",
  losses: [0.5, 0.25],
  architecture_version: 3,
  weights: new Weights([new FlatArray(Float32Array.of(1, 2, 3), [3, 1])]),
});
await writeModelRow("model.arrow", row, RunV1SchemaVersion);
const stored = await readModelRow("model.arrow", { schemaVersion: RunV1SchemaVersion });
await writeTable("runs.arrow", [row, { epoch: 4, stage: "test", losses: [] }], RunV1SchemaVersion);
const { rows } = await readTable("runs.arrow", { schemaVersion: RunV1SchemaVersion });

const app = new Hono().post("/runs", sValidator("json", RunV1), (c) => c.json(c.req.valid("json")));
const post = (body) => app.request("/runs", { method: "POST", body, headers: { "content-type": "application/json" } });
const accepted = await post(JSON.stringify(row));
const rejected = await post(JSON.stringify({ ...row.toJSON(), epoch: "-1" }));

let bridge = "loaded";
await import("legolas-ts/tfjs").catch((error) => (bridge = error.code));
console.log(JSON.stringify({
  sent: row.toJSON(),
  stored: stored.toJSON(),
  epochs: rows.map((r) => String(r.epoch)),
  accepted: { status: accepted.status, body: await accepted.json() },
  rejected: { status: rejected.status, body: await rejected.json() },
  bridge,
}));
`;

/** The app's schema generated here and compiled to JavaScript, as an app without a TypeScript build ships it. */
async function generatedJavaScript(): Promise<Record<string, string>> {
  const files = generate([{ path: "schemas/app.run.yaml", text: SCHEMA }], {
    outDir: "generated",
    shipped: await readSchemaFolder(shippedSchemaFolder()),
  });
  const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
  return Object.fromEntries(
    files.map((file) => [
      `generated/${file.path.replace(/\.ts$/, ".js")}`,
      ts.transpileModule(file.content, { compilerOptions: options }).outputText,
    ]),
  );
}

test("the runtime tarball alone, without tfjs, reads and writes model rows' fields and serves a JSON-body Hono route", async () => {
  const app = newApp("tables-only", { "main.mjs": TABLES_ONLY_MAIN, ...(await generatedJavaScript()) }, [
    tarballs.runtime,
    `hono@${versions.hono}`,
    `@hono/standard-validator@${versions["@hono/standard-validator"]}`,
  ]);
  const output = JSON.parse(run("node", ["main.mjs"], app)) as Record<string, unknown>;
  const sent = {
    weights: [{ vec: [1, 2, 3], size: [3, 1] }],
    architecture_version: "3",
    epoch: "1152921504606846977",
    stage: "train",
    losses: [0.5, 0.25],
  };
  expect(output).toEqual({
    sent,
    // Read back, the weights say their table's layout: Flux's, as the row's said none.
    stored: { ...sent, weights: [{ ...sent.weights[0], layout: "flux" }] },
    epochs: ["1152921504606846977", "4"],
    accepted: { status: 200, body: sent },
    rejected: {
      status: 400,
      body: expect.objectContaining({
        success: false,
        error: [{ message: "check failed: epoch must not be negative" }],
      }),
    },
    // The bridge needs the peer dependency; nothing else does.
    bridge: "ERR_MODULE_NOT_FOUND",
  });
  // (npm ls lists the optional peer as missing, so look at the folder itself.)
  expect(existsSync(join(app, "node_modules", "@tensorflow"))).toBe(false);
  expect(existsSync(join(app, "node_modules", "apache-arrow"))).toBe(true);
}, 600_000);
