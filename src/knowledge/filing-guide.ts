/**
 * What to bring and where to file, for an insured region and person category: a knowledge query
 * shared by the filing flow and the printed filing form.
 */
import type { PersonCategory, Region } from '../domain/types.js';
import type { KnowledgeBase } from './base.js';
import type { Citation } from './schema.js';

export interface FilingGuide {
  materials: string[];
  materialsNote?: string;
  channels: string[];
  citations: Citation[];
  /** The insured region has no notice in the corpus. */
  covered: boolean;
}

export function filingGuide(kb: KnowledgeBase, insured: Region, category: PersonCategory, destination?: Region): FilingGuide {
  const covered = kb.covering(insured);
  if (!covered) return { materials: [], channels: [], citations: [], covered: false };
  const facts = kb.knowledge.facts;
  const materials = facts.materials.find((m) => m.region.code === covered.code && m.person_category === category)
    ?? (category === 'emergency' ? facts.materials.find((m) => m.region.code === covered.code && m.person_category === 'referral') : undefined);
  const sameProvince = destination !== undefined && destination.code.slice(0, 2) === insured.code.slice(0, 2);
  const channelRows = facts.filingChannels.filter((c) => c.region.code === covered.code &&
    (c.scope === 'any' || c.scope === (sameProvince ? 'in_province' : 'cross_province')));
  return {
    materials: materials?.items ?? [],
    ...(materials?.note ? { materialsNote: materials.note } : {}),
    channels: channelRows.flatMap((c) => c.channels),
    citations: [...(materials ? [materials.citation] : []), ...channelRows.map((c) => c.citation)],
    covered: true,
  };
}

