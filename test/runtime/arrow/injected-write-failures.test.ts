/**
 * File-system failures injected into the writes of runtime/replace-file.ts, for machines where
 * file-replacement.test.ts cannot mount a full disk: a disk that fills up mid-write and a rename
 * that fails are FileAccessErrors naming the user's path; the old file stays and no temporary
 * file remains. And a signal aborted while the new file is flushed, after its last byte: the
 * write is not put in place. And createFile without hard links, racing another process for the name:
 * it removes only a file it created; and its probe for hard links, run once per device. Each test
 * imports createFile afresh, so that no answer of an earlier test's probe is kept.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, expect, test, vi } from "vitest";
import { writeTable } from "legolas-ts";
import type { createFile as CreateFile } from "../../../runtime/replace-file.js";
import { Issue94ChildV1SchemaVersion } from "../../generated/index.js";

const inject = vi.hoisted(() => ({
  failure: null as null | "write" | "rename" | "link",
  /** Runs as a temporary file's flush begins. */
  duringSync: null as null | (() => void),
  /**
   * Another process at `path` (a user's file, no temporary one): as a call creates the file
   * ("create": `open` or `copyFile` to it), or as a handle opened on it writes ("write"), `run`
   * runs and then the call fails with `code`.
   */
  race: null as null | { path: string; at: "create" | "write"; code: string; run: () => void },
  /** The bytes written through every handle opened since it was last set to 0. */
  written: 0,
  /** The links from a temporary name to another (createFile's probe for hard links) since it was last set to 0. */
  probes: 0,
}));

