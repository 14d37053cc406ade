// iam4j administration console: the frame, the router and the pages. Vanilla ES modules, no build step.
// Every action is an IAM API call (see api.js); IAM authorizes it and the console shows IAM's answer.

import {
  config, call, all, ApiError, SessionEnded, first, child, childText, text, members, childMembers, fields,
  listParams, urlDecoded, pretty, listPolicies, policyByName,
} from './api.js';
import { h, field, checkbox, table, select, when } from './dom.js';
import { editorPage } from './editor.js';
import { advisorSection } from './advisor.js';

const $ = (id) => document.getElementById(id);

// ---- messages

/** Shows an error in #error (IAM's "Code: Message"); an ended session goes back to the sign-in form. */
export function showError(e) {
  if (e instanceof SessionEnded) {
    sessionEnded();
    return;
  }
  const box = $('error');
  const msg = e instanceof ApiError ? `${e.code}: ${e.message}` : `Error: ${e && e.message ? e.message : e}`;
  box.replaceChildren(msg);
  // AWS appends an encoded authorization message to some denials; offer to decode it.
  const encoded = /Encoded authorization failure message:\s*(\S+)/.exec(msg);
  if (encoded) {
    box.append(' ', h('a', { href: '#/decode', onclick: () => { pendingDecode = encoded[1]; } }, 'Decode the message'));
  }
  if (!(e instanceof ApiError)) console.error(e);
}

export function clearError() {
  $('error').replaceChildren();
}

/** A polite announcement (aria-live) of what an action did. */
export function announce(msg) {
  $('status').textContent = msg;
}

let pendingDecode = '';

/**
 * Runs an action started by a control: the control is disabled meanwhile, errors land in #error.
 * Resolves to the action's value, or undefined when it failed.
 */
export async function act(control, fn) {
  clearError();
  announce('');
  if (control) {
    control.disabled = true;
    control.setAttribute('aria-busy', 'true');
  }
  const started = performance.now();
  document.body.dataset.action = 'running';
  try {
    const value = await fn();
    document.body.dataset.action = 'done';
    return value;
  } catch (e) {
    document.body.dataset.action = 'failed';
    showError(e);
    return undefined;
  } finally {
    // How long the last action took (its API calls and re-rendering), as data-action-ms on body.
    document.body.dataset.actionMs = String(Math.round(performance.now() - started));
    if (control) {
      control.disabled = false;
      control.removeAttribute('aria-busy');
    }
  }
}

/** A form whose submit (button or Enter) runs fn; the submit button is busy meanwhile. */
function onSubmit(form, fn) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(form.querySelector('button[type=submit]'), fn);
  });
  return form;
}

/** Runs a call and reports {ok, value} or {ok: false, error} instead of throwing (sections the caller may not see). */
async function settle(promise) {
  try {
    return { ok: true, value: await promise };
  } catch (e) {
    if (e instanceof SessionEnded) throw e;
    return { ok: false, error: e };
  }
}

function denied(r) {
  return h('p', { class: 'denied' }, `Not shown: ${r.error instanceof ApiError ? `${r.error.code}: ${r.error.message}` : r.error}`);
}

// ---- sign-in and session

const SIGNIN_ERRORS = {
  invalid: 'The user name, password or MFA code is not correct.',
  'mfa-required': 'This account requires an MFA code to sign in to the console.',
  throttled: 'Too many attempts. Wait a while and try again.',
  session: 'Your session has ended. Sign in again.',
  expired: 'Your session has ended. Sign in again.',
  'signed-out': 'You have signed out.',
};

function showSignin(code) {
  document.body.dataset.page = 'signin';
  document.body.dataset.signedIn = 'false';
  $('app').hidden = true;
  $('signin-view').hidden = false;
  const msg = code ? (SIGNIN_ERRORS[code] || 'Sign-in failed.') : '';
  $('signin-error').textContent = msg;
  $('signin-error').hidden = !msg;
  (msg ? $('username') : $('username')).focus();
}

function sessionEnded() {
  // The page's CSRF token belongs to the ended session; a fresh shell carries the new one after sign-in.
  showSignin('session');
}

// ---- router

const TITLES = {
  users: 'Users', user: 'User', groups: 'Groups', group: 'Group', roles: 'Roles', role: 'Role',
  policies: 'Policies', policy: 'Policy', editor: 'Policy editor', 'password-policy': 'Password policy',
  simulator: 'Policy simulator', decode: 'Decode an authorization message', audit: 'Audit trail',
};

const ROUTES = [
  [/^users$/, 'users', usersPage],
  [/^users\/(.+)$/, 'user', userPage],
  [/^groups$/, 'groups', groupsPage],
  [/^groups\/(.+)$/, 'group', groupPage],
  [/^roles$/, 'roles', rolesPage],
  [/^roles\/(.+)$/, 'role', rolePage],
  [/^policies$/, 'policies', policiesPage],
  [/^policies\/(.+)$/, 'policy', policyPage],
  [/^editor$/, 'editor', (arg) => editorPage(arg, ctx)],
  [/^editor\/(.+)$/, 'editor', (arg) => editorPage(arg, ctx)],
  [/^password-policy$/, 'password-policy', passwordPolicyPage],
  [/^simulator$/, 'simulator', simulatorPage],
  [/^decode$/, 'decode', decodePage],
  [/^audit$/, 'audit', auditPage],
];

let seq = 0;

