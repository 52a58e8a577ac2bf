import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

describe('errors', () => {
  it('every error class names itself after its class, so logs and the worker threads tell them apart', () => {
    const classes = Object.entries(errors) as [string, new (...args: unknown[]) => Error][];
    expect(classes.length).toBeGreaterThan(5);
    for (const [exported, Class] of classes) {
      const e = new Class('what failed', new Error('why'));
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(exported);
    }
  });
});
