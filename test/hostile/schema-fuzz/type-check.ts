/**
 * The generated code of many fuzzed schema sets, type-checked in one compiler run as a user's
 * project compiles it: each set in its own folder, under @tsconfig/strictest with
 * isolatedDeclarations (test/golden/tsconfig.strictest.json's settings), `legolas-ts/codegen`
 * resolved through node_modules to the built runtime.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import type { OutputFile } from "../../../generator/generate.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** The compiler's diagnostics for the sets' files, empty when they all type-check. */
export async function typeCheckSets(sets: readonly (readonly OutputFile[])[]): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), "legolas-schema-fuzz-"));
  try {
    mkdirSync(join(folder, "node_modules"));
    symlinkSync(join(ROOT, "runtime"), join(folder, "node_modules", "legolas-ts"));
    sets.forEach((outputs, k) => {
      for (const output of outputs) {
        const path = join(folder, `set-${k}`, output.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, output.content);
      }
    });
    const config = {
      extends: join(ROOT, "node_modules/@tsconfig/strictest/tsconfig.json"),
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023"],
        types: [],
        noEmit: true,
        isolatedDeclarations: true,
        declaration: true,
        skipLibCheck: true,
      },
      include: ["set-*/**/*.ts"],
    };
    writeFileSync(join(folder, "tsconfig.json"), JSON.stringify(config));
    writeFileSync(join(folder, "package.json"), JSON.stringify({ type: "module" }));
    try {
      await promisify(execFile)(join(ROOT, "node_modules/.bin/tsc"), ["-p", folder], { maxBuffer: 64 * 2 ** 20 });
      return "";
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      return withSources(`${stdout ?? ""}${stderr ?? ""}` || String(error), folder);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The diagnostics, each followed by the code it points at (the folder is gone once the test reports). */
function withSources(diagnostics: string, folder: string): string {
  return diagnostics.replace(
    /^(\S*?(set-\d+\/[^(]+)\((\d+),(\d+)\): .*)$/gm,
    (line, _all, path: string, row: string, col: string) => {
      const source = readFileSync(join(folder, path), "utf8").split("\n")[Number(row) - 1] ?? "";
      const at = Number(col) - 1;
      return `${line}\n    ${source.slice(Math.max(0, at - 200), at + 200)}`;
    },
  );
}