/** Renders the page of location.hash. focus: move focus to its h1 (navigation), else keep it where it was. */
export async function route({ focus = true } = {}) {
  const hash = location.hash;
  if (!hash.startsWith('#/')) {
    location.replace('#/users');
    return;
  }
  const path = hash.slice(2).replace(/\/$/, '');
  let match = null;
  for (const [re, name, page] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      match = { name, page, arg: m[1] === undefined ? undefined : decodeURIComponent(m[1]) };
      break;
    }
  }
  if (!match) {
    location.replace('#/users');
    return;
  }
  const content = $('content');
  const token = ++seq;
  const started = performance.now();
  const keep = focus ? null : document.activeElement && document.activeElement.id;
  document.body.dataset.page = match.name;
  content.dataset.ready = 'false';
  content.setAttribute('aria-busy', 'true');
  for (const a of document.querySelectorAll('#nav a')) {
    const section = a.getAttribute('href').slice(2);
    if (path === section || path.startsWith(`${section}/`)
        || (section === 'users' && match.name === 'user') || (section === 'policies' && match.name === 'policy')) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  const title = match.arg ? `${TITLES[match.name]}: ${match.arg}` : TITLES[match.name];
  document.title = `${title} · iam4j console · ${config.tenant}`;
  if (focus) {
    content.replaceChildren(h('h1', { tabindex: -1 }, title), h('p', { class: 'loading' }, 'Loading…'));
  } else {
    content.classList.add('refreshing');
  }
  let nodes;
  try {
    nodes = await match.page(match.arg);
  } catch (e) {
    if (token !== seq) return;
    showError(e);
    nodes = [h('h1', { tabindex: -1 }, title), h('p', { class: 'muted' }, 'This page could not be loaded.')];
  }
  if (token !== seq) return;
  content.classList.remove('refreshing');
  content.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  content.setAttribute('aria-busy', 'false');
  // Load time of the page (API calls + rendering), for the browser tests' timing note and for curious users.
  content.dataset.loadMs = String(Math.round(performance.now() - started));
  content.dataset.ready = 'true';
  if (pendingAnnouncement) {
    announce(pendingAnnouncement);
    pendingAnnouncement = '';
  }
  const h1 = content.querySelector('h1');
  if (h1) h1.setAttribute('tabindex', '-1');
  if (focus) {
    if (h1) h1.focus();
  } else if (keep && $(keep)) {
    $(keep).focus();
  }
}

/** Re-renders the current page after an action, keeping focus and messages. */
export function refresh() {
  return route({ focus: false });
}

let pendingAnnouncement = '';

/** Goes to a page (a hash like '#/users'), then announces message there; re-renders when it is the current one. */
export function go(hash, message = '') {
  pendingAnnouncement = message;
  if (location.hash === hash) route();
  else location.hash = hash;
}

// What the editor module needs from the frame, without a circular import.
const ctx = { act, announce, clearError, showError, go, onSubmit };

const enc = encodeURIComponent;

// ---- users

const USER_FIELDS = ['UserName', 'Path', 'Arn', 'UserId', 'CreateDate', 'PasswordLastUsed'];

async function usersPage() {
  // A delegated administrator may create users without being allowed to list them: the form stays usable.
  const [listed, policies] = await Promise.all([
    settle(all('ListUsers', {}, 'Users')),
    settle(listPolicies()),
  ]);
  const users = listed.ok ? listed.value : [];
  const rows = users.map((m) => {
    const u = fields(m, USER_FIELDS);
    const boundary = text(m, 'PermissionsBoundaryArn');
    return h('tr', { dataset: { user: u.UserName } },
      h('th', { scope: 'row' }, h('a', { href: `#/users/${enc(u.UserName)}` }, u.UserName)),
      h('td', {}, u.Path), h('td', { class: 'arn' }, u.Arn), h('td', {}, boundary || '—'), h('td', {}, when(u.CreateDate)));
  });
  const boundaryOptions = [['', 'None'], ...(policies.ok ? policies.value.map((p) => [p.Arn, p.PolicyName]) : [])];
  const form = onSubmit(h('form', { id: 'create-user', class: 'card', 'aria-labelledby': 'create-user-title' },
    h('h2', { id: 'create-user-title' }, 'Create a user'),
    field('User name', h('input', { id: 'new-user-name', name: 'UserName', required: true, maxlength: 64, autocomplete: 'off', spellcheck: 'false' })),
    field('Path', h('input', { id: 'new-user-path', name: 'Path', placeholder: '/', autocomplete: 'off', spellcheck: 'false' }),
      'Optional, for example /engineering/. Defaults to /.'),
    field('Permissions boundary', select('new-user-boundary', boundaryOptions, ''),
      policies.ok ? 'The most the user\'s policies can ever allow. Delegated administrators may be required to set one.'
        : `Policies are not listed for you (${policies.error.code || 'error'}).`),
    h('button', { id: 'create-user-submit', type: 'submit', class: 'primary' }, 'Create user')),
  async () => {
    const name = $('new-user-name').value.trim();
    await call('CreateUser', {
      UserName: name,
      Path: $('new-user-path').value.trim(),
      PermissionsBoundary: $('new-user-boundary').value,
    });
    await refresh();
    announce(`User ${name} created.`);
  });
  return [
    h('h1', {}, 'Users'),
    h('p', { class: 'muted' }, `Users of tenant ${config.tenant}.`),
    listed.ok ? null : denied(listed),
    table('users-table', `Users (${users.length})`, ['User name', 'Path', 'ARN', 'Permissions boundary', 'Created'], rows,
      listed.ok ? 'No users.' : 'Users are not listed for you.'),
    form,
  ];
}

async function userPage(name) {
  const doc = await call('GetUser', { UserName: name });
  const u = fields(first(doc, 'User'), USER_FIELDS);
  const boundary = text(doc, 'PermissionsBoundaryArn');
  const tags = members(doc, 'Tags').map((m) => `${childText(m, 'Key')}=${childText(m, 'Value')}`);

  const sections = [groupsSection(name), policiesSection(name), keysSection(name), mfaSection(name)];
  await Promise.all(sections.map((s) => s.load()));

  const del = h('button', { id: 'delete-user', type: 'button', class: 'danger' }, 'Delete user');
  del.addEventListener('click', () => {
    // A destructive action asks first (the browser's own dialog: keyboard-accessible, no markup to build).
    if (!window.confirm(`Delete the user ${name}? This cannot be undone.`)) return;
    act(del, async () => {
      await call('DeleteUser', { UserName: name });
      go('#/users', `User ${name} deleted.`);
    });
  });

  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/users' }, 'Users'), ' / ', name),
    h('h1', {}, `User ${name}`),
    h('dl', { class: 'props' },
      h('dt', {}, 'ARN'), h('dd', { class: 'arn' }, u.Arn),
      h('dt', {}, 'Path'), h('dd', {}, u.Path),
      h('dt', {}, 'User ID'), h('dd', {}, u.UserId),
      h('dt', {}, 'Created'), h('dd', {}, when(u.CreateDate) || '—'),
      h('dt', {}, 'Permissions boundary'), h('dd', {}, boundary || 'None'),
      tags.length ? [h('dt', {}, 'Tags'), h('dd', {}, tags.join(', '))] : null),
    ...sections.map((s) => s.el),
    advisorSection(u.Arn, act),
    h('section', { class: 'card danger-zone', 'aria-labelledby': 'danger-title' },
      h('h2', { id: 'danger-title' }, 'Delete'),
      h('p', {}, 'IAM refuses to delete a user who still has groups, policies, access keys or an MFA device.'),
      del),
  ];
}

