import type { MeResponse } from '@contract/session';
import { api } from '@/lib/api-client';

/** GET /api/v1/me: who the session acts as, and what `ww.register` needs. */
export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return api.get<MeResponse>('/me', undefined, signal);
}
