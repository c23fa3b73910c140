// "Fetch now" with live progress: posts to /fetch/stream (with the form's antiforgery token) and shows each
// remote's progress as the newline-delimited JSON arrives. Text goes in with textContent only: remote names
// and error messages are never parsed as HTML. Without this script the form posts and the page shows the results.
(function () {
  'use strict';
  var form = document.getElementById('fetch-form');
  var list = document.getElementById('fetch-progress');
  if (!form || !list || !window.fetch || !window.TextDecoder) {
    return;
  }

  function row(remote) {
    var item = list.querySelector('li[data-remote="' + CSS.escape(remote) + '"]');
    if (!item) {
      item = document.createElement('li');
      item.setAttribute('data-remote', remote);
      var name = document.createElement('strong');
      name.textContent = remote + ' ';
      var bar = document.createElement('progress');
      var text = document.createElement('span');
      item.append(name, bar, document.createTextNode(' '), text);
      list.appendChild(item);
    }
    return item;
  }

  function show(line) {
    if (line.index) {
      // The last line: the federation index caught up with what was fetched, or why not (the fetch stands).
      var index = document.createElement('li');
      index.setAttribute('data-state', 'index-' + line.index);
      index.textContent = line.index === 'up_to_date' ? 'index up to date' : 'index not brought up to date (the next query tries again): ' + line.error;
      list.appendChild(index);
      return;
    }
    var item = row(line.remote);
    var bar = item.querySelector('progress');
    var text = item.querySelector('span');
    if (line.done) {
      bar.max = 1; bar.value = 1;
      item.setAttribute('data-state', line.ok ? 'fetched' : 'failed');
      text.textContent = !line.ok ? 'failed: ' + line.error
        : line.nothing_published ? 'fetched: it publishes nothing to read yet; fetch again once its owner has published'
        : 'fetched, ' + line.updated_refs + ' refs updated, ' + line.received_objects + ' objects';
    } else {
      if (line.total > 0) { bar.max = line.total; bar.value = line.received; }
      item.setAttribute('data-state', 'fetching');
      text.textContent = line.total > 0 ? line.received + '/' + line.total + ' objects, ' + line.bytes + ' bytes' : 'connecting…';
    }
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    var button = document.getElementById('fetch-now');
    button.disabled = true;
    list.hidden = false;
    list.removeAttribute('data-done');
    list.textContent = '';
    var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    try {
      var response = await fetch('/fetch/stream', { method: 'POST', headers: { 'RequestVerificationToken': token } });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) { break; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var lines = buffer.split('\n');
        buffer = lines.pop();
        lines.filter(function (l) { return l.trim().length > 0; }).forEach(function (l) { show(JSON.parse(l)); });
      }
      var again = document.createElement('li');
      var link = document.createElement('a');
      link.href = '/';
      link.textContent = 'done: reload for the new fetch ages and trust';
      again.appendChild(link);
      list.appendChild(again);
    } catch (error) {
      var failed = document.createElement('li');
      failed.textContent = 'fetch failed: ' + error.message;
      list.appendChild(failed);
    } finally {
      list.setAttribute('data-done', 'true');
      button.disabled = false;
    }
  });
})();
