import { decodeHTML, decodeHTMLAttribute } from 'entities/lib/decode.js';

/**
 * The plain-text version of an email: the rules of `unstableToPlainText` in React Email's
 * render package (2.3.1): blocks and their line breaks, list prefixes, links written out
 * unless their text is the link, `data-skip-in-text`. It reads the markup in one pass with
 * `indexOf` instead of a general HTML parser, and writes the text as the tags go by instead of
 * building a tree first: 25 µs for the activation email, against 70 µs when it built a tree
 * from a regular expression's tokens and 175-200 µs for React Email's converter (whose parser
 * alone took as long as React took to render the email). It reads markup as React writes it
 * (tags balanced, `>` and quotes escaped in attribute values, void elements self-closed).
 * React Email's converter stays the reference: a test holds the two equal for every template,
 * variant and locale, for data full of markup characters, for the markup a template could
 * hold, and for random nestings of the elements with rules of their own; re-run it when the
 * render package changes.
 *
 * How it reads markup, as did the regular expression it replaces (the test holds the reference
 * to these rules for markup as React writes it):
 * a comment runs to the first `-->`; a closing tag is `</name\s*>` and closes the latest open
 * element of that name with everything opened inside it (none open: ignored); an opening tag is
 * `<name` up to the first `>`, and an element is empty when void or written `<name .../>`;
 * `script` and `style` hold raw text up to their closing tag; any other `<` is text. The
 * text is the first `<body>`'s (the whole document's without one).
 */