/** A page section whose body reloads on its own (after an action in it). */
function section(id, title, loader, extra) {
  const body = h('div', { class: 'section-body' });
  const el = h('section', { id: `sec-${id}`, class: 'card', 'aria-labelledby': `sec-${id}-title` },
    h('h2', { id: `sec-${id}-title` }, title), body, extra || null);
  const load = async () => {
    try {
      body.replaceChildren(...[].concat(await loader()));
    } catch (e) {
      if (e instanceof SessionEnded) throw e;
      body.replaceChildren(denied({ error: e }));
    }
  };
  return { el, load };
}

function groupsSection(name) {
  let s;
  s = section('groups', 'Groups', async () => {
    const [groups, allGroups] = await Promise.all([
      all('ListGroupsForUser', { UserName: name }, 'Groups'),
      settle(all('ListGroups', {}, 'Groups')),
    ]);
    const names = groups.map((m) => childText(m, 'GroupName'));
    const list = h('ul', { id: 'user-groups', class: 'items' }, names.map((g) => {
      const remove = h('button', { type: 'button', class: 'remove-group small', 'aria-label': `Remove ${name} from group ${g}` }, 'Remove');
      remove.addEventListener('click', () => act(remove, async () => {
        await call('RemoveUserFromGroup', { UserName: name, GroupName: g });
        await s.load();
        announce(`Removed from group ${g}.`);
      }));
      return h('li', { dataset: { group: g } }, h('a', { href: `#/groups/${enc(g)}` }, g), ' ', remove);
    }));
    const out = names.length ? [list] : [list, h('p', { class: 'muted' }, 'In no group.')];
    if (allGroups.ok) {
      const choices = allGroups.value.map((m) => childText(m, 'GroupName')).filter((g) => !names.includes(g));
      out.push(onSubmit(h('form', { id: 'add-group', class: 'inline' },
        field('Add to group', select('add-group-name', choices.map((g) => [g, g]))),
        h('button', { id: 'add-group-submit', type: 'submit', disabled: !choices.length }, 'Add')),
      async () => {
        const g = $('add-group-name').value;
        await call('AddUserToGroup', { UserName: name, GroupName: g });
        await s.load();
        announce(`Added to group ${g}.`);
      }));
    }
    return out;
  });
  return s;
}

/** Managed policies attached to a user, group or role (kind: 'User' | 'Group' | 'Role'), with attach and detach. */
function policiesSection(name, kind = 'User') {
  const who = { [`${kind}Name`]: name };
  let s;
  s = section('policies', 'Attached policies', async () => {
    const [attached, policies] = await Promise.all([
      all(`ListAttached${kind}Policies`, who, 'AttachedPolicies'),
      settle(listPolicies()),
    ]);
    const arns = attached.map((m) => childText(m, 'PolicyArn'));
    const list = h('ul', { id: 'attached-policies', class: 'items' }, attached.map((m) => {
      const p = fields(m, ['PolicyName', 'PolicyArn']);
      const detach = h('button', { type: 'button', class: 'detach small', 'aria-label': `Detach ${p.PolicyName}` }, 'Detach');
      detach.addEventListener('click', () => act(detach, async () => {
        await call(`Detach${kind}Policy`, { ...who, PolicyArn: p.PolicyArn });
        await s.load();
        announce(`Detached ${p.PolicyName}.`);
      }));
      return h('li', { dataset: { arn: p.PolicyArn } },
        h('a', { href: `#/policies/${enc(p.PolicyName)}` }, p.PolicyName), ' ', h('span', { class: 'arn' }, p.PolicyArn), ' ', detach);
    }));
    const out = [list];
    if (!attached.length) out.push(h('p', { class: 'muted' }, 'No managed policies attached.'));
    const options = policies.ok ? policies.value.filter((p) => !arns.includes(p.Arn)).map((p) => [p.Arn, p.PolicyName]) : [];
    out.push(onSubmit(h('form', { id: 'attach-policy', class: 'inline' },
      field('Attach policy', select('attach-policy-arn', options),
        policies.ok ? null : `Policies are not listed for you (${policies.error.code || 'error'}).`),
      h('button', { id: 'attach-policy-submit', type: 'submit' }, 'Attach')),
    async () => {
      const arn = $('attach-policy-arn').value;
      await call(`Attach${kind}Policy`, { ...who, PolicyArn: arn });
      await s.load();
      announce(`Attached ${arn}.`);
    }));
    return out;
  });
  return s;
}

