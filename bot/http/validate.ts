import { z } from 'zod';

/** Parses input with a zod schema; a ZodError becomes a 400 in the error handler. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return schema.parse(input);
}

/** A query filter where `?name=` (empty, as a form sends it) means no filter. */
export const optionalFilter = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .optional()
    .transform((v) => v || undefined);
