// Recordings of one stream from GET /api/v1/dvr/APP/STREAM, played in a <video> (fMP4 files, served with ranges).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const form = $('dvr');
  if (!form) return;

  function when(ms) {
    return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const app = form.elements.app.value.trim();
    const stream = form.elements.stream.value.trim();
    const list = $('recordings');
    list.replaceChildren();
    $('dvr-state').textContent = 'Loading…';
    try {
      const r = await fetch(`/api/v1/dvr/${encodeURIComponent(app)}/${encodeURIComponent(stream)}`, { cache: 'no-store' });
      const body = await r.json();
      const recordings = body.recordings || [];
      $('dvr-state').textContent = recordings.length ? '' : 'No recordings.';
      for (const rec of recordings) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = rec.url;
        a.textContent = when(rec.start_ms);
        a.addEventListener('click', (ev) => {
          ev.preventDefault();
          const video = $('dvr-video');
          video.hidden = false;
          video.src = rec.url;
          video.play().catch(() => {});
        });
        li.append(a, ` ${(rec.duration_ms / 1000).toFixed(1)} s, ${(rec.bytes / 1048576).toFixed(1)} MB`);
        list.append(li);
      }
    } catch (err) {
      $('dvr-state').textContent = 'Cannot list recordings: ' + err.message;
    }
  });
})();
