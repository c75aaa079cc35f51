import type { SidebarMessageInput, SidebarMessageResponse } from '@contract/interactions';
import { api } from '@/lib/api-client';

/** POST /api/v1/interactions/sidebar-messages: a message sent from the sidebar, once per clientId. */
export function recordSidebarMessage(input: SidebarMessageInput): Promise<SidebarMessageResponse> {
  return api.post<SidebarMessageResponse>('/interactions/sidebar-messages', input);
}
