/**
 * What `generate --check` prints on stdout: the patch that brings a stale output folder up to
 * date, in git's form (`diff --git a/<path> b/<path>`, new and deleted files marked), its paths
 * relative to the folder git applies it from: the root of the repository that holds the output
 * (cli/patch-root.ts chooses it and the command to advise). `patch -p1` there takes it as well.
 */
import { createTwoFilesPatch } from "diff";
import type { StaleFile } from "./output-folder.js";

/**
 * One patch for every stale file; `folder` is the output folder relative to the folder the patch
 * applies from, with `/` separators (`""` for that folder itself).
 */
export function gitPatch(stale: readonly StaleFile[], folder: string): string {
  return stale.map((file) => filePatch(file, folder === "" ? file.path : `${folder}/${file.path}`)).join("\n");
}

function filePatch(file: StaleFile, path: string): string {
  const header = [`diff --git a/${path} b/${path}`];
  if (file.current === null) header.push("new file mode 100644");
  if (file.generated === null) header.push("deleted file mode 100644");
  const patch = createTwoFilesPatch(
    file.current === null ? "/dev/null" : `a/${path}`,
    file.generated === null ? "/dev/null" : `b/${path}`,
    file.current ?? "",
    file.generated ?? "",
    undefined,
    undefined,
    { context: 3 },
  );
  // The "Index:" and "=====" lines createTwoFilesPatch starts with are not part of a git patch.
  // Only its final line break goes: a hunk's last line may end in spaces that are the file's own.
  return [...header, patch.slice(patch.indexOf("--- ")).replace(/\n$/, "")].join("\n");
}
