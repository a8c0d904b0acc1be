/**
 * Reads corpus/ and intents/ into a typed, validated Knowledge. Every file is checked by its zod
 * schema; every problem is kept (not only the first) as a ContentError with the file, the line and
 * column, the path inside the file and the problem in words. Cross-file checks live in validate.ts.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ContentError, ContentErrors } from '../errors.js';
import { renderFactPlaceholders } from './figures.js';
import { RegionNames, regionPreparer, type Prepare } from './region-names.js';
import {
  ChronicFileSchema, ContactsFileSchema, DeadlinesFileSchema, DocumentsFileSchema,
  FilingChannelsFileSchema, IntentFileSchema, MaterialsFileSchema, RatesFileSchema,
  PromptsFileSchema, ReferralFileSchema, RulesFileSchema, DiagnosisFileSchema, ConflictsFileSchema,
  type Citation, type DocumentMeta, type IntentFile,
} from './schema.js';
import { ContentSources } from './sources.js';
import { FlowFileSchema, type FlowFile } from './flows.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SourceDocument extends DocumentMeta {
  text: string;
}

export interface Facts {
  rates: z.infer<typeof RatesFileSchema>['tables'];
  selfPayFirst: z.infer<typeof RulesFileSchema>['self_pay_first'];
  /** The notices that make the 户籍 moved part of who is an 异地安置退休人员. */
  resettledByRegistration: z.infer<typeof RulesFileSchema>['resettled_by_registration'];
  /** The areas a national document says have tried 视同备案 or 免备案 inside them (京津冀、长三角). */
  filingTrialAreas: z.infer<typeof RulesFileSchema>['filing_trial_areas'];
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

/** Where each kind of fact lives, and the key its records sit under in that file. */
export const FACT_FILES: Record<keyof Facts, { file: string; key?: string }> = {
  rates: { file: 'corpus/facts/rates.yaml', key: 'tables' },
  selfPayFirst: { file: 'corpus/facts/rules.yaml', key: 'self_pay_first' },
  resettledByRegistration: { file: 'corpus/facts/rules.yaml', key: 'resettled_by_registration' },
  filingTrialAreas: { file: 'corpus/facts/rules.yaml', key: 'filing_trial_areas' },
  deadlines: { file: 'corpus/facts/deadlines.yaml', key: 'deadlines' },
  contacts: { file: 'corpus/facts/contacts.yaml', key: 'contacts' },
  referralHospitals: { file: 'corpus/facts/referral.yaml', key: 'referral_hospitals' },
  chronicDiseases: { file: 'corpus/facts/chronic.yaml', key: 'chronic_diseases' },
  filingChannels: { file: 'corpus/facts/filing-channels.yaml', key: 'filing_channels' },
  materials: { file: 'corpus/facts/materials.yaml', key: 'materials' },
  diagnosis: { file: 'corpus/facts/diagnosis.yaml' },
  conflicts: { file: 'corpus/facts/conflicts.yaml', key: 'conflicts' },
  nationalFigures: { file: 'corpus/facts/conflicts.yaml', key: 'national_figures' },
  superseded: { file: 'corpus/facts/conflicts.yaml', key: 'superseded' },
};

const FACT_SCHEMAS = {
  rates: RatesFileSchema, selfPayFirst: RulesFileSchema, resettledByRegistration: RulesFileSchema, filingTrialAreas: RulesFileSchema, deadlines: DeadlinesFileSchema, contacts: ContactsFileSchema,
  referralHospitals: ReferralFileSchema, chronicDiseases: ChronicFileSchema, filingChannels: FilingChannelsFileSchema,
  materials: MaterialsFileSchema, diagnosis: DiagnosisFileSchema,
  conflicts: ConflictsFileSchema, nationalFigures: ConflictsFileSchema, superseded: ConflictsFileSchema,
} satisfies Record<keyof Facts, z.ZodType>;

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
  /**
   * The YAML behind it, to place problems found later; absent for knowledge built in memory. Not
   * enumerable (see withSources): a copy or a structuredClone of the knowledge is plain data.
   */
  readonly sources?: ContentSources;
  /** flows/*.yaml: the multi-turn flows as declared. */
  flows: FlowFile[];
}

