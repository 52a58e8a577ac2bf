/**
 * Changes to the articles, run one at a time in the order they came, so two never race on seeds/ or the index (or
 * on which articles an engine thread answers from). A change that fails does not hold up the ones after it.
 */
export class Changes {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.last.then(task);
    this.last = run.catch(() => undefined);
    return run;
  }
}
