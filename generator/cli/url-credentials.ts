/**
 * An http(s) URL with a user name or password as a table argument of `inspect` and `validate`
 * (`https://user:pass@host/t.arrow`). The runtime refuses it, advising a `Request` with an
 * Authorization header, which no flag of the command line can pass: the command refuses it
 * before it reads anything, with what a user of the command line can do instead.
 */
import { holdsCredentials, isHttpUrl, parsedUrl, shownSource } from "legolas-ts/internal/internal";
import { UsageError } from "./errors.js";

/** Refuses the first of `args` that is a URL with a user name or password; `command` is `legolas validate` or `legolas inspect`. */
export function refuseUrlCredentials(command: string, args: readonly string[]): void {
  const withCredentials = args.find((arg) => {
    const url = isHttpUrl(arg) ? parsedUrl(arg) : null;
    return url !== null && holdsCredentials(url);
  });
  if (withCredentials === undefined) return;
  // Shown without them: the message reaches terminals and CI logs.
  const shown = shownSource(withCredentials);
  throw new UsageError(
    `${shown}: ${command} does not send the user name or password of a URL, and has no option for credentials; download the file with a tool that sends them (curl, wget) and pass its path, or pipe it in: curl -fsS '<the URL>' | ${command} -`,
  );
}