/** Everything that could be read, and every problem met while reading. */
export interface ReadContent {
  documents?: SourceDocument[];
  intents: IntentFile[];
  facts: Partial<Facts>;
  prompts: Map<string, LoadedPrompt>;
  flows: FlowFile[];
  sources: ContentSources;
  problems: ContentError[];
  /** Files that did not load, so later checks do not report what follows from that. */
  failed: Set<string>;
}


/**
 * What the yaml package's commonest errors usually mean, in the editors' words (its own message, in English,
 * follows): an editor met “Nested mappings are not allowed in compact mappings” for a colon in a title.
 */
const YAML_HINTS: Partial<Record<string, string>> = {
  BAD_INDENT: '缩进不对：同一层的行要对齐，用空格，不用 Tab',
  TAB_AS_INDENT: '用了 Tab 缩进：请改成空格',
  MISSING_CHAR: '缩进不对或少了符号：检查这一行和上一行的缩进、“- ”、冒号和成对的引号、括号',
  BLOCK_AS_IMPLICIT_KEY: '一行里有两个“: ”，或缩进不对：文字里的冒号请用中文“：”，或把整段文字用引号括起来',
  MULTILINE_IMPLICIT_KEY: '缩进不对，或上一行少了冒号',
  DUPLICATE_KEY: '同一个字段写了两次',
  BAD_SCALAR_START: '文字以特殊符号开头：整段文字请用引号括起来',
  UNEXPECTED_TOKEN: '多了或少了符号：检查缩进、冒号和“- ”',
};

/** zod's messages in Chinese (its zh-CN locale), for content problems only: the API's stay in English. */
const CONTENT_ERRORS = z.locales.zhCN().localeError;

/** Reads YAML files against their schemas, keeping every problem with its position. */
export class ContentReader {
  readonly sources = new ContentSources();
  readonly problems: ContentError[] = [];
  readonly failed = new Set<string>();

  constructor(readonly root: string) {}

  problem(file: string, path: ReadonlyArray<string | number>, text: string, atKey = false): void {
    this.problems.push(new ContentError(file, path, text, this.sources.locate(file, path, atKey)));
    this.failed.add(file);
  }

  /** The file's data, or undefined after recording why it could not be read. */
  read<S extends z.ZodType>(file: string, schema: S, prepare?: Prepare): z.infer<S> | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.root, file), 'utf8');
    } catch (err) {
      this.problem(file, [], `读不出这个文件：${(err as Error).message}`);
      return undefined;
    }
    const doc = this.sources.parse(file, text);
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const words = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const hint = YAML_HINTS[e.code];
        this.problems.push(new ContentError(file, [], `YAML 格式有误${hint ? `（${hint}）` : ''}：${words}`, this.sources.offset(file, e.pos[0])));
      }
      this.failed.add(file);
      return undefined;
    }
    let data: unknown = doc.toJS();
    const reported = new Set<string>();
    if (prepare) {
      data = prepare(data, (path, problem) => {
        reported.add(path.join('.'));
        this.problem(file, path, problem);
      });
    }
    // In Chinese, for the 医保 staff who edit the content (docs/content-guide.md): zod's own words for a
    // wrong type, a misspelt key, a value out of range; the schemas' own messages stay as written.
    const result = schema.safeParse(data, { error: CONTENT_ERRORS });
    if (!result.success) {
      const first = this.problems.length;
      for (const issue of result.error.issues) {
        if (reported.has(issue.path.join('.'))) continue; // already said in words by prepare
        // An unknown key is best shown at the key itself.
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          const path = key === undefined ? issue.path : [...issue.path, key];
          this.problem(file, path.map((p) => (typeof p === 'symbol' ? String(p) : p)), issue.message, key !== undefined);
        }
      }
      // Top to bottom, as an editor goes through the file.
      const mine = this.problems.splice(first).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
      this.problems.push(...mine);
      return undefined;
    }
    return reported.size > 0 ? undefined : result.data;
  }
}

