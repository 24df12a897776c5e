/** Errors cross between threads as their name, message, stack and cause (structured clone keeps no class). */
export type ErrorData = { name: string; message: string; stack?: string | undefined; cause?: ErrorData | undefined };

/** Causes deeper than this are left out (a cause may lead back to its own error). */
const CAUSE_DEPTH = 3;

export const errorData = (err: unknown, depth = 0): ErrorData =>
  err instanceof Error
    ? {
        name: err.name,
        message: err.message,
        stack: err.stack,
        cause: err.cause === undefined || depth >= CAUSE_DEPTH ? undefined : errorData(err.cause, depth + 1),
      }
    : { name: 'Error', message: String(err) };

/**
 * The error again, on this side, with the stack of where it was thrown; `as` names the kinds a
 * caller tells apart by class.
 */
export function errorFrom(data: ErrorData, as?: (data: ErrorData) => Error | undefined): Error {
  const { name, message, stack, cause } = data;
  const err = as?.(data) ?? Object.assign(new Error(message, cause && { cause: errorFrom(cause, as) }), { name });
  if (stack !== undefined) err.stack = stack;
  return err;
}
