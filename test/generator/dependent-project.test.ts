/**
 * A project that depends on legolas-ts keeps its YAML in its own folder, extends the shipped
 * `legolas-flux.model@1`, compiles the generated code with its own tsc and runs it with node.
 * Uses the built runtime package (runtime/dist, which `npm test` builds first).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { main } from "../../generator/cli/main.js";

const repository = resolve(".");
const runtimePackage = join(repository, "runtime");

test("generated code works inside a dependent project", async () => {
  expect(existsSync(join(runtimePackage, "dist/index.js")), "the package is not built: run `npm run build`").toBe(true);
  const project = mkdtempSync(join(tmpdir(), "legolas-user-"));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(runtimePackage, join(project, "node_modules", "legolas-ts"), "dir");
  mkdirSync(join(project, "schemas"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", type: "module" }));
  writeFileSync(
    join(project, "schemas", "my-model.yaml"),
    "schema: my-model\nprefix: MyModel\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      learning_rate: float64\n",
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, skipLibCheck: true, outDir: "out" },
      include: ["generated", "main.ts"],
    }),
  );
  writeFileSync(
    join(project, "main.ts"),
    [
      'import { findSchemaVersion } from "legolas-ts";',
      'import { MyModelV1 } from "./generated/index.js";',
      "const row = new MyModelV1({ learning_rate: 0.01, architecture_version: 2 });",
      'console.log(JSON.stringify({ identifier: findSchemaVersion("my-model@1")?.identifier, version: String(row.architecture_version) }));',
    ].join("\n"),
  );
  process.exitCode = 0;
  await main(["generate", "--schemas", join(project, "schemas"), "--out", join(project, "generated")]);
  expect(process.exitCode).toBe(0);
  execFileSync(join(repository, "node_modules/.bin/tsc"), ["-p", project], { stdio: "pipe" });
  const output = execFileSync("node", [join(project, "out/main.js")], { cwd: project, encoding: "utf8" });
  expect(JSON.parse(output.trim().split("\n").at(-1)!)).toEqual({
    identifier: "my-model@1>legolas-flux.model@1",
    version: "2",
  });
});
