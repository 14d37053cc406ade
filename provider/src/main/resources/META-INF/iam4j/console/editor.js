// The policy editor: a plain textarea with a line-number gutter, findings from IAM's ValidatePolicy extension
// action shown while typing (debounced) and a marker on the line of the first error. Nothing is parsed or
// linted here: the engine's PolicyParser/PolicyLinter (through the API) are the only judges of a policy.

import { call, members, childText, text, urlDecoded, policyByName } from './api.js';
import { h, field, checkbox, select } from './dom.js';

const DEBOUNCE_MS = 400;

// The marker of the editor on screen (one page at a time), re-placed when the window's size changes.
let currentMarker = () => {};
window.addEventListener('resize', () => currentMarker());

const NEW_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Example",
      "Effect": "Allow",
      "Action": ["docs:GetObject"],
      "Resource": "*"
    }
  ]
}
`;

const TYPES = [['identity', 'Identity-based policy'], ['boundary', 'Permissions boundary'], ['resource', 'Resource-based policy'],
  ['trust', 'Role trust policy'], ['session', 'Session policy'], ['guardrail', 'Guardrail']];

/** The editor page; name: a policy to add a version to (#/editor/NAME), else a new policy. */
export async function editorPage(name, ctx) {
  let policy = null;
  let initial = NEW_POLICY;
  if (name) {
    policy = await policyByName(name);
    const doc = await call('GetPolicyVersion', { PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId });
    initial = urlDecoded(text(doc, 'Document'));
  }

  const nameInput = h('input', {
    id: 'policy-name', required: true, maxlength: 128, spellcheck: 'false', autocomplete: 'off',
    value: name || '', readonly: !!name,
  });
  const description = name ? null : h('input', { id: 'policy-description', maxlength: 1000, autocomplete: 'off' });
  const path = name ? null : h('input', { id: 'policy-path', placeholder: '/', spellcheck: 'false', autocomplete: 'off' });
  const type = select('policy-type', TYPES, 'identity');
  const area = h('textarea', {
    id: 'policy-document', rows: 22, wrap: 'off', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
    'aria-describedby': 'findings-summary', class: 'code-input',
  });
  area.value = initial;
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const marker = h('div', { id: 'editor-marker', class: 'editor-marker', 'aria-hidden': 'true', hidden: true });
  const editor = h('div', { class: 'editor' }, gutter, area, marker);
  const summary = h('p', { id: 'findings-summary', class: 'findings-summary' }, 'Not validated yet.');
  const list = h('ul', { id: 'findings', class: 'findings', 'aria-live': 'polite', 'aria-labelledby': 'findings-title' });
  list.dataset.state = 'pending';
  const validateButton = h('button', { id: 'validate-policy', type: 'button' }, 'Validate now');
  const save = h('button', { id: 'save-policy', type: 'submit', class: 'primary' }, name ? 'Save as a new version' : 'Create policy');

  let errorLine = 0;
  let lineFlags = new Map();

  const renderGutter = () => {
    const n = area.value.split('\n').length;
    const lines = [];
    for (let i = 1; i <= n; i++) {
      lines.push(h('div', { class: lineFlags.get(i) || null }, String(i)));
    }
    gutter.replaceChildren(...lines);
    gutter.scrollTop = area.scrollTop;
  };

  const placeMarker = () => {
    if (!errorLine) {
      marker.hidden = true;
      delete marker.dataset.line;
      return;
    }
    // Lines never wrap (wrap=off), so line N starts at padding + (N-1) line heights, minus the scroll.
    const cs = getComputedStyle(area);
    const lh = parseFloat(cs.lineHeight) || 20;
    const top = area.offsetTop + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) + (errorLine - 1) * lh - area.scrollTop;
    marker.style.top = `${top}px`;
    marker.style.height = `${lh}px`;
    marker.dataset.line = String(errorLine);
    marker.hidden = false;
  };

  const goTo = (line, column) => {
    const lines = area.value.split('\n');
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    offset += Math.max(0, Math.min(column - 1, (lines[line - 1] || '').length));
    area.focus();
    area.setSelectionRange(offset, offset);
    const lh = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 3) * lh);
  };

  let seq = 0;
  const validate = async () => {
    const mine = ++seq;
    if (!area.value.trim()) {
      list.replaceChildren();
      summary.textContent = 'The document is empty.';
      errorLine = 0;
      lineFlags = new Map();
      renderGutter();
      placeMarker();
      list.dataset.state = 'done';
      return;
    }
    list.dataset.state = 'pending';
    summary.textContent = 'Validating…';
    let doc;
    try {
      doc = await call('ValidatePolicy', { PolicyDocument: area.value, PolicyType: type.value });
    } catch (e) {
      if (mine !== seq) return;
      list.dataset.state = 'error';
      summary.textContent = 'Validation is not available.';
      throw e;
    }
    if (mine !== seq) return; // a newer edit is being validated
    const findings = members(doc, 'Findings').map((m) => ({
      type: childText(m, 'FindingType'), code: childText(m, 'IssueCode'), details: childText(m, 'FindingDetails'),
      line: parseInt(childText(m, 'Line'), 10) || 0, column: parseInt(childText(m, 'Column'), 10) || 0,
      pointer: childText(m, 'Pointer'),
    }));
    lineFlags = new Map();
    for (const f of findings) {
      if (f.line && lineFlags.get(f.line) !== 'err') lineFlags.set(f.line, f.type === 'ERROR' ? 'err' : 'warn');
    }
    const firstError = findings.find((f) => f.type === 'ERROR');
    errorLine = firstError ? firstError.line : 0;
    list.replaceChildren(...findings.map((f) => {
      const where = `${f.line || '?'}:${f.column || '?'}`;
      const label = `${where} ${f.type} ${f.details}`;
      const li = h('li', {
        class: `finding ${f.type.toLowerCase()}`,
        dataset: { line: String(f.line), column: String(f.column), type: f.type, code: f.code, pointer: f.pointer },
      }, h('button', {
        type: 'button', class: 'linklike', title: `${f.code}${f.pointer ? ` at ${f.pointer}` : ''} — go to the location`,
        onclick: () => { if (f.line) goTo(f.line, f.column || 1); },
      }, label));
      return li;
    }));
    const count = (t) => findings.filter((f) => f.type === t).length;
    summary.textContent = findings.length
      ? `${count('ERROR')} error(s), ${count('SECURITY_WARNING')} security warning(s), ${count('WARNING')} warning(s), ${count('SUGGESTION')} suggestion(s).`
      : 'No findings.';
    renderGutter();
    placeMarker();
    list.dataset.state = 'done';
  };

  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    list.dataset.state = 'pending';
    timer = setTimeout(() => { validate().catch(ctx.showError); }, DEBOUNCE_MS);
  };
  area.addEventListener('input', () => { renderGutter(); later(); });
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; placeMarker(); });
  type.addEventListener('change', later);
  validateButton.addEventListener('click', () => { clearTimeout(timer); ctx.act(validateButton, validate); });

  const setDefault = name ? checkbox('set-as-default', 'Make the new version the default', true) : null;
  const form = ctx.onSubmit(h('form', { id: 'policy-form', class: 'stack' },
    h('div', { class: 'row' },
      field('Policy name', nameInput),
      path ? field('Path', path) : null,
      field('Policy type', type, 'Which checks apply (validation only; a managed policy is identity-based or a boundary).')),
    description ? field('Description', description) : null,
    h('div', { class: 'field' }, h('label', { for: 'policy-document' }, 'Policy document (JSON)'), editor),
    h('div', { class: 'row' }, validateButton, setDefault, save),
    h('section', { class: 'card', 'aria-labelledby': 'findings-title' },
      h('h2', { id: 'findings-title' }, 'Findings'), summary, list)),
  async () => {
    if (policy) {
      await call('CreatePolicyVersion', {
        PolicyArn: policy.Arn, PolicyDocument: area.value, SetAsDefault: String(document.getElementById('set-as-default').checked),
      });
      ctx.go(`#/policies/${encodeURIComponent(name)}`, `New version of ${name} saved.`);
    } else {
      const n = nameInput.value.trim();
      await call('CreatePolicy', {
        PolicyName: n, PolicyDocument: area.value, Description: description.value.trim(), Path: path.value.trim(),
      });
      ctx.go(`#/policies/${encodeURIComponent(n)}`, `Policy ${n} created.`);
    }
  });

  renderGutter();
  // First findings once the page is in the document (the marker needs layout).
  setTimeout(() => { validate().catch(ctx.showError); }, 0);
  currentMarker = placeMarker;

  return [
    h('h1', {}, name ? `Edit policy ${name}` : 'Create a policy'),
    h('p', { class: 'muted' }, 'Findings appear as you type, located at line and column. Select one to go to it.'),
    form,
  ];
}
