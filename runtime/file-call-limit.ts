/**
 * The most bytes one read or write of a file asks the system for. Node 20 passes the length of a
 * read or a write on as a 32-bit integer and aborts the process on one of more than 2 GiB - 1
 * bytes (a failed assertion, exit 134: nothing to catch), and a batch of a table over 2 GiB is
 * one such length. Every read (arrow/guard/checked-file.ts) and every write (replace-file.ts) of
 * legolas-ts goes in pieces of at most this.
 */
export const MAX_BYTES_PER_FILE_CALL = 2 ** 30;
