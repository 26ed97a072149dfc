/**
 * What the package's own tools (the CLI, the generator) use from the runtime and its users do
 * not: no part of the public API, no stability promise, not a package export. Everything else
 * the CLI needs comes from the public entry (index.ts) or, for the schema loader that links
 * generated code, `legolas-ts/codegen` (codegen.ts), or for `legolas inspect`'s raw reads
 * internal-tables.ts, which loads apache-arrow where this list does not;
 * test/architecture/cli-imports.test.ts holds it to that.
 */
export { createFile, replaceFile } from "./replace-file.js";
export { assertFolderPath, createFolder, fillNewFolder } from "./create-folder.js";
export { asFileAccessError } from "./file-errors.js";
export { globFiles, isFolder, isPattern } from "./glob.js";
export { mapConcurrently } from "./concurrency.js";
export { holdsCredentials, isHttpUrl, parsedUrl } from "./urls.js";
// The package.json `legolas` field's settings, misspelt, are named as the runtime's options are.
export { closestNames, didYouMean } from "./did-you-mean.js";
// A file's identifier may be of any length: reports quote it as the runtime's errors do.
export { quotedText, shortText } from "./violations.js";
// Text quoting file names or contents, escaped for a terminal as the runtime's own message is.
export { printable } from "./terminal-text.js";
export { namedNodeFile, shownSource } from "./arrow/source/node-sources.js";
// `legolas validate` reads a file named twice once, as readTableBatches refuses it: by the same identity.
export { fileKey } from "./arrow/source/file-list.js";