function keysSection(name) {
  let s;
  const secret = h('div', { id: 'new-key-panel', class: 'secret', hidden: true });
  const showSecret = (doc) => {
    const k = fields(first(doc, 'AccessKey'), ['AccessKeyId', 'SecretAccessKey']);
    secret.replaceChildren(
      h('h3', {}, 'New access key'),
      h('p', { class: 'warning', role: 'note' },
        'This is the only time the secret access key is shown. Copy it now and store it safely; it cannot be shown again. If it is lost, create a new key.'),
      h('dl', { class: 'props' },
        h('dt', {}, 'Access key ID'), h('dd', {}, h('code', { id: 'new-key-id' }, k.AccessKeyId)),
        h('dt', {}, 'Secret access key'), h('dd', {}, h('code', { id: 'new-secret' }, k.SecretAccessKey))),
      h('button', {
        type: 'button', class: 'small',
        onclick: () => { secret.replaceChildren(); secret.hidden = true; $('create-access-key')?.focus(); },
      }, 'I have stored the secret; hide it'));
    secret.hidden = false;
    return k.AccessKeyId;
  };
  s = section('keys', 'Access keys', async () => {
    const keys = (await all('ListAccessKeys', { UserName: name }, 'AccessKeyMetadata'))
      .map((m) => fields(m, ['AccessKeyId', 'Status', 'CreateDate']));
    const rows = keys.map((k) => {
      const active = k.Status === 'Active';
      const toggle = h('button', { type: 'button', class: 'small', 'aria-label': `${active ? 'Deactivate' : 'Activate'} ${k.AccessKeyId}` },
        active ? 'Deactivate' : 'Activate');
      toggle.addEventListener('click', () => act(toggle, async () => {
        await call('UpdateAccessKey', { UserName: name, AccessKeyId: k.AccessKeyId, Status: active ? 'Inactive' : 'Active' });
        await s.load();
        announce(`${k.AccessKeyId} is now ${active ? 'inactive' : 'active'}.`);
      }));
      const rotate = active ? h('button', { type: 'button', class: 'small rotate', 'aria-label': `Rotate ${k.AccessKeyId}` }, 'Rotate') : null;
      rotate?.addEventListener('click', () => act(rotate, async () => {
        // AWS's rotation: a new key first, then the old one deactivated (deleted once nothing uses it).
        const doc = await call('CreateAccessKey', { UserName: name });
        const id = showSecret(doc);
        await call('UpdateAccessKey', { UserName: name, AccessKeyId: k.AccessKeyId, Status: 'Inactive' });
        await s.load();
        announce(`New key ${id} created; ${k.AccessKeyId} deactivated. Delete it once nothing uses it.`);
      }));
      const del = h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${k.AccessKeyId}` }, 'Delete');
      del.addEventListener('click', () => {
        if (!window.confirm(`Delete the access key ${k.AccessKeyId}? Programs using it stop working.`)) return;
        act(del, async () => {
          await call('DeleteAccessKey', { UserName: name, AccessKeyId: k.AccessKeyId });
          await s.load();
          announce(`${k.AccessKeyId} deleted.`);
        });
      });
      return h('tr', { dataset: { key: k.AccessKeyId } },
        h('th', { scope: 'row' }, h('code', {}, k.AccessKeyId)), h('td', { class: 'status' }, k.Status), h('td', {}, when(k.CreateDate)),
        h('td', { class: 'actions' }, toggle, ' ', rotate, ' ', del));
    });
    const t = table('access-keys-table', 'Access keys', ['Access key ID', 'Status', 'Created', 'Actions'], rows, 'No access keys.');
    t.id = 'access-keys';
    return t;
  }, h('div', {},
    h('button', {
      id: 'create-access-key', type: 'button',
      onclick: (ev) => act(ev.currentTarget, async () => {
        const id = showSecret(await call('CreateAccessKey', { UserName: name }));
        await s.load();
        announce(`Access key ${id} created. Its secret is shown once.`);
        $('new-secret').closest('.secret').querySelector('h3').setAttribute('tabindex', '-1');
        $('new-secret').closest('.secret').querySelector('h3').focus();
      }),
    }, 'Create access key'),
    secret));
  return s;
}

function mfaSection(name) {
  let s;
  const enrol = h('div', { id: 'mfa-enrol' });
  const start = h('button', { id: 'enable-mfa', type: 'button' }, 'Assign a virtual MFA device');
  const deviceName = h('input', { id: 'mfa-device-name', value: name, maxlength: 64, autocomplete: 'off', spellcheck: 'false' });
  start.addEventListener('click', () => act(start, async () => {
    const doc = await call('CreateVirtualMFADevice', { VirtualMFADeviceName: deviceName.value.trim() || name });
    const serial = text(doc, 'SerialNumber');
    const png = text(doc, 'QRCodePNG').replace(/\s+/g, '');
    let seed = text(doc, 'Base32StringSeed');
    try { seed = atob(seed.replace(/\s+/g, '')); } catch (e) { /* shown as received */ }
    const form = onSubmit(h('form', { id: 'mfa-enable', class: 'stack' },
      h('p', {}, 'Scan the code with an authenticator app (or type the secret), then enter two consecutive codes.'),
      h('img', { id: 'mfa-qr', src: `data:image/png;base64,${png}`, alt: `QR code for the MFA device ${serial}`, width: 200, height: 200 }),
      h('p', {}, 'Secret: ', h('code', { id: 'mfa-seed' }, seed)),
      field('MFA code 1', h('input', { id: 'mfa-code1', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: true })),
      field('MFA code 2', h('input', { id: 'mfa-code2', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: true })),
      h('button', { id: 'mfa-enable-submit', type: 'submit', class: 'primary' }, 'Enable MFA')),
    async () => {
      await call('EnableMFADevice', {
        UserName: name, SerialNumber: serial,
        AuthenticationCode1: $('mfa-code1').value.trim(), AuthenticationCode2: $('mfa-code2').value.trim(),
      });
      enrol.replaceChildren();
      await s.load();
      announce(`MFA device ${serial} enabled.`);
    });
    enrol.replaceChildren(form);
    $('mfa-code1').focus();
  }));
  s = section('mfa', 'Multi-factor authentication (MFA)', async () => {
    const devices = (await all('ListMFADevices', { UserName: name }, 'MFADevices')).map((m) => fields(m, ['SerialNumber', 'EnableDate']));
    const list = h('ul', { id: 'mfa-devices', class: 'items' }, devices.map((d) => {
      const off = h('button', { type: 'button', class: 'small danger', 'aria-label': `Deactivate ${d.SerialNumber}` }, 'Deactivate');
      off.addEventListener('click', () => act(off, async () => {
        await call('DeactivateMFADevice', { UserName: name, SerialNumber: d.SerialNumber });
        await s.load();
        announce(`MFA device ${d.SerialNumber} deactivated.`);
      }));
      return h('li', { dataset: { serial: d.SerialNumber } }, h('span', { class: 'arn' }, d.SerialNumber), ' enabled ', when(d.EnableDate), ' ', off);
    }));
    return devices.length ? list : [list, h('p', { class: 'muted' }, 'No MFA device.')];
  }, h('div', { class: 'stack' }, h('div', { class: 'inline' }, field('Device name', deviceName), start), enrol));
  return s;
}

// ---- groups

async function groupsPage() {
  const groups = (await all('ListGroups', {}, 'Groups')).map((m) => fields(m, ['GroupName', 'Path', 'Arn', 'CreateDate']));
  const rows = groups.map((g) => h('tr', { dataset: { group: g.GroupName } },
    h('th', { scope: 'row' }, h('a', { href: `#/groups/${enc(g.GroupName)}` }, g.GroupName)),
    h('td', {}, g.Path), h('td', { class: 'arn' }, g.Arn), h('td', {}, when(g.CreateDate))));
  return [h('h1', {}, 'Groups'), table('groups-table', `Groups (${groups.length})`, ['Group name', 'Path', 'ARN', 'Created'], rows, 'No groups.')];
}

async function groupPage(name) {
  const policies = policiesSection(name, 'Group');
  const [doc] = await Promise.all([call('GetGroup', { GroupName: name }), policies.load()]);
  const g = fields(first(doc, 'Group'), ['GroupName', 'Path', 'Arn', 'CreateDate']);
  const users = members(doc, 'Users').map((m) => childText(m, 'UserName'));
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/groups' }, 'Groups'), ' / ', name),
    h('h1', {}, `Group ${name}`),
    h('dl', { class: 'props' }, h('dt', {}, 'ARN'), h('dd', { class: 'arn' }, g.Arn), h('dt', {}, 'Path'), h('dd', {}, g.Path),
      h('dt', {}, 'Created'), h('dd', {}, when(g.CreateDate) || '—')),
    h('section', { class: 'card', 'aria-labelledby': 'gm' }, h('h2', { id: 'gm' }, 'Members'),
      users.length ? h('ul', { id: 'group-users', class: 'items' }, users.map((u) => h('li', { dataset: { user: u } }, h('a', { href: `#/users/${enc(u)}` }, u))))
        : h('p', { class: 'muted' }, 'No members.')),
    policies.el,
    advisorSection(g.Arn, act),
  ];
}

// ---- roles

async function rolesPage() {
  const roles = (await all('ListRoles', {}, 'Roles')).map((m) => fields(m, ['RoleName', 'Path', 'Arn', 'Description', 'MaxSessionDuration']));
  const rows = roles.map((r) => h('tr', { dataset: { role: r.RoleName } },
    h('th', { scope: 'row' }, h('a', { href: `#/roles/${enc(r.RoleName)}` }, r.RoleName)),
    h('td', {}, r.Path), h('td', { class: 'arn' }, r.Arn), h('td', {}, r.Description), h('td', {}, r.MaxSessionDuration)));
  return [h('h1', {}, 'Roles'),
    table('roles-table', `Roles (${roles.length})`, ['Role name', 'Path', 'ARN', 'Description', 'Max session (s)'], rows, 'No roles.')];
}

async function rolePage(name) {
  const policies = policiesSection(name, 'Role');
  const [doc] = await Promise.all([call('GetRole', { RoleName: name }), policies.load()]);
  const role = first(doc, 'Role');
  const r = fields(role, ['RoleName', 'Path', 'Arn', 'Description', 'MaxSessionDuration', 'CreateDate']);
  const trust = pretty(urlDecoded(childText(role, 'AssumeRolePolicyDocument')));
  const boundary = text(role, 'PermissionsBoundaryArn');
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/roles' }, 'Roles'), ' / ', name),
    h('h1', {}, `Role ${name}`),
    h('dl', { class: 'props' }, h('dt', {}, 'ARN'), h('dd', { class: 'arn' }, r.Arn), h('dt', {}, 'Path'), h('dd', {}, r.Path),
      h('dt', {}, 'Description'), h('dd', {}, r.Description || '—'),
      h('dt', {}, 'Maximum session duration'), h('dd', {}, r.MaxSessionDuration ? `${r.MaxSessionDuration} s` : '—'),
      h('dt', {}, 'Permissions boundary'), h('dd', {}, boundary || 'None')),
    h('section', { class: 'card', 'aria-labelledby': 'rt' }, h('h2', { id: 'rt' }, 'Trust policy'),
      h('p', { class: 'muted' }, 'Who may assume this role.'),
      h('pre', { id: 'trust-policy', class: 'code', tabindex: 0, 'aria-labelledby': 'rt' }, trust || '(none)')),
    policies.el,
    advisorSection(r.Arn, act),
  ];
}

