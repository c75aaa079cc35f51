import { Button, SpinLoading } from 'antd-mobile';
import { ClockCircleOutline, ExclamationCircleOutline } from 'antd-mobile-icons';
import type { CustomerViewResponse } from '@contract/customer-view';
import type { RelationTagsResponse } from '@contract/tags';
import { SectionCard } from '@/components/ui/section-card';
import { type LocalTagChange, useTagEditor } from '@/features/tags/hooks/use-tag-editor';

interface TagsCardProps {
  relationId: string;
  tags: RelationTagsResponse;
  taxonomy: CustomerViewResponse['taxonomy'];
  /** False for a relation that ended: its tags are shown, not changed. */
  canEdit: boolean;
  onSaved: (tags: RelationTagsResponse) => void;
}

// WeCom refusals that a retry will not change: the tag is gone (40068), the customer is no longer a friend (84061).
const FINAL_ERRCODES = new Set([40068, 84061]);

/** The customer's tags by tag group; one tap adds or removes a tag and saves it. */
export function TagsCard({ relationId, tags, taxonomy, canEdit, onSaved }: TagsCardProps) {
  const { local, setTo } = useTagEditor(relationId, onSaved);
  const on = new Set([...tags.corpTags.map((t) => t.id), ...tags.ruleGroupTags.map((t) => t.id)]);
  const pendingInWecom = new Set(tags.corpTags.filter((t) => t.pending).map((t) => t.id));
  const failedChanges = tags.changes.filter((c) => c.status === 'FAILED');
  const tagIdByName = new Map(taxonomy.flatMap((g) => (g.canEdit ? g.tags.map((t) => [t.name, t.id]) : [])));

  return (
    <SectionCard title="客户标签">
      {taxonomy.length === 0 && <p className="muted">企业还没有设置标签</p>}
      {taxonomy.map((group) => (
        <div key={group.id} className="tag-group" role="group" aria-label={group.name}>
          <div className="tag-group-name">
            {group.name}
            {!group.canEdit && <span className="muted"> · 规则组标签，由企业微信自动打</span>}
          </div>
          <div className="chips">
            {group.tags.map((tag) => (
              <TagChip
                key={tag.id}
                name={tag.name}
                isOn={on.has(tag.id)}
                isPendingInWecom={pendingInWecom.has(tag.id)}
                change={local[tag.id]}
                editable={canEdit && group.canEdit}
                onTap={(wantOn) => setTo(tag.id, wantOn)}
              />
            ))}
          </div>
          {group.tags.map((tag) => {
            const change = local[tag.id];
            return change?.state === 'failed' ? (
              <p key={tag.id} className="tag-failure" role="alert">
                「{tag.name}」{change.wantOn ? '添加' : '移除'}失败：{change.reason}
                <Button size="mini" fill="none" color="primary" onClick={() => setTo(tag.id, change.wantOn)}>
                  重试
                </Button>
              </p>
            ) : null;
          })}
        </div>
      ))}
      {tags.personalTags.length > 0 && (
        <div className="tag-group" role="group" aria-label="个人标签">
          <div className="tag-group-name">个人标签</div>
          <div className="chips">
            {tags.personalTags.map((name) => (
              <span key={name} className="tag-chip tag-chip-readonly">
                {name}
              </span>
            ))}
          </div>
        </div>
      )}
      {failedChanges.length > 0 && (
        <div className="tag-changes" aria-label="企业微信未接受的修改">
          <div className="tag-group-name">企业微信未接受的修改</div>
          {failedChanges.map((change) => {
            const tagId = tagIdByName.get(change.tagName);
            const canRetry = canEdit && tagId !== undefined && !FINAL_ERRCODES.has(change.errcode ?? 0);
            return (
              <p key={change.id} className="tag-failure">
                {change.op === 'ADD' ? '添加' : '移除'}「{change.tagName}」失败
                {change.error ? `：${change.error}` : ''}
                {canRetry && (
                  <Button
                    size="mini"
                    fill="none"
                    color="primary"
                    onClick={() => setTo(tagId, change.op === 'ADD')}
                  >
                    重试
                  </Button>
                )}
              </p>
            );
          })}
        </div>
      )}
    </SectionCard>
  );
}

interface TagChipProps {
  name: string;
  isOn: boolean;
  isPendingInWecom: boolean;
  change: LocalTagChange | undefined;
  editable: boolean;
  onTap: (wantOn: boolean) => void;
}

function TagChip({ name, isOn, isPendingInWecom, change, editable, onTap }: TagChipProps) {
  const isSaving = change?.state === 'saving';
  const isFailed = change?.state === 'failed';
  // While saving the chip shows what was tapped; once refused it shows the server's state again (rolled back).
  const shownOn = isSaving ? change.wantOn : isOn;
  const state = isSaving ? 'saving' : isFailed ? 'failed' : isPendingInWecom && isOn ? 'pending' : 'saved';
  return (
    <button
      type="button"
      className={`tag-chip${shownOn ? ' tag-chip-on' : ''} tag-chip-${state}`}
      aria-pressed={shownOn}
      aria-busy={isSaving}
      data-state={state}
      disabled={!editable || isSaving}
      onClick={() => onTap(!shownOn)}
    >
      {name}
      {isSaving && <SpinLoading style={{ '--size': '12px' }} aria-label="保存中" />}
      {state === 'pending' && <ClockCircleOutline aria-label="待同步到企业微信" />}
      {isFailed && <ExclamationCircleOutline aria-label="保存失败" />}
    </button>
  );
}
