/**
 * Every failure the program names, in one place, so a reader finds them in one guess and any room may throw or
 * catch them (this module imports nothing). Each sets its `name` (logs and the worker threads' wire show it) and
 * carries what failed as fields; code decides by class (instanceof), never by message text. Messages are written
 * for the person who reads them: runCli prints them as they are.
 */

/** Settings that are wrong: each named in `settings`, each with its own line in the message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly settings: string[],
  ) {
    super(message);
  }
}

/** A transformers.js model (the encoder or the word model) that could not be loaded from `modelsDir` or the hub. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  constructor(
    message: string,
    readonly model: string,
  ) {
    super(message);
  }
}

/** src/retrieval/fitted-model.json (or another `file`) unreadable, or fitted for other features (`missing`). */
export class FittedModelError extends Error {
  override readonly name = 'FittedModelError';
  constructor(
    message: string,
    readonly file: string,
    readonly missing: string[] = [],
  ) {
    super(message);
  }
}

/** The sentence index in `dir` is missing or unreadable: it is rebuilt. */
export class IndexCorruptError extends Error {
  override readonly name = 'IndexCorruptError';
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message);
  }
}

/** Another process held the index's lock in `dir` longer than a writer waits. */
export class IndexBusyError extends Error {
  override readonly name = 'IndexBusyError';
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message);
  }
}

/** seeds/sources.json (`file`) is not valid JSON or does not match its schema. */
export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** No article in `seedsDir` could be read: there is nothing to answer from. */
export class NoArticlesError extends Error {
  override readonly name = 'NoArticlesError';
  constructor(
    message: string,
    readonly seedsDir: string,
  ) {
    super(message);
  }
}

/**
 * An article that cannot be added, with a message fit for the person who asked; nothing was written. `source` is
 * the URL or file refused, or null when the refusal is about seeds/ itself.
 */
export class Refused extends Error {
  override readonly name = 'Refused';
  constructor(
    message: string,
    readonly source: string | null,
  ) {
    super(message);
  }
}

/** A change to seeds/ was made (`done` says what), but the articles could not be loaded after it: the previous ones still answer. */
export class NotReloaded<T> extends Error {
  override readonly name = 'NotReloaded';
  constructor(
    readonly done: T,
    cause: Error,
  ) {
    super(`could not load the articles: ${cause.message}`, { cause });
  }
}

/** Telegram's Bot API at `url` (the token replaced) did not answer within the start-up time. */
export class TelegramUnreachableError extends Error {
  override readonly name = 'TelegramUnreachableError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** An engine thread that could not open, or stopped: its exit code, or null when it failed with an error. */
export class EngineThreadError extends Error {
  override readonly name = 'EngineThreadError';
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}
