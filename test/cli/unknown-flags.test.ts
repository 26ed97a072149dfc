/**
 * An unknown flag that is the name of a file or folder here (`validate -x.arrow`): besides
 * Commander's refusal, a command that takes files or folders says how to pass the file, as
 * `./-x.arrow` or after `--`; one whose arguments are no files (compat's schema versions) does not.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { runCli } from "./helpers.js";

const ADVICE = `"-x.arrow" is the name of a file or folder here too: to pass it, write ./-x.arrow, or put it after --`;

test("validate, inspect and init given a file whose name begins with a dash say how to pass it; a flag that names nothing here, or a command that takes no file, do not", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-unknown-flags-"));
  writeFileSync(join(root, "-x.arrow"), "");
  const home = process.cwd();
  process.chdir(root);
  // Commander prints its own refusal on stderr; the advice comes after it.
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(await runCli("validate", "-x.arrow")).toEqual({ code: 2, out: "", err: `legolas validate: ${ADVICE}` });
    const inspected = await runCli("inspect", "--json", "-x.arrow");
    expect({ code: inspected.code, out: JSON.parse(inspected.out) }).toEqual({
      code: 2,
      out: { ok: false, error: { code: "usage", message: `unknown option '-x.arrow'\n${ADVICE}` } },
    });
    expect(await runCli("validate", "-y.arrow")).toEqual({ code: 2, out: "", err: "" });
    expect(await runCli("init", "-x.arrow")).toEqual({ code: 2, out: "", err: `legolas init: ${ADVICE}` });
    expect(await runCli("generate", "-x.arrow")).toEqual({ code: 2, out: "", err: "" });
    // compat's arguments are schema names and versions: ./-x.arrow would be no schema either.
    expect(await runCli("compat", "-x.arrow")).toEqual({ code: 2, out: "", err: "" });
  } finally {
    stderr.mockRestore();
    process.chdir(home);
  }
});
