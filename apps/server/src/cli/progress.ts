/**
 * A progress line for long CLI work. On a terminal it rewrites one line in place; elsewhere (a log file, CI) it
 * writes whole lines, at most one every few seconds plus the last one, so the log stays readable.
 */
export function progressLine(stream: NodeJS.WriteStream, everyMs = 2000): ((text: string, isLast?: boolean) => void) & { end(): void } {
  let last = 0;
  let pending: string | undefined;
  let wroteInPlace = false;
  const show = (text: string, isLast = false) => {
    if (stream.isTTY) {
      stream.write(`\r${text}\x1b[K`);
      wroteInPlace = true;
      return;
    }
    const now = Date.now();
    if (isLast || now - last >= everyMs) {
      stream.write(`${text}\n`);
      last = now;
      pending = undefined;
    } else {
      pending = text;
    }
  };
  return Object.assign(show, {
    end() {
      if (wroteInPlace) stream.write('\n');
      else if (pending !== undefined) stream.write(`${pending}\n`);
      pending = undefined;
    },
  });
}
