/** `legolas init`: a starter schemas/ folder that generates, carries the editor hint, and never overwrites. */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const root = () => mkdtempSync(join(tmpdir(), "legolas-init-"));

test("init writes one starter schema extending legolas-flux.model@1, which generates", async () => {
  const dir = root();
  const result = await runCli("init", dir);
  expect(result.code).toBe(0);
  expect(readdirSync(join(dir, "schemas"))).toEqual(["my-model.yaml"]);
  const text = readFileSync(join(dir, "schemas", "my-model.yaml"), "utf8");
  expect(text.split("\n")[0]).toBe(
    "# yaml-language-server: $schema=../node_modules/legolas-ts-cli/legolas-schema.json",
  );
  expect(text).toContain("extends: legolas-flux.model@1");
  expect(result.out).toContain(
    `next: cd ${dir}, then npx --no-install legolas generate   (writes generated/my-model.ts)`,
  );

  const generated = await runCli("generate", "--schemas", join(dir, "schemas"), "--out", join(dir, "generated"));
  expect(generated).toMatchObject({ code: 0, err: "" });
  expect(readFileSync(join(dir, "generated", "my-model.ts"), "utf8")).toContain("export class MyModelV1 ");
});

test("init writes into the folders of the project's package.json, where the next generate reads", async () => {
  const dir = root();
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ legolas: { schemas: "models/schemas", out: "models/generated" } }),
  );
  const result = await runCli("init", dir);
  expect(result.code).toBe(0);
  expect(result.out).toContain(
    `next: cd ${dir}, then npx --no-install legolas generate   (writes models/generated/my-model.ts)`,
  );
  const text = readFileSync(join(dir, "models", "schemas", "my-model.yaml"), "utf8");
  expect(text.split("\n")[0]).toBe(
    "# yaml-language-server: $schema=../../node_modules/legolas-ts-cli/legolas-schema.json",
  );
  const home = process.cwd();
  process.chdir(dir);
  try {
    expect(await runCli("generate")).toMatchObject({
      code: 0,
      out: "models/generated: wrote index.ts, my-model.ts (1 schema file)",
    });
  } finally {
    process.chdir(home);
  }
});

test("init writes into a project's folders named by absolute paths, where the next generate reads, not below <dir>", async () => {
  const dir = realpathSync(root());
  const schemas = join(dir, "models", "schemas");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ legolas: { schemas, out: join(dir, "generated") } }));
  const home = process.cwd();
  process.chdir(dir);
  try {
    expect((await runCli("init")).out.split("\n")[0]).toBe(`wrote ${join("models", "schemas", "my-model.yaml")}`);
    expect(readFileSync(join(schemas, "my-model.yaml"), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../../node_modules/legolas-ts-cli/legolas-schema.json",
    );
    expect(await runCli("generate")).toMatchObject({ code: 0, err: "" });
    expect(readdirSync(dir).sort()).toEqual(["generated", "models", "package.json"]);
  } finally {
    process.chdir(home);
  }
});

test("a project's package.json naming a folder outside it: exit 2 naming that package.json, with advice init can take", async () => {
  const dir = root();
  writeFileSync(join(dir, "package.json"), JSON.stringify({ legolas: { out: "../elsewhere" } }));
  expect(await runCli("init", dir)).toEqual({
    code: 2,
    out: "",
    err: `legolas init: ${join(dir, "package.json")}: "legolas.out" is "../elsewhere", outside the project ${realpathSync(dir)}; a package.json may only name folders inside its project (change the field to a folder inside it)`,
  });
  expect(readdirSync(dir)).toEqual(["package.json"]);
});

// The advice is pasted into sh; on Windows it is written for cmd and PowerShell.
test.skipIf(process.platform === "win32")(
  "init <dir> advises to run generate in <dir>, where its package.json is read: the advised cd, pasted, gets there",
  async () => {
    const home = process.cwd();
    process.chdir(root());
    try {
      const next = (await runCli("init", "my app")).out.split("\n").at(-1)!;
      expect(next).toBe("next: cd 'my app', then npx --no-install legolas generate   (writes generated/my-model.ts)");
      const cd = /^next: (.+), then /.exec(next)![1]!;
      process.chdir(execFileSync("sh", ["-c", `${cd} && pwd`], { encoding: "utf8" }).trim());
      expect((await runCli("generate")).out).toBe("generated: wrote index.ts, my-model.ts (1 schema file)");
    } finally {
      process.chdir(home);
    }
  },
);

