import type { WecomClient } from '../client';

export interface SendResult {
  invaliduser?: string;
  msgid?: string;
}

/** message/send: an app text message to members (API.md §3.10 limits: 30/min and 1000/hour per member). */
export function sendAppText(
  client: WecomClient,
  message: { agentId: number; touser: string; content: string },
): Promise<SendResult> {
  return client.post<SendResult>('message/send', {
    touser: message.touser,
    msgtype: 'text',
    agentid: message.agentId,
    text: { content: message.content },
  });
}
