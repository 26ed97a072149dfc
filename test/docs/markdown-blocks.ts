/**
 * The fenced code blocks of a Markdown file, with what their info string says about them.
 *
 * The info string's first word is the language (`ts`, `yaml`, `sh`, ...); the words after it are
 * tags for the docs test (test/docs/code-blocks.test.ts):
 * - `fragment`: a TypeScript block that is type-checked but not run (it needs something the page
 *   leaves out on purpose, such as a running server);
 * - `browser`: a TypeScript block for a browser page: type-checked, not run (no Chromium here);
 * - `file=<name>.yaml`: a YAML block that is a schema file, generated with the repository's
 *   schemas into the `generated/` folder the TypeScript blocks import.
 * GitHub reads only the first word, so the tags never show.
 */
import { readFileSync } from "node:fs";

export interface CodeBlock {
  /** The Markdown file, as given. */
  readonly file: string;
  /** The 1-based line of the block's first code line (the line after the opening fence). */
  readonly line: number;
  readonly language: string;
  readonly tags: ReadonlySet<string>;
  /** The value of a `file=` tag, or null. */
  readonly fileName: string | null;
  readonly code: string;
}

const fence = /^( *)(`{3,})\s*([^`]*)$/;

export function markdownBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = fence.exec(lines[index] ?? "");
    if (!opening) continue;
    const [, indent = "", ticks = "", info = ""] = opening;
    const [language = "", ...words] = info.trim().split(/\s+/);
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length && !isClosing(lines[end] ?? "", ticks); end++) {
      const text = lines[end] ?? "";
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    const fileTag = words.find((word) => word.startsWith("file="));
    blocks.push({
      file,
      line: index + 2,
      language,
      tags: new Set(words.filter((word) => !word.startsWith("file="))),
      fileName: fileTag === undefined ? null : fileTag.slice("file=".length),
      code: `${body.join("\n")}\n`,
    });
    index = end;
  }
  return blocks;
}

const isClosing = (line: string, ticks: string): boolean =>
  line.trim().startsWith(ticks) && line.trim().replace(/`/g, "") === "";
