import type { WeekSpan } from '@contract/moments';
import { Button, DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import type { WeekFilter } from '@/desk/moments/moments-api';

interface Props {
  filter: WeekFilter;
  onChange: (filter: WeekFilter) => void;
  /** The stores HQ may pick from; null for a store manager (their own store only). */
  stores: { id: string; name: string }[] | null;
  span: WeekSpan | undefined;
  /** The week's CSV, or null where there is none. */
  exportUrl: string | null;
}

/** Which week and store, and the week's table as CSV. Weeks run Monday to Sunday (the plan's weeks). */
export function WeekFilters({ filter, onChange, stores, span, exportUrl }: Props) {
  return (
    <div className="desk-filters">
      <DatePicker
        picker="week"
        allowClear={false}
        aria-label="选择周"
        value={dayjs(filter.week ?? span?.start ?? undefined)}
        format={(value) =>
          `${value.startOf('week').format('YYYY-MM-DD')} 至 ${value.endOf('week').format('MM-DD')}`
        }
        disabledDate={(d) => d.isAfter(dayjs().endOf('week'))}
        onChange={(value) => {
          if (value) onChange({ ...filter, week: value.startOf('week').format('YYYY-MM-DD') });
        }}
      />
      {stores && (
        <Select
          aria-label="选择门店"
          style={{ minWidth: 200 }}
          allowClear
          placeholder="全部门店"
          value={filter.storeId}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(storeId?: string) => onChange({ ...filter, storeId })}
        />
      )}
      <span className="desk-spacer" />
      {span && (
        <span>
          {span.start} 至 {span.end}（{span.timezone}）
        </span>
      )}
      {exportUrl && (
        <Button href={exportUrl} download>
          导出 CSV
        </Button>
      )}
    </div>
  );
}