test.skipIf(process.platform === "win32")(
  "init -- -runs advises cd ./-runs, which sh runs, where cd -runs would be refused as a flag",
  async () => {
    const home = process.cwd();
    process.chdir(root());
    try {
      const next = (await runCli("init", "--", "-runs")).out.split("\n").at(-1)!;
      expect(next).toBe("next: cd ./-runs, then npx --no-install legolas generate   (writes generated/my-model.ts)");
      const cd = /^next: (.+), then /.exec(next)![1]!;
      expect(execFileSync("sh", ["-c", `${cd} && pwd`], { encoding: "utf8" }).trim()).toBe(realpathSync("-runs"));
    } finally {
      process.chdir(home);
    }
  },
);

test("the starter schema is valid under the shipped JSON Schema", async () => {
  const dir = root();
  await runCli("init", dir);
  const ajv = new Ajv({ allowUnionTypes: true });
  ajv.addVocabulary(["patternErrorMessage"]);
  const validate = ajv.compile(
    JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "generator/legolas-schema.json"), "utf8")) as object,
  );
  expect(validate(parse(readFileSync(join(dir, "schemas", "my-model.yaml"), "utf8")))).toBe(true);
});

test("init refuses to overwrite an existing file: exit 2, a clear message, the file untouched", async () => {
  const dir = root();
  mkdirSync(join(dir, "schemas"));
  writeFileSync(join(dir, "schemas", "my-model.yaml"), "mine\n");
  const result = await runCli("init", dir);
  expect(result.code).toBe(2);
  expect(result.err).toMatch(
    /^legolas init: .*schemas\/my-model\.yaml already exists; left it alone \(move it away or edit it instead\)$/,
  );
  expect(readFileSync(join(dir, "schemas", "my-model.yaml"), "utf8")).toBe("mine\n");
});

test.runIf(process.getuid?.() === 0)(
  "init on a full disk writes no file and leaves no folder it created (exit 2, ENOSPC), so init works once there is room",
  async () => {
    const mountPoint = mkdtempSync(join(tmpdir(), "legolas-init-full-"));
    try {
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]).status === 0;
      if (!mounted) return console.log("init on a full disk: skipped, this machine cannot mount a tmpfs");
      const filler = join(mountPoint, "filler");
      spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k", "count=100"]);
      const dir = join(mountPoint, "project");
      const full = await runCli("init", dir);
      expect(full.code).toBe(2);
      expect(full.err).toContain("(ENOSPC): the file system is full");
      expect(existsSync(dir)).toBe(false);

      rmSync(filler);
      const again = await runCli("init", dir);
      expect(again.code).toBe(0);
      expect(readFileSync(join(dir, "schemas", "my-model.yaml"), "utf8")).toContain("extends: legolas-flux.model@1");
    } finally {
      spawnSync("umount", [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  },
);

test.each([
  ["the project folder", "project", "project"],
  ["its schemas folder", join("project", "schemas"), join("project", "schemas")],
])("a file where %s should be: exit 2, what is in the way and what to do", async (_, file, blocking) => {
  const dir = root();
  if (file !== "project") mkdirSync(join(dir, "project"));
  writeFileSync(join(dir, file), "mine\n");
  const result = await runCli("init", join(dir, "project"));
  const wanted = relative(".", join(dir, "project", "schemas", "my-model.yaml"));
  expect(result).toEqual({
    code: 2,
    out: "",
    err:
      `legolas init: ${wanted} cannot be written: ${relative(".", join(dir, blocking))} is a file, not a folder; ` +
      "name another project folder (legolas init <dir>), or move the file away",
  });
  expect(readFileSync(join(dir, file), "utf8")).toBe("mine\n");
});

test("init leaves other files in an existing schemas/ folder alone", async () => {
  const dir = root();
  mkdirSync(join(dir, "schemas"));
  writeFileSync(join(dir, "schemas", "other.yaml"), "x\n");
  expect((await runCli("init", dir)).code).toBe(0);
  expect(readdirSync(join(dir, "schemas")).sort()).toEqual(["my-model.yaml", "other.yaml"]);
  expect(readFileSync(join(dir, "schemas", "other.yaml"), "utf8")).toBe("x\n");
});
