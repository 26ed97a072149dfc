/**
 * What `legolas validate` and `legolas inspect` share about a file's schema version, so that they
 * agree on every file: which registered version a file of an unregistered version is checked
 * against.
 */
import { findSchemaVersion } from "legolas-ts";

/**
 * The index in `chain` (`name@v` links, the file's own version first) of the first registered
 * version, or -1. `inspect` and `validate` both check a file of an unregistered version against
 * it, so they agree on such files.
 */
export function nearestRegisteredLink(chain: readonly string[]): number {
  return chain.findIndex((link) => findSchemaVersion(link) !== undefined);
}
