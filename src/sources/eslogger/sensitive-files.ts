/**
 * Elastic Defend reports file *open* events on macOS only for a built-in list of sensitive paths
 * ("the Elastic Defend sensitive file open event, which is only collected for known sensitive file
 * paths": note of the rule "First Time Python Accessed Sensitive Credential Files"). Elastic does
 * not publish that list. eslogger records every open, and a new_terms rule on `file.path` would
 * raise a "first time" alert for every library a Python process loads, so Loupe keeps only opens
 * of the paths below, reconstructed from what Elastic's own macOS rules look for in open events
 * (their queries and notes): SSH keys, cloud credentials, browser cookies and logins, Kerberos
 * tickets, keychains, and two system plists. Other opens are counted as not mapped.
 * Listed in docs/sources-macos.md; extend both together.
 */
const PATHS = [
  '/Users/*/.ssh/*',
  '/private/var/root/.ssh/*',
  '/var/root/.ssh/*',
  '/Users/*/.aws/credentials',
  '/Users/*/.aws/config',
  '/Users/*/.config/gcloud/*',
  '/Users/*/.azure/*',
  '/Users/*/.kube/config',
  '/Users/*/Library/Keychains/*',
  '/Library/Keychains/*',
  '/Network/Library/Keychains/*',
  '/private/var/db/SystemKey',
  '/var/db/SystemKey',
  '/tmp/krb5cc_*',
  '/private/tmp/krb5cc_*',
  '/etc/krb5.keytab',
  '/private/etc/krb5.keytab',
  '/Library/Preferences/com.apple.TimeMachine.plist',
  '/Library/Preferences/SystemConfiguration/preferences.plist',
];

/** Browser credential stores, by file name (Chromium, Safari, Firefox), under any profile folder. */
const NAMES = new Set(['Cookies', 'Cookies.binarycookies', 'Login Data', 'Web Data', 'cookies.sqlite', 'logins.json', 'key3.db', 'key4.db']);

const PATTERN = new RegExp(`^(?:${PATHS.map((path) => path.split('*').map(escapeRegExp).join('.*')).join('|')})$`, 's');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isSensitivePath(path: string): boolean {
  return NAMES.has(path.slice(path.lastIndexOf('/') + 1)) || PATTERN.test(path);
}
