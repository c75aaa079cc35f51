import { useCallback, useRef, useState } from 'react';
import type { RelationTagsResponse } from '@contract/tags';
import { errorText } from '@/lib/error-text';
import { editRelationTags } from '@/features/tags/api/edit-relation-tags';

/** A tap not yet answered by the server (`saving`), or one it refused (`failed`, rolled back). */
export interface LocalTagChange {
  wantOn: boolean;
  state: 'saving' | 'failed';
  reason?: string;
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const rest = { ...record };
  delete rest[key];
  return rest;
}

/**
 * One-tap tagging: the chip changes at once (optimistic), the saves go out one at a time in tap order (so a
 * later answer never undoes an earlier tap), and a refused save puts the chip back with the reason and a retry.
 */
export function useTagEditor(relationId: string, onSaved: (tags: RelationTagsResponse) => void) {
  const [local, setLocal] = useState<Record<string, LocalTagChange>>({});
  const queue = useRef<Promise<void>>(Promise.resolve());

  const setTo = useCallback(
    (tagId: string, wantOn: boolean) => {
      setLocal((l) => ({ ...l, [tagId]: { wantOn, state: 'saving' } }));
      queue.current = queue.current.then(async () => {
        try {
          const tags = await editRelationTags(relationId, wantOn ? { add: [tagId] } : { remove: [tagId] });
          onSaved(tags);
          setLocal((l) => without(l, tagId));
        } catch (error) {
          setLocal((l) => ({ ...l, [tagId]: { wantOn, state: 'failed', reason: errorText(error) } }));
        }
      });
    },
    [relationId, onSaved],
  );

  return { local, setTo };
}
