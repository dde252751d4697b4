/**
 * Rule text (description, investigation guide, setup) from markdown to sanitised HTML. Rule packs
 * are untrusted input: raw HTML inside the markdown is shown as text (as Kibana shows it), so a
 * `<script>` or `onerror=` payload never even reaches the DOM parser; DOMPurify then removes scripts and event handlers; images, media and inline
 * styles are dropped as well because they could make the page fetch from elsewhere (the app is
 * offline and must send nothing out); links keep only http(s)/mailto targets and open in a new
 * context without a referrer.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const FORBID_TAGS = ['img', 'picture', 'source', 'video', 'audio', 'track', 'iframe', 'object', 'embed', 'style', 'link', 'form', 'input', 'button', 'svg', 'math'];
const FORBID_ATTR = ['style', 'srcset', 'background', 'poster'];
const SAFE_HREF = /^(?:https?:|mailto:|#)/i;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);

// Raw HTML tokens (block and inline) render as their escaped source text.
const markdown = new Marked({ gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } });

let hooked = false;

function addLinkHook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href === null || !SAFE_HREF.test(href.trim())) node.removeAttribute('href');
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  });
}

export function renderMarkdown(source: string): string {
  addLinkHook();
  const html = markdown.parse(source, { async: false });
  return DOMPurify.sanitize(html, { FORBID_TAGS, FORBID_ATTR, ALLOW_DATA_ATTR: false });
}