/** One attribute, read from where the previous one ended, so a value can never pass for a name. */
const ATTRIBUTE = /[\s/]*([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
/** The whitespace the reference splits words at: not `\s`, which holds more. */
const WHITESPACE_RUNS = /[ \t\n\r\f\u200b]+/g;
/** Whether text has whitespace other than single spaces, which are kept as they are. */
const NOT_ONE_SPACE = /[\t\n\r\f\u200b]| {2}/;

/** Block elements: line breaks before and after, and a prefix for each line. */
interface Block {
  open: number;
  close: number;
  prefix?: { first: string; rest: string };
}
const LIST = { top: { open: 2, close: 2 }, nested: { open: 1, close: 1 } } satisfies Record<string, Block>;
const BULLET = {
  top: { open: 1, close: 1, prefix: { first: ' * ', rest: '   ' } },
  nested: { open: 1, close: 1, prefix: { first: '* ', rest: '  ' } },
} satisfies Record<string, Block>;
const NUMBERED_ITEM: Block = { open: 1, close: 1 };

/** What the markup and the text's rules make of an element, by name; most elements: nothing. */
interface Kind {
  /** A void element, without content. */
  empty?: boolean;
  /** Its content is raw text, never markup: read up to its closing tag. */
  rawTextEnd?: RegExp;
  /** Left out of the text, content and all. */
  skipped?: boolean;
  block?: Block;
}
const KINDS = new Map<string, Kind>();
const kind = (name: string): Kind => KINDS.get(name) ?? (KINDS.set(name, {}).get(name) as Kind);
for (const name of [
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]) {
  kind(name).empty = true;
}
for (const name of ['script', 'style']) kind(name).rawTextEnd = new RegExp(`</${name}`, 'gi');
for (const name of ['img', 'noscript', 'script', 'style', 'template']) kind(name).skipped = true;
for (const name of [
  'article',
  'aside',
  'div',
  'footer',
  'form',
  'header',
  'hr',
  'main',
  'nav',
  'p',
  'pre',
  'section',
  'table',
]) {
  kind(name).block = { open: 2, close: 2 };
}
for (const name of ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) kind(name).block = { open: 3, close: 2 };
kind('blockquote').block = { open: 2, close: 2, prefix: { first: '> ', rest: '> ' } };
kind('td').block = { open: 1, close: 1 };
kind('th').block = { open: 1, close: 1 };
const NOTHING: Kind = {};

/** The few attributes read, each with a quick test that it may be there. */
type AttributeName = 'href' | 'start' | 'data-skip-in-text';
const MENTIONS: Record<AttributeName, RegExp> = {
  href: /href/i,
  start: /start/i,
  'data-skip-in-text': /data-skip-in-text/i,
};

/** An attribute's value, decoded; the last one wins when a name repeats, as in the reference. */
function attribute(attributes: string, name: AttributeName): string | undefined {
  // Most elements carry none of the few attributes read here: no need to parse theirs.
  if (!MENTIONS[name].test(attributes)) return undefined;
  let value: string | undefined;
  ATTRIBUTE.lastIndex = 0;
  for (let found = ATTRIBUTE.exec(attributes); found !== null; found = ATTRIBUTE.exec(attributes)) {
    if (found[1]?.toLowerCase() === name) value = found[2] ?? found[3] ?? found[4] ?? '';
  }
  return value === undefined ? undefined : decodeHTMLAttribute(value);
}

/** An `ol`'s numbering. Its items' prefixes are as wide as the widest number's, known when it closes. */
interface NumberedList {
  start: number;
  next: number;
  /** Its `li` children, skipped or not. */
  items: number;
  nested: boolean;
}

/** The text written inside a block, not yet closed. */
interface Output {
  block: Block;
  text: string;
  leading: number;
  stash: number;
  space: boolean;
  /** An `ol`'s block: the list, and its items, kept apart until their prefix's width is known. */
  list?: NumberedList;
  items?: { at: number; label: string; text: string }[];
  /** An `ol`'s item: its number, padded when the list closes. */
  label?: string;
}

/** The text written so far, block by block. */
class Writer {
  readonly outputs: Output[] = [{ block: { open: 0, close: 0 }, text: '', leading: 0, stash: 0, space: false }];
  top = this.outputs[0] as Output;

  open(block: Block, list?: NumberedList, label?: string): void {
    this.top = { block, text: '', leading: block.open, stash: 0, space: false, list, label };
    this.outputs.push(this.top);
  }

  word(value: string): void {
    const block = this.top;
    if (block.stash > 0) block.text += '\n'.repeat(block.stash);
    else if (block.space && written(block)) block.text += ' ';
    block.stash = 0;
    block.space = false;
    block.text += value;
  }

  /** Text as the reference writes it: split into words at whitespace, written one by one. */
  text(value: string, pre: boolean): void {
    if (value.length === 0) return;
    if (pre) {
      this.word(value);
      return;
    }
    // One word after another come out joined by one space: write the run at once.
    const words = NOT_ONE_SPACE.test(value) ? value.replace(WHITESPACE_RUNS, ' ') : value;
    let from = 0;
    let to = words.length;
    if (words.charCodeAt(0) === 32) {
      this.top.space = true;
      from = 1;
    }
    if (to > from && words.charCodeAt(to - 1) === 32) to--;
    if (to > from) this.word(words.slice(from, to));
    if (to < words.length) this.top.space = true;
  }

  lineBreak(): void {
    this.top.space = false;
    this.top.text += '\n';
  }

  close(): void {
    const child = this.outputs.pop() as Output;
    const parent = this.outputs[this.outputs.length - 1] as Output;
    this.top = parent;
    let content = child.items === undefined ? child.text : numberedItems(child);
    const prefix = child.block.prefix;
    if (prefix !== undefined) {
      content = prefix.first + content.replace(/^\n+|\n+$/g, '').replaceAll('\n', `\n${prefix.rest}`);
    }
    const breaks = Math.max(parent.stash, child.leading);
    const hasText = written(parent);
    if (hasText) parent.text += '\n'.repeat(breaks);
    if (child.label !== undefined) {
      // An `ol`'s item: it always writes something, its number; kept apart until the list closes.
      parent.items ??= [];
      parent.items.push({ at: parent.text.length, label: child.label, text: content.replace(/^\n+|\n+$/g, '') });
    } else {
      parent.text += content;
    }
    if (!hasText) parent.leading = breaks;
    parent.stash = Math.max(child.stash, child.block.close);
  }
}

function written(output: Output): boolean {
  return output.text.length > 0 || output.items !== undefined;
}

/** An `ol`'s text with its items put back in, each prefixed with its number padded to the widest. */
function numberedItems(output: Output): string {
  const { list, items = [] } = output;
  let width = 0;
  if (list !== undefined) {
    for (let index = list.start; index < list.start + list.items; index++) {
      width = Math.max(width, `${list.nested ? '' : ' '}${index}. `.length);
    }
  }
  const indent = `\n${' '.repeat(width)}`;
  let text = '';
  let from = 0;
  for (const item of items) {
    text += output.text.slice(from, item.at) + item.label.padEnd(width) + item.text.replaceAll('\n', indent);
    from = item.at;
  }
  return text + output.text.slice(from);
}

/** What an open element does for its content and when it closes. */
interface Frame {
  /** Inside a `pre`: text kept as written. */
  pre: boolean;
  /** It opened a block, to close with it. */
  block: boolean;
  /** An `ol`: the numbering of its `li` children. */
  list?: NumberedList;
  /** A link: its target, written after its text unless that text is the target. */
  href?: string;
  textFrom?: number;
}
/** Frames shared by the many elements that need no state of their own. */
const PLAIN: Frame = { pre: false, block: false };
const PLAIN_PRE: Frame = { pre: true, block: false };
const BLOCK: Frame = { pre: false, block: true };
const BLOCK_PRE: Frame = { pre: true, block: true };

/** `[a-zA-Z]` */
function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}
/** `[\w:-]` */
function isNameCharacter(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 58) || code === 95 || code === 45;
}
/** `\s` */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