// ---- policies

async function policiesPage() {
  const policies = await listPolicies();
  const rows = policies.map((p) => h('tr', { dataset: { policy: p.PolicyName } },
    h('th', { scope: 'row' }, h('a', { href: `#/policies/${enc(p.PolicyName)}` }, p.PolicyName)),
    h('td', { class: 'arn' }, p.Arn), h('td', {}, p.DefaultVersionId), h('td', {}, p.AttachmentCount),
    h('td', {}, p.PermissionsBoundaryUsageCount), h('td', {}, p.Description)));
  return [
    h('h1', {}, 'Policies'),
    h('p', {}, h('a', { href: '#/editor', class: 'button' }, 'Create a policy')),
    table('policies-table', `Managed policies (${policies.length})`,
      ['Policy name', 'ARN', 'Default version', 'Attachments', 'Used as boundary', 'Description'], rows, 'No policies.'),
  ];
}

async function policyPage(name, selectedVersion) {
  const p = await policyByName(name);
  const versions = (await all('ListPolicyVersions', { PolicyArn: p.Arn }, 'Versions'))
    .map((m) => fields(m, ['VersionId', 'IsDefaultVersion', 'CreateDate']));
  let shown = versions.find((v) => v.IsDefaultVersion === 'true')?.VersionId || p.DefaultVersionId;
  const view = h('pre', { id: 'policy-document-view', class: 'code', tabindex: 0, 'aria-live': 'polite', 'aria-labelledby': 'pv-title' });
  const viewTitle = h('h2', { id: 'pv-title' }, 'Document');
  const setDefault = h('button', { id: 'set-default-version', type: 'button' }, 'Set as default version');
  const list = h('ul', { id: 'policy-versions', class: 'items' });
  const show = async (versionId) => {
    const doc = await call('GetPolicyVersion', { PolicyArn: p.Arn, VersionId: versionId });
    shown = versionId;
    view.textContent = pretty(urlDecoded(text(doc, 'Document')));
    const isDefault = text(doc, 'IsDefaultVersion') === 'true';
    viewTitle.textContent = `Document of ${versionId}${isDefault ? ' (default)' : ''}`;
    setDefault.disabled = isDefault;
    setDefault.textContent = isDefault ? `${versionId} is the default version` : `Set ${versionId} as the default version`;
    for (const li of list.children) li.classList.toggle('selected', li.dataset.version === versionId);
  };
  list.append(...versions.map((v) => h('li', { dataset: { version: v.VersionId, default: v.IsDefaultVersion } },
    h('button', {
      type: 'button', class: 'linklike', 'aria-label': `View version ${v.VersionId}`,
      onclick: (ev) => act(ev.currentTarget, () => show(v.VersionId)),
    }, v.VersionId), v.IsDefaultVersion === 'true' ? h('span', { class: 'badge' }, 'default') : null, ' ', when(v.CreateDate))));
  setDefault.addEventListener('click', () => act(setDefault, async () => {
    const v = shown;
    await call('SetDefaultPolicyVersion', { PolicyArn: p.Arn, VersionId: v });
    await refresh();
    announce(`${v} is now the default version of ${name}.`);
  }));
  await show(selectedVersion || shown);
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/policies' }, 'Policies'), ' / ', name),
    h('h1', {}, `Policy ${name}`),
    h('dl', { class: 'props' }, h('dt', {}, 'ARN'), h('dd', { class: 'arn' }, p.Arn), h('dt', {}, 'Path'), h('dd', {}, p.Path),
      h('dt', {}, 'Description'), h('dd', {}, p.Description || '—'),
      h('dt', {}, 'Attachments'), h('dd', {}, p.AttachmentCount || '0'),
      h('dt', {}, 'Used as permissions boundary'), h('dd', {}, p.PermissionsBoundaryUsageCount || '0')),
    h('p', {}, h('a', { href: `#/editor/${enc(name)}`, class: 'button', id: 'edit-policy' }, 'Edit (new version)')),
    h('div', { class: 'split' },
      h('section', { class: 'card', 'aria-labelledby': 'pvs' }, h('h2', { id: 'pvs' }, 'Versions'), list, setDefault),
      h('section', { class: 'card grow', 'aria-labelledby': 'pv-title' }, viewTitle, view)),
    advisorSection(p.Arn, act),
  ];
}

