/**
 * The pre-filled filing form a filing flow ends with, read back from its signed link: the form,
 * what to bring and where to file (with the quoted sources), or why the link is refused. The web
 * channel prints it; it never sees the token secret or the knowledge base.
 */
import type { Source } from '../domain/reply.js';
import { filingGuide, type FilingGuide } from '../knowledge/filing-guide.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { verifyFilingToken, type FilingForm } from '../rules/filing-token.js';

export type { FilingForm } from '../rules/filing-token.js';

export interface FilingFormView {
  form: FilingForm;
  expiresAt: Date;
  guide: Omit<FilingGuide, 'citations'>;
  /** Said above the lists when they are the national rules (全国统一规定 with the 文号). */
  levelLabel?: string;
  sources: Source[];
}

export type FilingFormRead =
  | { ok: true; view: FilingFormView }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export interface FilingForms {
  read(token: string, now: Date): FilingFormRead;
}

export function createFilingForms(kb: KnowledgeBase, secret: string): FilingForms {
  return {
    read(token, now) {
      const check = verifyFilingToken(token, secret, now);
      if (!check.ok) return { ok: false, reason: check.reason };
      const { form } = check;
      const { citations, ...guide } = filingGuide(kb, form.insured_region, form.person_category, form.destination);
      // An uncovered insured place filing across provinces gets the national lists, labelled as such.
      const levelLabel = guide.level === 'national' ? kb.say('national.filing.label', { documents: kb.documentNumbers(citations) }) : undefined;
      return { ok: true, view: { form, expiresAt: check.expiresAt, guide, ...(levelLabel ? { levelLabel } : {}), sources: kb.sources(citations) } };
    },
  };
}
