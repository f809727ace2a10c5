// The API explorer's script: live search, and the "try it" forms, which
// build a methodCall from typed inputs, POST it to the server's XML-RPC
// endpoint and show the value or the fault. Served as a file of its own
// (the page's Content-Security-Policy allows no inline script).
'use strict';

(function () {
  const endpoint = (function () {
    // Relative to the page; without any user:password a URL may carry
    // (fetch refuses URLs with credentials; the browser sends the ones it
    // holds for this server by itself).
    const u = new URL(document.body.dataset.endpoint || '/RPC2', location.href);
    u.username = '';
    u.password = '';
    u.hash = '';
    return u.toString();
  })();

  // ---- Values ---------------------------------------------------------
  //
  // A value to send or one received is a JS value: number (double),
  // string, boolean, null (nil), Array, Struct (ordered members), or a
  // Typed for what JSON cannot say (int as digits, dateTime, base64).

  class Typed {
    constructor(type, text) {
      this.type = type;
      this.text = text;
    }
  }

  class Struct {
    constructor(entries) {
      this.entries = entries; // [[name, value], ...]
    }
    get(name) {
      const e = this.entries.find((kv) => kv[0] === name);
      return e ? e[1] : undefined;
    }
  }

  const INT32_MIN = -2147483648n;
  const INT32_MAX = 2147483647n;

  function escapeXML(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function intTag(digits) {
    const n = BigInt(digits);
    return n >= INT32_MIN && n <= INT32_MAX ? 'int' : 'i8';
  }

  function encodeValue(v) {
    if (v instanceof Typed) {
      switch (v.type) {
        case 'int': {
          const tag = intTag(v.text);
          return '<value><' + tag + '>' + BigInt(v.text).toString() + '</' + tag + '></value>';
        }
        case 'dateTime.iso8601':
          return '<value><dateTime.iso8601>' + escapeXML(v.text) + '</dateTime.iso8601></value>';
        case 'base64':
          return '<value><base64>' + v.text + '</base64></value>';
      }
      throw new Error('cannot send a value of type ' + v.type);
    }
    if (v === null) return '<value><nil/></value>';
    if (Array.isArray(v)) {
      return '<value><array><data>\n' + v.map(encodeValue).join('\n') + '\n</data></array></value>';
    }
    if (v instanceof Struct) {
      return '<value><struct>\n' + v.entries.map((kv) =>
        '<member>\n<name>' + escapeXML(kv[0]) + '</name>\n' + encodeValue(kv[1]) + '\n</member>').join('\n') +
        '\n</struct></value>';
    }
    switch (typeof v) {
      case 'boolean':
        return '<value><boolean>' + (v ? '1' : '0') + '</boolean></value>';
      case 'number':
        if (!Number.isFinite(v)) throw new Error('XML-RPC has no NaN or infinity');
        return '<value><double>' + String(v) + '</double></value>';
      case 'string':
        return '<value><string>' + escapeXML(v) + '</string></value>';
    }
    throw new Error('cannot send ' + typeof v);
  }

  function methodCall(name, params) {
    return '<?xml version="1.0"?>\n<methodCall>\n<methodName>' + escapeXML(name) + '</methodName>\n<params>\n' +
      params.map((p) => '<param>\n' + encodeValue(p) + '\n</param>\n').join('') + '</params>\n</methodCall>\n';
  }

  // fromJSON turns a parsed JSON value into a value to send: integers are
  // ints, other numbers doubles, null is nil, and an object whose only
  // member is "$base64", "$dateTime.iso8601" or "$int" is that type.
  function fromJSON(v) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      return Number.isInteger(v) ? new Typed('int', String(v)) : v;
    }
    if (Array.isArray(v)) return v.map(fromJSON);
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v[keys[0]] === 'string') {
      switch (keys[0]) {
        case '$base64':
          return new Typed('base64', v.$base64.replace(/\s+/g, ''));
        case '$dateTime.iso8601':
          return new Typed('dateTime.iso8601', v['$dateTime.iso8601']);
        case '$int':
          checkInt(v.$int);
          return new Typed('int', v.$int.trim());
      }
    }
    return new Struct(keys.map((k) => [k, fromJSON(v[k])]));
  }

  function checkInt(s) {
    if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new Error('an int is written with digits only, not ' + JSON.stringify(s));
  }

  // ---- Answers --------------------------------------------------------

  function elementChildren(el) {
    return Array.from(el.children);
  }

  function child(el, name) {
    return el ? elementChildren(el).find((c) => c.localName === name) || null : null;
  }

  function decodeValue(el) {
    const t = el.firstElementChild;
    if (!t) return el.textContent; // a bare <value> is a string
    const text = t.textContent;
    switch (t.localName) {
      case 'int': case 'i4': case 'i8': case 'i1': case 'i2':
        return new Typed('int', text.trim());
      case 'boolean':
        return text.trim() === '1' || text.trim() === 'true';
      case 'double': case 'float':
        return Number(text.trim());
      case 'string':
        return text;
      case 'dateTime.iso8601':
        return new Typed('dateTime.iso8601', text.trim());
      case 'base64':
        return new Typed('base64', text.replace(/\s+/g, ''));
      case 'nil':
        return null;
      case 'array': {
        const data = child(t, 'data');
        return data ? elementChildren(data).filter((c) => c.localName === 'value').map(decodeValue) : [];
      }
      case 'struct':
        return new Struct(elementChildren(t).filter((m) => m.localName === 'member').map((m) => {
          const n = child(m, 'name');
          const v = child(m, 'value');
          return [n ? n.textContent : '', v ? decodeValue(v) : null];
        }));
    }
    return new Typed(t.localName, text);
  }

  // parseAnswer reads a methodResponse: {value} or {fault: {code, string}}.
  function parseAnswer(text) {
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    if (doc.getElementsByTagName('parsererror').length) throw new Error('the answer is not well-formed XML');
    const root = doc.documentElement;
    if (root.localName !== 'methodResponse') throw new Error('the answer is not a methodResponse');
    const fault = child(root, 'fault');
    if (fault) {
      const v = decodeValue(child(fault, 'value'));
      const code = v instanceof Struct ? v.get('faultCode') : undefined;
      const str = v instanceof Struct ? v.get('faultString') : undefined;
      return {fault: {code: code instanceof Typed ? code.text : String(code), string: String(str)}};
    }
    const param = child(child(root, 'params'), 'param');
    const value = child(param, 'value');
    if (!value) throw new Error('the answer has no value');
    return {value: decodeValue(value)};
  }

  // show writes a value as JSON, with the $-forms fromJSON reads for the
  // types JSON has no word for, so that an answer can be pasted back.
  function show(v, indent) {
    indent = indent || '';
    const inner = indent + '  ';
    if (v instanceof Typed) {
      if (v.type === 'int') return v.text;
      return '{"$' + v.type + '": ' + JSON.stringify(v.text) + '}';
    }
    if (v === null) return 'null';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[\n' + v.map((x) => inner + show(x, inner)).join(',\n') + '\n' + indent + ']';
    }
    if (v instanceof Struct) {
      if (v.entries.length === 0) return '{}';
      return '{\n' + v.entries.map((kv) => inner + JSON.stringify(kv[0]) + ': ' + show(kv[1], inner)).join(',\n') +
        '\n' + indent + '}';
    }
    if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : String(v);
    return JSON.stringify(v);
  }

  function isFaultStruct(v) {
    return v instanceof Struct && v.get('faultCode') !== undefined && v.get('faultString') !== undefined;
  }

  // ---- Calls ----------------------------------------------------------

  async function call(name, params) {
    const body = methodCall(name, params);
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {'Content-Type': 'text/xml'},
      body: body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const text = await res.text();
    const out = {request: body, answer: text, status: res.status, statusText: res.statusText};
    if (res.ok) {
      try {
        Object.assign(out, parseAnswer(text));
      } catch (e) {
        out.error = e.message;
      }
    }
    return out;
  }

  // ---- Result areas ---------------------------------------------------

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function badge(kind, text) {
    return el('span', 'badge ' + kind, text);
  }

  function resetResult(box) {
    box.hidden = false;
    box.querySelector('.outcome').replaceChildren(badge('busy', 'calling…'));
    box.querySelector('.value-out').textContent = '';
    box.querySelector('.value-out').hidden = true;
    box.querySelector('.req').textContent = '';
    box.querySelector('.resp').textContent = '';
    box.querySelector('.raw').hidden = true;
  }

  function showProblem(box, title, text) {
    box.hidden = false;
    const outcome = box.querySelector('.outcome');
    outcome.replaceChildren(badge('error', title), el('span', 'problem', ' ' + text));
    box.querySelector('.value-out').hidden = true;
  }

  // showOutcome fills a result area; render shows a value (default: show).
  function showOutcome(box, out, render) {
    box.hidden = false;
    const outcome = box.querySelector('.outcome');
    const value = box.querySelector('.value-out');
    box.querySelector('.req').textContent = out.request;
    box.querySelector('.resp').textContent = out.answer;
    box.querySelector('.raw').hidden = false;
    value.hidden = true;
    if (out.status !== 200) {
      outcome.replaceChildren(badge('error', 'HTTP ' + out.status), el('span', 'problem', ' ' + (out.answer.trim() || out.statusText)));
      return;
    }
    if (out.error) {
      outcome.replaceChildren(badge('error', 'unreadable answer'), el('span', 'problem', ' ' + out.error));
      return;
    }
    if (out.fault) {
      outcome.replaceChildren(badge('fault', 'fault'), el('span', 'fault-code', out.fault.code),
        el('span', 'fault-string', out.fault.string));
      return;
    }
    outcome.replaceChildren(badge('ok', 'value'));
    value.hidden = false;
    (render || ((v, node) => { node.textContent = show(v); }))(out.value, value);
  }

  // ---- Forms ----------------------------------------------------------

  function readFile(file) {
    return new Promise((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => {
        const bytes = new Uint8Array(r.result);
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) {
          bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        }
        resolve(btoa(bin));
      };
      r.onerror = () => reject(new Error('cannot read ' + file.name));
      r.readAsArrayBuffer(file);
    });
  }

  function utf8Base64(text) {
    const bytes = new TextEncoder().encode(text);
    let bin = '';
    bytes.forEach((b) => { bin += String.fromCharCode(b); });
    return btoa(bin);
  }

  // readParam returns the value a parameter row holds.
  async function readParam(row, n) {
    const kind = row.querySelector('.kind').value;
    const input = row.querySelector('.value');
    const what = 'parameter ' + n + ' (' + kind + '): ';
    const text = input && 'value' in input ? input.value : '';
    try {
      switch (kind) {
        case 'int':
          checkInt(text);
          return new Typed('int', text.trim());
        case 'double': {
          const d = Number(text.trim());
          if (text.trim() === '' || !Number.isFinite(d)) throw new Error('a double is a finite number, not ' + JSON.stringify(text));
          return d;
        }
        case 'boolean':
          return text === '1';
        case 'string':
          return text;
        case 'dateTime.iso8601':
          if (!/^\d{8}T\d{2}:\d{2}:\d{2}$/.test(text.trim())) throw new Error('write it as 20240131T23:59:59');
          return new Typed('dateTime.iso8601', text.trim());
        case 'base64': {
          const file = row.querySelector('.file');
          if (file && file.files && file.files.length) return new Typed('base64', await readFile(file.files[0]));
          return new Typed('base64', utf8Base64(text));
        }
        case 'nil':
          return null;
      }
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error('not JSON: ' + e.message);
      }
      if (kind === 'array' && !Array.isArray(parsed)) throw new Error('an array is written [ ... ]');
      if (kind === 'struct' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
        throw new Error('a struct is written { ... }');
      }
      return fromJSON(parsed);
    } catch (e) {
      throw new Error(what + e.message);
    }
  }

  async function readForm(form) {
    const rows = Array.from(form.querySelectorAll('.param'));
    const params = [];
    for (let i = 0; i < rows.length; i++) params.push(await readParam(rows[i], i + 1));
    return params;
  }

  function setKind(row, kind) {
    const tpl = document.getElementById('widget-' + kind);
    if (!tpl) return;
    row.dataset.kind = kind;
    row.querySelector('.widget').replaceChildren(tpl.content.cloneNode(true));
  }

  function summary(name, params) {
    return name + '(' + params.map((p) => show(p).replace(/\s+/g, ' ')).join(', ') + ')';
  }

  function setupForm(form) {
    const box = form.parentElement.querySelector('.result');
    const name = form.dataset.method;
    form.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    form.addEventListener('change', (ev) => {
      if (ev.target.classList.contains('kind')) setKind(ev.target.closest('.param'), ev.target.value);
    });
    form.addEventListener('click', (ev) => {
      const t = ev.target;
      if (t.classList.contains('remove')) {
        t.closest('.param').remove();
      } else if (t.classList.contains('add-param')) {
        const row = document.getElementById('param-extra').content.cloneNode(true);
        form.querySelector('.param-list').appendChild(row);
      } else if (t.classList.contains('to-multicall')) {
        multicall.add(name, readForm(form), (e) => showProblem(box, 'cannot add', e.message));
      }
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const button = form.querySelector('.call-button');
      let params;
      try {
        params = await readForm(form);
      } catch (e) {
        showProblem(box, 'cannot send', e.message);
        return;
      }
      resetResult(box);
      button.disabled = true;
      try {
        showOutcome(box, await call(name, params));
      } catch (e) {
        showProblem(box, 'network error', e.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---- Multicall ------------------------------------------------------

  const multicall = (function () {
    const panel = document.getElementById('multicall');
    const list = document.getElementById('mc-list');
    const count = document.getElementById('mc-count');
    const box = panel.querySelector('.result');
    const calls = [];
    // Calls are added in the order they were asked for, although their
    // parameters (a file to read) may take a while.
    let queue = Promise.resolve();

    function redraw() {
      list.replaceChildren();
      calls.forEach((c, i) => {
        const li = el('li', 'mc-call');
        li.appendChild(el('code', '', summary(c.name, c.params)));
        const rm = el('button', 'remove', '×');
        rm.type = 'button';
        rm.title = 'Remove this call';
        rm.setAttribute('aria-label', 'Remove this call');
        rm.addEventListener('click', () => { calls.splice(i, 1); redraw(); });
        li.appendChild(rm);
        list.appendChild(li);
      });
      count.textContent = calls.length === 1 ? '1 call' : calls.length + ' calls';
      panel.hidden = calls.length === 0 && box.hidden;
    }

    function render(results, node) {
      const ol = el('ol', 'mc-results');
      (Array.isArray(results) ? results : [results]).forEach((r, i) => {
        const li = el('li');
        li.appendChild(el('code', 'mc-method', sent[i] ? sent[i].name : '?'));
        if (isFaultStruct(r)) {
          const code = r.get('faultCode');
          li.append(' ', badge('fault', 'fault'), el('span', 'fault-code', code instanceof Typed ? code.text : String(code)),
            el('span', 'fault-string', String(r.get('faultString'))));
        } else {
          li.append(' → ');
          li.appendChild(el('span', 'mc-value', show(r)));
        }
        ol.appendChild(li);
      });
      node.replaceChildren(ol);
    }

    let sent = [];

    document.getElementById('mc-run').addEventListener('click', async () => {
      await queue; // calls still being added
      if (calls.length === 0) return;
      sent = calls.slice();
      const arg = sent.map((c) => new Struct([['methodName', c.name], ['params', c.params]]));
      resetResult(box);
      try {
        showOutcome(box, await call('system.multicall', [arg]), render);
      } catch (e) {
        showProblem(box, 'network error', e.message);
      }
    });
    document.getElementById('mc-clear').addEventListener('click', () => {
      calls.length = 0;
      box.hidden = true;
      redraw();
    });

    return {
      add(name, paramsPromise, fail) {
        queue = queue.then(() => paramsPromise).then((params) => {
          calls.push({name: name, params: params});
          redraw();
        }, fail);
      },
    };
  })();

  // ---- Search ---------------------------------------------------------

  function setupSearch() {
    const q = document.getElementById('q');
    const count = document.getElementById('count');
    const empty = document.getElementById('empty');
    const total = Number(count.dataset.total);
    const methods = Array.from(document.querySelectorAll('article.method'));
    const navItems = new Map(Array.from(document.querySelectorAll('.nav-ns li')).map((li) => [li.dataset.method, li]));

    function filter() {
      const terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      const shownIn = new Map();
      let shown = 0;
      methods.forEach((m) => {
        const ok = terms.every((t) => m.dataset.search.includes(t));
        m.hidden = !ok;
        const li = navItems.get(m.dataset.method);
        if (li) li.hidden = !ok;
        const ns = m.closest('section.ns').dataset.ns;
        shownIn.set(ns, (shownIn.get(ns) || 0) + (ok ? 1 : 0));
        if (ok) shown++;
      });
      document.querySelectorAll('[data-ns]').forEach((s) => { s.hidden = !shownIn.get(s.dataset.ns); });
      count.textContent = terms.length ? shown + ' of ' + total + ' methods' : total + ' methods';
      empty.hidden = shown > 0;
      if (!empty.hidden) empty.querySelector('q').textContent = q.value;
      const url = new URL(location.href);
      if (terms.length) url.searchParams.set('q', q.value); else url.searchParams.delete('q');
      history.replaceState(null, '', url);
    }

    q.addEventListener('input', filter);
    q.form.addEventListener('submit', (ev) => { ev.preventDefault(); filter(); });
    document.addEventListener('keydown', (ev) => {
      const t = ev.target;
      const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
      if (ev.key === '/' && !typing) {
        ev.preventDefault();
        q.focus();
        q.select();
      }
    });
  }

  setupSearch();
  document.querySelectorAll('form.call').forEach(setupForm);
  document.getElementById('endpoint').textContent = new URL(endpoint).pathname;
  document.body.classList.add('js');
})();