// ---- password policy

async function passwordPolicyPage() {
  let p = null;
  try {
    p = first(await call('GetAccountPasswordPolicy'), 'PasswordPolicy');
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'NoSuchEntity' || e instanceof SessionEnded) throw e;
  }
  const v = (n, d) => (p && child(p, n) ? childText(p, n) : d);
  const num = (id, label, value, min, max, hint) => field(label,
    h('input', { id, type: 'number', min, max, value, inputmode: 'numeric' }), hint);
  const form = onSubmit(h('form', { id: 'password-policy', class: 'card stack' },
    p ? null : h('p', { class: 'muted' }, 'No password policy is set; the defaults below apply until you save one.'),
    num('pp-min-length', 'Minimum password length', v('MinimumPasswordLength', '8'), 6, 128),
    checkbox('pp-require-symbols', 'Require at least one symbol', v('RequireSymbols', 'false') === 'true'),
    checkbox('pp-require-numbers', 'Require at least one number', v('RequireNumbers', 'false') === 'true'),
    checkbox('pp-require-uppercase', 'Require at least one uppercase letter', v('RequireUppercaseCharacters', 'false') === 'true'),
    checkbox('pp-require-lowercase', 'Require at least one lowercase letter', v('RequireLowercaseCharacters', 'false') === 'true'),
    checkbox('pp-allow-change', 'Allow users to change their own password', v('AllowUsersToChangePassword', 'false') === 'true'),
    num('pp-max-age', 'Password expiration (days)', v('MaxPasswordAge', ''), 1, 1095, 'Empty: passwords do not expire.'),
    num('pp-reuse', 'Prevent reuse of the last N passwords', v('PasswordReusePrevention', ''), 1, 24, 'Empty: reuse allowed.'),
    checkbox('pp-hard-expiry', 'An expired password needs an administrator reset', v('HardExpiry', 'false') === 'true'),
    h('button', { id: 'pp-save', type: 'submit', class: 'primary' }, 'Save password policy')),
  async () => {
    const b = (id) => String($(id).checked);
    await call('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: $('pp-min-length').value,
      RequireSymbols: b('pp-require-symbols'),
      RequireNumbers: b('pp-require-numbers'),
      RequireUppercaseCharacters: b('pp-require-uppercase'),
      RequireLowercaseCharacters: b('pp-require-lowercase'),
      AllowUsersToChangePassword: b('pp-allow-change'),
      MaxPasswordAge: $('pp-max-age').value,
      PasswordReusePrevention: $('pp-reuse').value,
      HardExpiry: b('pp-hard-expiry'),
    });
    await refresh();
    announce('Password policy saved.');
  });
  return [h('h1', {}, 'Password policy'), form];
}

// ---- simulator

