/**
 * The text a reader sees in an HTML document or fragment, as a browser's innerText gives it
 * (hast-util-to-text): inline elements run together, blocks on their own lines, whitespace
 * collapsed as CSS does (a line break in the source becomes a space, as in Chromium), scripts,
 * styles and attribute values left out.
 */
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';

export const visibleText = (html: string): string => toText(fromHtml(html));
