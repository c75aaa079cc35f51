import { ActionSheet } from 'antd-mobile';
import { Suspense, lazy, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { snoozePresets } from '@/features/follow-ups/utils/snooze-presets';

const SnoozePicker = lazy(() => import('@/features/follow-ups/components/snooze-picker'));

interface SnoozeSheetProps {
  open: boolean;
  onCancel: () => void;
  onChoose: (until: Date) => void;
}

/** When to be reminded again: a preset, or a time from the picker. */
export default function SnoozeSheet({ open, onCancel, onChoose }: SnoozeSheetProps) {
  const [isPicking, setPicking] = useState(false);
  const now = new Date();
  const presets = snoozePresets(now);
  return (
    <>
      <ActionSheet
        visible={open && !isPicking}
        onClose={onCancel}
        extra="延后到"
        popupClassName="sheet-popup"
        cancelText="取消"
        actions={[
          ...presets.map((p) => ({
            key: p.key,
            text: p.label,
            description: formatDateTime(p.until.toISOString(), now),
            onClick: () => onChoose(p.until),
          })),
          { key: 'pick', text: '选择时间…', onClick: () => setPicking(true) },
        ]}
      />
      {open && isPicking && (
        <Suspense fallback={null}>
          <SnoozePicker
            now={now}
            defaultValue={presets[1]?.until}
            onCancel={() => {
              setPicking(false);
              onCancel();
            }}
            onConfirm={(value) => {
              setPicking(false);
              onChoose(value);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
