/** `legolas docs`: a Markdown reference of every schema, with the extension graph in Mermaid. */
import { join, posix, relative, sep } from "node:path";
import type { Command } from "commander";
import { DOCS_FILE, generateDocs } from "../../docs/docs.js";
import { DOCS_MARKER } from "../../docs/markdown.js";
import { isGeneratedText, readIfPresent } from "../../write/output-folder.js";
import { FileAccessError } from "legolas-ts";
import { fillNewFolder, replaceFile } from "legolas-ts/internal/internal";
import { EXIT } from "../exit-codes.js";
import { FROM_PACKAGE_JSON, namedFolder, projectFolder } from "../project-folders.js";
import { assertSchemaFiles, readSchemaSources } from "../schema-sources.js";
import { printable } from "../terminal-text.js";
import { counted, legolasCommand, pathArgument } from "../wording.js";

interface DocsFlags {
  schemas: string;
  out: string;
  check?: boolean;
}

async function runDocs(flags: DocsFlags): Promise<number> {
  const { sources, shipped } = await readSchemaSources(flags.schemas);
  // As generate: a folder without schema files (a mistyped --schemas, files moved to subfolders)
  // would replace the reference with an empty one, and --check would advise that run.
  assertSchemaFiles(flags.schemas, sources);
  const sourceLink = (path: string) => relative(flags.out, path).split(sep).join(posix.sep);
  const [file] = generateDocs(sources, { shipped, sourceLink });
  const target = join(flags.out, file!.path);
  // What stands in the way of the reference (a folder named schemas.md) fails the write that is asked for.
  const current = await readIfPresent(target, flags.check ? "read" : "write");
  // A page of the user's own under that name (docs/schemas.md is a likely one) is theirs: never
  // replaced, and --check does not advise the run that would replace it.
  if (current !== null && !isGeneratedText(current, file!.content) && !isDocsReference(current)) {
    throw new FileAccessError(
      target,
      "write",
      null,
      `it does not start with "${DOCS_MARKER}", so legolas docs did not write it and does not replace it; move it, or pass --out another folder`,
    );
  }
  if (flags.check) {
    if (current !== null && isGeneratedText(current, file!.content)) {
      console.log(printable(`${target}: up to date`));
      return EXIT.ok;
    }
    const again = legolasCommand("docs", "--schemas", pathArgument(flags.schemas), "--out", pathArgument(flags.out));
    console.error(printable(`${target} is ${current === null ? "missing" : "stale"}; run \`${again}\``));
    return EXIT.failed;
  }
  if (current !== null && isGeneratedText(current, file!.content)) {
    console.log(printable(`${target}: up to date (${counted(sources.length, "schema file")})`));
    return EXIT.ok;
  }
  await fillNewFolder(flags.out, () => replaceFile(target, [new TextEncoder().encode(file!.content)]));
  console.log(printable(`${target}: wrote the reference of ${counted(sources.length, "schema file")}`));
  return EXIT.ok;
}

/** Whether a file's text is a reference `legolas docs` wrote (an editor's byte order mark aside). */
function isDocsReference(text: string): boolean {
  return text.startsWith(DOCS_MARKER, text.startsWith("\uFEFF") ? 1 : 0);
}

export function registerDocs(cli: Command): void {
  cli
    .command("docs")
    .description(
      `write a Markdown reference of all schemas (${DOCS_FILE}) with a Mermaid diagram of the extension graph`,
    )
    .option("--schemas <dir>", `folder of <schema name>.yaml files (${FROM_PACKAGE_JSON("schemas")})`)
    .option("--out <dir>", `folder for ${DOCS_FILE}`, "docs")
    .option("--check", "write nothing; exit 1 when the reference is missing or stale")
    .action(async (given: Omit<DocsFlags, "schemas"> & Partial<DocsFlags>) => {
      process.exitCode = await runDocs({
        ...given,
        schemas: given.schemas ?? projectFolder("schemas"),
        out: namedFolder("--out", given.out),
      });
    });
}
