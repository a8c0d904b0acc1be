/**
 * Reads corpus/ and intents/ into a typed, validated Knowledge. Every file is checked by its zod
 * schema; a failure names the file, the path inside it and the problem (ContentError).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ContentError } from '../errors.js';
import {
  ChronicFileSchema, ContactsFileSchema, DeadlinesFileSchema, DocumentsFileSchema,
  FilingChannelsFileSchema, IntentFileSchema, MaterialsFileSchema, RatesFileSchema,
  PromptsFileSchema, ReferralFileSchema, RulesFileSchema, DiagnosisFileSchema, ConflictsFileSchema,
  type Citation, type DocumentMeta, type IntentFile,
} from './schema.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SourceDocument extends DocumentMeta {
  text: string;
}

export interface Facts {
  rates: z.infer<typeof RatesFileSchema>['tables'];
  selfPayFirst: z.infer<typeof RulesFileSchema>['self_pay_first'];
  deadlines: z.infer<typeof DeadlinesFileSchema>['deadlines'];
  contacts: z.infer<typeof ContactsFileSchema>['contacts'];
  referralHospitals: z.infer<typeof ReferralFileSchema>['referral_hospitals'];
  chronicDiseases: z.infer<typeof ChronicFileSchema>['chronic_diseases'];
  filingChannels: z.infer<typeof FilingChannelsFileSchema>['filing_channels'];
  materials: z.infer<typeof MaterialsFileSchema>['materials'];
  diagnosis: z.infer<typeof DiagnosisFileSchema>;
  /** Local-vs-national differences, national figures, superseded 2022 wording. */
  conflicts: z.infer<typeof ConflictsFileSchema>['conflicts'];
  nationalFigures: z.infer<typeof ConflictsFileSchema>['national_figures'];
  superseded: z.infer<typeof ConflictsFileSchema>['superseded'];
}

/** A sentence of prompts/*.yaml, with the file it came from (for errors). */
export interface LoadedPrompt {
  text: string;
  citations: Citation[];
  file: string;
}

export interface Knowledge {
  documents: SourceDocument[];
  intents: IntentFile[];
  facts: Facts;
  prompts: Map<string, LoadedPrompt>;
}

/** Parses one YAML file with a schema; errors carry the file and the path inside it. */
export function readYamlFile<S extends z.ZodType>(root: string, file: string, schema: S): z.infer<S> {
  const full = join(root, file);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new ContentError(file, '', `not valid YAML: ${(err as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ContentError(file, issue.path.join('.'), issue.message);
  }
  return result.data;
}

function loadDocuments(root: string): SourceDocument[] {
  const meta = readYamlFile(root, 'corpus/documents.yaml', DocumentsFileSchema).documents;
  return meta.map((m, i) => {
    const path = join(root, 'corpus', m.file);
    if (!existsSync(path)) {
      throw new ContentError('corpus/documents.yaml', `documents.${i}.file`, `no file ${m.file}`);
    }
    return { ...m, text: readFileSync(path, 'utf8') };
  });
}

function loadFacts(root: string): Facts {
  const fact = <S extends z.ZodType>(name: string, schema: S): z.infer<S> =>
    readYamlFile(root, `corpus/facts/${name}.yaml`, schema);
  return {
    rates: fact('rates', RatesFileSchema).tables,
    selfPayFirst: fact('rules', RulesFileSchema).self_pay_first,
    deadlines: fact('deadlines', DeadlinesFileSchema).deadlines,
    contacts: fact('contacts', ContactsFileSchema).contacts,
    referralHospitals: fact('referral', ReferralFileSchema).referral_hospitals,
    chronicDiseases: fact('chronic', ChronicFileSchema).chronic_diseases,
    filingChannels: fact('filing-channels', FilingChannelsFileSchema).filing_channels,
    materials: fact('materials', MaterialsFileSchema).materials,
    diagnosis: fact('diagnosis', DiagnosisFileSchema),
    ...conflictFacts(root),
  };
}

function conflictFacts(root: string): Pick<Facts, 'conflicts' | 'nationalFigures' | 'superseded'> {
  const file = readYamlFile(root, 'corpus/facts/conflicts.yaml', ConflictsFileSchema);
  return { conflicts: file.conflicts, nationalFigures: file.national_figures, superseded: file.superseded };
}

export function loadIntentFiles(root = PROJECT_ROOT): IntentFile[] {
  const dir = join(root, 'intents');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = relative(root, join(dir, f));
      const intent = readYamlFile(root, file, IntentFileSchema);
      if (`${intent.id}.yaml` !== f) {
        throw new ContentError(file, 'id', `id ${intent.id} does not match the file name`);
      }
      return intent;
    });
}

/** Every prompts/*.yaml file merged into one map; an id defined twice is an error. */
export function loadPrompts(root = PROJECT_ROOT): Map<string, LoadedPrompt> {
  const dir = join(root, 'prompts');
  const prompts = new Map<string, LoadedPrompt>();
  if (!existsSync(dir)) return prompts;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const file = relative(root, join(dir, f));
    for (const [id, p] of Object.entries(readYamlFile(root, file, PromptsFileSchema).prompts)) {
      const other = prompts.get(id);
      if (other) throw new ContentError(file, `prompts.${id}`, `also defined in ${other.file}`);
      prompts.set(id, typeof p === 'string' ? { text: p, citations: [], file } : { ...p, file });
    }
  }
  return prompts;
}

/** Loads and validates everything; cross-file checks live in validate.ts. */
export function loadKnowledge(root = PROJECT_ROOT): Knowledge {
  return {
    documents: loadDocuments(root), intents: loadIntentFiles(root), facts: loadFacts(root), prompts: loadPrompts(root),
  };
}
