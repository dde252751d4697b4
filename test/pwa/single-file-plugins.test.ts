import { describe, expect, it } from 'vitest';
import { inlineWorkers, sha256Base64, singleFileCsp } from '../../scripts/vite-single-file.ts';

type Transform = (code: string, id: string) => { code: string } | null;
const transform = inlineWorkers().transform as unknown as Transform;

const POOL = `const scan = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'loupe-scan' });
const reader = new Worker(new URL("./intake.worker.ts", import.meta.url), { type: 'module', name: \`loupe-intake-\${i}\` });
const bare = new Worker( new URL('./bare.worker.ts', import.meta.url) );`;

describe('single-file build plugins', () => {
  it('turns each `new Worker(new URL(...))` into Vite\'s inline worker, keeping the options', () => {
    const result = transform(POOL, '/repo/src/workers/scan-pool.ts');
    expect(result?.code.split('\n')).toEqual([
      `import __LoupeInlineWorker0 from "./scan.worker.ts?worker&inline";`,
      `import __LoupeInlineWorker1 from "./intake.worker.ts?worker&inline";`,
      `import __LoupeInlineWorker2 from "./bare.worker.ts?worker&inline";`,
      `const scan = new __LoupeInlineWorker0( { type: 'module', name: 'loupe-scan' });`,
      `const reader = new __LoupeInlineWorker1( { type: 'module', name: \`loupe-intake-\${i}\` });`,
      `const bare = new __LoupeInlineWorker2();`,
    ]);
  });

  it.each([
    ['code without workers', 'const x = new URL("./a", import.meta.url);', '/repo/src/a.ts'],
    ['a dependency', POOL, '/repo/node_modules/lib/index.ts'],
    ['a Svelte component', POOL, '/repo/src/ui/App.svelte'],
  ])('leaves %s alone', (_what, code, id) => {
    expect(transform(code, id)).toBeNull();
  });

  it('allows exactly the hashed inline code, blob: workers and the data: favicon', () => {
    const script = sha256Base64('console.log(1)');
    // The CSP hash form: base64 of the SHA-256 digest (checked with `openssl dgst -sha256 -binary | base64`).
    expect(script).toBe('CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M=');
    const policy = singleFileCsp([script], ['s1', 's2']);
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `script-src 'sha256-${script}'`,
      "style-src 'sha256-s1' 'sha256-s2'",
      'worker-src blob:',
      'img-src data:',
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});
