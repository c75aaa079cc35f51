import type { JsapiSignatureQuery, JsapiSignatureResponse } from '@contract/session';
import { api } from '@/lib/api-client';

/** The corp signature (`getConfigSignature`) for the URL the SDK passes: `location.href` without its hash. */
export function getConfigSignature(url: string): Promise<JsapiSignatureResponse> {
  const query: JsapiSignatureQuery = { url };
  return api.get<JsapiSignatureResponse>('/jsapi/config-signature', { ...query });
}

/** The app signature (`getAgentConfigSignature`): the app's own ticket, never the corp's. */
export function getAgentConfigSignature(url: string): Promise<JsapiSignatureResponse> {
  const query: JsapiSignatureQuery = { url };
  return api.get<JsapiSignatureResponse>('/jsapi/agent-signature', { ...query });
}
