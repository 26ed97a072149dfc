/**
 * What a path is stays what it was when writeTable replaces it (runtime/replace-file.ts): a
 * symbolic link stays a link and its target gets the new table; a file keeps its mode and owner;
 * a read-only file is refused; a name as long as the file system allows still works. And every
 * file-system failure is a FileAccessError naming the user's path, the operation and the system
 * code: disk full (on a real 64 KiB tmpfs), permission denied (as an unprivileged user), a folder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { bundleChild } from "../../helpers/bundled-child.js";
import { afterAll, describe, expect, test } from "vitest";
import { readTable, writeModelRow, writeTable } from "legolas-ts";
import { isTemporaryFileName, settleTemporary, temporaryPath } from "../../../runtime/temporary-files.js";
import { Issue94ChildV1, Issue94ChildV1SchemaVersion } from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-replace-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;
const rows = (a: number) => [{ a, b: 2 }];
const readRows = async (path: string) => (await readTable(path)).rows;
const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.includes("legolas-tmp"));

describe("a symbolic link", () => {
  test("stays a link; the file it points to gets the new table, replaced in its own folder", async () => {
    const targets = join(folder, "targets");
    mkdirSync(targets);
    const target = join(targets, "model.arrow");
    await writeTable(target, rows(1), Issue94ChildV1SchemaVersion);
    const link = join(folder, "latest.arrow");
    symlinkSync("targets/model.arrow", link);

    await writeTable(link, rows(2), Issue94ChildV1SchemaVersion);

    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe("targets/model.arrow");
    expect(await readRows(target)).toEqual([new Issue94ChildV1({ a: 2, b: 2 })]);
    expect(leftovers(folder)).toEqual([]);
    expect(leftovers(targets)).toEqual([]);
  });

  test("a dangling link (a chain of two) is followed: the file is created where it points", async () => {
    const link = join(folder, "first.arrow");
    symlinkSync("second.arrow", link);
    symlinkSync("created.arrow", join(folder, "second.arrow"));
    await writeTable(link, rows(3), Issue94ChildV1SchemaVersion);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(await readRows(join(folder, "created.arrow"))).toEqual([new Issue94ChildV1({ a: 3, b: 2 })]);
  });

  test("a failure in the folder a link leads to names that file: a link into a missing folder (ENOENT)", async () => {
    const link = join(folder, "into-nothing.arrow");
    symlinkSync("missing-folder/model.arrow", link);
    const error = await writeTable(link, rows(1), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", path: link, operation: "write", systemCode: "ENOENT" });
    expect((error as Error).message).toBe(
      `cannot write ${link} (ENOENT): its folder does not exist; create it first ` +
        `(${link} is a symbolic link: the file written is ${join(folder, "missing-folder", "model.arrow")}, in its own folder)`,
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test("a '..' after a linked folder goes up from where the link leads, as a read of the path does", async () => {
    // linked-shared/runs -> ../linked-store/runs; in it, latest.arrow -> ../model.arrow, which is linked-store/model.arrow
    const store = join(folder, "linked-store");
    mkdirSync(join(store, "runs"), { recursive: true });
    const shared = join(folder, "linked-shared");
    mkdirSync(shared);
    symlinkSync("../linked-store/runs", join(shared, "runs"));
    symlinkSync("../model.arrow", join(store, "runs", "latest.arrow"));
    const linked = join(shared, "runs", "latest.arrow");

    await writeTable(linked, rows(4), Issue94ChildV1SchemaVersion);
    // (not join, which would drop "runs/.." before the file system sees it)
    await writeTable(`${shared}/runs/../next.arrow`, rows(5), Issue94ChildV1SchemaVersion);

    expect(await readRows(linked)).toEqual([new Issue94ChildV1({ a: 4, b: 2 })]);
    expect(await readRows(join(store, "model.arrow"))).toEqual([new Issue94ChildV1({ a: 4, b: 2 })]);
    expect(await readRows(join(store, "next.arrow"))).toEqual([new Issue94ChildV1({ a: 5, b: 2 })]);
    expect(readdirSync(shared)).toEqual(["runs"]);
    expect([...leftovers(store), ...leftovers(join(store, "runs"))]).toEqual([]);
  });
});

describe("a replaced file keeps what it was", () => {
  test.each(["600", "640", "664", "755"])("its mode %s", async (octal) => {
    const mode = Number.parseInt(octal, 8);
    const path = join(folder, `mode-${octal}.arrow`);
    await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
    chmodSync(path, mode);
    await writeTable(path, rows(2), Issue94ChildV1SchemaVersion);
    expect(statSync(path).mode & 0o7777).toBe(mode);
  });

  test.runIf(isRoot)("its owner and group (as root)", async () => {
    const path = join(folder, "owned.arrow");
    await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
    chownSync(path, 1234, 5678);
    await writeTable(path, rows(2), Issue94ChildV1SchemaVersion);
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 5678 });
  });

  test("a read-only file (0444) is refused, unchanged, with a FileAccessError that says to chmod it", async () => {
    const path = join(folder, "frozen.arrow");
    await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const error = await writeTable(path, rows(2), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "FileAccessError",
      code: "file_access_failed",
      path,
      operation: "write",
      systemCode: "EACCES",
    });
    expect((error as Error).message).toBe(
      `cannot write ${path} (EACCES): the file is read-only (mode 444); make it writable first (chmod u+w) if it is to be replaced`,
    );
    expect(readFileSync(path)).toEqual(before);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(leftovers(folder)).toEqual([]);
  });

  test("hard links are split, as documented: the other name keeps the old table", async () => {
    const path = join(folder, "linked.arrow");
    const other = join(folder, "other-name.arrow");
    await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
    linkSync(path, other);
    await writeTable(path, rows(2), Issue94ChildV1SchemaVersion);
    expect(await readRows(path)).toEqual([new Issue94ChildV1({ a: 2, b: 2 })]);
    expect(await readRows(other)).toEqual([new Issue94ChildV1({ a: 1, b: 2 })]);
  });
});

test.each([246, 255])(
  "a file name of %i bytes (the longest the file system allows is 255) is written",
  async (length) => {
    const path = join(folder, `${"n".repeat(length - 6)}.arrow`);
    await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
    await writeTable(path, rows(2), Issue94ChildV1SchemaVersion);
    expect(await readRows(path)).toEqual([new Issue94ChildV1({ a: 2, b: 2 })]);
  },
);

// Linux's limit on a path's length (PATH_MAX, 4,096 bytes with the ending NUL).
test.runIf(process.platform === "linux")(
  "a short name in a folder near the limit on a path's length: the file would fit, and the error says the temporary one does not",
  async () => {
    let deep = folder;
    while (Buffer.byteLength(deep) < 4095 - 2 * 201) deep = join(deep, "d".repeat(200));
    deep = join(deep, "e".repeat(4095 - Buffer.byteLength(deep) - "/e/t.arrow".length));
    mkdirSync(deep, { recursive: true });
    const path = join(deep, "t.arrow");
    expect(Buffer.byteLength(path)).toBe(4094);
    writeFileSync(path, "the file itself fits");
    const error = await writeTable(path, rows(1), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", path, operation: "write", systemCode: "ENAMETOOLONG" });
    expect((error as Error).message).toMatch(
      /^cannot write .* \(ENAMETOOLONG\): its path fits, but the temporary file the write goes through first, beside it, makes a path of \d+ bytes \(this one is 4094\), past the system's limit on a path's length; write to a folder with a path at least \d+ bytes shorter$/,
    );
    expect(readFileSync(path, "utf8")).toBe("the file itself fits");
    expect(leftovers(deep)).toEqual([]);
  },
);

test("temporary names are short, fixed in length and recognisable", async () => {
  expect(isTemporaryFileName(".legolas-tmp-12345-0123abcd")).toBe(true);
  expect(isTemporaryFileName("table.arrow")).toBe(false);
});

test("the pattern docs/reliability.md and SECURITY.md give users (isTemporaryFileName is no public name) is the one the names follow", () => {
  const pages = ["../../../docs/reliability.md", "../../../SECURITY.md"].map((page) =>
    readFileSync(new URL(page, import.meta.url), "utf8").replace(/\s+/g, " "),
  );
  const named = pages.map((text) => /the glob `([^`]+)`, exactly (?:by )?`([^`]+)`/.exec(text));
  expect(named.map((found) => found?.slice(1))).toEqual([
    [".legolas-tmp-*", "^\\.legolas-tmp-\\d+-[0-9a-f]{8}$"],
    [".legolas-tmp-*", "^\\.legolas-tmp-\\d+-[0-9a-f]{8}$"],
  ]);
  const exactly = new RegExp(named[0]![2]!);
  const names = [basename(temporaryPath(folder)), basename(temporaryPath(folder))];
  for (const name of names) settleTemporary(join(folder, name));
  for (const name of [...names, ".legolas-tmp-1-0123abcd", ".legolas-tmp-1-0123abc", "table.arrow", ".legolas-tmp-x"]) {
    expect([name, exactly.test(name)]).toEqual([name, isTemporaryFileName(name)]);
  }
  expect(names.every((name) => name.startsWith(".legolas-tmp-") && exactly.test(name))).toBe(true);
});

describe("file-system failures are FileAccessErrors naming the user's path", () => {
  test("a folder where the file should be (EISDIR), found before anything is written", async () => {
    const path = join(folder, "a-folder.arrow");
    mkdirSync(path);
    const error = await writeTable(path, rows(1), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", path, operation: "write", systemCode: "EISDIR" });
    expect((error as Error).message).toBe(
      `cannot write ${path} (EISDIR): it is a folder, not a file; name a file inside it`,
    );
    expect(leftovers(folder)).toEqual([]);
  });

  test.each(["/", "/.", "/.."])(
    'a path ending in "%s" names a folder: refused, whatever is there, where a file named as the folder was written',
    async (ending) => {
      const table = join(folder, "out");
      await writeTable(table, rows(1), Issue94ChildV1SchemaVersion);
      const before = readFileSync(table);
      for (const path of [`${table}${ending}`, `${join(folder, "not-there")}${ending}`]) {
        const refused = {
          name: "FileAccessError",
          path,
          operation: "write",
          systemCode: null,
          message: `cannot write ${path}: it ends in "${ending}", so it names a folder, not a file: name a file inside it`,
        };
        await expect(writeTable(path, rows(2), Issue94ChildV1SchemaVersion)).rejects.toMatchObject(refused);
        await expect(writeModelRow(path, { weights: null, architecture_version: 1n })).rejects.toMatchObject(refused);
      }
      expect(readFileSync(table)).toEqual(before);
      expect(existsSync(join(folder, "not-there"))).toBe(false);
      expect(leftovers(folder)).toEqual([]);
    },
  );

  test("a missing folder (ENOENT)", async () => {
    const path = join(folder, "no-such-folder", "t.arrow");
    const error = await writeTable(path, rows(1), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", path, operation: "write", systemCode: "ENOENT" });
  });

  test("a FIFO is not replaced", async () => {
    const path = join(folder, "pipe.arrow");
    execFileSync("mkfifo", [path]);
    const error = await writeTable(path, rows(1), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", path, systemCode: null });
    expect(lstatSync(path).isFIFO()).toBe(true);
  });

  test.runIf(isRoot)(
    "disk full (ENOSPC) on a real 64 KiB tmpfs: the old file stays, no temporary file remains",
    async () => {
      const mountPoint = mkdtempSync(join(tmpdir(), "legolas-full-"));
      try {
        const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
        if (!mounted) return console.log("ENOSPC on tmpfs: skipped, this machine cannot mount one");
        const path = join(mountPoint, "full.arrow");
        await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
        const before = readFileSync(path);
        const many = Array.from({ length: 20_000 }, (_, i) => ({ a: i, b: i }));
        const error = await writeTable(path, many, Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "FileAccessError", path, operation: "write", systemCode: "ENOSPC" });
        expect((error as Error).message).toContain(`cannot write ${path} (ENOSPC): the file system is full`);
        expect(readFileSync(path)).toEqual(before);
        expect(leftovers(mountPoint)).toEqual([]);
      } finally {
        spawnSync("umount", [mountPoint]);
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
  );

  test.runIf(isRoot)(
    "a file mounted on its own (EBUSY, as docker -v file:/path mounts one): says so, the file and its folder unchanged",
    async () => {
      const mounts = join(folder, "bind-mount");
      mkdirSync(mounts);
      const path = join(mounts, "mounted.arrow");
      const source = join(folder, "bind-source.arrow");
      await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
      await writeTable(source, rows(2), Issue94ChildV1SchemaVersion);
      const mounted = spawnSync("mount", ["--bind", source, path]).status === 0;
      if (!mounted) return console.log("EBUSY on a bind mount: skipped, this machine cannot mount one");
      try {
        const error = await writeTable(path, rows(3), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "FileAccessError", path, operation: "replace", systemCode: "EBUSY" });
        expect((error as Error).message).toContain("a mount point");
        expect(await readRows(path)).toEqual([new Issue94ChildV1({ a: 2, b: 2 })]);
        expect(readdirSync(mounts)).toEqual(["mounted.arrow"]);
      } finally {
        spawnSync("umount", [path]);
      }
    },
  );

  test.runIf(isRoot)(
    "a read-only file system (EROFS), a file on it replaced or created: says read-only, not whom to ask",
    async () => {
      const mountPoint = mkdtempSync(join(tmpdir(), "legolas-read-only-"));
      try {
        const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
        if (!mounted) return console.log("EROFS on tmpfs: skipped, this machine cannot mount one");
        const path = join(mountPoint, "kept.arrow");
        await writeTable(path, rows(1), Issue94ChildV1SchemaVersion);
        const before = readFileSync(path);
        expect(spawnSync("mount", ["-o", "remount,ro", mountPoint]).status).toBe(0);
        for (const target of [path, join(mountPoint, "new.arrow")]) {
          const error = await writeTable(target, rows(2), Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
          expect(error).toMatchObject({
            name: "FileAccessError",
            path: target,
            operation: "write",
            systemCode: "EROFS",
          });
          expect((error as Error).message).toBe(
            `cannot write ${target} (EROFS): the file system is read-only; write to another location`,
          );
        }
        expect(readFileSync(path)).toEqual(before);
      } finally {
        spawnSync("umount", [mountPoint]);
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
  );

  test.runIf(isRoot)(
    "permission denied (EACCES), as an unprivileged user: names the user's path, never the temporary file",
    async () => {
      const child = join(folder, "write-as-child.mjs");
      await bundleChild("test/runtime/arrow/helpers/write-as-child.ts", child);
      const locked = join(folder, "locked");
      mkdirSync(locked, 0o755);
      chmodSync(folder, 0o755);
      chmodSync(child, 0o644);
      const writeAsNobody = (path: string) => {
        const run = spawnSync(process.execPath, [child, path], { uid: 65534, gid: 65534, encoding: "utf8" });
        return JSON.parse(run.stdout) as Record<string, string>;
      };
      const path = join(locked, "t.arrow");
      const outcome = writeAsNobody(path);
      expect(outcome).toMatchObject({ name: "FileAccessError", path, operation: "write", systemCode: "EACCES" });
      expect(outcome.message).toContain(`cannot write ${path} (EACCES): permission denied;`);
      expect(outcome.message).not.toContain("legolas-tmp");

      // A folder anyone may write lets anyone rename over root's 0644 file; the file's own mode says no.
      const shared = join(folder, "shared");
      mkdirSync(shared);
      chmodSync(shared, 0o777);
      const roots = join(shared, "roots.arrow");
      await writeTable(roots, rows(1), Issue94ChildV1SchemaVersion);
      chmodSync(roots, 0o644);
      const before = readFileSync(roots);
      expect(writeAsNobody(roots)).toMatchObject({
        name: "FileAccessError",
        path: roots,
        systemCode: "EACCES",
        message: `cannot write ${roots} (EACCES): this user may not write the file (mode 644, owner 0); ask its owner, or write elsewhere`,
      });
      expect(readFileSync(roots)).toEqual(before);

      // A sticky folder (1777, as /tmp) lets only a file's owner rename over it, whatever the file's mode:
      // said before a byte is written, not as a folder that must be writable (it is).
      const sticky = join(folder, "sticky");
      mkdirSync(sticky);
      chmodSync(sticky, 0o1777);
      const open = join(sticky, "open.arrow");
      await writeTable(open, rows(1), Issue94ChildV1SchemaVersion);
      chmodSync(open, 0o666);
      const kept = readFileSync(open);
      expect(writeAsNobody(open)).toMatchObject({
        name: "FileAccessError",
        path: open,
        operation: "write",
        systemCode: "EPERM",
        message: `cannot write ${open} (EPERM): its folder has the sticky bit (mode 1777, as /tmp has), where only the file's owner (uid 0) or the folder's may replace it, and this user is neither; ask the owner to remove it, or write elsewhere`,
      });
      expect(readFileSync(open)).toEqual(kept);
      expect(leftovers(sticky)).toEqual([]);
    },
  );
});
