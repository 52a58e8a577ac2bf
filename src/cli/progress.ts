import { SingleBar, Presets } from 'cli-progress';

/** A progress display on stderr: a bar on a terminal, a start and an end line in logs. */
export function progressReporter(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} texts | {eta_formatted} left`, hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const t0 = performance.now();
  return (done, total) => {
    if (!started) {
      started = true;
      if (tty) bar.start(total, done);
      else process.stderr.write(`${label}: embedding ${total} texts…\n`);
    } else if (tty) bar.update(done);
    if (done >= total) {
      if (tty) bar.stop();
      process.stderr.write(`${label}: ${total} texts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  };
}