/**
 * YAML files already parsed by the build, for a start whose content is unchanged since (the
 * content snapshot carries them: src/knowledge/snapshot.ts), by content root and file.
 */
const preparsed = new Map<string, Map<string, unknown>>();

/** Lets readYamlFile take these files' data (as parsed from YAML, before the schema) instead of parsing them again. */
export function usePreparsedYaml(root: string, files: Record<string, unknown>): void {
  preparsed.set(root, new Map(Object.entries(files)));
}

/** One YAML file's data as parsed, before its schema (what readYamlFile checks); undefined when it cannot be read or is not valid YAML. */
export function parseYamlData(root: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const doc = new ContentSources().parse(file, text);
  return doc.errors.length > 0 ? undefined : doc.toJS();
}

/** Parses one YAML file with a schema; every problem is thrown at once (ContentErrors). */
export function readYamlFile<S extends z.ZodType>(root: string, file: string, schema: S): z.infer<S> {
  const parsed = preparsed.get(root)?.get(file);
  if (parsed !== undefined) {
    // Checked as ever; a problem (there can be none: the build checked the same data) is placed by reading the file.
    const checked = schema.safeParse(parsed);
    if (checked.success) return checked.data;
  }
  const reader = new ContentReader(root);
  const data = reader.read(file, schema);
  if (data === undefined) throw new ContentErrors(reader.problems);
  return data;
}

function readDocuments(reader: ContentReader): { meta?: DocumentMeta[]; documents?: SourceDocument[] } {
  const file = 'corpus/documents.yaml';
  const meta = reader.read(file, DocumentsFileSchema)?.documents;
  if (!meta) return {};
  const documents: SourceDocument[] = [];
  meta.forEach((m, i) => {
    const path = join(reader.root, 'corpus', m.file);
    if (existsSync(path)) documents.push({ ...m, text: readFileSync(path, 'utf8') });
    else reader.problem(file, ['documents', i, 'file'], `没有文件 corpus/${m.file}`);
  });
  return documents.length === meta.length ? { meta, documents } : { meta };
}

// A document without a region (a national rule, where the content has them) names none.
const namesOf = (meta: readonly DocumentMeta[] | undefined) => meta && new RegionNames(meta.flatMap((d) => (d.region ? [d.region] : [])));

function readIntents(reader: ContentReader, names: RegionNames | undefined): IntentFile[] {
  const dir = join(reader.root, 'intents');
  const prepare = regionPreparer(names)('code');
  const intents: IntentFile[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const file = relative(reader.root, join(dir, f));
    const intent = reader.read(file, IntentFileSchema, prepare);
    if (!intent) continue;
    if (`${intent.id}.yaml` !== f) reader.problem(file, ['id'], `id ${intent.id} 和文件名不一致`);
    else intents.push(intent);
  }
  return intents;
}

function readFacts(reader: ContentReader, names: RegionNames | undefined): Partial<Facts> {
  const prepare = regionPreparer(names)('object');
  const facts: Partial<Record<keyof Facts, unknown>> = {};
  // One file may hold several kinds (under different keys): read it once.
  const files = new Map<string, Record<string, unknown> | undefined>();
  for (const kind of Object.keys(FACT_FILES) as Array<keyof Facts>) {
    const { file, key } = FACT_FILES[kind];
    if (!files.has(file)) files.set(file, reader.read(file, FACT_SCHEMAS[kind], prepare) as Record<string, unknown> | undefined);
    const data = files.get(file);
    if (data) facts[kind] = key ? data[key] : data;
  }
  return facts as Partial<Facts>;
}

function readPrompts(reader: ContentReader): Map<string, LoadedPrompt> {
  const dir = join(reader.root, 'prompts');
  const prompts = new Map<string, LoadedPrompt>();
  if (!existsSync(dir)) return prompts;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const file = relative(reader.root, join(dir, f));
    for (const [id, p] of Object.entries(reader.read(file, PromptsFileSchema)?.prompts ?? {})) {
      const other = prompts.get(id);
      if (other) reader.problem(file, ['prompts', id], `在 ${other.file} 里也有同名的一句：id 只能用一次`);
      else prompts.set(id, typeof p === 'string' ? { text: p, citations: [], file } : { ...p, file });
    }
  }
  return prompts;
}

