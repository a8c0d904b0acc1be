/**
 * The YAML text behind the loaded content, kept so that a problem found after parsing (a bad
 * quote, a figure that disagrees with its fact record) can still be placed at a line and column.
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { ContentPosition } from '../errors.js';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;
/**
 * The YAML library when a file is first parsed: a built start whose content snapshot is current
 * parses none, and loading it cost that start ~28 ms of CPU before the first answer.
 */
const yaml = (): Yaml => (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);

interface YamlSource {
  text: string;
  doc: Document;
  lines: LineCounter;
}

export class ContentSources {
  private readonly files = new Map<string, YamlSource>();

  /** Parses `text` as the content of `file`, remembering it for later look-ups. */
  parse(file: string, text: string): Document {
    const { LineCounter, parseDocument } = yaml();
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    this.files.set(file, { text, doc, lines });
    return doc;
  }

  /** The file's data as parsed, before any schema (what parseYamlData gives); undefined when not read here or not valid YAML. */
  data(file: string): unknown {
    const src = this.files.get(file);
    return src && src.doc.errors.length === 0 ? src.doc.toJS() : undefined;
  }

  /**
   * The position of the node at `path` in `file`, or of its nearest existing ancestor. With
   * `atKey`, the position of the last segment's key rather than its value (an unknown key).
   */
  locate(file: string, path: ReadonlyArray<string | number>, atKey = false): ContentPosition | undefined {
    const src = this.files.get(file);
    if (!src) return undefined;
    const range = nodeRange(src.doc, path, atKey);
    return range ? position(src.lines, range[0]) : undefined;
  }

  /** The position of a character offset in `file` (a YAML syntax error's). */
  offset(file: string, offset: number): ContentPosition | undefined {
    const src = this.files.get(file);
    return src ? position(src.lines, offset) : undefined;
  }

  /**
   * The position of `needle` inside the scalar at `path` (a figure inside an answer text), or the
   * scalar's own position when the needle is not written there as such (folded or rendered text).
   */
  locateIn(file: string, path: ReadonlyArray<string | number>, needle: string): ContentPosition | undefined {
    const src = this.files.get(file);
    if (!src) return undefined;
    const range = nodeRange(src.doc, path, false);
    if (!range) return undefined;
    const at = src.text.slice(range[0], range[1]).indexOf(needle);
    return position(src.lines, at >= 0 ? range[0] + at : range[0]);
  }
}

function position(lines: LineCounter, offset: number): ContentPosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Walks maps and sequences along `path`; stops at the deepest node that exists. */
function nodeRange(doc: Document, path: ReadonlyArray<string | number>, atKey: boolean): readonly [number, number] | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let range = (node as { range?: [number, number, number] } | null)?.range;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (atKey && i === path.length - 1) {
        const key = (pair.key as { range?: [number, number, number] }).range;
        return key && [key[0], key[1]];
      }
      const value = pair.value as { range?: [number, number, number] } | null;
      // `key:` with nothing after it has no value node: point at the key.
      range = value?.range ?? (pair.key as { range?: [number, number, number] }).range;
      node = pair.value;
      if (!value?.range) break;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as { range?: [number, number, number] } | undefined;
      if (!item?.range) break;
      range = item.range;
      node = item;
    } else {
      break;
    }
  }
  return range ? [range[0], range[1]] : undefined;
}
