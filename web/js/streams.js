// The node's live streams from GET /api/v1/streams (SRS's shape), refreshed every 2 s.
'use strict';
(() => {
  const REFRESH_MS = 2000;
  const DEFAULT_VHOST = '__defaultVhost__';
  const $ = (id) => document.getElementById(id);

  for (const el of document.querySelectorAll('.host')) el.textContent = location.hostname;
  for (const el of document.querySelectorAll('.hostport')) el.textContent = location.host;

  function setState(text, kind) {
    const el = $('state');
    el.hidden = !text;
    el.textContent = text || '';
    el.className = 'note' + (kind ? ' ' + kind : '');
  }

  function playerUrl(s, type) {
    const p = new URLSearchParams({ app: s.app, stream: s.name, type });
    if (s.vhost && s.vhost !== DEFAULT_VHOST) p.set('vhost', s.vhost);
    return '/players/?' + p.toString();
  }

  // Stream names come from publishers: text only, never markup.
  function cell(main, sub, cls) {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.append(main === null || main === undefined || main === '' ? '–' : String(main));
    if (sub) {
      const span = document.createElement('span');
      span.className = 'sub';
      span.textContent = sub;
      td.append(span);
    }
    return td;
  }

  function link(text, href) {
    const a = document.createElement('a');
    a.textContent = text;
    a.href = href;
    return a;
  }

  function row(s) {
    const tr = document.createElement('tr');
    tr.className = 'stream';
    tr.dataset.stream = s.app + '/' + s.name;
    const v = s.video, a = s.audio;
    const kbps = s.kbps || {};
    const idle = s.publish && s.publish.active === false;
    tr.append(
      cell(s.app + '/' + s.name, (s.vhost && s.vhost !== DEFAULT_VHOST ? s.vhost + ' · ' : '') + (idle ? 'not publishing' : 'live')),
      v ? cell([v.codec, v.profile, v.level].filter(Boolean).join(' '), v.width && v.height ? v.width + '×' + v.height : '') : cell(null),
      a ? cell([a.codec, a.profile].filter(Boolean).join(' '), [a.sample_rate ? a.sample_rate + ' Hz' : '', a.channel ? a.channel + ' ch' : ''].filter(Boolean).join(', ')) : cell(null),
      cell(kbps.recv_30s ?? '–', '', 'num'),
      cell(kbps.send_30s ?? '–', '', 'num'),
      cell(s.clients ?? '–', '', 'num'),
    );
    const play = document.createElement('td');
    play.append(link('HLS', playerUrl(s, 'hls')));
    if (s.hls && s.hls.low_latency) play.append(link('LL-HLS', playerUrl(s, 'llhls')));
    play.append(link('HTTP-FLV', playerUrl(s, 'flv')));
    play.append(link('WebRTC', playerUrl(s, 'webrtc')));
    tr.append(play);
    tr.addEventListener('click', (e) => {
      if (e.target.closest('a')) return;
      location.href = playerUrl(s, s.hls && s.hls.low_latency ? 'llhls' : 'hls');
    });
    return tr;
  }

  async function refresh() {
    let body;
    try {
      const r = await fetch('/api/v1/streams', { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (r.status === 404) {
        $('streams').hidden = true;
        setState('This node does not list its streams (GET /api/v1/streams answered 404). Open a player below by app and stream name.', 'warn');
        return;
      }
      if (!r.ok) throw new Error('GET /api/v1/streams answered ' + r.status);
      body = await r.json();
      if (body.code !== 0) throw new Error('GET /api/v1/streams answered code ' + body.code);
    } catch (e) {
      setState('Cannot read the stream list: ' + e.message, 'error');
      return;
    }
    $('server').textContent = body.server ? 'server ' + body.server : '';
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    const streams = (body.streams || []).slice().sort((x, y) => (x.app + '/' + x.name).localeCompare(y.app + '/' + y.name));
    $('streams').tBodies[0].replaceChildren(...streams.map(row));
    $('streams').hidden = streams.length === 0;
    setState(streams.length === 0 ? 'No live streams. Publish one with RTMP to this node.' : '');
  }

  async function loop() {
    await refresh();
    setTimeout(loop, REFRESH_MS);
  }
  loop();
})();
