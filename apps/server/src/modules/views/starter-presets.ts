import type { ItemTypeDef, ItemTypeName, MessageKey } from '@vinculo/shared';
import { currentUserValue } from '../items/filter.ts';
import type { PresetTerm } from './preset-filter.ts';

/**
 * The saved filters every user starts with, per item type, named in the user's language. Fields come from the
 * type's metadata (its responsible person, its stage group: P in progress, S won/converted, F lost/junk); `@me` is
 * whoever uses the preset.
 */

export interface StarterPreset {
  name: MessageKey;
  filter: PresetTerm[];
}

const mine: PresetTerm = { field: 'assignedById', op: 'eq', value: currentUserValue };
/** No open activity: the list's "nothing planned" (the item's next activity time is empty). */
const nothingPlanned: PresetTerm = { field: 'nextActivityAt', op: 'empty', value: true };
const inGroup = (type: ItemTypeDef, semantic: 'P' | 'S'): PresetTerm[] => (type.stages ? [{ field: type.stages.semanticField, op: 'eq', value: semantic }] : []);

const starters: Record<ItemTypeName, (type: ItemTypeDef) => StarterPreset[]> = {
  deal: (type) => [
    { name: 'preset.myDealsInProgress', filter: [mine, ...inGroup(type, 'P')] },
    { name: 'preset.wonDeals', filter: inGroup(type, 'S') },
    { name: 'preset.dealsNothingPlanned', filter: [mine, ...inGroup(type, 'P'), nothingPlanned] },
  ],
  lead: (type) => [
    { name: 'preset.myLeads', filter: [mine] },
    { name: 'preset.leadsInProgress', filter: inGroup(type, 'P') },
    { name: 'preset.leadsNothingPlanned', filter: [mine, ...inGroup(type, 'P'), nothingPlanned] },
  ],
  contact: () => [{ name: 'preset.myContacts', filter: [mine] }],
  company: () => [{ name: 'preset.myCompanies', filter: [mine] }],
};

/** The starter presets of a type (a type without stages gets none that need them). */
export const starterPresets = (type: ItemTypeDef): StarterPreset[] => starters[type.name](type).filter((preset) => preset.filter.length > 0);