/**
 * The layer a statement of MatchedStatements belongs to. The simulator reports guardrails with
 * SourcePolicyType "none" (ids naming a guardrail), a boundary as the managed policy it is (known by its
 * ARN, the principal's PermissionsBoundaryArn).
 */
function layerOf(m, boundaryArn) {
  const id = childText(m, 'SourcePolicyId');
  const type = childText(m, 'SourcePolicyType');
  if (/:guardrail\//.test(id) || type === 'none' || /guardrail|organi[sz]ation/i.test(type)) return 'guardrail';
  if (boundaryArn && id === boundaryArn) return 'permissions boundary';
  if (/resource/i.test(type)) return 'resource-based policy';
  return 'identity-based policy';
}

/** Which layer had no allow (or denied), from a SimulatePrincipalPolicy result (EvaluationResults member). */
export function explainLayer(r, boundaryArn) {
  const decision = childText(r, 'EvalDecision');
  const layers = childMembers(r, 'MatchedStatements').map((m) => layerOf(m, boundaryArn));
  if (decision === 'allowed') return ''; // every layer allowed: none to name
  if (decision === 'explicitDeny') return `explicit deny in ${[...new Set(layers)].join(', ') || 'a policy'}`;
  const out = [];
  if (!layers.includes('identity-based policy') && !layers.includes('resource-based policy')) out.push('no identity-based policy allows');
  if (childText(child(r, 'PermissionsBoundaryDecisionDetail'), 'AllowedByPermissionsBoundary') === 'false') out.push('permissions boundary');
  if (childText(child(r, 'OrganizationsDecisionDetail'), 'AllowedByOrganizations') === 'false') out.push('guardrail');
  for (const e of [...(child(r, 'EvalDecisionDetails')?.children || [])]) {
    const k = childText(e, 'key');
    const v = childText(e, 'value');
    if (k && v && v !== 'allowed') out.push(`${k}: ${v}`);
  }
  return out.join('; ');
}

function statementText(m) {
  const id = childText(m, 'SourcePolicyId');
  const type = childText(m, 'SourcePolicyType');
  const s = child(m, 'StartPosition');
  const e = child(m, 'EndPosition');
  const at = s ? ` at ${childText(s, 'Line')}:${childText(s, 'Column')}–${childText(e, 'Line')}:${childText(e, 'Column')}` : '';
  return `${id}${type ? ` (${type})` : ''}${at}`;
}

/** The permissions boundary ARN of a user or role ARN ('' when none or not a user or role), to tell its statements apart. */
async function principalBoundary(arn) {
  const m = /:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return '';
  const doc = m[1] === 'user' ? await call('GetUser', { UserName: m[2] }) : await call('GetRole', { RoleName: m[2] });
  return text(doc, 'PermissionsBoundaryArn');
}

const splitList = (s) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);

async function simulatorPage() {
  const [users, roles, groups] = await Promise.all([
    settle(all('ListUsers', {}, 'Users')), settle(all('ListRoles', {}, 'Roles')), settle(all('ListGroups', {}, 'Groups'))]);
  const arns = [users, roles, groups].flatMap((r) => (r.ok ? r.value.map((m) => childText(m, 'Arn')) : []));
  const results = h('div', { id: 'sim-output', 'aria-live': 'polite' });
  const form = onSubmit(h('form', { id: 'simulator', class: 'card stack' },
    field('Principal (user, group or role ARN)', h('input', { id: 'sim-source', list: 'sim-source-list', required: true, spellcheck: 'false', autocomplete: 'off' })),
    h('datalist', { id: 'sim-source-list' }, arns.map((a) => h('option', { value: a }))),
    field('Actions', h('input', { id: 'sim-actions', required: true, spellcheck: 'false', placeholder: 'docs:GetObject, docs:PutObject' }),
      'Comma-separated, for example docs:GetObject, iam:CreateUser.'),
    field('Resources', h('input', { id: 'sim-resources', spellcheck: 'false', placeholder: '*' }), 'Comma-separated ARNs; empty means *.'),
    field('Context keys', h('textarea', { id: 'sim-context', rows: 3, spellcheck: 'false', placeholder: 'aws:MultiFactorAuthPresent=true' }),
      'One key=value per line (values are strings).'),
    h('button', { id: 'sim-run', type: 'submit', class: 'primary' }, 'Run simulation')),
  async () => {
    const params = [['PolicySourceArn', $('sim-source').value.trim()]];
    params.push(...listParams('ActionNames', splitList($('sim-actions').value)));
    const resources = splitList($('sim-resources').value);
    params.push(...listParams('ResourceArns', resources.length ? resources : ['*']));
    $('sim-context').value.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
      const eq = line.indexOf('=');
      const key = (eq < 0 ? line : line.slice(0, eq)).trim();
      const value = eq < 0 ? '' : line.slice(eq + 1).trim();
      const p = `ContextEntries.member.${i + 1}`;
      params.push([`${p}.ContextKeyName`, key], [`${p}.ContextKeyValues.member.1`, value], [`${p}.ContextKeyType`, 'string']);
    });
    results.replaceChildren(h('p', { class: 'loading' }, 'Simulating…'));
    let rs;
    let boundaryArn = '';
    try {
      const [doc, boundary] = await Promise.all([call('SimulatePrincipalPolicy', params), settle(principalBoundary($('sim-source').value.trim()))]);
      rs = members(doc, 'EvaluationResults');
      boundaryArn = boundary.ok ? boundary.value : '';
    } catch (e) {
      results.replaceChildren();
      throw e;
    }
    const rows = rs.map((r) => {
      const decision = childText(r, 'EvalDecision');
      const statements = childMembers(r, 'MatchedStatements').map(statementText);
      const missing = childMembers(r, 'MissingContextValues').map((c) => c.textContent);
      return h('tr', { dataset: { action: childText(r, 'EvalActionName'), resource: childText(r, 'EvalResourceName') }, class: decision },
        h('th', { scope: 'row', class: 'action' }, childText(r, 'EvalActionName')),
        h('td', { class: 'resource arn' }, childText(r, 'EvalResourceName')),
        h('td', { class: 'decision' }, decision),
        h('td', { class: 'statements' }, statements.length ? statements.join('; ') : ''),
        h('td', { class: 'layer' }, explainLayer(r, boundaryArn)),
        h('td', { class: 'missing' }, missing.join(', ')));
    });
    results.replaceChildren(table('sim-results', 'Simulation results',
      ['Action', 'Resource', 'Decision', 'Deciding statements', 'Layer with no allow', 'Missing context keys'], rows, 'No results.'));
    announce(`Simulation done: ${rs.length} result${rs.length === 1 ? '' : 's'}.`);
  });
  return [
    h('h1', {}, 'Policy simulator'),
    h('p', { class: 'muted' }, 'Evaluates a principal\'s policies (identity, permissions boundary, guardrails) for actions and resources, without performing them.'),
    form, results,
  ];
}

