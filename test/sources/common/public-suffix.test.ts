/**
 * The public suffix lookup and Elasticsearch's `registered_domain` processor semantics
 * (src/sources/common/public-suffix/). Cases: Elasticsearch's documented example, the Public
 * Suffix List's own rule kinds (ICANN, wildcard, exception, internationalised), and what
 * HttpClient's matcher does with private rules, case, dots, IPs and unknown TLDs (the Sysmon
 * ingest goldens show the private-rule behaviour: ecs-goldens.test.ts compares 155 DNS events).
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICANN_RULES, PRIVATE_RULES } from '../../../src/sources/common/public-suffix/list.generated.ts';
import { decodePunycode, idnToUnicode } from '../../../src/sources/common/public-suffix/punycode.ts';
import { domainRoot, registeredDomain, suffixSection } from '../../../src/sources/common/public-suffix/registered-domain.ts';

const CASES: [string, ReturnType<typeof registeredDomain>][] = [
  // Elasticsearch's documentation example.
  ['www.example.com', { domain: 'www.example.com', registered_domain: 'example.com', top_level_domain: 'com', subdomain: 'www' }],
  ['example.com', { domain: 'example.com', registered_domain: 'example.com', top_level_domain: 'com' }],
  ['a.b.www.example.co.uk', { domain: 'a.b.www.example.co.uk', registered_domain: 'example.co.uk', top_level_domain: 'co.uk', subdomain: 'a.b.www' }],
  // A name that is itself an ICANN suffix: domain and top_level_domain only.
  ['com', { domain: 'com', top_level_domain: 'com' }],
  ['co.uk', { domain: 'co.uk', top_level_domain: 'co.uk' }],
  // Wildcard (`*.ck`) and exception (`!www.ck`) rules.
  ['foo.bar.ck', { domain: 'foo.bar.ck', registered_domain: 'foo.bar.ck', top_level_domain: 'bar.ck' }],
  ['a.foo.bar.ck', { domain: 'a.foo.bar.ck', registered_domain: 'foo.bar.ck', top_level_domain: 'bar.ck', subdomain: 'a' }],
  ['x.www.ck', { domain: 'x.www.ck', registered_domain: 'www.ck', top_level_domain: 'ck', subdomain: 'x' }],
  // PRIVATE rules are registrable domains to HttpClient (the Sysmon goldens' akamaized.net, global.ssl.fastly.net).
  ['static-global-s-msn-com.akamaized.net', { domain: 'static-global-s-msn-com.akamaized.net', registered_domain: 'akamaized.net', top_level_domain: 'net', subdomain: 'static-global-s-msn-com' }],
  ['confiant-integrations.global.ssl.fastly.net', { domain: 'confiant-integrations.global.ssl.fastly.net', registered_domain: 'global.ssl.fastly.net', top_level_domain: 'ssl.fastly.net', subdomain: 'confiant-integrations' }],
  ['blogspot.com', { domain: 'blogspot.com', registered_domain: 'blogspot.com', top_level_domain: 'com' }],
  // Matching lower-cases ASCII; domain and the subdomain search keep the name as given.
  ['WWW.Example.COM', { domain: 'WWW.Example.COM', registered_domain: 'example.com', top_level_domain: 'com' }],
  ['www.example.com', { domain: 'www.example.com', registered_domain: 'example.com', top_level_domain: 'com', subdomain: 'www' }],
  // Internationalised rules, as Unicode or as Punycode (`公司.cn`).
  ['www.example.公司.cn', { domain: 'www.example.公司.cn', registered_domain: 'example.公司.cn', top_level_domain: '公司.cn', subdomain: 'www' }],
  ['www.example.xn--55qx5d.cn', { domain: 'www.example.xn--55qx5d.cn', registered_domain: 'example.xn--55qx5d.cn', top_level_domain: 'xn--55qx5d.cn', subdomain: 'www' }],
  // Nothing: no rule for the last label, IPv4 addresses, a trailing or leading dot, blank.
  ['localhost', undefined],
  ['dc01.corp', undefined],
  ['10.1.2.3', undefined],
  ['example.com.', undefined],
  ['.example.com', undefined],
  ['', undefined],
  ['   ', undefined],
  // A leading dot before a suffix: HttpClient's matches() strips it and finds the suffix.
  ['.com', { domain: '.com', top_level_domain: '.com' }],
];

describe('registered_domain', () => {
  it.each(CASES)('%s', (fqdn, expected) => {
    const got = registeredDomain(fqdn);
    // A trailing dot gives Elasticsearch an info whose fields are all null: nothing is set, as for undefined.
    expect(got === undefined || Object.keys(got).length === 0 ? undefined : got).toEqual(expected);
  });

  it('domainRoot is undefined for suffixes and the registrable part otherwise', () => {
    expect([domainRoot('uk'), domainRoot('co.uk'), domainRoot('bbc.co.uk'), domainRoot('news.bbc.co.uk')]).toEqual([undefined, undefined, 'bbc.co.uk', 'bbc.co.uk']);
  });

  it('keeps the sections apart for callers that need ICANN-only answers', () => {
    expect([suffixSection('co.uk'), suffixSection('akamaized.net'), suffixSection('example.com')]).toEqual(['icann', 'private', undefined]);
  });

  it('every rule of the list is found again (the compact table round-trips)', () => {
    let rules = 0;
    for (const [text, section] of [[ICANN_RULES, 'icann'], [PRIVATE_RULES, 'private']] as const) {
      for (const line of text.split('\n')) {
        const [tld, rests] = line.split('=') as [string, string];
        for (const rest of rests.split(',')) {
          if (rest.startsWith('!')) continue;
          const rule = rest === '' ? tld : `${rest}.${tld}`;
          rules++;
          // A rule can be in both sections; the later (private) one wins, as in HttpClient's map.
          if (section === 'private') expect([rule, suffixSection(rule)]).toEqual([rule, 'private']);
          else expect(suffixSection(rule)).toBeDefined();
        }
      }
    }
    expect(rules).toBeGreaterThan(10_000);
  });
});

describe('Punycode labels (IDN.toUnicode)', () => {
  it('decodes every internationalised rule of the list as Node (WHATWG URL) does', () => {
    const names = `${ICANN_RULES}\n${PRIVATE_RULES}`.split(/[\n=,]/).filter((name) => /[^ -~]/.test(name));
    expect(names.length).toBeGreaterThan(400);
    for (const name of names) {
      const ascii = domainToASCII(name);
      if (ascii === '') continue; // not a valid IDN to WHATWG either
      expect([ascii, idnToUnicode(ascii)]).toEqual([ascii, domainToUnicode(ascii)]);
    }
  });

  it('leaves labels that are not Punycode as they are', () => {
    expect(decodePunycode('!!')).toBeUndefined();
    expect(idnToUnicode('xn--!!.example.com')).toBe('xn--!!.example.com');
    expect(idnToUnicode('www.example.com')).toBe('www.example.com');
    // RFC 3492 7.1 (A), Arabic (Egyptian).
    expect(decodePunycode('egbpdaj6bu4bxfgehfvwxn')).toBe('\u0644\u064a\u0647\u0645\u0627\u0628\u062a\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064a\u061f');
  });
});
