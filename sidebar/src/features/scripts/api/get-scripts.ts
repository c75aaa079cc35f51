import type { ScriptListQuery, ScriptListResponse } from '@contract/scripts';
import { api } from '@/lib/api-client';

// The contract's `limit` is coerced from the query string (typed unknown on input); we send a number.
type Filter = Omit<ScriptListQuery, 'limit'> & { limit?: number };

/** GET /api/v1/scripts: scripts and materials, placeholders filled in for `relationId`. */
export function getScripts(query: Filter, signal?: AbortSignal): Promise<ScriptListResponse> {
  return api.get<ScriptListResponse>('/scripts', { ...query }, signal);
}
