/**
 * A test's page, built as a web app builds one: its index.html and main.js, bundled by Vite from
 * the repository's browser entries (tools/source-entries.mjs), in a folder of its own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { sourceAliases } from "../../tools/source-entries.mjs";

/** The built page in `outDir`, inside `work` (a new folder named from `prefix`), which the test removes. */
export async function buildTestPage(
  prefix: string,
  page: { readonly html: string; readonly main: string },
): Promise<{ work: string; outDir: string }> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(work, "index.html"), page.html);
  writeFileSync(join(work, "main.js"), page.main);
  const outDir = join(work, "dist");
  await build({
    configFile: false,
    root: work,
    base: "./",
    logLevel: "warn",
    resolve: { alias: sourceAliases({ browser: true }) },
    build: { outDir, target: "es2022", sourcemap: false },
  });
  return { work, outDir };
}
