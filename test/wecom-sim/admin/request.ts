import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { z } from 'zod';

/** Shared pieces of the admin API (routes.ts and the *-routes.ts files): its error type and JSON body reader. */

/** Rendered as `{ error: { code, message } }` with `status` by the admin middleware. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and validates a JSON body (empty = {}); bad JSON or schema → 400. */
export async function readJson<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.infer<S>> {
  const raw = await getRawBody(ctx.req, { encoding: 'utf8', limit: '1mb' });
  let parsed: unknown = {};
  try {
    if (raw.trim() !== '') parsed = JSON.parse(raw);
  } catch {
    throw new AdminError(400, 'bad_json', 'body is not valid JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new AdminError(400, 'bad_request', z.prettifyError(result.error));
  return result.data;
}
