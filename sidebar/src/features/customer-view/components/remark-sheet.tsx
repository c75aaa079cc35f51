import { Button, Input, Popup, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import type { RemarkInput, RemarkResponse } from '@contract/customer-view';
import { errorText } from '@/lib/error-text';
import { updateRemark } from '@/features/customer-view/api/update-remark';

// WeCom's limits (externalcontact/remark, doc 92115), the same the contract's RemarkInput checks; counted after
// trimming, in UTF-16 units, as the server counts them.
export const REMARK_MAX = 20;
export const DESCRIPTION_MAX = 150;

interface RemarkSheetProps {
  relationId: string;
  remark: string | null;
  description: string | null;
  visible: boolean;
  onClose: () => void;
  onSaved: (saved: RemarkResponse) => void;
}

function lengthError(value: string, max: number, label: string): string | null {
  return value.trim().length > max ? `${label}最多 ${max} 个字，现在 ${value.trim().length} 个` : null;
}

/** Edit the remark and description the guide keeps for this customer (written to WeCom first). */
export default function RemarkSheet(props: RemarkSheetProps) {
  return (
    <Popup
      visible={props.visible}
      onMaskClick={props.onClose}
      onClose={props.onClose}
      bodyClassName="sheet"
      destroyOnClose
    >
      {props.visible && <RemarkForm {...props} />}
    </Popup>
  );
}

function RemarkForm({ relationId, remark, description, onClose, onSaved }: RemarkSheetProps) {
  const [remarkValue, setRemarkValue] = useState(remark ?? '');
  const [descriptionValue, setDescriptionValue] = useState(description ?? '');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const remarkError = lengthError(remarkValue, REMARK_MAX, '备注');
  const descriptionError = lengthError(descriptionValue, DESCRIPTION_MAX, '描述');
  const input: RemarkInput = {};
  if (remarkValue.trim() !== (remark ?? '')) input.remark = remarkValue.trim();
  if (descriptionValue.trim() !== (description ?? '')) input.description = descriptionValue.trim();
  const hasChanges = input.remark !== undefined || input.description !== undefined;
  const canSave = hasChanges && !remarkError && !descriptionError && !saving;

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await updateRemark(relationId, input);
      onSaved(saved);
      Toast.show({ icon: 'success', content: '已保存' });
      onClose();
    } catch (error) {
      setSaveError(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  // A plain form rather than antd-mobile's Form: its field engine (rc-field-form, async-validator) is ~20 KB
  // gzipped for two fields whose only rule is a length.
  return (
    <form
      className="remark-form"
      aria-label="编辑备注"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave) void save();
      }}
    >
      <h2 className="sheet-title">编辑备注</h2>
      <label className="field">
        <span className="field-label">
          备注
          <span className={remarkError ? 'field-count field-error' : 'field-count'}>
            {remarkValue.trim().length}/{REMARK_MAX}
          </span>
        </span>
        <Input value={remarkValue} onChange={setRemarkValue} placeholder="例如：王姐 常来三楼店" clearable />
      </label>
      {remarkError && <p className="field-error">{remarkError}</p>}
      <label className="field">
        <span className="field-label">
          描述
          <span className={descriptionError ? 'field-count field-error' : 'field-count'}>
            {descriptionValue.trim().length}/{DESCRIPTION_MAX}
          </span>
        </span>
        <TextArea
          value={descriptionValue}
          onChange={setDescriptionValue}
          placeholder="喜好、尺码、家庭情况等"
          autoSize={{ minRows: 3, maxRows: 6 }}
        />
      </label>
      {descriptionError && <p className="field-error">{descriptionError}</p>}
      {saveError && (
        <p className="form-error" role="alert">
          保存失败：{saveError}
        </p>
      )}
      <div className="sheet-actions">
        <Button block onClick={onClose}>
          取消
        </Button>
        <Button block color="primary" type="submit" disabled={!canSave} loading={saving}>
          保存
        </Button>
      </div>
    </form>
  );
}
