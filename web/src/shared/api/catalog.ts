/**
 * The catalog (事项清单) API: items and sub-items, checklist versions and their review, the
 * standard material library, bundles (一件事), and the public search / guide endpoints.
 * The types are the operations' schemas (openapi.gen.ts).
 */
import { client, data, fromForm, type ApiAnswer, type ApiBody, type ApiQuery, type FormQuery } from './http';
import type { paths } from './openapi.gen';

// ---- items ----------------------------------------------------------------------------------

/** The editable fields of an item (事项), GB/T 39046. */
export type ItemFields = ApiBody<'/api/catalog/items'>;
export type ItemDetail = ApiAnswer<'/api/catalog/items/{id}'>;
export type CatalogItem = ItemDetail['item'];
export type CatalogItemListRow = ApiAnswer<'/api/catalog/items'>['items'][number];
export type SubItem = ApiAnswer<'/api/catalog/sub-items/{id}', 'patch'>;
/** A form template (表格下载), filled sample (填写示例) or material sample. */
export type CatalogFile = ItemDetail['files'][number];
/** the items list's filters ('' or null: any) */
export type ItemQuery = FormQuery<ApiQuery<'/api/catalog/items'>> & { page: number; pageSize: number };

// ---- checklist versions ---------------------------------------------------------------------

export type VersionDetail = ApiAnswer<'/api/catalog/versions/{id}'>;
export type VersionHistory = ApiAnswer<'/api/catalog/sub-items/{id}/versions'>;
export type VersionDiff = ApiAnswer<'/api/catalog/versions/{id}/diff'>;
export type ChecklistVersion = VersionDetail['version'];
export type VersionAction = VersionDetail['actions'][number];
export type ChecklistLine = VersionDetail['lines'][number];
/** What a checklist line says (the body of PUT …/lines). */
export type LineInput = ApiBody<'/api/catalog/versions/{id}/lines', 'put'>['lines'][number];
export type DiffEntry = VersionDiff['entries'][number];
export type ComparedField = Extract<DiffEntry, { kind: 'changed' }>['fields'][number];
export const COMPARED_FIELDS = [
  'form', 'copies', 'required', 'allowMissing', 'allowCommitment', 'condition', 'reviewPoints',
] as const satisfies readonly ComparedField[];
/** A row of GET /api/catalog/review-queue. */
export type QueueRow = ApiAnswer<'/api/catalog/review-queue'>['items'][number];

// ---- materials ------------------------------------------------------------------------------

export type MaterialFields = Omit<ApiBody<'/api/catalog/materials'>, 'code'>;
export type MaterialSource = MaterialFields['source'];
export type Material = ApiAnswer<'/api/catalog/materials'>['items'][number];

// ---- bundles --------------------------------------------------------------------------------

export type BundleDetail = ApiAnswer<'/api/catalog/bundles/{id}'>;
export type Bundle = BundleDetail['bundle'];
export type BundleKind = Bundle['kind'];
export type BundleListRow = ApiAnswer<'/api/catalog/bundles'>['items'][number];
export type BundleMember = BundleDetail['members'][number];
export type MergedMaterial = BundleDetail['materials'][number];
export type BundleInput = ApiBody<'/api/catalog/bundles'>;

// ---- public: search, guide ------------------------------------------------------------------

export type SearchHit = ApiAnswer<'/api/catalog/search'>['items'][number];
export type MatchedBy = SearchHit['matchedBy'];
/** the search's filters ('' or null: any) */
export type SearchQuery = FormQuery<ApiQuery<'/api/catalog/search'>>;
export type Guide = ApiAnswer<'/api/public/guide/{id}'>;
export type GuideLine = Guide['lines'][number];
export type BrowseCounts = ApiAnswer<'/api/public/life-events'>;

// ---- calls ----------------------------------------------------------------------------------

const path = (id: number) => ({ params: { path: { id } } });

