/**
 * A test's child program: a TypeScript file bundled into one ES module with rolldown (vite's
 * bundler, already installed), run with plain node where a test needs a process of its own, to
 * stop it by a signal mid-write or to run it as another user. One file: the codec encoders that
 * the runtime imports on demand are inlined.
 */
import { rolldown } from "rolldown";
import { sourceAliases } from "../../tools/source-entries.mjs";

/**
 * Bundles `input` (a path from the repository's root) into `file`. With `fromSources`, the
 * packages' entries (`legolas-ts/internal/...`) resolve to their TypeScript sources, as vitest
 * resolves them, rather than to a build that may be older.
 */
export async function bundleChild(input: string, file: string, { fromSources = false } = {}): Promise<void> {
  const aliases = fromSources ? sourceAliases() : [];
  const bundle = await rolldown({
    input,
    platform: "node",
    logLevel: "silent",
    plugins: [
      {
        name: "package-sources",
        resolveId(id: string) {
          const alias = aliases.find(({ find }) => find.test(id));
          return alias === undefined ? null : id.replace(alias.find, alias.replacement);
        },
      },
    ],
  });
  try {
    await bundle.write({ file, format: "esm", codeSplitting: false });
  } finally {
    await bundle.close();
  }
}
