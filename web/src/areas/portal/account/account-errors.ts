/**
 * The server's refusals of the account forms, put under the field they concern: by error code, or for a schema
 * refusal (VALIDATION_FAILED, "body.idNumber 格式不正确") by the field its message names. Anything else is the
 * form's own error (shown above the buttons). Messages are the server's, already in the UI's language.
 */
import { ApiError } from '@/shared/api/http';

export type FieldErrors<F extends string> = Record<F, string>;

export function emptyErrors<F extends string>(fields: readonly F[]): FieldErrors<F> {
  return Object.fromEntries(fields.map((f) => [f, ''])) as FieldErrors<F>;
}

/**
 * The field a failed call concerns, or null for the whole form. `byCode` maps server error codes to fields;
 * a VALIDATION_FAILED naming `body.<field>` lands on that field; `fallback` takes a VALIDATION_FAILED naming none.
 */
export function fieldOf<F extends string>(err: unknown, fields: readonly F[], byCode: Partial<Record<string, F>>, fallback?: F): F | null {
  if (!(err instanceof ApiError)) return null;
  const coded = byCode[err.code];
  if (coded) return coded;
  if (err.code !== 'VALIDATION_FAILED') return null;
  return fields.find((f) => err.message.includes(`body.${f}`)) ?? fallback ?? null;
}

/** Fills the field's error (or returns the message for the form) from a failed call. */
export function placeError<F extends string>(
  err: unknown,
  errors: FieldErrors<F>,
  byCode: Partial<Record<string, F>>,
  fallback?: F,
): string {
  const message = err instanceof Error ? err.message : String(err);
  const field = fieldOf(err, Object.keys(errors) as F[], byCode, fallback);
  if (field) {
    errors[field] = message;
    return '';
  }
  return message;
}

/** A call refused because the portal session is gone (expired, signed out elsewhere). */
export const sessionGone = (err: unknown) => err instanceof ApiError && err.status === 401;