function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${code}: injected, ${syscall}`), { code, syscall });
}

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const race = inject.race?.path === String(args[0]) ? inject.race : null;
      if (race?.at === "create") {
        race.run();
        throw systemError(race.code, "open");
      }
      const handle = await actual.open(...args);
      const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<{ bytesWritten: number }>;
      handle.write = (async (...a: unknown[]) => {
        const result = await write(...a);
        inject.written += result.bytesWritten;
        return result;
      }) as typeof handle.write;
      if (race?.at === "write") {
        handle.write = (async () => {
          race.run();
          throw systemError(race.code, "write");
        }) as typeof handle.write;
      }
      if (inject.failure === "write" && String(args[0]).includes(".legolas-tmp-")) {
        handle.write = (async () => {
          throw systemError("ENOSPC", "write");
        }) as typeof handle.write;
      }
      if (String(args[0]).includes(".legolas-tmp-")) {
        const sync = handle.sync.bind(handle);
        handle.sync = async () => {
          inject.duringSync?.();
          return sync();
        };
      }
      return handle;
    },
    copyFile: async (...args: Parameters<typeof actual.copyFile>) => {
      const race = inject.race?.path === String(args[1]) ? inject.race : null;
      if (race?.at === "create") {
        race.run();
        throw systemError(race.code, "copyfile");
      }
      return actual.copyFile(...args);
    },
    link: async (...args: Parameters<typeof actual.link>) => {
      if (args.every((path) => String(path).includes(".legolas-tmp-"))) inject.probes++;
      if (inject.failure === "link") throw systemError("EPERM", "link");
      return actual.link(...args);
    },
    rename: async (...args: Parameters<typeof actual.rename>) => {
      if (inject.failure === "rename") throw systemError("EXDEV", "rename");
      return actual.rename(...args);
    },
  };
});

// Its real path: createFile names the file by its folder's (tmpdir may be a link).
const folder = realpathSync(mkdtempSync(join(tmpdir(), "legolas-injected-")));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let createFile: typeof CreateFile;
beforeEach(async () => {
  vi.resetModules();
  ({ createFile } = await import("../../../runtime/replace-file.js"));
});
afterEach(() => {
  inject.failure = null;
  inject.duringSync = null;
  inject.race = null;
});

test.each([
  ["write", "ENOSPC", "write"],
  ["rename", "EXDEV", "replace"],
] as const)(
  "a failing %s (%s) is a FileAccessError about the user's path; the old file stays",
  async (failure, systemCode, operation) => {
    const path = join(folder, `${failure}.arrow`);
    await writeTable(path, [{ a: 1, b: 1 }], Issue94ChildV1SchemaVersion);
    const before = readFileSync(path);
    inject.failure = failure;
    const error = await writeTable(path, [{ a: 2, b: 2 }], Issue94ChildV1SchemaVersion).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "FileAccessError", code: "file_access_failed", path, operation, systemCode });
    expect((error as Error).message).toMatch(new RegExp(`^cannot ${operation} ${path} \\(${systemCode}\\): `));
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
  },
);

test("a signal aborted while the new file is flushed, its rows all written: rejects with the reason, the old file stays", async () => {
  const path = join(folder, "aborted-flush.arrow");
  await writeTable(path, [{ a: 1, b: 1 }], Issue94ChildV1SchemaVersion);
  const before = readFileSync(path);
  const controller = new AbortController();
  const reason = new Error("the deadline passed");
  inject.duringSync = () => controller.abort(reason);
  await expect(
    writeTable(path, [{ a: 2, b: 2 }], Issue94ChildV1SchemaVersion, { signal: controller.signal }),
  ).rejects.toBe(reason);
  expect(readFileSync(path)).toEqual(before);
  expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
  // A later write goes through.
  inject.duringSync = null;
  await writeTable(path, [{ a: 3, b: 3 }], Issue94ChildV1SchemaVersion, { signal: new AbortController().signal });
  expect(readFileSync(path)).not.toEqual(before);
});

test("createFile on a file system without hard links (link: EPERM) creates the flushed file in place, writing it once, never over one", async () => {
  inject.failure = "link";
  const path = join(folder, "created.yaml");
  inject.written = 0;
  await createFile(path, "schema: a\n");
  expect(readFileSync(path, "utf8")).toBe("schema: a\n");
  // Once: no staged copy that no link could put in place.
  expect(inject.written).toBe("schema: a\n".length);
  await expect(createFile(path, "schema: b\n")).rejects.toMatchObject({
    name: "FileAccessError",
    systemCode: "EEXIST",
  });
  expect(readFileSync(path, "utf8")).toBe("schema: a\n");
  expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
});

test("createFile with hard links writes the content once, into the staged file linked into place", async () => {
  const path = join(folder, "linked.yaml");
  inject.written = 0;
  await createFile(path, "schema: a\n");
  expect(readFileSync(path, "utf8")).toBe("schema: a\n");
  expect(inject.written).toBe("schema: a\n".length);
  expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
});

test("createFile without hard links, its create failing before the file exists while another process creates it: that file stays", async () => {
  inject.failure = "link";
  const path = join(folder, ".legolas-generate.lock");
  const other = '{"pid":1,"host":"another run"}';
  inject.race = { path, at: "create", code: "EACCES", run: () => writeFileSync(path, other, { flag: "wx" }) };
  await expect(createFile(path, '{"pid":2}')).rejects.toMatchObject({
    name: "FileAccessError",
    path,
    systemCode: "EACCES",
  });
  expect(readFileSync(path, "utf8")).toBe(other);
  expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
  unlinkSync(path);
});

test("createFile without hard links, its write failing (ENOSPC): its own partial file is removed, another process's put there since is not", async () => {
  inject.failure = "link";
  const path = join(folder, "partial.yaml");
  inject.race = { path, at: "write", code: "ENOSPC", run: () => undefined };
  await expect(createFile(path, "schema: a\n")).rejects.toMatchObject({
    name: "FileAccessError",
    systemCode: "ENOSPC",
  });
  expect(readdirSync(folder).filter((name) => name === "partial.yaml" || name.includes("legolas-tmp"))).toEqual([]);

  const other = "the other process's\n";
  inject.race = {
    path,
    at: "write",
    code: "ENOSPC",
    // Ours removed (a run taking over a dead lock) and the name created again.
    run: () => {
      unlinkSync(path);
      writeFileSync(path, other, { flag: "wx" });
    },
  };
  await expect(createFile(path, "schema: a\n")).rejects.toMatchObject({
    name: "FileAccessError",
    systemCode: "ENOSPC",
  });
  expect(readFileSync(path, "utf8")).toBe(other);
  unlinkSync(path);
});

test("createFile probes for hard links once per device: later files in any folder of it are linked into place without a probe", async () => {
  const sub = join(folder, "probed");
  mkdirSync(sub);
  inject.probes = 0;
  for (const [k, where] of [folder, sub, folder].entries()) await createFile(join(where, `probed-${k}.yaml`), "a\n");
  expect(inject.probes).toBe(1);
  // Each file still staged and linked: nothing left beside them, each whole.
  expect(readFileSync(join(folder, "probed-2.yaml"), "utf8")).toBe("a\n");
  expect(readdirSync(sub).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
  // Another device (a tmpfs, where there is one) is probed for itself.
  const shm = "/dev/shm";
  if (existsSync(shm) && statSync(shm).dev !== statSync(folder).dev) {
    const other = mkdtempSync(join(shm, "legolas-probe-"));
    try {
      await createFile(join(other, "a.yaml"), "a\n");
      await createFile(join(other, "b.yaml"), "b\n");
      expect(inject.probes).toBe(2);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }
});

test("createFile on a file system without hard links probes once, then creates each file in place", async () => {
  inject.failure = "link";
  const sub = join(folder, "unlinked");
  mkdirSync(sub);
  inject.probes = 0;
  inject.written = 0;
  await createFile(join(sub, "a.yaml"), "a\n");
  await createFile(join(sub, "b.yaml"), "b\n");
  expect(inject.probes).toBe(1);
  expect(inject.written).toBe(4);
  expect(readdirSync(sub).sort()).toEqual(["a.yaml", "b.yaml"]);
});
