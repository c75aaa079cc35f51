import type {
  LibraryImportInput,
  LibraryImportResponse,
  LibraryItem,
  LibraryItemInput,
  LibraryItemUpdate,
  LibraryListResponse,
  MomentTaskInput,
  MomentTaskListResponse,
  MomentTaskView,
} from '@contract/moment-library';
import type { TaxonomyResponse } from '@contract/tags';
import { api } from '@/lib/api-client';

/** GET /moments/library's query (LibraryListQuery) as the desk sends it. */
export interface LibraryFilter {
  kind?: 'product' | 'life' | 'brand';
  q?: string;
  status: 'current' | 'all' | 'archived';
  page: number;
  pageSize: number;
}

const item = (id: string) => `/moments/library/${encodeURIComponent(id)}`;

/** 朋友圈素材库 and 企业朋友圈: HQ writes, store managers read the library; tasks are HQ's. */
export const libraryApi = {
  list: (query: LibraryFilter, signal: AbortSignal) =>
    api.get<LibraryListResponse>('/moments/library', { ...query }, signal),
  create: (input: LibraryItemInput) => api.post<LibraryItem>('/moments/library', input),
  update: (id: string, input: LibraryItemUpdate) => api.patch<LibraryItem>(item(id), input),
  archive: (id: string) => api.post<LibraryItem>(`${item(id)}/archive`),
  restore: (id: string) => api.post<LibraryItem>(`${item(id)}/restore`),
  import: (input: LibraryImportInput) => api.post<LibraryImportResponse>('/moments/library/import', input),
  exportUrl: (format: 'csv' | 'json') => `/api/v1/moments/library/export.${format}`,
  /** The corp's tags, for an item's audience and a task's visible range (rule-group tags cannot be used). */
  tags: (signal: AbortSignal) => api.get<TaxonomyResponse>('/tags', undefined, signal),
  publish: (input: MomentTaskInput) => api.post<MomentTaskView>('/moments/tasks', input),
  tasks: (signal: AbortSignal) => api.get<MomentTaskListResponse>('/moments/tasks', undefined, signal),
  /** Re-reads the task's result, who published and whom it reached, from WeCom. */
  refreshTask: (id: string) => api.get<MomentTaskView>(`/moments/tasks/${encodeURIComponent(id)}`),
};
