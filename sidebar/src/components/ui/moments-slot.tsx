import { SectionCard } from '@/components/ui/section-card';

/** Where the Moments issue puts today's 朋友圈 suggestion; the API sends `moments: null` until then. */
export function MomentsSlot() {
  return (
    <SectionCard title="朋友圈建议" className="moments-slot">
      <p className="muted">即将上线：这里会给出今天适合发的朋友圈内容。</p>
    </SectionCard>
  );
}
