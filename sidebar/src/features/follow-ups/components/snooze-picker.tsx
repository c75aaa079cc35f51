import { DatePicker } from 'antd-mobile';

interface SnoozePickerProps {
  now: Date;
  defaultValue: Date | undefined;
  onCancel: () => void;
  onConfirm: (value: Date) => void;
}

const PICKER_RANGE_DAYS = 90;

/** Any minute in the next three months. Loaded only when chosen: the picker brings dayjs along (~10 KB). */
export default function SnoozePicker({ now, defaultValue, onCancel, onConfirm }: SnoozePickerProps) {
  return (
    <DatePicker
      visible
      title="延后到"
      precision="minute"
      min={now}
      max={new Date(now.getTime() + PICKER_RANGE_DAYS * 86_400_000)}
      defaultValue={defaultValue}
      onCancel={onCancel}
      onConfirm={onConfirm}
    />
  );
}
