/**
 * URLs as text: whether a text names a URL to fetch rather than a path, and how messages, paths
 * and reports show one without what must not reach a log. Shared by the HTTP reads and the file
 * errors, which name a URL given where a path goes.
 */

/** `href` parsed, or `null` when it is no absolute URL (a browser's fetch reads a relative one against its page). */
export function parsedUrl(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/**
 * `href` without what must not reach a log: a user name and password, and the query, where a
 * presigned URL (S3, GCS, Azure) holds its signature and credential, shown as `?…`; a `data:`
 * URL without its data, shown as `,…`. A URL relative to the page (`runs/7.arrow?token=...`,
 * which a browser's fetch resolves) is shown as given, but for its query and fragment; so is an
 * `http(s)://` text that does not parse, less its user name and password.
 */
export function shownUrl(href: string): string {
  const url = parsedUrl(href);
  if (url === null) return shownUnparsedUrl(href);
  // A data: URL holds the file itself, megabytes of base64: its media type says what it is.
  if (url.protocol === "data:") return href.includes(",") ? `${href.slice(0, href.indexOf(",") + 1)}…` : href;
  if (url.protocol !== "http:" && url.protocol !== "https:") return href;
  return `${url.origin}${url.pathname}${url.search === "" ? "" : "?…"}`;
}

/** Whether `url` holds a user name or password, which fetch refuses to send. */
export function holdsCredentials(url: URL): boolean {
  return url.username !== "" || url.password !== "";
}

/** Whether a string names a URL to fetch rather than a path. */
export function isHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/**
 * Text that does not parse as a URL, cut as `shownUrl` cuts one: a URL relative to the page, or
 * an `http(s)://` text with a port that is no number, whose user name and password go too.
 */
function shownUnparsedUrl(href: string): string {
  const [, scheme = "", rest = href] = /^(https?:\/\/)(?:[^/?#]*@)?(.*)$/is.exec(href) ?? [];
  const end = rest.search(/[?#]/);
  if (end === -1) return `${scheme}${rest}`;
  return `${scheme}${rest.slice(0, end)}${rest[end] === "?" ? "?…" : ""}`;
}
