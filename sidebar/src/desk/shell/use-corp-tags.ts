import { libraryApi } from '@/desk/library/library-api';
import { useQuery } from '@/lib/use-query';

/** The corp tags an item's audience or a task's range may name (WeCom's corp tags; rule-group tags are not). */
export function useCorpTags(): { value: string; label: string }[] {
  const taxonomy = useQuery('corp-tags', (signal) => libraryApi.tags(signal));
  return (
    taxonomy.data?.groups
      .filter((g) => g.kind === 'corp')
      .flatMap((g) => g.tags.map((t) => ({ value: t.wecomTagId, label: `${g.name} / ${t.name}` }))) ?? []
  );
}