// ---- decode

async function decodePage() {
  const out = h('pre', { id: 'decoded', class: 'code', tabindex: 0, 'aria-live': 'polite', 'aria-label': 'Decoded message' });
  const area = h('textarea', { id: 'encoded-message', rows: 6, spellcheck: 'false', required: true });
  area.value = pendingDecode;
  pendingDecode = '';
  const form = onSubmit(h('form', { id: 'decode', class: 'card stack' },
    field('Encoded authorization message', area, 'The text after "Encoded authorization failure message:" in a denial.'),
    h('button', { id: 'decode-submit', type: 'submit', class: 'primary' }, 'Decode')),
  async () => {
    const doc = await call('DecodeAuthorizationMessage', { EncodedMessage: area.value.trim() }, { sts: true });
    out.textContent = pretty(text(doc, 'DecodedMessage'));
    announce('Message decoded.');
  });
  // Enter in the textarea submits too (a message is one line); Shift+Enter still adds a line.
  area.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  return [h('h1', {}, 'Decode an authorization message'), form,
    h('section', { class: 'card', 'aria-labelledby': 'decoded-title' }, h('h2', { id: 'decoded-title' }, 'Decoded'), out)];
}

// ---- audit

async function auditPage() {
  const body = h('tbody', {});
  const more = h('button', { id: 'audit-more', type: 'button', hidden: true }, 'Load more');
  let next = '';
  let params = {};
  const local = (id) => {
    const v = $(id).value;
    return v ? new Date(v).toISOString() : '';
  };
  const load = async (append) => {
    const doc = await call('LookupEvents', { ...params, MaxResults: 50, NextToken: append ? next : '' });
    const events = members(doc, 'Events').map((m) => fields(m,
      ['EventTime', 'EventType', 'Principal', 'Action', 'Resource', 'Decision', 'Reason', 'RequestId']));
    const rows = events.map((e) => h('tr', { dataset: { decision: e.Decision, type: e.EventType } },
      h('td', {}, when(e.EventTime)), h('td', {}, e.EventType), h('td', {}, e.Principal), h('td', {}, e.Action),
      h('td', { class: 'arn' }, e.Resource), h('td', { class: `decision ${e.Decision}` }, e.Decision), h('td', {}, e.Reason),
      h('td', { class: 'rid' }, e.RequestId)));
    if (append) body.append(...rows);
    else body.replaceChildren(...(rows.length ? rows : [h('tr', { class: 'empty' }, h('td', { colspan: 8 }, 'No events match.'))]));
    next = text(doc, 'NextToken');
    more.hidden = !next;
    announce(`${events.length} event${events.length === 1 ? '' : 's'} shown.`);
  };
  const form = onSubmit(h('form', { id: 'audit-filters', class: 'card filters' },
    field('Principal', h('input', { id: 'audit-principal', spellcheck: 'false', autocomplete: 'off' })),
    field('Action', h('input', { id: 'audit-action', spellcheck: 'false', autocomplete: 'off', placeholder: 'docs:PutObject' })),
    field('Decision', select('audit-decision', [['', 'Any'], ['Allow', 'Allow'], ['ExplicitDeny', 'Explicit deny'], ['ImplicitDeny', 'Implicit deny']])),
    field('Event type', select('audit-type', [['', 'Any'], ['decision', 'Decision'], ['signin', 'Sign-in'], ['config', 'Configuration']])),
    field('From', h('input', { id: 'audit-start', type: 'datetime-local' })),
    field('To', h('input', { id: 'audit-end', type: 'datetime-local' })),
    h('button', { id: 'audit-submit', type: 'submit', class: 'primary' }, 'Search')),
  async () => {
    params = {
      Principal: $('audit-principal').value.trim(), EventAction: $('audit-action').value.trim(),
      Decision: $('audit-decision').value, EventType: $('audit-type').value,
      StartTime: local('audit-start'), EndTime: local('audit-end'),
    };
    await load(false);
  });
  more.addEventListener('click', () => act(more, () => load(true)));
  const t = h('div', { class: 'table-wrap' }, h('table', { id: 'audit-table' },
    h('caption', {}, 'Audit events, newest first'),
    h('thead', {}, h('tr', {}, ['Time', 'Type', 'Principal', 'Action', 'Resource', 'Decision', 'Reason', 'Request ID']
      .map((x) => h('th', { scope: 'col' }, x)))),
    body));
  const initial = await settle(load(false));
  return [h('h1', {}, 'Audit trail'), form, initial.ok ? null : denied(initial), t, more];
}

// ---- start

function start() {
  const skip = $('skip');
  skip.addEventListener('click', (ev) => {
    // The hash is the router's; the skip link moves focus without touching it.
    ev.preventDefault();
    const target = $('app').hidden ? $('username') : $('content');
    target.focus();
    target.scrollIntoView();
  });
  if (!config.signedIn) {
    const code = config.error || new URLSearchParams(location.search).get('error') || '';
    showSignin(code);
    return;
  }
  $('signin-view').hidden = true;
  $('app').hidden = false;
  if (config.user) $('whoami').textContent = `${config.user}@${config.tenant}`;
  window.addEventListener('hashchange', () => {
    clearError();
    announce('');
    route();
  });
  route({ focus: false });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
