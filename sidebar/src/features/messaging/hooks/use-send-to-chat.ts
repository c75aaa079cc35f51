import { Toast } from 'antd-mobile';
import { useCallback } from 'react';
import type { SidebarMessageResponse } from '@contract/interactions';
import { isApiError } from '@/lib/api-client';
import { newClientId } from '@/lib/client-id';
import type { ChatMessage, WecomSession } from '@/lib/wecom';
import { explainWecomError } from '@/lib/wecom-errors';
import { recordSidebarMessage } from '@/features/messaging/api/record-sidebar-message';

export type SendOutcome =
  /** `recorded` null: sent, but the report did not get through. `partError`: a later part was refused. */
  | { status: 'sent'; recorded: SidebarMessageResponse | null; partError: unknown }
  | { status: 'failed'; error: unknown };

const RECORD_ATTEMPTS = 3;
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The message is already in the chat: keep trying to report it (same clientId, so the server counts it once),
// but only for a passing fault; a 4xx will not change.
async function recordWithRetry(
  externalUserid: string,
  clientId: string,
  sentAt: string,
): Promise<SidebarMessageResponse | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordSidebarMessage({ externalUserid, clientId, sentAt });
    } catch (error) {
      const isPassing = !isApiError(error) || error.status === 0 || error.status >= 500;
      if (!isPassing || attempt >= RECORD_ATTEMPTS) return null;
      await wait(500 * attempt);
    }
  }
}

/**
 * Send messages into the open chat with `sendChatMessage`, then report them as one interaction (a fresh
 * clientId per send), which closes the follow-ups it meets. Nothing is reported when the SDK refused the first
 * message or the guide cancelled it: nothing reached the customer.
 */
export function useSendToChat(
  wecom: WecomSession,
  externalUserid: string,
  onRecorded?: (recorded: SidebarMessageResponse) => void,
) {
  const send = useCallback(
    async (messages: ChatMessage[]): Promise<SendOutcome> => {
      let sent = 0;
      let partError: unknown = null;
      for (const message of messages) {
        try {
          await wecom.sendChatMessage(message);
          sent++;
        } catch (error) {
          partError = error;
          break;
        }
      }
      if (sent === 0) return { status: 'failed', error: partError };
      // Something reached the customer (a link card's words, say, even if the card was refused): report it.
      const recorded = await recordWithRetry(externalUserid, newClientId(), new Date().toISOString());
      if (recorded) onRecorded?.(recorded);
      return { status: 'sent', recorded, partError };
    },
    [wecom, externalUserid, onRecorded],
  );
  return useCallback(
    async (messages: ChatMessage[]): Promise<SendOutcome> => {
      const outcome = await send(messages);
      showOutcome(outcome);
      return outcome;
    },
    [send],
  );
}

function showOutcome(outcome: SendOutcome): void {
  if (outcome.status === 'failed') {
    const problem = explainWecomError(outcome.error);
    Toast.show({
      icon: problem.kind === 'cancelled' ? undefined : 'fail',
      content: problem.kind === 'cancelled' ? '已取消发送' : `发送失败：${problem.title}`,
    });
  } else if (outcome.partError) {
    Toast.show({ content: '只发出了部分内容，请检查聊天窗口' });
  } else if (!outcome.recorded) {
    Toast.show({ content: '已发送，但未能记录这次互动' });
  } else {
    Toast.show({ icon: 'success', content: '已发送' });
  }
}

export type SendToChat = ReturnType<typeof useSendToChat>;
