// Text the admin CLI prints comes partly from devices (heartbeat app version, device names) and from
// operators' files (venue names, CSV cells). A terminal interprets control characters: an ANSI escape
// in a heartbeat could recolour, hide or rewrite `fleet` lines, a CR or LF could forge a whole line,
// and bidi overrides reorder what is shown. safeText() makes every such character visible instead.

// C0 controls (incl. TAB, LF, CR), DEL, C1 controls, and the Unicode bidi embedding/override/isolate
// marks and line/paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of CLI output with every control character shown as \uNNNN (never interpreted). The \uNNNN
 * form is also a valid JSON string escape, so JSON output passed through it stays valid JSON.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Several lines (LF or CRLF): each line made safe on its own, the line breaks themselves kept. */
export function safeLines(text: string): string {
  return text.split(/(\r?\n)/).map((part, i) => (i % 2 === 1 ? part : safeText(part))).join('');
}
