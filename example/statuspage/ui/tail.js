// The tail view's script: follows the process's log live from the host's
// /logtail/ stream (the same one supervisorctl tail -f reads), in place of
// the snapshot the page was served with. A file of its own: the page's
// Content-Security-Policy allows no inline script.
'use strict';

(function () {
  const pre = document.getElementById('tailbody');
  const status = document.getElementById('tail-status');
  const stream = pre && pre.dataset.stream;
  if (!stream) return;
  const keep = 256 * 1024; // characters kept on the page

  function atBottom() {
    return pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
  }

  function say(text, cls) {
    status.textContent = text;
    status.className = 'tail-status ' + (cls || '');
  }

  async function follow() {
    let res;
    try {
      res = await fetch(stream, {credentials: 'same-origin', cache: 'no-store'});
    } catch (e) {
      say('not following: ' + e.message, 'ended');
      return;
    }
    if (!res.ok || !res.body) {
      say('not following: HTTP ' + res.status, 'ended');
      return;
    }
    say('following live', 'live');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let first = true;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        break;
      }
      if (chunk.done) break;
      const stick = first || atBottom();
      let text = (first ? '' : pre.textContent) + decoder.decode(chunk.value, {stream: true});
      first = false;
      if (text.length > keep) text = text.slice(text.length - keep);
      pre.textContent = text;
      if (stick) pre.scrollTop = pre.scrollHeight;
    }
    say('stream ended: Refresh to follow again', 'ended');
  }

  pre.scrollTop = pre.scrollHeight;
  follow();
})();
