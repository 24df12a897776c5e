/** Errors cross between threads as their name, message and cause (structured clone drops the rest). */
export type ErrorData = { name: string; message: string; cause?: ErrorData | undefined };

export const errorData = (err: unknown): ErrorData =>
  err instanceof Error
    ? { name: err.name, message: err.message, cause: err.cause === undefined ? undefined : errorData(err.cause) }
    : { name: 'Error', message: String(err) };

/** The error again, on this side; `as` names the kinds a caller tells apart by class. */
export function errorFrom({ name, message, cause }: ErrorData, as?: (data: ErrorData) => Error | undefined): Error {
  return (
    as?.({ name, message, cause }) ??
    Object.assign(new Error(message, cause && { cause: errorFrom(cause, as) }), { name })
  );
}