function decoded(text: string): string {
  return text.includes('&') ? decodeHTML(text) : text;
}

export function toPlainText(html: string): string {
  return new Reader(html, true).read() ?? (new Reader(html, false).read() as string);
}

/**
 * Reads the markup once, writing the text as it goes. Until the body opens, only which
 * elements are open matters (a closing tag inside the body may close one of the body's
 * ancestors, and the body with it). A reader `withBody` false reads a document without a
 * body, all of whose text counts.
 */
class Reader {
  readonly writer = new Writer();
  /** The open elements' names, the document's root first. */
  readonly names: string[] = [''];
  /** What each open element does, `undefined` for those not read: before the body, skipped. */
  readonly frames: (Frame | undefined)[];
  /**
   * The body's index in `names`: the elements above it are read; -1 until it opens. Without a
   * body, the root's: it stands in for the body, its empty name never taken for a list's.
   */
  base: number;
  /** The skipped element (index in `names`) whose content is being passed over, or -1. */
  skipFrom = -1;

  constructor(
    readonly html: string,
    readonly withBody: boolean,
  ) {
    this.frames = [withBody ? undefined : PLAIN];
    this.base = withBody ? -1 : 0;
  }

  /** The text; `undefined` when looking for a body and there is none. */
  read(): string | undefined {
    const { html, names, frames, writer } = this;
    let position = 0;
    while (position < html.length) {
      const lt = html.indexOf('<', position);
      const reading = this.base >= 0 && this.skipFrom === -1;
      if (lt === -1) {
        if (reading) writer.text(decoded(html.slice(position)), (frames[frames.length - 1] as Frame).pre);
        break;
      }
      if (lt > position && reading) {
        writer.text(decoded(html.slice(position, lt)), (frames[frames.length - 1] as Frame).pre);
      }
      position = lt;
      const next = html.charCodeAt(lt + 1);
      if (next === 33 /* ! */ && html.startsWith('!--', lt + 1)) {
        const end = html.indexOf('-->', lt + 4);
        if (end !== -1) {
          position = end + 3;
          continue;
        }
      } else if (next === 47 /* / */ && isLetter(html.charCodeAt(lt + 2))) {
        let end = lt + 3;
        while (isNameCharacter(html.charCodeAt(end))) end++;
        const nameEnd = end;
        while (isSpace(html.charCodeAt(end))) end++;
        if (html.charCodeAt(end) === 62 /* > */) {
          position = end + 1;
          const at = names.lastIndexOf(html.slice(lt + 2, nameEnd).toLowerCase());
          if (at > 0 && !this.closeDownTo(at)) break;
          continue;
        }
      } else if (isLetter(next)) {
        let nameEnd = lt + 2;
        while (isNameCharacter(html.charCodeAt(nameEnd))) nameEnd++;
        const gt = html.indexOf('>', nameEnd);
        if (gt !== -1) {
          position = gt + 1;
          const name = html.slice(lt + 1, nameEnd).toLowerCase();
          const kind = KINDS.get(name) ?? NOTHING;
          // Written `<name .../>` (the name's characters hold no `/`) or void: no content.
          const empty = html.charCodeAt(gt - 1) === 47 /* / */ || kind.empty === true;
          const at = names.length;
          let frame: Frame | undefined;
          if (this.base < 0) {
            if (name === 'body') {
              if (empty) return '';
              this.base = at;
              frame = PLAIN;
            }
          } else if (this.skipFrom === -1) {
            frame = this.open(at, name, kind, html.slice(nameEnd, gt));
            if (frame === undefined) {
              if (!empty) this.skipFrom = at;
            } else if (empty) {
              this.close(frame);
            }
          }
          if (empty) continue;
          if (kind.rawTextEnd !== undefined) {
            kind.rawTextEnd.lastIndex = position;
            position = kind.rawTextEnd.exec(html)?.index ?? html.length;
          }
          names.push(name);
          frames.push(frame);
          continue;
        }
      }
      // Any other `<` is text.
      if (reading) writer.text('<', (frames[frames.length - 1] as Frame).pre);
      position = lt + 1;
    }
    if (this.base < 0) return undefined;
    this.closeDownTo(1);
    return (writer.outputs[0] as Output).text;
  }

