/**
 * The package as a user gets it: `npm pack`, installed into a new app with its own schema folder,
 * `npx legolas generate`, compiled under @tsconfig/strictest with isolatedDeclarations, and run.
 * One test, because it is slow (an install and two compiler runs). The tarball is packed with
 * `--ignore-scripts`: `npm test` has just built dist/, and the `prepack` build would rewrite it
 * under the other test files that are running at the same time. Installs prefer npm's cache;
 * what it lacks (on a new machine) comes from the registry.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import packageJson from "../../package.json" with { type: "json" };

const root = mkdtempSync(join(tmpdir(), "legolas-pack-"));
// The app holds some 350 MB of node_modules.
afterAll(() => rmSync(root, { recursive: true, force: true }), 120_000);

const run = (command: string, args: readonly string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

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

const MAIN = `import { readTable, writeTable } from "legolas-ts/runtime";
import { RunV1, RunV1SchemaVersion } from "./generated/index.js";

await writeTable("runs.arrow", [new RunV1({ epoch: 3, stage: "train", losses: [0.5, 0.25] })], RunV1SchemaVersion);
const { rows } = await readTable<RunV1>("runs.arrow");
const rejected = RunV1["~standard"].validate({ epoch: -1, stage: "train", losses: [] });
console.log(JSON.stringify({ rows: rows.map((row) => row.toJSON()), rejected }));
`;

test("a packed tarball installs into a new app, generates, compiles under strictest settings and runs", () => {
  run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", root], process.cwd());
  const [tarball] = readdirSync(root).filter((name) => name.endsWith(".tgz"));
  const app = join(root, "app");
  mkdirSync(join(app, "schemas"), { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  writeFileSync(join(app, "schemas", "app.run.yaml"), SCHEMA);
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG));
  writeFileSync(join(app, "main.ts"), MAIN);
  const { devDependencies: versions } = packageJson;
  run("npm", [
    "install", "--prefer-offline", "--no-audit", "--no-fund", join(root, tarball!),
    `@tensorflow/tfjs@${versions["@tensorflow/tfjs"]}`, `typescript@${versions.typescript}`, `@tsconfig/strictest@${versions["@tsconfig/strictest"]}`,
  ], app);

  expect(run("npx", ["--no-install", "legolas", "generate"], app)).toContain("wrote app.run.ts");
  run("npx", ["--no-install", "tsc", "-p", "."], app);
  expect(JSON.parse(run("node", ["dist/main.js"], app))).toEqual({
    rows: [{ weights: null, architecture_version: null, epoch: "3", stage: "train", losses: [0.5, 0.25] }],
    rejected: { issues: [{ message: "check failed: epoch must not be negative" }] },
  });
  // One copy of tfjs: the app's, which legolas-ts (a peer) shares.
  const tfjs = run("npm", ["ls", "@tensorflow/tfjs", "--all", "--parseable"], app).trim().split("\n");
  expect(tfjs).toEqual([join(app, "node_modules", "@tensorflow", "tfjs")]);
}, 600_000);
