/**
 * legolas-ts-cli's version, read from its own package.json: what `legolas --version` prints and
 * generated preambles name, so a release changes one number. The package reaches its package.json
 * by its own name (its `exports` list it), which works from generator/, from dist/ once built and
 * from code bundled into a folder under node_modules.
 */
import { createRequire } from "node:module";

const { version } = createRequire(import.meta.url)("legolas-ts-cli/package.json") as { version: string };

export const GENERATOR_VERSION: string = version;
