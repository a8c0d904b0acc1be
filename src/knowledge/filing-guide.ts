/**
 * What to bring and where to file, for an insured region and person category: a knowledge query
 * shared by the filing flow and the printed filing form. A covered region's notice answers; for
 * any other insured place filing across provinces, the national lists and channels do, labelled
 * as national — never a covered region's form or list dressed as theirs.
 */
import type { PersonCategory, Region } from '../domain/types.js';
import type { KnowledgeBase, RuleLevel } from './base.js';
import { sameProvince as inOneProvince } from './coverage.js';
import type { Citation } from './schema.js';

export interface FilingGuide {
  materials: string[];
  materialsNote?: string;
  channels: string[];
  citations: Citation[];
  /** The insured region has no notice in the corpus. */
  covered: boolean;
  /** Whose lists these are: the insured region's notice, the national rules, or none. */
  level: RuleLevel;
  /** The insured region's notice says this category, going where it goes, needs no filing. */
  notNeeded?: boolean;
}

export function filingGuide(kb: KnowledgeBase, insured: Region, category: PersonCategory, destination?: Region): FilingGuide {
  const covered = kb.covering(insured);
  const facts = kb.knowledge.facts;
  const sameProvince = destination !== undefined && inOneProvince(destination.code, insured.code);
  if (!covered) {
    // the national rules speak of cross-province filing only
    if (sameProvince) return { materials: [], channels: [], citations: [], covered: false, level: 'none' };
    const materials = facts.materials.find((m) => !m.region && m.person_category === category);
    const channelRows = facts.filingChannels.filter((c) => !c.region && c.scope !== 'in_province');
    return guide(materials, channelRows, false, materials || channelRows.length ? 'national' : 'none');
  }
  const materials = facts.materials.find((m) => m.region?.code === covered.code && m.person_category === category)
    ?? (category === 'emergency' ? facts.materials.find((m) => m.region?.code === covered.code && m.person_category === 'referral') : undefined);
  const channelRows = facts.filingChannels.filter((c) => c.region?.code === covered.code &&
    (c.scope === 'any' || c.scope === (sameProvince ? 'in_province' : 'cross_province')));
  const notNeeded = materials?.not_needed === (sameProvince ? 'in_province' : 'cross_province');
  return { ...guide(materials, channelRows, true, 'local'), ...(notNeeded ? { notNeeded } : {}) };
}

type MaterialsRow = KnowledgeBase['knowledge']['facts']['materials'][number];
type ChannelRow = KnowledgeBase['knowledge']['facts']['filingChannels'][number];

function guide(materials: MaterialsRow | undefined, channelRows: ChannelRow[], covered: boolean, level: RuleLevel): FilingGuide {
  return {
    materials: materials?.items ?? [],
    ...(materials?.note ? { materialsNote: materials.note } : {}),
    channels: channelRows.flatMap((c) => c.channels),
    citations: [...(materials ? [materials.citation] : []), ...channelRows.map((c) => c.citation)],
    covered,
    level,
  };
}
