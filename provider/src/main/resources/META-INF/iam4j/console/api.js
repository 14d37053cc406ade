// The console's only way to the server: IAM's Query API (and STS for DecodeAuthorizationMessage),
// authenticated by the browser session cookie plus the session's CSRF token. IAM authorizes every call,
// so the console never decides anything itself; it shows what IAM answers.

const meta = (name) => {
  const m = document.querySelector(`meta[name="iam4j-${name}"]`);
  const v = m ? m.getAttribute('content') : '';
  // An unfilled template (opened as a file) still has its {{placeholders}}: treat them as empty.
  return v && !/^\{\{.*\}\}$/.test(v) ? v : '';
};

export const config = Object.freeze({
  tenant: meta('tenant'),
  user: meta('user'),
  csrf: meta('csrf'),
  api: meta('api') || '/iam',
  sts: meta('sts') || '/sts',
  assets: meta('assets'),
  signedIn: meta('signedIn') === 'true',
  error: meta('error'),
  consolePath: meta('consolePath'),
});

/** IAM answered with its error shape (or the request failed): code and message as IAM gave them. */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
  toString() {
    return `${this.code}: ${this.message}`;
  }
}

/** The browser session is over (timed out, signed out elsewhere): the console must sign in again. */
export class SessionEnded extends ApiError {}

// Codes meaning "who are you?" rather than "you may not": the session, not the policy, is the problem.
const SESSION_CODES = new Set(['InvalidCsrfToken', 'MissingAuthenticationToken', 'InvalidClientTokenId',
  'ExpiredToken', 'NotAuthorized', 'SessionExpired']);

/**
 * One Query call. params: an object of name -> value (null/undefined/'' left out) or an array of [name, value]
 * pairs for repeated list members (only null/undefined left out). Resolves to the reply's XML Document; rejects with ApiError.
 */
export async function call(action, params = {}, { sts = false } = {}) {
  const body = new URLSearchParams();
  body.append('Action', action);
  body.append('Version', sts ? '2011-06-15' : '2010-05-08');
  const entries = Array.isArray(params) ? params : Object.entries(params);
  for (const [k, v] of entries) {
    // An object's empty fields are "not given"; in an explicit pair list (list members) an empty value is a value.
    if (v !== undefined && v !== null && (v !== '' || Array.isArray(params))) {
      body.append(k, String(v));
    }
  }
  let res;
  try {
    res = await fetch(sts ? config.sts : config.api, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Iam4j-Csrf': config.csrf,
        Accept: 'text/xml, application/xml',
      },
      body: body.toString(),
    });
  } catch (e) {
    throw new ApiError('NetworkError', `The server could not be reached (${e.message}).`, 0);
  }
  const text = await res.text();
  const doc = parseXml(text);
  if (res.ok && doc) {
    return doc;
  }
  const err = doc ? first(doc, 'Error') : null;
  const code = err ? childText(err, 'Code') : '';
  const message = err ? childText(err, 'Message') : '';
  if (res.status === 401 || (res.status === 403 && (!code || SESSION_CODES.has(code)))) {
    throw new SessionEnded(code || 'SessionEnded', message || 'Your session has ended. Sign in again.', res.status);
  }
  if (code) {
    throw new ApiError(code, message, res.status);
  }
  throw new ApiError(`HTTP${res.status}`, `The server answered ${res.status} ${res.statusText || ''}`.trim() + '.', res.status);
}

function parseXml(text) {
  if (!text || !text.trim().startsWith('<')) {
    return null;
  }
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  return doc.getElementsByTagName('parsererror').length ? null : doc;
}

// ---- XML reading, by local name (the replies use IAM's default namespace)

/** The first descendant element named name, or null. */
export function first(node, name) {
  if (!node) return null;
  const all = node.getElementsByTagNameNS('*', name);
  return all.length ? all[0] : null;
}

/** The direct child element named name, or null. */
export function child(node, name) {
  if (!node) return null;
  for (const c of node.children) {
    if (c.localName === name) return c;
  }
  return null;
}

/** The text of the direct child named name ('' when absent). */
export function childText(node, name) {
  const c = child(node, name);
  return c ? c.textContent : '';
}

/** The text of the first descendant named name ('' when absent). */
export function text(node, name) {
  const c = first(node, name);
  return c ? c.textContent : '';
}

/** The <member> children of the first element named listName. */
export function members(node, listName) {
  const list = first(node, listName);
  return list ? [...list.children].filter((c) => c.localName === 'member') : [];
}

/** The <member> children of the direct child listName of node (not nested lists of the same name). */
export function childMembers(node, listName) {
  const list = child(node, listName);
  return list ? [...list.children].filter((c) => c.localName === 'member') : [];
}

/** An element's child texts as a plain object (only the named children). */
export function fields(node, names) {
  const out = {};
  for (const n of names) out[n] = childText(node, n);
  return out;
}

/**
 * Every page of a list action (IsTruncated/Marker), up to a safety limit.
 * Returns the <member> elements of listName across pages.
 */
export async function all(action, params, listName, limit = 20) {
  const out = [];
  let marker = '';
  for (let i = 0; i < limit; i++) {
    const doc = await call(action, { ...params, Marker: marker, MaxItems: 1000 });
    out.push(...members(doc, listName));
    if (text(doc, 'IsTruncated') !== 'true') break;
    marker = text(doc, 'Marker');
    if (!marker) break;
  }
  return out;
}

/** Repeated list parameters: prefix.member.1..N. */
export function listParams(prefix, values) {
  return values.map((v, i) => [`${prefix}.member.${i + 1}`, v]);
}

/** A document IAM returned URL-encoded (RFC 3986), as text. */
export function urlDecoded(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch (e) {
    return s;
  }
}

/** JSON text indented for reading; the text itself when it is not JSON. */
export function pretty(s) {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch (e) {
    return s;
  }
}

/** The customer managed policies (Scope=All: every policy IAM lets the caller list). */
export async function listPolicies() {
  return (await all('ListPolicies', { Scope: 'All' }, 'Policies'))
    .map((m) => fields(m, ['PolicyName', 'Arn', 'Path', 'DefaultVersionId', 'AttachmentCount',
      'PermissionsBoundaryUsageCount', 'Description', 'CreateDate', 'UpdateDate']));
}

/** A policy's ARN from its name (names are unique in a tenant, as in an AWS account). */
export async function policyByName(name) {
  const p = (await listPolicies()).find((x) => x.PolicyName === name);
  if (!p) throw new ApiError('NoSuchEntity', `Policy ${name} does not exist or is not visible to you.`, 404);
  return p;
}