  /** Opens an element at index `at` of `names`: the frame for its content, or undefined to skip it. */
  open(at: number, name: string, kind: Kind, attributes: string): Frame | undefined {
    const { names, writer, base } = this;
    const parentFrame = this.frames[at - 1] as Frame;
    const parent = at - 1 >= base ? names[at - 1] : undefined;
    if (name === 'li' && parentFrame.list !== undefined) parentFrame.list.items++;
    if (kind.skipped === true || attribute(attributes, 'data-skip-in-text') === 'true') return undefined;
    const pre = parentFrame.pre || name === 'pre';
    let block = kind.block;
    let list: NumberedList | undefined;
    let label: string | undefined;
    if (name === 'ul') {
      block = parent === 'li' ? LIST.nested : LIST.top;
    } else if (name === 'li' && parent === 'ul') {
      block = at - 2 >= base && names[at - 2] === 'li' ? BULLET.nested : BULLET.top;
    } else if (name === 'ol') {
      const nested = parent === 'li';
      const parsedStart = Number.parseInt(attribute(attributes, 'start') ?? '1', 10);
      const start = Number.isNaN(parsedStart) ? 1 : parsedStart;
      block = nested ? LIST.nested : LIST.top;
      list = { start, next: start, items: 0, nested };
    } else if (name === 'li' && parent === 'ol' && parentFrame.list !== undefined) {
      const numbering = parentFrame.list;
      block = NUMBERED_ITEM;
      label = `${numbering.nested ? '' : ' '}${numbering.next++}. `;
    }
    if (block !== undefined) writer.open(block, list, label);
    if (name === 'hr') writer.word('-'.repeat(40));
    else if (name === 'br') writer.lineBreak();
    else if (name === 'a') {
      const href = (attribute(attributes, 'href') ?? '').replace(/^mailto:/, '');
      if (href.length > 0 && !href.startsWith('#')) {
        return { pre, block: false, href, textFrom: writer.top.text.length };
      }
    }
    if (list !== undefined) return { pre, block: true, list };
    if (block !== undefined) return pre ? BLOCK_PRE : BLOCK;
    return pre ? PLAIN_PRE : PLAIN;
  }

  close(frame: Frame): void {
    const { writer } = this;
    if (frame.href !== undefined) {
      const anchorText = writer.top.text.slice(frame.textFrom).trim();
      if (anchorText !== frame.href) {
        if (anchorText.length > 0) writer.top.space = true;
        writer.word(frame.href);
      }
    }
    if (frame.block) writer.close();
  }

  /** Closes the elements from the latest down to index `at`; false once the body is closed. */
  closeDownTo(at: number): boolean {
    const { names, frames } = this;
    for (let index = names.length - 1; index >= at; index--) {
      const frame = frames.pop();
      names.pop();
      if (index === this.skipFrom) this.skipFrom = -1;
      else if (frame !== undefined && index > this.base) this.close(frame);
    }
    return !(this.withBody && at <= this.base);
  }
}
