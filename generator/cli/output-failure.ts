/**
 * Whether the command's output reached stdout. `console.log` drops write errors, so a report
 * redirected to a full disk (`legolas validate --json data > report.json`) would end cut short
 * while the command exits 0, and the next step of a CI job would read a broken report after a
 * green one. A reader that stops reading (`| head`: EPIPE) is no failure: it took what it wanted.
 */

/**
 * Starts watching `stream` for write errors; the function returned waits until everything
 * written so far is flushed (or failed), stops watching, and returns the first failure, if any.
 */
export function watchOutputFailure(stream: NodeJS.WriteStream): () => Promise<NodeJS.ErrnoException | null> {
  let failure: NodeJS.ErrnoException | null = null;
  const record = (error: NodeJS.ErrnoException) => void (failure ??= error);
  stream.on("error", record);
  return async () => {
    // Writes complete in order: this one's callback runs once every earlier one has.
    await new Promise<void>((resolve) => stream.write("", () => resolve()));
    stream.removeListener("error", record);
    return failure?.code === "EPIPE" ? null : failure;
  };
}
