/**
 * `url.*` from `url.original`, as Elasticsearch's `uri_parts` processor splits it (scheme, domain,
 * port, path percent-decoded, extension of the last path segment, query, fragment, user info).
 * Fields already set are kept. Undefined when the text is not an absolute URL.
 */
export function urlParts(original: string): Record<string, string | number> | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(original);
  if (!match) return undefined;
  const [, scheme, userInfo, domain, port, rawPath, query, fragment] = match;
  const path = decode(rawPath!);
  const segment = path.slice(path.lastIndexOf('/') + 1);
  const dot = segment.lastIndexOf('.');
  const parts: Record<string, string | number> = { scheme: scheme!, domain: domain!.replace(/^\[|\]$/g, '') };
  if (port !== undefined && port !== '') parts['port'] = Number(port);
  if (path !== '') parts['path'] = path;
  if (dot !== -1 && dot < segment.length - 1) parts['extension'] = segment.slice(dot + 1);
  if (query !== undefined) parts['query'] = query;
  if (fragment !== undefined) parts['fragment'] = fragment;
  if (userInfo !== undefined) {
    parts['user_info'] = userInfo;
    const colon = userInfo.indexOf(':');
    parts['username'] = colon === -1 ? userInfo : userInfo.slice(0, colon);
    if (colon !== -1) parts['password'] = userInfo.slice(colon + 1);
  }
  return parts;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
