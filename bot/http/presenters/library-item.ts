import type { LibraryRecord } from '../../domain/moments/library/library-record';
import type { LibraryItem } from '../contract/moment-library';

export function presentLibraryItem(r: LibraryRecord): LibraryItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    text: r.text,
    media: r.media,
    product: r.product,
    sellingPoint: r.sellingPoint,
    audienceTags: r.audienceTags,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    archived: r.archivedAt !== null,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
