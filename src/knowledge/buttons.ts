/**
 * “点联系电话查看”, “点击“我要备案””, “选择 估算报销金额”: the buttons a text points the person to. Read the
 * same way by the content check (every answer's buttons among its followups, validate.ts) and by the
 * dialogue (an answer whose buttons are replaced — by the other questions of the message — keeps those
 * it points to).
 */
import type { IntentId } from '../domain/intents.js';

/** The words that point at a button. */
const POINTING = ['点击', '点选', '选择', '点'];

/** The intents whose label the text points at (after 点/点击/点选/选择, quotes and spaces aside), in order. */
export function pointedButtons(text: string, labels: ReadonlyArray<{ id: IntentId; label: string }>): IntentId[] {
  // The longest label first, so “我要备案” is not read as a shorter label inside it.
  const byLength = [...labels].sort((a, b) => b.label.length - a.label.length);
  const squeezed = text.replace(/[\s“”"「」『』]/g, '');
  const mentioned: IntentId[] = [];
  for (const verb of POINTING) {
    for (let at = squeezed.indexOf(verb); at >= 0; at = squeezed.indexOf(verb, at + 1)) {
      const after = squeezed.slice(at + verb.length);
      const hit = byLength.find((l) => after.startsWith(l.label));
      if (hit && !mentioned.includes(hit.id)) mentioned.push(hit.id);
    }
  }
  return mentioned;
}
