/**
 * Output folders on a read-only file system: `legolas generate`, `docs` and `init` create their
 * folder when it is missing, and Node's recursive mkdir reports its failure there as ENOENT
 * ("its folder does not exist; create it first"). Each says the file system is read-only instead
 * (runtime/create-folder.ts), and so does `init` into a folder that is there. As root, on a tmpfs mounted read-only, as the ENOSPC test of
 * test/runtime/arrow/file-replacement.test.ts mounts a full one.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const isRoot = process.getuid?.() === 0;
const schemas = resolve(import.meta.dirname, "../../schemas");

test.runIf(isRoot)("a missing output folder on a read-only file system is EROFS, not a folder to create", async () => {
  const mountPoint = mkdtempSync(join(tmpdir(), "legolas-read-only-"));
  try {
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
    if (!mounted) return console.log("EROFS on tmpfs: skipped, this machine cannot mount one");
    mkdirSync(join(mountPoint, "existing", "schemas"), { recursive: true });
    expect(spawnSync("mount", ["-o", "remount,ro", mountPoint]).status).toBe(0);
    const runs = [
      ["generate", "--schemas", schemas, "--out", join(mountPoint, "generated")],
      ["docs", "--schemas", schemas, "--out", join(mountPoint, "docs")],
      ["init", join(mountPoint, "project")],
      // Its schemas folder there already: the starter schema's own write is refused.
      ["init", join(mountPoint, "existing")],
    ];
    for (const argv of runs) {
      const { code, err } = await runCli(...argv);
      expect(code).toBe(2);
      expect(err).toMatch(/ \(EROFS\): the file system is read-only; write to another location$/);
    }
  } finally {
    spawnSync("umount", [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
