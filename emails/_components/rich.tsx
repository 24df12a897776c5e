import { Fragment, isValidElement, type ReactNode } from 'react';
import type { Slot } from '../_messages/types.ts';

/** What a sentence needs to know of its locale's grammar to take a slot (LocalizedFacts has it). */
export interface SlotGrammar {
  /** The text before a slot, made to agree with the slot's text (French: “de ” + “Adatum” → “d’”). */
  beforeSlot: (before: string, slotText: string) => string;
  /** The text after a slot, made to agree with it (Japanese: no space after a Japanese name). */
  afterSlot: (slotText: string, after: string) => string;
}

/** The text a node shows: for a slot's grammar, never rendered. */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

/**
 * Fills a translated sentence's `{slot}`s with markup: `fill('Order for {org}', { org: <strong>…</strong> }, facts)`.
 * The sentence comes from a locale's messages, never from request data, so no data is parsed
 * here; the words before each slot follow the locale's grammar for what fills it.
 */
export function fill<K extends string>(
  sentence: Slot<K>,
  slots: Record<K, ReactNode>,
  grammar: SlotGrammar,
): ReactNode {
  const parts = sentence.split(/\{(\w+)\}/);
  const values = slots as Record<string, ReactNode>;
  for (let i = 1; i < parts.length; i += 2) {
    const slotText = textOf(values[parts[i] ?? '']);
    parts[i - 1] = grammar.beforeSlot(parts[i - 1] ?? '', slotText);
    parts[i + 1] = grammar.afterSlot(slotText, parts[i + 1] ?? '');
  }
  return parts.map((part, i) => (
    // Odd indexes are slot names (the split's capture group), even ones text between them.
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence never reorder
    <Fragment key={i}>{i % 2 === 1 ? values[part] : part}</Fragment>
  ));
}
