/**
 * Reads the key facts of an Elastic prebuilt-rule reference page (the seed documents in
 * ../shared/seeds/), in either of its two renderings: Markdown (`**Severity**: high`, `* item`)
 * or plain text (`Severity: high`, `• item`).
 */
export interface SeedFacts {
  name: string;
  description: string;
  type: string;
  index: string[];
  severity: string;
  risk_score: number;
  interval: string;
  from: string;
  max_signals: number;
  references: string[];
  tags: string[];
  version: number;
  author: string[];
  license: string;
  query: string;
  tactics: string[];
  techniques: string[];
  subtechniques: string[];
  /** Whether the page has an investigation guide for the rule, and a setup section. */
  guide: boolean;
  setup: boolean;
}

function normalise(text: string): string[] {
  return text
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .split('\n')
    .map((line) => line.replace(/\*\*/g, '').replace(/^\s*•\s*/, '* ').trimEnd());
}

const KEY_LINE = /^([A-Z][A-Za-z -]*):\s*(.*)$/;

export function parseSeedDocument(text: string): SeedFacts {
  const lines = normalise(text);
  const value = (key: string) => {
    const line = lines.find((candidate) => candidate.startsWith(`${key}:`));
    if (line === undefined) throw new Error(`seed has no "${key}"`);
    return line.slice(key.length + 1).trim();
  };
  const list = (key: string) => {
    const start = lines.findIndex((line) => line.startsWith(`${key}:`));
    const items: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (KEY_LINE.test(line) || line.startsWith('#')) break;
      if (line.startsWith('* ')) items.push(line.slice(2).trim());
    }
    return items;
  };
  const typeLine = lines.findIndex((line) => line.startsWith('Rule type:'));
  const paragraphs = lines.slice(0, typeLine).join('\n').trim().split(/\n\s*\n/);
  const heading = lines.find((line) => line.startsWith('# '));
  const name = heading ? heading.slice(2).replace(/\s*\[[^\]]*\]$/, '') : lines.find((line) => line.trim() !== '')!.trim();

  const queryStart = lines.findIndex((line) => /^(## )?Rule query/.test(line));
  const frameworkLine = lines.findIndex((line) => line.startsWith('Framework:'));
  const queryLines = lines.slice(queryStart + 1, frameworkLine === -1 ? undefined : frameworkLine);
  const fence = queryLines.findIndex((line) => line.startsWith('```'));
  const query =
    fence === -1
      ? queryLines.filter((line) => line !== 'edit').join('\n').trim()
      : queryLines.slice(fence + 1, queryLines.findIndex((line, index) => index > fence && line.startsWith('```'))).join('\n');

  const ids = (section: string) => {
    const found: string[] = [];
    lines.forEach((line, index) => {
      if (line.trim() !== `* ${section}:`) return;
      const id = lines.slice(index + 1).find((next) => next.trim().startsWith('* ID:'));
      if (id) found.push(id.trim().slice('* ID:'.length).trim());
    });
    return found;
  };

  return {
    name,
    description: paragraphs[paragraphs.length - 1]!.trim(),
    type: value('Rule type'),
    index: list('Rule indices'),
    severity: value('Severity'),
    risk_score: Number(value('Risk score')),
    interval: value('Runs every'),
    from: value('Searches indices from').split(/\s/)[0]!,
    max_signals: Number(value('Maximum alerts per execution')),
    // Link text, not target: the docs site rewrote some targets' .html to .md.
    references: list('References').map((item) => item.replace(/^\[([^\]]*)\]\(.*\)$/, '$1')),
    tags: list('Tags'),
    version: Number(value('Version')),
    author: list('Rule authors'),
    license: value('Rule license'),
    query,
    tactics: ids('Tactic'),
    techniques: ids('Technique'),
    subtechniques: ids('Sub-technique'),
    guide: lines.some((line) => line.trim() === `Investigating ${name}`),
    setup: lines.some((line) => line.startsWith('## Setup')),
  };
}