export const catalogApi = {
  items: (query: ItemQuery) => data(client.GET('/api/catalog/items', { params: { query: fromForm<ApiQuery<'/api/catalog/items'>>(query) } })),
  item: (id: number) => data(client.GET('/api/catalog/items/{id}', path(id))),
  createItem: (body: ItemFields) => data(client.POST('/api/catalog/items', { body })),
  updateItem: (id: number, body: ApiBody<'/api/catalog/items/{id}', 'patch'>) =>
    data(client.PATCH('/api/catalog/items/{id}', { ...path(id), body })),
  createSubItem: (itemId: number, body: ApiBody<'/api/catalog/items/{id}/sub-items'>) =>
    data(client.POST('/api/catalog/items/{id}/sub-items', { ...path(itemId), body })),
  updateSubItem: (id: number, body: ApiBody<'/api/catalog/sub-items/{id}', 'patch'>) =>
    data(client.PATCH('/api/catalog/sub-items/{id}', { ...path(id), body })),

  history: (subItemId: number) => data(client.GET('/api/catalog/sub-items/{id}/versions', path(subItemId))),
  createDraft: (subItemId: number) => data(client.POST('/api/catalog/sub-items/{id}/versions', path(subItemId))),
  version: (id: number) => data(client.GET('/api/catalog/versions/{id}', path(id))),
  diff: (id: number) => data(client.GET('/api/catalog/versions/{id}/diff', path(id))),
  saveLines: (id: number, lines: LineInput[], note?: string) =>
    data(client.PUT('/api/catalog/versions/{id}/lines', { ...path(id), body: { lines, note } })),
  submit: (id: number) => versionAction(id, 'submit', {}),
  discard: (id: number) => versionAction(id, 'discard', {}),
  returnVersion: (id: number, comment: string) => versionAction(id, 'return', { comment }),
  publish: (id: number, effectiveFrom: string) => versionAction(id, 'publish', { effectiveFrom }),
  reviewQueue: () => data(client.GET('/api/catalog/review-queue')),

  materials: (q?: string) => data(client.GET('/api/catalog/materials', { params: { query: { q } } })),
  createMaterial: (body: ApiBody<'/api/catalog/materials'>) => data(client.POST('/api/catalog/materials', { body })),
  updateMaterial: (id: number, body: ApiBody<'/api/catalog/materials/{id}', 'patch'>) =>
    data(client.PATCH('/api/catalog/materials/{id}', { ...path(id), body })),

  bundles: () => data(client.GET('/api/catalog/bundles')),
  bundle: (id: number) => data(client.GET('/api/catalog/bundles/{id}', path(id))),
  createBundle: (body: BundleInput) => data(client.POST('/api/catalog/bundles', { body })),
  updateBundle: (id: number, body: BundleInput) => data(client.PUT('/api/catalog/bundles/{id}', { ...path(id), body })),
};

type VersionActionPath = '/api/catalog/versions/{id}/actions/{action}';
function versionAction(
  id: number,
  action: NonNullable<paths[VersionActionPath]['post']>['parameters']['path']['action'],
  body: ApiBody<VersionActionPath>,
) {
  return data(client.POST('/api/catalog/versions/{id}/actions/{action}', { params: { path: { id, action } }, body }));
}

export const publicCatalogApi = {
  search: (query: SearchQuery) =>
    data(client.GET('/api/catalog/search', { params: { query: fromForm<ApiQuery<'/api/catalog/search'>>(query) } })),
  guide: (subItemId: number) => data(client.GET('/api/public/guide/{id}', path(subItemId))),
  bundles: () => data(client.GET('/api/public/bundles')),
  bundle: (id: number) => data(client.GET('/api/public/bundles/{id}', path(id))),
  browse: () => data(client.GET('/api/public/life-events')),
};

/** download URL of a catalog file (a plain link: the browser fetches it, not the JSON client) */
export const fileUrl = (id: number) => `/api/public/files/${id}`;

export const filesApi = {
  /** the file travels as base64 in the JSON body */
  upload: (body: ApiBody<'/api/catalog/files'>) => data(client.POST('/api/catalog/files', { body })),
  remove: (id: number) => data(client.DELETE('/api/catalog/files/{id}', path(id))),
};