/** flows/*.yaml, each named as its file. */
function readFlows(reader: ContentReader): FlowFile[] {
  const dir = join(reader.root, 'flows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => {
    const file = relative(reader.root, join(dir, f));
    const flow = reader.read(file, FlowFileSchema);
    if (!flow) return [];
    if (`${flow.name}.yaml` !== f) reader.problem(file, ['name'], `name ${flow.name} 和文件名不一致`);
    return [flow];
  });
}

/** The flow declarations alone (tests that build the rest of the knowledge in memory). */
export function loadFlows(root = PROJECT_ROOT): FlowFile[] {
  const reader = new ContentReader(root);
  const flows = readFlows(reader);
  if (reader.problems.length > 0) throw new ContentErrors(reader.problems);
  return flows;
}

/**
 * Reads everything that can be read, recording every problem. Answers that name a fact
 * (`{hotline}`, `{windows}`, `{materials}` …) get it filled in from corpus/facts/ here, so one value has one home.
 */
export function readContent(root = PROJECT_ROOT): ReadContent {
  const reader = new ContentReader(root);
  const { meta, documents } = readDocuments(reader);
  const names = namesOf(meta);
  const facts = readFacts(reader, names);
  const intents = readIntents(reader, names);
  const prompts = readPrompts(reader);
  const flows = readFlows(reader);
  if (facts.contacts && names) {
    for (const p of renderFactPlaceholders(intents, { contacts: facts.contacts, ...(facts.materials ? { materials: facts.materials } : {}) }, names)) {
      reader.problems.push(new ContentError(p.file, p.path, p.problem, reader.sources.locateIn(p.file, p.path, p.needle)));
      reader.failed.add(p.file);
    }
  }
  return {
    ...(documents ? { documents } : {}), intents, facts, prompts, flows,
    sources: reader.sources, problems: reader.problems, failed: reader.failed,
  };
}

/** One intent file alone (scripts/check-intents.ts), region names resolved; every problem thrown at once. */
export function readIntentFile(root: string, file: string): IntentFile {
  const reader = new ContentReader(root);
  const names = namesOf(reader.read('corpus/documents.yaml', DocumentsFileSchema)?.documents);
  const intent = reader.read(file, IntentFileSchema, regionPreparer(names)('code'));
  if (!intent) throw new ContentErrors(reader.problems);
  return intent;
}

/** The intent files alone (for the NLU); region names resolved, facts not filled in. */
export function loadIntentFiles(root = PROJECT_ROOT): IntentFile[] {
  const reader = new ContentReader(root);
  const intents = readIntents(reader, namesOf(reader.read('corpus/documents.yaml', DocumentsFileSchema)?.documents));
  if (reader.problems.length > 0) throw new ContentErrors(reader.problems);
  return intents;
}

/** Every prompts/*.yaml file merged into one map; an id defined twice is an error. */
export function loadPrompts(root = PROJECT_ROOT): Map<string, LoadedPrompt> {
  const reader = new ContentReader(root);
  const prompts = readPrompts(reader);
  if (reader.problems.length > 0) throw new ContentErrors(reader.problems);
  return prompts;
}

/** Knowledge with its YAML sources attached as a non-enumerable property (spreads and clones skip them). */
export function withSources(k: Omit<Knowledge, 'sources'>, sources: ContentSources): Knowledge {
  return Object.defineProperty(k, 'sources', { value: sources, enumerable: false }) as Knowledge;
}

/** Loads everything; throws every loading problem at once (ContentErrors). Cross-file checks: validate.ts. */
export function loadKnowledge(root = PROJECT_ROOT): Knowledge {
  const read = readContent(root);
  if (read.problems.length > 0 || !read.documents) throw new ContentErrors(read.problems);
  return withSources({ documents: read.documents, intents: read.intents, facts: read.facts as Facts, prompts: read.prompts, flows: read.flows }, read.sources);
}
