/**
 * What the CLI asks git: a repository's root (where `git apply` takes a patch's paths from)
 * and the YAML files of a folder as they were at a revision (`compat --against main`), read
 * from git's objects with `ls-tree` and `cat-file`: no checkout, no worktree, the working tree
 * untouched.
 */
import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { posix, resolve } from "node:path";
import type { SourceText } from "../generate.js";
import { schemaSource } from "../parse/source-encoding.js";
import { isSchemaFileName } from "../schema-folder.js";
import { UsageError } from "./errors.js";
import { commandLine } from "./wording.js";

/** Runs git in `folder` (the working folder unless named): its stdout's bytes, or it throws what git said. */
function gitBytes(args: readonly string[], folder = "."): Buffer {
  return execFileSync("git", ["-C", folder, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 30 });
}

/** {@link gitBytes} as text: git's own output (paths, object names) is UTF-8. */
function git(args: readonly string[], folder = "."): string {
  return gitBytes(args, folder).toString("utf8");
}

/**
 * The root of the git repository holding `folder` (the working folder unless named), as a real
 * path with the platform's separators; `null` outside a repository (or without git).
 */
export function repositoryRoot(folder = "."): string | null {
  try {
    return resolve(git(["rev-parse", "--show-toplevel"], folder).trim());
  } catch {
    return null;
  }
}

/**
 * What to do about `ref`, which git does not know here. A CI checkout (actions/checkout's default
 * `fetch-depth: 1`, `git clone --depth 1`) holds the one commit and branch it checked out, so the
 * target branch a job compares with (`origin/main`) is missing though the name is right: a
 * remote's branch is named with the command that fetches it (as deep as the clone), and a shallow
 * clone is said to be one.
 */
function unknownRevisionAdvice(ref: string): string {
  const shallow = gitAnswer(["rev-parse", "--is-shallow-repository"]) === "true";
  const remote = (gitAnswer(["remote"]) ?? "").split("\n").find((name) => name !== "" && ref.startsWith(`${name}/`));
  const where = shallow ? "in this shallow clone, which holds only the commits it fetched" : "in this clone";
  const branch = remote === undefined ? "" : ref.slice(remote.length + 1);
  // `origin/main~1` names no branch to fetch.
  if (remote !== undefined && gitAnswer(["check-ref-format", `refs/heads/${branch}`]) !== null) {
    const fetch = commandLine([
      "git",
      "fetch",
      ...(shallow ? ["--depth", "1"] : []),
      remote,
      `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`,
    ]);
    return `${where}: fetch ${remote}'s branch ${branch} first (\`${fetch}\`)${shallow ? WHOLE_HISTORY : ""}`;
  }
  if (shallow) return `${where}: fetch it first${WHOLE_HISTORY}`;
  return "(give a branch, tag or commit, e.g. main or HEAD~1)";
}

const WHOLE_HISTORY = ", or check out with the history (actions/checkout: fetch-depth: 0)";

/** git's one-line answer (`rev-parse`, `remote`), trimmed; `null` when git fails. */
function gitAnswer(args: readonly string[]): string | null {
  try {
    return git(args).trim();
  } catch {
    return null;
  }
}

/**
 * The `*.yaml` files directly inside `folder` (relative to the working folder) at revision `ref`,
 * sorted by name; each named `<ref>:<path>` so that a declaration error says where it is. None
 * when the folder did not exist at `ref`. Throws a `UsageError` outside a git repository or for
 * a revision git does not know.
 */
export function readSchemaFolderAt(ref: string, folder: string): SourceText[] {
  if (repositoryRoot() === null)
    throw new UsageError(
      `--against ${ref}: the working folder is not inside a git repository (or git is not installed)`,
    );
  try {
    git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--against ${ref}: git knows no such revision ${unknownRevisionAdvice(ref)}`);
  }
  // Where the folder lies: git lists a symbolic link on the way (schemas -> packages/models/schemas)
  // as a link, so the folder would read as absent at `ref`, and every change as new.
  const realFolder = existsSync(folder) ? realpathSync(folder) : folder.replace(/[\\/]+$/, "");
  const listing = git(["ls-tree", "-z", "--end-of-options", ref, "--", `${realFolder}/`]);
  const blobs = listing
    .split("\0")
    .filter(Boolean)
    .map((entry) => {
      const [info, path] = entry.split("\t") as [string, string];
      const [, type, object] = info.split(" ") as [string, string, string];
      return { type, object, path };
    })
    .filter((entry) => entry.type === "blob" && isSchemaFileName(posix.basename(entry.path)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return blobs.map(({ object, path }) =>
    // Bytes: a schema file's encoding is judged by schemaSource, not decoded away here.
    schemaSource(`${ref}:${path}`, gitBytes(["cat-file", "blob", object])),
  );
}
