/**
 * The mood of faces in a message: WeChat's bracketed codes ([大哭]), its old codes (/::(), emoji and typed faces,
 * as corpus/nlu/lexicon.yaml's wechatEmoji lists them — the same lexicon the normaliser reads the codes from,
 * so a face's code and its mood live in one file.
 */
import type { Lexicon } from '../knowledge/schema.js';
import { loadLexicon } from './index.js';
import { escapeRegExp as escape } from './regexp.js';


/** The faces that say the person is upset or the answer did not help, as the lexicon lists them. */
export function createUnhappyFaces(emoji: Pick<Lexicon['wechatEmoji'], 'unhappy' | 'unhappyTyped'>): UnhappyFaces {
  // Longest first, so that a longer typed face is not read as a shorter one inside it.
  const forms = [...emoji.unhappy.map((code) => `[${code}]`), ...emoji.unhappyTyped].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(forms.map(escape).join('|'), 'giu');
  return {
    in: (text) => { pattern.lastIndex = 0; return pattern.test(text); },
    without: (text) => text.replace(pattern, ' '),
  };
}

/** Reading a text's unhappy faces: whether it holds one, and the text without them (“T_T”, typed with letters, alone). */
export interface UnhappyFaces {
  in(text: string): boolean;
  without(text: string): string;
}

let unhappyRead: UnhappyFaces | undefined;

/** `createUnhappyFaces` on the project's lexicon, read once per process like the rest of the lexicon. */
export function unhappyFaces(): UnhappyFaces {
  unhappyRead ??= createUnhappyFaces(loadLexicon().wechatEmoji);
  return unhappyRead;
}
