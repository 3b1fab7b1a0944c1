/**
 * A per-request time budget. Work on the request path is synchronous between
 * awaits, so a long computation cannot be interrupted from outside: instead the
 * loops that could grow with the input call `check()`, and the request stops
 * with TOO_COMPLEX once its budget is spent — the event loop is back in the
 * hands of the other requests at once.
 */
export class DeadlineExceeded extends Error {
  readonly code = "TOO_COMPLEX";
  constructor(readonly stage: string, readonly budgetMs: number) {
    super(`the request needed more than ${budgetMs} ms (stopped while ${stage}); ask a shorter or simpler question`);
  }
}

export interface Deadline {
  /** Throws DeadlineExceeded when the budget is spent. Cheap: call it inside loops. */
  check(stage: string): void;
}

export function deadline(budgetMs: number, now: () => number = performance.now.bind(performance)): Deadline {
  const end = now() + budgetMs;
  return {
    check(stage) {
      if (now() > end) throw new DeadlineExceeded(stage, budgetMs);
    },
  };
}

/** For offline work (eval, CLI): never expires. */
export const NO_DEADLINE: Deadline = { check() {} };
