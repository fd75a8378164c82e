/** Who may do what with the catalog (事项清单). Deny by default; see platform/authz.ts. */
import { ROLES } from '../../../common/roles.js';
import type { Policy } from '../../platform/authz.js';

export type CatalogAbility =
  | 'catalog.browse'
  | 'item.create'
  | 'item.edit'
  | 'material.manage'
  | 'checklist.draft'
  | 'checklist.review'
  | 'checklist.view_drafts'
  | 'bundle.manage';

const centre = { roles: ['catalog_admin'], scope: 'all' } as const;
const department = { roles: ['dept_catalog_editor'], scope: 'department' } as const;

export const catalogPolicy: Policy<CatalogAbility> = {
  'catalog.browse': [{ roles: ROLES, scope: 'all' }],
  'item.create': [centre],
  'item.edit': [centre, department],
  'material.manage': [centre],
  // The department drafts and confirms (盖章确认) its own checklists; the centre reviews and publishes.
  'checklist.draft': [department],
  'checklist.review': [centre],
  'checklist.view_drafts': [centre, department],
  'bundle.manage': [centre],
};
