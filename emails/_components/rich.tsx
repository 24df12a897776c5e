import { Fragment, type ReactNode } from 'react';
import type { Slot } from '../_messages/types.ts';

/**
 * Fills a translated sentence's `{slot}`s with markup: `fill('Order for {org}', { org: <strong>…</strong> })`.
 * The sentence comes from a locale's messages, never from request data, so no data is parsed here.
 */
export function fill<K extends string>(sentence: Slot<K>, slots: Record<K, ReactNode>): ReactNode {
  const parts = sentence.split(/\{(\w+)\}/);
  return parts.map((part, i) => (
    // Odd indexes are slot names (the split's capture group), even ones text between them.
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence never reorder
    <Fragment key={i}>{i % 2 === 1 ? (slots as Record<string, ReactNode>)[part] : part}</Fragment>
  ));
}
