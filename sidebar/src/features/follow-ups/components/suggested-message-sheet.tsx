import { Button, Popup, Toast } from 'antd-mobile';
import { useState } from 'react';
import { copyText } from '@/lib/clipboard';
import type { ChatMessage } from '@/lib/wecom';

interface SuggestedMessageSheetProps {
  message: string | null;
  onClose: () => void;
  /** Absent outside a one-to-one chat: the message can only be copied there. */
  onSend?: (messages: ChatMessage[]) => Promise<unknown>;
}

/** The follow-up's suggested message: send it into the chat, or copy it to edit first. */
export default function SuggestedMessageSheet({ message, onClose, onSend }: SuggestedMessageSheetProps) {
  const [isSending, setSending] = useState(false);
  const send = async (text: string) => {
    if (!onSend) return;
    setSending(true);
    try {
      await onSend([{ msgtype: 'text', text: { content: text } }]);
      onClose();
    } finally {
      setSending(false);
    }
  };
  const copy = async (text: string) => {
    const ok = await copyText(text);
    Toast.show(
      ok ? { icon: 'success', content: '已复制' } : { icon: 'fail', content: '复制失败，请长按文字复制' },
    );
  };
  return (
    <Popup visible={message !== null} onMaskClick={onClose} onClose={onClose} bodyClassName="sheet">
      {message !== null && (
        <div role="dialog" aria-label="建议话术">
          <h2 className="sheet-title">建议话术</h2>
          <p className="suggested-message">{message}</p>
          <div className="sheet-actions">
            <Button block onClick={() => void copy(message)}>
              复制
            </Button>
            {onSend && (
              <Button block color="primary" loading={isSending} onClick={() => void send(message)}>
                发送给客户
              </Button>
            )}
          </div>
        </div>
      )}
    </Popup>
  );
}
